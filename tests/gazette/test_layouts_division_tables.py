"""Division-of-labour layouts and tables without a number column.

A leader's profile run together on one line (分管… / 联系… opening sentences anywhere,
分管和联系单位：…), a news report giving each leader as 职务+姓名：负责…, a '|' table
whose header has no 序号 column, and a unit cell pushed one cell right by a sub-row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.gazette.parsing import GazetteFormatError
from apps.gazette.parsing.document import parse_document
from apps.gazette.parsing.notices import hosts_and_co
from apps.gazette.parsing.tables import Cell, cells_of, header_at
from apps.gazette.parsing.text import Line
from apps.gazette.scoring import normalised
from tests.conftest import NEWSPAPER_PAGES

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"


def names(refs):
    return [normalised(u.raw) for u in refs]


def leader_units(document):
    return [
        (leader.name, names(leader.supervises), names(leader.liaises)) for leader in document.division.leaders
    ]


# --- a profile on one line: 分管 / 联系 open sentences anywhere ---------------------------------------


def test_profile_on_one_line_without_colons():
    text = (
        "负责区政府常务工作。负责财税、审计等工作。分管区政府办公室(含区政府督查室、区法制办)、"
        "区财政局、区审计局等单位。联系区人大、区政协、区总工会。"
    )
    document = parse_document(text)
    assert document.kind == "division"
    assert leader_units(document) == [
        (
            "",
            ["区政府办公室(含区政府督查室、区法制办)", "区财政局", "区审计局"],
            ["区人大", "区政协", "区总工会"],
        )
    ]


def test_combined_label_is_supervised_and_an_empty_slot_is_skipped():
    text = (
        "负责区政府常务工作,协助区长负责区政府全面工作。负责与区人大、区政协的联系工作。"
        "分管和联系单位:区政府办公室、、财政局、审计局(纠风办)、统计局。牵头协调城乡建设工作。"
    )
    document = parse_document(text)
    assert leader_units(document) == [
        ("", ["区政府办公室", "财政局", "审计局(纠风办)", "统计局"], ["区人大", "区政协"])
    ]


def test_one_sentence_of_supervision_alone_is_not_a_division():
    # A single 分管 sentence in a report is no division of labour.
    with pytest.raises(GazetteFormatError):
        parse_document("会议由副区长主持。分管区财政局的同志汇报了全年预算执行情况。大家进行了讨论。")


# --- a news report: 职务+姓名：负责… ----------------------------------------------------------------


NEWS = """本报讯(记者 王某)省政府日前印发《政府工作报告》重点工作分工,由省长张大伟牵头,各位副省长领办。
常务副省长李明强:负责省人民政府常务工作,主要负责抓好发展改革、财税等方面工作的落实。
副省长赵立新:负责抓好农业和农村、水利等方面工作的落实。
秘书长孙文:负责协助省长和常务副省长处理省人民政府日常工作。"""


def test_province_leaders_before_a_colon_are_read():
    document = parse_document(NEWS)
    assert document.kind == "division"
    assert [(leader.name, leader.position) for leader in document.division.leaders] == [
        ("张大伟", "省长"),
        ("李明强", "常务副省长"),
        ("赵立新", "副省长"),
        ("孙文", "秘书长"),
    ]
    assert all(not leader.supervises and not leader.liaises for leader in document.division.leaders)


def test_name_then_title_before_a_colon():
    text = (
        "市政府领导工作分工\n王小平市长:负责市政府全面工作。\n陈立副市长:负责工业和信息化工作。分管市工信局。"
    )
    document = parse_document(text)
    assert leader_units(document) == [("王小平", [], []), ("陈立", ["市工信局"], [])]


def test_a_colon_line_that_is_no_duty_is_no_leader():
    text = "本报讯(记者 王某)副省长李明强:今年要把稳增长放在首位。\n记者了解到,全省经济运行平稳。"
    with pytest.raises(GazetteFormatError) as refused:
        parse_document(text)
    assert "报纸版面" in refused.value.message


@pytest.mark.parametrize("page", NEWSPAPER_PAGES, ids=lambda p: p.name)
def test_newspaper_pages_are_still_refused(page):
    with pytest.raises(GazetteFormatError) as refused:
        parse_document(page.read_text("utf-8"))
    assert "报纸版面" in refused.value.message


# --- a '|' table without a number column -------------------------------------------------------------


TABLE = """附件
2017年度民生工程目标任务分解表
项 目 | 目标 | 分 解 情 况 | 责任领导 | 责任单位 | 责任人 |
就 业 工 程 | 促进就业 | 新增就业(人) | 1300 | 甲镇280 乙乡15 | 刘 强 | 区人社局 | 陈 宗 |
失业人员再就业(人) | 250 | 甲镇8 乙乡5 |
教 育 工 程 | 改善办学条件 | 新建校舍(所) | 2 | 甲镇1 乙乡1 | 王 刚 | 区教育局、区财政局 | 李 四 |
"""


def test_header_without_number_column_is_a_header():
    cells = cells_of([Line(3, "项 目 | 目标 | 分 解 情 况 | 责任领导 | 责任单位 | 责任人 |")])
    header = header_at(cells, 0)
    assert header is not None
    assert [c.role for c in header] == ["text", "text", "other", "lead", "units", "other"]


@pytest.mark.parametrize(
    "line",
    [
        "项目 | 目标 | 备注 |",  # no lead or unit column
        "责任领导 | 责任单位 | 责任人 |",  # no text column
        "就业工程 | 促进就业 | 区人社局 | 刘强 |",  # a data row: no column names
    ],
)
def test_not_a_numberless_header(line):
    assert header_at(cells_of([Line(1, line)]), 0) is None


def test_not_a_header_when_it_does_not_open_its_line():
    cells = [Cell(1, "说明"), *cells_of([Line(1, "项目 | 目标 | 责任领导 | 责任单位 |")])]
    cells[1:] = [Cell(1, c.text) for c in cells[1:]]
    assert header_at(cells, 1) is None


def test_rows_of_a_numberless_table_are_items_in_order():
    document = parse_document(TABLE)
    tasks = document.breakdown.tasks if document.breakdown else document.livelihood.projects
    got = [(t.number, t.lead_officials, *_roles(t)) for t in tasks]
    assert got == [
        (1, ["刘强"], ["区人社局"], []),  # the sub-row under merged cells stays in item 1
        (2, ["王刚"], ["区教育局"], ["区财政局"]),
    ]


def _roles(task):
    if hasattr(task, "host_units"):
        return [u.raw for u in task.host_units], [u.raw for u in task.co_units]
    hosts, co, _ = hosts_and_co(task.units)
    return [u.raw for u in hosts], [u.raw for u in co]


def test_letter_spaced_cells_are_closed_up_but_lists_are_not():
    cells = cells_of([Line(1, "刘 强 | 甲镇280 乙乡15 | 就业 工程 |")])
    assert [c.text for c in cells] == ["刘强", "甲镇280 乙乡15", "就业 工程"]


# --- a unit one cell right of its column (sub-rows) ----------------------------------------------


def test_a_sub_rows_unit_goes_to_the_unit_column():
    text = """民生实事完成情况表
