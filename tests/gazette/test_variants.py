"""The parser on documents other than the seed: other districts, numbering, labels, formats."""

from __future__ import annotations

import io

import pytest

from apps.gazette.parsing import GazetteFormatError, parse_gazette
from apps.gazette.parsing.files import read_text
from apps.gazette.services import gazette_import
from apps.tracking.models import District, Item, ItemUnit, Unit
from tests.conftest import ledger_snapshot
from tests.gazette.variants import RENCHENG, SISHUI, notice, weishan_docx


def units_of(task) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in task.units]


def test_rencheng_gb18030_half_width_labels_furniture_and_paragraph_projects():
    text, encoding = read_text(RENCHENG.read_bytes(), RENCHENG.name)
    assert encoding == "gb18030"
    gazette = parse_gazette(text)
    assert (gazette.district, gazette.city, gazette.year) == ("任城区", "济宁市", 2025)
    assert gazette.breakdown.number == "济任政发〔2025〕2号"
    # 一、 is structure here; the chapters are the （一） headings, whose numbers never restart.
    assert [(c.number, c.title) for c in gazette.breakdown.chapters] == [
        (1, "推动制造业提质增效"),
        (2, "扩大有效投资"),
        (3, "办好民生事业"),
    ]
    tasks = gazette.breakdown.tasks
    assert [t.number for t in tasks] == [1, 2, 3, 4, 5]
    assert [t.chapter for t in tasks] == [1, 1, 2, 2, 3]
    # Half-width (分管领导:…;牵头单位:…;配合单位:…) with explicit host and co-units.
    assert tasks[0].lead_officials == ["李明"]
    assert units_of(tasks[0]) == [("区工业和信息化局", "host"), ("区发展和改革局", "co"), ("区财政局", "co")]
    # A unit name broken over two lines is whole again.
    assert units_of(tasks[1])[0] == ("区工业和信息化局", "host")
    # 责任单位 names no host: left to inference.
    assert tasks[2].lead_officials == ["王刚", "李明"]
    assert units_of(tasks[2]) == [("区发展和改革局", ""), ("区住房和城乡建设局", ""), ("各街道", "")]
    # Page number and running head in the middle of task 4 are gone, its text joined.
    assert tasks[3].text == "争取专项债券资金20亿元以上，推动太白湖新区基础设施建设，新建道路12.5公里。"
    dropped = [w for w in gazette.warnings if w.message == "已去掉正文中的页眉/页码"]
    assert [w.text for w in dropped] == ["－3 －", "济宁市任城区人民政府公报"]
    # 牵头领导 + 主办/协办.
    assert tasks[4].lead_officials == ["赵丽"]
    assert units_of(tasks[4]) == [("区人力资源社会保障局", "host"), ("区财政局", "co"), ("各街道", "co")]
    assert gazette.breakdown.general_requirements.startswith("坚持稳中求进工作总基调")
    assert [t.label for t in gazette.breakdown.main_targets] == ["地区生产总值增长"]
    # Livelihood projects as numbered paragraphs.
    projects = gazette.livelihood.projects
    assert [(p.number, p.title) for p in projects] == [
        (1, "托育服务扩容工程"),
        (2, "城乡供水提升工程"),
        (3, "老旧小区改造工程"),
        (4, "公交优化工程"),
        (5, "助餐服务工程"),
    ]
    assert projects[3].text == "新开通公交线路4条，更新新能源公交车30辆。"
    assert [u.name for u in projects[0].host_units] == ["区卫生健康局"]
    assert [u.name for u in projects[0].co_units] == ["区教育和体育局", "各街道"]
    # Nothing silently dropped: the closing request is reported with its line.
    unplaced = {u.text: u for u in gazette.unplaced}
    closing = unplaced["各单位要对照分工，制定推进计划，每月20日前报送进展情况。"]
    assert closing.line == 30 and "不属于任何任务" in closing.reason
    assert "二、重点任务分工" in unplaced


