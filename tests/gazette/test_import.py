"""Importing the real gazette into the database: content, idempotence, revisions, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.gazette.models import Appointment, ChronicleEntry
from apps.gazette.parsing import GazetteFormatError
from apps.gazette.services import UNCHANGED, UPDATED, gazette_import
from apps.tracking.models import (
    Discrepancy,
    Item,
    ItemUnit,
    LeaderAssignment,
    LeaderUnit,
    Official,
    SourceDocument,
    Target,
    Unit,
    UnitAlias,
)
from tests.conftest import GAZETTE, NEWSPAPER_PAGES, ledger_snapshot


def links(item: Item, role: str) -> list[str]:
    return [
        link.unit.name for link in item.unit_links.filter(role=role).select_related("unit").order_by("order")
    ]


def test_plan_and_items(plan):
    assert plan.notice_number == "济兖政发〔2024〕1号"
    assert plan.notice_issued_on == dt.date(2024, 1, 12)
    assert plan.livelihood_number == "济兖政发〔2024〕2号"
    assert plan.report_speaker == "王营"
    assert plan.source.kind == SourceDocument.Kind.GAZETTE
    assert Item.objects.filter(plan=plan, kind=Item.Kind.TASK).count() == 76
    assert Item.objects.filter(plan=plan, kind=Item.Kind.LIVELIHOOD).count() == 10
    assert plan.chapters.count() == 10
    task1 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=1)
    assert str(task1.chapter) == "二、聚力制造强区建设，更高能级构建现代产业体系"
    assert task1.deadline == dt.date(2024, 12, 31)


def test_task_11_three_lead_officials_in_order(plan):
    task = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=11)
    names = [link.official.name for link in task.official_links.select_related("official").order_by("order")]
    assert names == ["张允锐", "宋恩全", "展召爽"]


def test_inferred_hosts_are_marked_inferred(plan):
    task11 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=11)
    assert links(task11, ItemUnit.Role.HOST) == ["区委宣传部", "区商务局", "区文化和旅游局"]
    assert links(task11, ItemUnit.Role.CO) == ["区直相关部门", "相关镇街"]
    task24 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=24)
    assert links(task24, ItemUnit.Role.HOST) == ["区交通运输局", "颜店新城建设管理服务中心"]
    task32 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=32)
    # 张孝元 supervises 济宁市公安局兖州分局, written 区公安分局 in the notice.
    assert links(task32, ItemUnit.Role.HOST) == ["区发展和改革局", "区公安分局"]
    assert set(
        ItemUnit.objects.filter(item__plan=plan, item__kind=Item.Kind.TASK).values_list("source", flat=True)
    ) == {ItemUnit.Source.INFERRED}


def test_livelihood_project_6_host_and_co_unit_are_explicit(plan):
    project = Item.objects.get(plan=plan, kind=Item.Kind.LIVELIHOOD, number=6)
    assert project.title == "城市供水设施改造工程"
    assert links(project, ItemUnit.Role.HOST) == ["区水务局"]
    assert links(project, ItemUnit.Role.CO) == ["区住房和城乡建设局"]
    assert set(project.unit_links.values_list("source", flat=True)) == {ItemUnit.Source.NOTICE}
    assert [(t.label, t.value_text, t.unit_of_measure) for t in project.targets.order_by("order")][1:] == [
        ("安装二次供水设备", "8", "套"),
        ("新增二次供水小区管道水压监测设备", "55", "套"),
        ("供水双回路电源及动力电缆", "39", "处"),
    ]


def test_tasks_1_and_13_name_the_same_development_and_reform_unit(plan):
    task1 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=1)
    task13 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=13)
    unit1 = task1.unit_links.get(written_as="区发展和改革局").unit
    unit13 = task13.unit_links.get(written_as="区发展和改革委员会").unit
    assert unit1 == unit13
    assert unit1.name == "区发展和改革局"
    assert set(unit1.aliases.values_list("name", flat=True)) == {"区发展和改革委员会", "区发展改革局"}
    # One identity everywhere: 石可清 supervises the same unit.
    shi = LeaderAssignment.objects.get(plan=plan, official__name="石可清")
    assert shi.unit_links.filter(unit=unit1, relation=LeaderUnit.Relation.SUPERVISES).exists()


def test_groups_are_kept_as_groups(plan):
    groups = set(Unit.objects.filter(kind=Unit.Kind.GROUP).values_list("name", flat=True))
    assert groups == {"各镇街", "相关镇街", "区直各部门", "区直相关部门", "各单位工会"}
    assert not Unit.objects.filter(name__endswith="等").exists()


def test_officials_division_and_substitutes(plan):
    assignments = LeaderAssignment.objects.filter(plan=plan).select_related(
        "official", "substitute", "acting"
    )
    assert [a.official.name for a in assignments] == [
        "王营",
        "石可清",
        "孙恒民",
        "张孝元",
        "宋恩全",
        "展召爽",
        "张传驰",
    ]
    by_name = {a.official.name: a for a in assignments}
    assert by_name["石可清"].substitute.name == "张传驰"
    assert by_name["张传驰"].substitute.name == "石可清"
    assert by_name["王营"].acting.name == "石可清"
    assert by_name["王营"].presides
    assert by_name["石可清"].official.position == "区委常委、副区长"
    supervised = (
        by_name["孙恒民"].unit_links.filter(relation=LeaderUnit.Relation.SUPERVISES).order_by("order")
    )
    assert [link.unit.name for link in supervised] == [
        "区人力资源和社会保障局",
        "区水务局",
        "区农业农村局",
        "区应急管理局",
        "区市场监督管理局",
        "区供销合作社联合社",
        "区检验检测中心",
    ]


def test_targets_of_task_8_and_the_plan(plan):
    task8 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=8)
    got = [(t.label, t.value, t.unit_of_measure, t.comparison) for t in task8.targets.order_by("order")]
    assert got == [
        ("新建5G基站", Decimal("200"), "个", "="),
        ("新增省级以上数字化车间、智能工厂、标杆企业", Decimal("14"), "家", ">="),
        ("推广优秀案例", Decimal("20"), "个", "="),
        ("新增省级工业互联网平台", Decimal("1"), "家", "="),
        ("数字经济核心产业营收增长", Decimal("20"), "%", ">="),
    ]
    gdp = Target.objects.get(plan=plan, item=None, order=1)
    assert (gdp.label, gdp.value_text, gdp.increase) == ("GDP增长", "6.5", True)
    assert Target.objects.filter(plan=plan, item=None).count() == 6


def test_discrepancy_of_task_34_and_chapter_6(plan):
    diff = Discrepancy.objects.get(plan=plan, item__number=34, item__kind=Item.Kind.TASK)
    assert (diff.report_text, diff.notice_text) == ("四", "五")
    chapter = Discrepancy.objects.get(plan=plan, scope=Discrepancy.Scope.CHAPTER)
    assert chapter.chapter.numeral == "六"
    assert (
        Discrepancy.objects.filter(plan=plan, scope=Discrepancy.Scope.ITEM).values("item").distinct().count()
        == 10
    )


def test_chronicle_and_appointments(plan):
    entries = ChronicleEntry.objects.filter(document=plan.source)
    assert [entries.filter(date__month=m).count() for m in (1, 2, 3)] == [19, 24, 19]
    first = entries.order_by("order").first()
    assert list(first.officials.values_list("name", flat=True)) == ["王营"]
    assert Official.objects.get(name="王庆").position == "区委书记"
    appointments = Appointment.objects.filter(document=plan.source)
    assert appointments.filter(action=Appointment.Action.APPOINT).count() == 5
    assert appointments.get(person="姚博").position == "区广播电视局局长、区文物局局长"


def test_reimport_of_the_same_file_changes_nothing(plan, gazette_bytes):
    before = ledger_snapshot()
    stamps = dict(Item.objects.values_list("pk", "updated_at"))
    run = gazette_import(data=gazette_bytes, filename=GAZETTE.name)
    assert run.status == UNCHANGED
    assert run.counts["changes"] == {}
    assert ledger_snapshot() == before  # the importer logs no run: the upload desk does
    assert dict(Item.objects.values_list("pk", "updated_at")) == stamps


def test_gbk_copy_imports_exactly_like_utf8(plan, gazette_text):
    before = ledger_snapshot()
    run = gazette_import(data=gazette_text.encode("gbk"), filename="gbk-copy.txt")
    assert run.status == UNCHANGED
    assert ledger_snapshot() == before
    assert SourceDocument.objects.get(pk=plan.source_id).encoding == "utf-8"


def test_revised_file_updates_in_place_and_keeps_what_is_attached(plan, gazette_text):
    task8 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=8)
    target_ids = list(task8.targets.order_by("order").values_list("pk", flat=True))
    task76 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=76)
    # Staff corrected task 1's host; a revision must not undo that.
    link = ItemUnit.objects.get(
        item__plan=plan, item__number=1, item__kind="task", unit__name="区发展和改革局"
    )
    link.role, link.source = ItemUnit.Role.HOST, ItemUnit.Source.STAFF
    link.save()

    revised = gazette_text.replace("新建 5G 基站 200 个", "新建 5G 基站 300 个")
    start = revised.index("76.树牢过紧日子思想")
    end = revised.index("济宁市兖州区人民政府\n\n2024年1月12日")
    revised = revised[:start] + revised[end:]
    run = gazette_import(data=revised.encode("utf-8"), filename="revised.txt")

    assert run.status == UPDATED
    task8.refresh_from_db()
    assert list(task8.targets.order_by("order").values_list("pk", flat=True)) == target_ids
    assert task8.targets.get(order=1).value == Decimal("300")
    task76.refresh_from_db()
    assert task76.withdrawn_at is not None  # marked withdrawn, not deleted
    link.refresh_from_db()
    assert (link.role, link.source) == (ItemUnit.Role.HOST, ItemUnit.Source.STAFF)
    assert SourceDocument.objects.filter(kind=SourceDocument.Kind.GAZETTE).count() == 1


@pytest.mark.parametrize(
    ("name", "data_of"),
    [
        ("empty", lambda text: b""),
        ("binary", lambda text: bytes(range(256)) * 40),
        ("truncated", lambda text: text[: text.index("41.实施产业带农行动") + 40].encode()),
        ("newspaper", lambda text: NEWSPAPER_PAGES[1].read_bytes()),
    ],
)
def test_bad_files_are_refused_and_change_nothing(plan, gazette_text, name, data_of):
    before = ledger_snapshot()
    roles = list(ItemUnit.objects.order_by("pk").values_list("pk", "role", "source"))
    with pytest.raises(GazetteFormatError) as refused:
        gazette_import(data=data_of(gazette_text), filename=f"{name}.txt")
    assert "导入被拒绝" in refused.value.message and "Import refused" in refused.value.message
    assert ledger_snapshot() == before
    assert list(ItemUnit.objects.order_by("pk").values_list("pk", "role", "source")) == roles


def test_aliases_resolve_to_one_unit(plan):
    assert UnitAlias.objects.get(name="区市场监管局").unit.name == "区市场监督管理局"
    assert UnitAlias.objects.get(name="济宁市公安局兖州分局").unit.name == "区公安分局"
    assert not Unit.objects.filter(name__in=["区市场监管局", "区发展和改革委员会", "区科技局"]).exists()


def test_unchanged_reimport_costs_a_fixed_number_of_queries(
    plan, gazette_bytes, django_assert_max_num_queries
):
    # Rows are preloaded per kind, so the count does not grow with tasks, units or targets.
    with django_assert_max_num_queries(40):
        run = gazette_import(data=gazette_bytes, filename=GAZETTE.name)
    assert run.status == UNCHANGED
