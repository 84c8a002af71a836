"""The ledger export contract: export_ledger --format json|csv [--plan]."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.tracking.exports import ledger_csv, ledger_document


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_ledger", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def document(plan):
    text = export("--format", "json", "--plan", "2024-兖州区")
    assert "兖州区" in text and "\\u" not in text  # UTF-8, not ASCII-escaped
    return json.loads(text)


def test_plan_section(document):
    [plan] = document["plans"]
    assert (plan["district"], plan["year"], plan["notice"]) == ("兖州区", 2024, "济兖政发〔2024〕1号")
    assert plan["targets"][0] == {
        "label": "GDP增长",
        "value": "6.5",
        "unit": "%",
        "comparison": "=",
        "increase": True,
        "source": "GDP增长6.5%",
    }


def test_items_section(document):
    items = {(i["kind"], i["number"]): i for i in document["items"]}
    assert len(items) == 86
    task1 = items[("task", 1)]
    assert task1["chapter"] == "二、聚力制造强区建设，更高能级构建现代产业体系"
    assert task1["lead_officials"] == ["石可清"]
    assert task1["host_units"] == ["区工业和信息化局"]
    assert task1["host_inferred"] is True
    assert task1["deadline"] == "2024-12-31"
    assert items[("task", 11)]["lead_officials"] == ["张允锐", "宋恩全", "展召爽"]
    task8_targets = items[("task", 8)]["targets"]
    assert [(t["value"], t["unit"], t["comparison"]) for t in task8_targets] == [
        ("200", "个", "="),
        ("14", "家", ">="),
        ("20", "个", "="),
        ("1", "家", "="),
        ("20", "%", ">="),
    ]
    project6 = items[("livelihood", 6)]
    assert (project6["chapter"], project6["host_units"], project6["co_units"], project6["host_inferred"]) == (
        None,
        ["区水务局"],
        ["区住房和城乡建设局"],
        False,
    )


def test_officials_units_and_discrepancies(document):
    officials = {o["name"]: o for o in document["officials"]}
    assert officials["石可清"]["substitute"] == "张传驰"
    assert officials["王营"]["acting_when_absent"] == "石可清"
    assert "区发展和改革局" in officials["石可清"]["supervises"]
    assert officials["吴广"]["supervises"] == []  # leads tasks, has no share in the division notice
    units = {u["name"]: u for u in document["units"]}
    assert units["区发展和改革局"]["aliases"] == ["区发展和改革委员会", "区发展改革局"]
    assert units["各镇街"]["kind"] == "group"
    diff34 = next(d for d in document["discrepancies"] if d["item"] == 34)
    assert (diff34["report_change"], diff34["notice_change"]) == ("四", "五")
    assert "四星级" in diff34["report"] and "五星级" in diff34["notice"]


def test_export_of_every_plan_by_default(plan):
    document = json.loads(export("--format", "json"))
    assert [p["key"] for p in document["plans"]] == ["2024-兖州区"]


def test_unknown_plan_is_a_clear_error(plan):
    with pytest.raises(CommandError, match="没有计划“2023-兖州区”。已有：2024-兖州区"):
        export("--plan", "2023-兖州区")
    with pytest.raises(CommandError, match="如 2024-兖州区"):
        export("--plan", "兖州区")


def test_csv_has_bom_and_one_row_per_item(plan):
    text = export("--format", "csv", "--plan", "2024-兖州区")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 86
    first = rows[0]
    assert (first["类别"], first["序号"], first["牵头领导"], first["主办单位"]) == (
        "任务",
        "1",
        "石可清",
        "区工业和信息化局",
    )
    task8 = next(r for r in rows if r["类别"] == "任务" and r["序号"] == "8")
    assert task8["指标"].startswith("新建5G基站200个；新增省级以上数字化车间、智能工厂、标杆企业≥14家")
    project6 = next(r for r in rows if r["类别"] == "民生实事" and r["序号"] == "6")
    assert (project6["主办单位"], project6["协办单位"], project6["主办单位为推断"]) == (
        "区水务局",
        "区住房和城乡建设局",
        "否",
    )


def test_export_query_count_does_not_grow_with_items(plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        document = ledger_document([plan])
    assert len(document["items"]) == 86
    with django_assert_max_num_queries(6):
        ledger_csv([plan])


def test_health_check(client, plan):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