def test_sishui_pdf_wrapped_lines_footers_and_label_line_projects():
    text, how = read_text(SISHUI.read_bytes(), SISHUI.name)
    assert how == "pdf"
    gazette = parse_gazette(text)
    assert (gazette.district, gazette.city, gazette.year) == ("泗水县", "", 2025)
    assert gazette.breakdown.number == "泗政发〔2025〕3号"
    tasks = gazette.breakdown.tasks
    assert [(t.number, t.chapter) for t in tasks] == [(1, 1), (2, 1), (3, 2), (4, 2)]
    assert tasks[0].text == "实施过亿元工业项目45个，新增规模以上工业企业20家，规模以上工业增加值增长8%。"
    assert tasks[1].lead_officials == ["陈立新", "刘芳"]  # the names were split over two PDF lines
    assert [u.name for u in tasks[1].units] == ["县水务局", "县文化和旅游局", "县自然资源局"]
    assert [u.kind for u in tasks[0].units] == ["department", "department", "group"]
    assert {w.text for w in gazette.warnings if w.message == "已去掉正文中的页眉/页码"} == {"- 1 -", "- 2 -"}
    projects = gazette.livelihood.projects
    assert [(p.title, [u.name for u in p.host_units], [u.name for u in p.co_units]) for p in projects] == [
        ("托育服务扩容工程", ["县卫生健康局"], ["县教育和体育局", "各镇街"]),
        ("农村供水保障工程", ["县水务局"], []),
        ("城乡公交一体化工程", ["县交通运输局"], ["各镇街"]),
    ]
    assert projects[0].text == "新建普惠性托育机构4处，新增托位420个，实现托育服务镇街全覆盖。"


def test_weishan_docx_three_levels_restarting_numbers_label_lines_and_a_table():
    text, how = read_text(weishan_docx(), "weishan.docx")
    assert how == "docx"
    gazette = parse_gazette(text)
    assert (gazette.district, gazette.year) == ("微山县", 2025)
    tasks = gazette.breakdown.tasks
    # 1. restarts under each （一）: renumbered in order, and said so.
    assert [t.number for t in tasks] == [1, 2, 3, 4]
    assert [t.printed_number for t in tasks] == ["", "", "1", "1"]
    assert any("重新开始" in w.message for w in gazette.warnings)
    # （一） restarts under each 一、, so 一、 gives the chapters and （一） the sections.
    assert [(c.number, c.title) for c in gazette.breakdown.chapters] == [
        (1, "聚焦产业振兴"),
        (2, "保障改善民生"),
    ]
    assert [t.section for t in tasks] == [
        "（一）壮大工业经济",
        "（一）壮大工业经济",
        "（二）发展现代农业",
        "（一）办好人民满意教育",
    ]
    # Sub-points stay in their task; the trailer on lines of its own is read label by label.
    assert tasks[1].text == "推进湖区生态保护。（1）完成退渔还湖5万亩；（2）建设生态廊道10公里。"
    assert tasks[1].lead_officials == ["孙强", "周敏"]
    assert units_of(tasks[1]) == [("县自然资源局", "host"), ("县生态环境局", "co")]
    assert units_of(tasks[0]) == [("县工业和信息化局", "host"), ("县发展和改革局", "co"), ("各乡镇", "co")]
    # A Word table with its own column names.
    projects = gazette.livelihood.projects
    assert [(p.number, p.title, p.text) for p in projects][1] == (2, "助餐服务点建设", "新建老年助餐点25处")
    assert [u.name for u in projects[1].host_units] == ["县民政局"]
    assert [u.name for u in projects[1].co_units] == ["县财政局", "各乡镇"]


@pytest.mark.parametrize("chapter", ["一、", "（一）"])
@pytest.mark.parametrize("task", ["1.", "1．", "1、", "（1）", "(1)"])
@pytest.mark.parametrize("trailer", ["paren", "lines"])
def test_numbering_styles(chapter, task, trailer):
    gazette = parse_gazette(notice(chapter, task, trailer=trailer))
    tasks = gazette.breakdown.tasks
    assert [(t.number, t.chapter) for t in tasks] == [(1, 1), (2, 1), (3, 2)]
    assert [c.title for c in gazette.breakdown.chapters] == ["发展实体经济", "增进民生福祉"]
    assert tasks[1].text == "实施技改项目30个，技改投资增长15%。"
    assert tasks[1].lead_officials == ["马骏", "黄蕾"]
    assert [u.name for u in tasks[1].units] == ["县发展和改革局", "县财政局"]
    assert [u.name for u in tasks[0].units] == ["县工业和信息化局", "各镇"]