序号 |
项目名称 |
责任单位 |
目标任务 |
完成情况 |
备注 |
1 |
新增城镇就业 |
区人社局 |
8950 |
7356 |
|
2 |
提高低保标准 |
完成参保人数6300人 |
区人社局 |
6300人 |
7558 |
|
城乡低保补差水平提高 |
区民政局 |
100% |
|
3 |
新增养老床位 |
区民政局 |
71个 |
55 |
已完成 |
"""
    document = parse_document(text)
    projects = document.livelihood.projects
    assert [(names(p.host_units), names(p.co_units)) for p in projects] == [
        (["区人社局"], []),
        (["区人社局"], ["区民政局"]),
        (["区民政局"], []),
    ]
    assert not [u for u in document.unplaced if "多出" in u.reason and "局" in u.text]


# --- the real notices ------------------------------------------------------------------------


def read(path):
    return parse_document((REAL / path).read_text("utf-8"))


def test_real_profile_on_one_line():
    document = read("division/sichuan-district-division-profile-trad.txt")
    [leader] = document.division.leaders
    assert len(leader.supervises) == 11 and normalised(leader.supervises[-1].raw) == "区保密局"
    assert names(leader.liaises) == ["区人大", "区政协", "区人武部", "区国税局", "区地税局", "区老促会"]


def test_real_profile_with_combined_label():
    document = read("division/henan-district-division-profile-trad.txt")
    [leader] = document.division.leaders
    assert len(leader.supervises) == 13 and names(leader.supervises)[:2] == ["区政府办公室", "财政局"]
    assert names(leader.liaises) == ["区人大", "区政协"]


def test_real_province_news_report():
    document = read("division/shanxi-2016-division-news-trad.txt")
    leaders = document.division.leaders
    assert [normalised(leader.name) for leader in leaders] == [
        normalised(n) for n in ("李小鵬", "高建民", "付建華", "郭迎光", "王一新", "張復明", "劉杰", "廉毅敏")
    ]
    assert all(not leader.supervises and not leader.liaises for leader in leaders)


def test_real_table_without_number_column():
    document = read("livelihood/zhaohua-2017-livelihood.txt")
    tasks = document.breakdown.tasks if document.breakdown else document.livelihood.projects
    assert [(t.lead_officials, *_roles(t)) for t in tasks] == [(["刘强"], ["区人社局"], [])]


def test_real_sub_rows_with_units_one_cell_right():
    document = read("livelihood/yueyanglou-2017-livelihood-progress-trad.txt")
    ninth = document.livelihood.projects[8]
    assert (names(ninth.host_units), names(ninth.co_units)) == (["区人社局"], ["区民政局"])


def test_tab_rows_without_number_column_keep_their_columns():
    text = (
        "重点工作任务分解表\n工作任务\t责任领导\t牵头单位\t配合单位\n"
        "推进园区建设\t张三\t区发改局\t区财政局\n改善营商环境\t李四\t区商务局\t区市场监管局\n"
    )
    tasks = parse_document(text).breakdown.tasks
    assert [(t.number, t.text, t.lead_officials, *_roles(t)) for t in tasks] == [
        (1, "推进园区建设", ["张三"], ["区发改局"], ["区财政局"]),
        (2, "改善营商环境", ["李四"], ["区商务局"], ["区市场监管局"]),
    ]
