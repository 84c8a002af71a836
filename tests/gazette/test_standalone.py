"""Notices uploaded on their own go into the plan the administrator picks or creates, and change
only what they cover; the administrator's corrections in the preview are what the import writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.gazette import ledger
from apps.gazette.decisions import Decisions
from apps.gazette.parsing import GazetteFormatError
from apps.tracking.models import (
    District,
    Item,
    ItemOfficial,
    ItemUnit,
    LeaderAssignment,
    Official,
    Plan,
)
from tests.conftest import ledger_snapshot

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


def real(name: str) -> str:
    return (REAL / name).read_text("utf-8")


def run(text: str, *, target=None, decisions=None, dry=False):
    document = ledger.read(text)
    chosen = ledger.Target.resolve(document, target)
    kwargs = dict(
        text=text, encoding="utf-8", filename="t.txt", target=chosen, decisions=decisions or Decisions()
    )
    if dry:
        return ledger.preview(document, **kwargs)
    return ledger.apply(document, **kwargs)


def active(plan: Plan, kind: str) -> dict[int, Item]:
    return {i.number: i for i in Item.objects.filter(plan=plan, kind=kind, withdrawn_at__isnull=True)}


def unit_roles(item: Item) -> list[tuple[str, str]]:
    return [(link.unit.name, link.role) for link in item.unit_links.select_related("unit").order_by("order")]


def test_livelihood_notice_alone_replaces_projects_and_leaves_tasks(plan):
    tasks_before = {n: unit_roles(i) for n, i in active(plan, Item.Kind.TASK).items()}
    text = real("livelihood/dazhu-2016-livelihood.txt")
    preview = run(text, target={"plan": plan.pk}, dry=True)
    assert preview["kind"] == "livelihood"
    assert preview["covers"] == ["livelihood"]
    assert not [i for i in preview["items_withdrawn"] if i["kind"] == Item.Kind.TASK]
    run(text, target={"plan": plan.pk})
    assert {n: unit_roles(i) for n, i in active(plan, Item.Kind.TASK).items()} == tasks_before
    projects = active(plan, Item.Kind.LIVELIHOOD)
    assert len(projects) == 10
    assert projects[1].text.startswith("启动建设东柳河城区段综合治理工程")
    assert unit_roles(projects[10]) == [("县商务局", "host")]
    plan.refresh_from_db()
    assert plan.notice_number == "济兖政发〔2024〕1号"  # the breakdown's fields are not touched


def test_city_notice_creates_its_own_plan(db):
    text = real("breakdown/chuzhou-2020-breakdown.txt")
    document = ledger.read(text)
    target = ledger.Target.resolve(document, None)
    assert (target.district, target.year, target.plan_id) == ("滁州市", 2020, None)
    preview = run(text, dry=True)
    assert preview["plan_new"] is True
    assert not Plan.objects.filter(district__name="滁州市").exists()  # the preview kept nothing
    outcome = run(text)
    tasks = active(outcome.plan, Item.Kind.TASK)
    assert len(tasks) >= 3
    first = tasks[min(tasks)]
    assert [link.official.name for link in ItemOfficial.objects.filter(item=first)] == ["金力"]
    roles = unit_roles(first)
    assert roles[0] == ("市发展改革委", "host")  # a city's commission keeps its name
    assert ("各县、市、区政府", "co") in roles and len(roles) == 8  # the group stays one unit
    assert Plan.objects.get(district__name="滁州市", year=2020) == outcome.plan
    assert outcome.source.kind == "notice" and outcome.plan.source == outcome.source


def test_division_notice_alone_sets_leaders_and_touches_no_item(plan):
    items_before = Item.objects.filter(plan=plan).count()
    links_before = ItemUnit.objects.filter(item__plan=plan).count()
    outcome = run(real("division/shanghai-2021-division.txt"), target={"plan": plan.pk})
    assert outcome.covers.kinds == frozenset()
    assert Item.objects.filter(plan=plan).count() == items_before
    assert Item.objects.filter(plan=plan, withdrawn_at__isnull=False).count() == 0
    assert ItemUnit.objects.filter(item__plan=plan).count() == links_before
    names = set(LeaderAssignment.objects.filter(plan=plan).values_list("official__name", flat=True))
    assert "龚正" in names


def test_notice_without_issuer_or_year_needs_a_chosen_plan(db):
    text = "\n".join(
        [
            "重点工作任务分解表",
            "1.推进老旧小区改造。（牵头单位：住建局；配合单位：财政局）",
            "2.新建城市公园两处。（牵头单位：园林局；配合单位：自然资源局）",
        ]
    )
    before = ledger_snapshot()
    with pytest.raises(GazetteFormatError):
        run(text)
    assert ledger_snapshot() == before
    district = District.objects.create(name="试验区", city="某市")
    target = Plan.objects.create(district=district, year=2025, notice_number="", notice_title="")
    outcome = run(text, target={"plan": target.pk})
    assert sorted(active(outcome.plan, Item.Kind.TASK)) == [1, 2]
    # No unit in the notice names its level, so none is made up: 园林局 stays 园林局.
    assert unit_roles(active(outcome.plan, Item.Kind.TASK)[2]) == [("园林局", "host"), ("自然资源局", "co")]


def test_roles_officials_and_lines_decided_in_the_preview_are_what_is_written(db):
    district = District.objects.create(name="样本县", city="某市")
    wang = Official.objects.create(district=district, name="王建国", position="县长")
    target = Plan.objects.create(district=district, year=2025, notice_number="", notice_title="")
    text = "\n".join(
        [
            "样本县人民政府关于印发2025年重点工作任务分解的通知",
            "1.建设县城污水处理厂二期。（责任领导：王建国同志；责任单位：县住建局、县水利局）",
            "2.实施高标准农田建设五万亩。（责任领导：王 建 同志；责任单位：县农业农村局、县财政局）",
            "请各单位每月报送进度，县审计局配合做好资金审计。",
        ]
    )
    shown = run(text, target={"plan": target.pk}, dry=True)
    rows = {row["key"]: row for row in shown["rows"]}
    assert [(u["name"], u["role"], u["source"]) for u in rows["task:1"]["units"]] == [
        ("县住房和城乡建设局", "host", "inferred"),
        ("县水利局", "co", "inferred"),
    ]
    assert shown["officials_new"] == ["王建"]
    line = next(u["line"] for u in shown["unplaced"] if "审计" in u["text"])
    decisions = Decisions(
        roles={"task:1": {"县住房和城乡建设局": "co", "县水利局": "host"}},
        officials={"王建": wang.pk},
        unplaced={str(line): "task:2"},
    )
    again = run(text, target={"plan": target.pk}, decisions=decisions, dry=True)
    rows = {row["key"]: row for row in again["rows"]}
    assert [(u["name"], u["role"], u["source"]) for u in rows["task:1"]["units"]] == [
        ("县住房和城乡建设局", "co", "staff"),
        ("县水利局", "host", "staff"),
    ]
    assert rows["task:2"]["leads"] == ["王建国"]
    assert again["officials_new"] == []
    assert line not in {u["line"] for u in again["unplaced"]}
    assert Item.objects.filter(plan=target).count() == 0  # previews keep nothing

    outcome = run(text, target={"plan": target.pk}, decisions=decisions)
    written = {row["key"]: row for row in outcome.changes.rows}
    assert written["task:1"]["units"] == rows["task:1"]["units"]
    task1 = Item.objects.get(plan=target, kind=Item.Kind.TASK, number=1)
    assert unit_roles(task1) == [("县住房和城乡建设局", "co"), ("县水利局", "host")]
    assert set(task1.unit_links.values_list("source", flat=True)) == {ItemUnit.Source.STAFF}
    task2 = Item.objects.get(plan=target, kind=Item.Kind.TASK, number=2)
    assert [link.official for link in ItemOfficial.objects.filter(item=task2)] == [wang]
    assert task2.text.endswith("县审计局配合做好资金审计。")
    assert not Official.objects.filter(district=district, name="王建").exists()


def test_an_attached_label_line_adds_its_units():
    from apps.gazette.corrections import _attach
    from apps.gazette.parsing.model import Task, Unplaced

    task = Task(number=2, chapter=0, text="实施高标准农田建设。", lead_officials=["李明"], units=[], line=3)
    _attach(task, Unplaced(9, "牵头单位：县农业农村局；配合单位：县审计局", "单独成行的标签"))
    assert [(u.name, u.role) for u in task.units] == [("县农业农村局", "host"), ("县审计局", "co")]
    assert task.text == "实施高标准农田建设。"


def test_form_choices_outside_the_preview_are_dropped():
    from apps.gazette.decisions import from_form

    preview = {
        "units_new": [{"name": "县审计局"}],
        "officials_new": ["王建"],
        "rows": [{"key": "task:1", "units": [{"name": "县水利局", "parsed": "co"}]}],
        "unplaced": [{"line": 4}],
        "columns": [{"name": "落实主体"}],
    }
    post = {
        "map:县审计局": "7",
        "map:别的单位": "7",  # not offered
        "official:王建": "99",  # another district's official
        "role:task:1:县水利局": "host",
        "role:task:1:县财政局": "host",  # not in that row
        "role:task:9:县水利局": "host",  # no such row
        "line:4": "task:1",
        "line:5": "ignore",  # not offered
        "column:落实主体": "units",
        "column:落实主体x": "units",
        "accept": "1",
    }
    decisions = from_form(post, preview, units={7}, officials={3})
    assert decisions.dump() == {
        "units": {"县审计局": 7},
        "officials": {},
        "roles": {"task:1": {"县水利局": "host"}},
        "unplaced": {"4": "task:1"},
        "columns": {"落实主体": "units"},
        "accepted": True,
    }
    unchanged = from_form(
        {"role:task:1:县水利局": "co", "column:落实主体": "other"}, preview, units=set(), officials=set()
    )
    assert unchanged.roles == {} and unchanged.columns == {}  # what the parser gave is no decision


def test_a_word_table_notice_takes_its_deadlines_from_the_deadline_column(db):
    from apps.gazette.parsing.files import read_text

    data = (REAL / "word" / "huoshan-kaifaqu-2025-breakdown.docx").read_bytes()
    text, how = read_text(data, "清单.docx")
    district = District.objects.create(name="霍山经济开发区", city="六安市")
    target = Plan.objects.create(district=district, year=2025, notice_number="", notice_title="")
    outcome = run(text, target={"plan": target.pk})
    tasks = active(outcome.plan, Item.Kind.TASK)
    assert how == "docx" and sorted(tasks) == [1, 2, 3]
    assert {(t.deadline.isoformat(), t.deadline_note) for t in tasks.values()} == {
        ("2025-12-31", "表中完成时限“全年”")
    }


@pytest.mark.parametrize(
    ("name", "district", "city", "year"),
    [
        ("breakdown/haishu-2024-breakdown.txt", "海曙区", "宁波市", 2024),
        ("breakdown/chuzhou-2020-breakdown.txt", "滁州市", "", 2020),
        ("livelihood/dazhu-2016-livelihood.txt", "大竹县", "", 2016),
        ("breakdown/lishan-2023-breakdown.txt", "立山区", "鞍山市", 2023),
    ],
)
def test_the_plan_a_notice_names_is_found_as_districts_are_kept(name, district, city, year):
    from apps.gazette.corrections import guess_target

    guess = guess_target(ledger.read(real(name)))
    assert (guess["district"], guess["city"], guess["year"]) == (district, city, year)