def test_a_number_starting_a_broken_line_is_not_a_task():
    # "10.5%" and "3、" at the start of a continuation line must not open tasks.
    text = notice("一、", "1.").replace("实施技改项目30个，", "实施技改项目\n30个，技改投资\n10.5%以上，")
    gazette = parse_gazette(text)
    assert [t.number for t in gazette.breakdown.tasks] == [1, 2, 3]
    assert gazette.breakdown.tasks[1].text.startswith("实施技改项目30个，技改投资10.5%以上，")


def test_importing_a_variant_creates_its_district_with_explicit_roles(db):
    run = gazette_import(data=RENCHENG.read_bytes(), filename=RENCHENG.name)
    assert run.status == "imported" and run.counts["plan"] == "2025-任城区"
    district = District.objects.get(name="任城区")
    task1 = Item.objects.get(plan__district=district, kind="task", number=1)
    links = list(
        ItemUnit.objects.filter(item=task1).order_by("order").values_list("unit__name", "role", "source")
    )
    assert links == [
        ("区工业和信息化局", "host", "notice"),
        ("区发展和改革局", "co", "notice"),
        ("区财政局", "co", "notice"),
    ]
    task3 = Item.objects.get(plan__district=district, kind="task", number=3)
    assert ItemUnit.objects.get(item=task3, role="host").source == ItemUnit.Source.INFERRED
    assert Item.objects.filter(plan__district=district, kind="livelihood").count() == 5
    # 兖州区 keeps its own units: nothing was merged across districts.
    assert Unit.objects.filter(district=district, name="区财政局").count() == 1


def test_a_revised_notice_alone_updates_tasks_and_leaves_the_projects(db):
    gazette_import(data=RENCHENG.read_bytes(), filename=RENCHENG.name)
    text = RENCHENG.read_bytes().decode("gb18030")
    notice_only = text[: text.index("（此件公开发布）")]
    revised = notice_only.replace("培育专精特新中小企业15家", "培育专精特新中小企业20家")
    revised = revised[: revised.index("（三）办好民生事业")] + "济宁市任城区人民政府\n2025年6月1日\n"
    task2 = Item.objects.get(plan__district__name="任城区", kind="task", number=2)
    run = gazette_import(data=revised.encode("utf-8"), filename="revised.txt")
    assert run.status == "updated"
    task2_after = Item.objects.get(pk=task2.pk)
    assert task2_after.text == "培育专精特新中小企业20家。"
    assert task2_after.history.count() == 2  # one history row per change, the item kept
    task5 = Item.objects.get(plan__district__name="任城区", kind="task", number=5)
    assert task5.withdrawn_at is not None
    assert not Item.objects.filter(
        plan__district__name="任城区", kind="livelihood", withdrawn_at__isnull=False
    ).exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("notice.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为 .docx"),
        ("notice.pdf", "济宁市兖州区人民政府".encode(), "扩展名与内容不符"),
        ("notice.docx", b"PK\x03\x04" + b"\x00" * 100, "不是 Word 文档"),
        ("notice.xlsx", b"plain text", "扩展名与内容不符"),
        ("notice.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为 .xlsx"),
        ("notice.rtf", b"{\\rtf1 text}", "扩展名为 .rtf"),
    ],
)
def test_unreadable_files_are_refused_and_change_nothing(plan, name, data, says):
    before = ledger_snapshot()
    with pytest.raises(GazetteFormatError) as refused:
        gazette_import(data=data, filename=name)
    assert says in refused.value.message and "Import refused" in refused.value.message
    assert ledger_snapshot() == before


def test_scanned_and_encrypted_pdfs_are_refused(plan):
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    blank.write(out)
    with pytest.raises(GazetteFormatError, match="扫描件"):
        gazette_import(data=out.getvalue(), filename="scan.pdf")
    blank.encrypt("secret")
    out = io.BytesIO()
    blank.write(out)
    with pytest.raises(GazetteFormatError, match="加密"):
        gazette_import(data=out.getvalue(), filename="locked.pdf")
