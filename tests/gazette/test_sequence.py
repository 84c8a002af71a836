"""Never lose a task silently: a lost line break or a split number is repaired or reported by number."""

from __future__ import annotations

import pytest

from apps.gazette.parsing import parse_gazette


def ledger(gazette) -> list[tuple]:
    return [
        (t.number, t.chapter, t.lead_officials, [(u.name, u.role) for u in t.units])
        for t in gazette.breakdown.tasks
    ]


def damaged(text: str, before: str, after: str) -> str:
    assert text.count(before) == 1, before
    return text.replace(before, after)


# (what the damage is, the text as printed, the text after the damage)
DAMAGE = [
    ("tasks 60 and 61 on one line", "各镇街）\n\n61.积极承办", "各镇街）61.积极承办"),
    ("61 split from its dot", "\n61.积极承办", "\n61\n.积极承办"),
    ("61. split from its text", "\n61.积极承办", "\n61.\n积极承办"),
    ("tasks 10 and 11 on one line", "相关镇街）\n\n11.激活文旅消费", "相关镇街）11.激活文旅消费"),
    (
        "a chapter heading glued after a task",
        "各镇街）\n\n十、聚力统筹发展和安全",
        "各镇街）十、聚力统筹发展和安全",
    ),
    (
        "a chapter heading glued before its first task",
        "维护社会和谐稳定\n\n62.严格落实",
        "维护社会和谐稳定62.严格落实",
    ),
]


@pytest.mark.parametrize(("what", "before", "after"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_lost_line_break_keeps_every_task(gazette_text, parsed, what, before, after):
    gazette = parse_gazette(damaged(gazette_text, before, after))
    assert len(gazette.breakdown.tasks) == 76
    assert ledger(gazette) == ledger(parsed)
    assert gazette.errors == []


def test_the_repair_is_told(gazette_text):
    gazette = parse_gazette(damaged(gazette_text, *DAMAGE[0][1:]))
    assert any("粘连" in w.message and "已拆开" in w.message for w in gazette.warnings)


def test_a_task_whose_start_is_lost_is_reported_by_number(gazette_text, parsed):
    # Task 61 loses its number and its trailer: its text can only be read as part of task 60.
    start = gazette_text.index("\n61.积极承办")
    end = gazette_text.index("\n", start + 1)
    line = gazette_text[start + 1 : end]
    broken = line.replace("61.", "").split("（牵头领导")[0]
    gazette = parse_gazette(gazette_text[: start + 1] + broken + gazette_text[end:])
    numbers = [t.number for t in gazette.breakdown.tasks]
    assert 61 not in numbers and numbers[-1] == 76 and len(numbers) == 75
    assert [e.message for e in gazette.errors] == ["任务编号：未找到第 61 项的开头，请核对原文"]


def test_a_repeated_number_is_reported_and_nothing_after_it_is_lost(gazette_text):
    gazette = parse_gazette(damaged(gazette_text, "\n61.积极承办", "\n60.积极承办"))
    assert len(gazette.breakdown.tasks) == 76
    messages = [e.message for e in gazette.errors]
    assert any("编号 60 重复" in m for m in messages)
    assert gazette.breakdown.tasks[-1].lead_officials


def test_errors_reach_the_preview_and_no_task_is_proposed_for_withdrawal(db, gazette_text):
    from apps.gazette.services import gazette_preview

    # Task 61's number is damaged past repair: the preview lists the error and does not
    # propose withdrawing anything after it (uploaded as a revision of the seeded plan).
    text = damaged(gazette_text, "\n61.积极承办", "\n6l积极承办")
    text = text.replace("（牵头领导：宋恩全。承办单位：区体育事业发展中心，各镇街）", "", 1)
    summary = gazette_preview(data=text.encode(), filename="revised.txt")
    assert [e["message"] for e in summary["errors"]] == ["任务编号：未找到第 61 项的开头，请核对原文"]
    assert summary["items_withdrawn"] == []
    assert [i["number"] for i in summary["items_missing"]] == [61]  # kept, shown, not withdrawn
