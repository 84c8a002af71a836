"""The gazette parser on the real 2024 兖州区 gazette: plain Python, no database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from apps.gazette.parsing import GazetteFormatError, parse_gazette
from apps.gazette.parsing.text import decode


def test_publication_and_notices(parsed):
    assert parsed.title == "济宁市兖州区人民政府公报"
    assert (parsed.city, parsed.district, parsed.year) == ("济宁市", "兖州区", 2024)
    assert parsed.issue == "2024年第1-3期"
    assert parsed.total_issue == "总第121-123期"
    assert parsed.published_on == dt.date(2024, 4, 10)
    notice = parsed.breakdown
    assert notice.title == "济宁市兖州区人民政府关于分解落实2024年政府工作报告任务目标的通知"
    assert notice.issued_on == dt.date(2024, 1, 12)
    assert parsed.livelihood.number == "济兖政发〔2024〕2号"
    assert parsed.division.number == "济兖政字〔2024〕2号"
    assert parsed.division.issued_on == dt.date(2024, 1, 30)


def test_misextracted_document_number_is_corrected_and_reported(parsed):
    assert parsed.breakdown.number_as_printed == "济充政发〔2024〕1号"
    assert parsed.breakdown.number == "济兖政发〔2024〕1号"
    warning = next(w for w in parsed.warnings if "济充政发" in w.message)
    assert warning.line == 200


def test_76_tasks_in_10_chapters(parsed):
    tasks = parsed.breakdown.tasks
    assert [t.number for t in tasks] == list(range(1, 77))
    chapters = parsed.breakdown.chapters
    assert [c.numeral for c in chapters] == ["二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert chapters[0].title == "聚力制造强区建设，更高能级构建现代产业体系"
    per_chapter = Counter(t.chapter for t in tasks)
    assert per_chapter == {2: 8, 3: 6, 4: 6, 5: 3, 6: 11, 7: 8, 8: 6, 9: 13, 10: 9, 11: 6}


def test_task_text_is_joined_across_broken_lines_and_trailer_removed(parsed):
    task4 = parsed.breakdown.tasks[3]
    # The PDF broke task 4 after "让"; the joined text reads on.
    assert (
        task4.text
        == "实施“青蓝传承”帮带工程，组织企业家参加高水平研修培训，提升经营管理能力，让企业家成为推动产业发展的“主角”。"
    )
    task74 = parsed.breakdown.tasks[73]
    assert task74.text.endswith("让担当作为、务实拼搏成为政府工作的鲜明底色。")
    assert task74.lead_officials == ["石可清"]


def test_lead_officials_in_order(parsed):
    tasks = {t.number: t for t in parsed.breakdown.tasks}
    assert tasks[11].lead_officials == ["张允锐", "宋恩全", "展召爽"]
    assert tasks[40].lead_officials == ["石可清", "孙恒民", "宋恩全"]
    assert tasks[3].lead_officials == ["张传驰"]


def test_units_groups_and_etc(parsed):
    task1 = parsed.breakdown.tasks[0]
    assert [u.name for u in task1.units] == [
        "区工业和信息化局",
        "区发展和改革局",
        "区投资促进中心",
        "工业园区",
        "颜店新城建设管理服务中心",
        "各镇街",
    ]
    assert [u.kind for u in task1.units][-1] == "group"
    assert "区投资促进中心等" not in [u.raw for u in task1.units]
    assert parsed.breakdown.host_note == "黑体为主办单位，其他为协办单位，下同"


def test_tasks_1_and_13_name_the_same_development_and_reform_unit(parsed):
    tasks = {t.number: t for t in parsed.breakdown.tasks}
    written_1 = next(u for u in tasks[1].units if "发展" in u.raw)
    written_13 = next(u for u in tasks[13].units if "发展" in u.raw)
    assert (written_1.raw, written_13.raw) == ("区发展和改革局", "区发展和改革委员会")
    assert written_1.name == written_13.name == "区发展和改革局"


def test_task_8_has_exactly_its_five_targets(parsed):
    task8 = parsed.breakdown.tasks[7]
    got = [(t.label, t.value, t.unit, t.comparison, t.increase) for t in task8.targets]
    assert got == [
        ("新建5G基站", Decimal("200"), "个", "=", False),
        ("新增省级以上数字化车间、智能工厂、标杆企业", Decimal("14"), "家", ">=", False),
        ("推广优秀案例", Decimal("20"), "个", "=", False),
        ("新增省级工业互联网平台", Decimal("1"), "家", "=", False),
        ("数字经济核心产业营收增长", Decimal("20"), "%", ">=", True),
    ]


def test_main_targets_of_the_plan(parsed):
    got = [(t.label, t.value_text, t.unit, t.increase) for t in parsed.breakdown.main_targets]
    assert got == [
        ("GDP增长", "6.5", "%", True),
        ("一般公共预算收入增长", "6", "%", True),
        ("固定资产投资增长", "10", "%", True),
        ("社会消费品零售总额增长", "8", "%", True),
        ("城镇居民人均可支配收入增长", "6.5", "%", True),
        ("农村居民人均可支配收入增长", "7", "%", True),
    ]


def test_livelihood_projects_with_explicit_hosts(parsed):
    projects = parsed.livelihood.projects
    assert [p.number for p in projects] == list(range(1, 11))
    p6 = projects[5]
    assert p6.title == "城市供水设施改造工程"
    assert [u.name for u in p6.host_units] == ["区水务局"]
    assert [u.name for u in p6.co_units] == ["区住房和城乡建设局"]
    p2 = projects[1]
    assert [u.name for u in p2.co_units] == ["区财政局", "区自然资源局", "区行政审批服务局", "酒仙桥街道"]
    p3 = projects[2]
    assert [(u.name, u.kind) for u in p3.co_units] == [("各单位工会", "group")]
    assert projects[0].deadline == dt.date(2024, 8, 31)  # 秋季学期投入使用


def test_division_of_labour(parsed):
    division = parsed.division
    assert [leader.name for leader in division.leaders] == [
        "王营",
        "石可清",
        "孙恒民",
        "张孝元",
        "宋恩全",
        "展召爽",
        "张传驰",
    ]
    assert division.pairs == [("石可清", "张传驰"), ("孙恒民", "张孝元"), ("宋恩全", "展召爽")]
    assert division.acting == [("王营", "石可清")]
    leaders = {leader.name: leader for leader in division.leaders}
    assert leaders["王营"].presides
    assert [u.name for u in leaders["王营"].supervises] == ["区财政局", "区审计局"]
    assert [u.name for u in leaders["王营"].liaises] == ["区税务局"]
    shi = leaders["石可清"]
    assert "区自然资源局" in [u.name for u in shi.supervises]  # written 自然资源局 without 区
    assert "区生态环境分局" in [u.name for u in shi.supervises]  # 济宁市生态环境局兖州区分局
    assert shi.liaison_work == ["史志", "档案"]
    sun = leaders["孙恒民"]
    assert [u.name for u in sun.liaises] == ["区消防救援大队", "区气象局", "烟草、成品油销售企业"]
    assert parsed.positions["石可清"] == "区委常委、副区长"
    assert parsed.positions["王营"] == "区委副书记、区长"
    assert parsed.positions["张传驰"] == "副区长（挂职）"


def test_appointments(parsed):
    assert parsed.appointments_date == dt.date(2024, 3, 31)
    people = [(a.person, a.action) for a in parsed.appointments if a.person]
    assert people[:3] == [("杨海成", "appoint"), ("姚博", "appoint"), ("范允行", "appoint")]
    assert ("徐彦敏", "remove") in people
    assert ("董盼", "hire") in people and ("董盼", "end_hire") in people
    # The line break inside 朱玉顺's entry ("…副局长职" / "务；") is mended.
    zhu = next(a for a in parsed.appointments if a.person == "朱玉顺")
    assert zhu.position == "区卫生健康局副局长"
    assert len([a for a in parsed.appointments if a.action == "note"]) == 4


def test_chronicle_entries_per_month_and_named_officials(parsed):
    per_month = Counter(e.date.month for e in parsed.chronicle)
    assert per_month == {1: 19, 2: 24, 3: 19}
    first = parsed.chronicle[0]
    assert first.date == dt.date(2024, 1, 1)
    assert first.names == ["王营"]
    session = next(e for e in parsed.chronicle if e.end_date)
    assert (session.date, session.end_date) == (dt.date(2024, 1, 8), dt.date(2024, 1, 10))
    # "△" entries share the previous date.
    same_day = [e for e in parsed.chronicle if e.date == dt.date(2024, 2, 27)]
    assert len(same_day) == 4
    meeting = next(e for e in parsed.chronicle if e.text.startswith("全区招商引资工作专题推进会议"))
    assert meeting.names == ["王庆", "石可清", "陈伟", "戴宪亭"]
    # The colophon at the end of the issue is not part of the last entry.
    assert parsed.chronicle[-1].text.endswith("于长海出席会议。")
    assert any("戴宪亭" in w.message and "戴宪亨" in w.message for w in parsed.warnings)


def test_discrepancies_between_notice_and_adopted_report(parsed):
    tasks = {t.number: t for t in parsed.breakdown.tasks}
    [diff34] = tasks[34].differences
    assert (diff34.report, diff34.notice) == ("四", "五")
    assert "四星级新型智慧城市" in diff34.report_context
    assert "五星级新型智慧城市" in diff34.notice_context
    changes_54 = [(d.report, d.notice) for d in tasks[54].differences]
    assert changes_54 == [("兖", "育")]  # 兖育有爱 → 育育有爱
    assert tasks[1].differences == []
    assert tasks[1].report_passage.startswith("围绕打造三个千亿")
    chapter6 = next(c for c in parsed.breakdown.chapters if c.numeral == "六")
    assert [(d.report, d.notice) for d in chapter6.differences] == [("宜", "富")]
    assert any("and" in d.notice for d in parsed.breakdown.differences)


def test_short_titles(parsed):
    tasks = {t.number: t for t in parsed.breakdown.tasks}
    assert tasks[1].title == "壮大优势产业集群"  # the report's lead phrase of the paragraph
    assert tasks[3].title == "实施“上市挂牌”突破工程"
    assert all(len(t.title) <= 19 for t in parsed.breakdown.tasks)


def test_gb18030_copy_parses_exactly_like_utf8(gazette_text, parsed):
    text, encoding = decode(gazette_text.encode("gb18030"))
    assert encoding == "gb18030"
    assert parse_gazette(text) == parsed


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"", "空文件"),
        (b"   \n\n", "空文件"),
        (bytes(range(256)) * 20, "二进制数据"),
        ("\ufeff".encode() + b"\xff\xfe\x00\x01garbage" * 50, "二进制数据"),
    ],
)
def test_non_text_is_refused(data, found):
    with pytest.raises(GazetteFormatError) as refused:
        decode(data)
    assert found in refused.value.message
    assert "Import refused" in refused.value.message


def test_newspaper_page_is_refused_naming_what_was_found():
    from tests.conftest import NEWSPAPER_PAGES

    with pytest.raises(GazetteFormatError) as refused:
        parse_gazette(NEWSPAPER_PAGES[0].read_text("utf-8"))
    message = refused.value.message
    assert "分解落实政府工作报告任务目标的通知" in message
    assert "报纸版面" in message and "newspaper page" in message


def test_gazette_truncated_mid_notice_is_refused(gazette_text):
    cut = gazette_text.index("41.实施产业带农行动")
    with pytest.raises(GazetteFormatError) as refused:
        parse_gazette(gazette_text[: cut + 60])
    assert "截断" in refused.value.message and "truncated" in refused.value.message


def test_gazette_truncated_in_livelihood_table_is_refused(gazette_text):
    cut = gazette_text.index("7\t老旧小区改造提升工程")
    with pytest.raises(GazetteFormatError) as refused:
        parse_gazette(gazette_text[:cut])
    assert "十件民生实事" in refused.value.message
    assert "只有 6 件" in refused.value.message


def test_task_without_its_officials_and_units_is_kept_and_flagged(gazette_text):
    # One damaged trailer must not sink 75 good tasks: the task is kept, without officials
    # or units, and the warning names it and its line so the preview shows it before import.
    broken = gazette_text.replace(
        "（牵头领导：张传驰。承办单位：区地方金融监督管理局，工业园区、各镇街）", ""
    )
    gazette = parse_gazette(broken)
    assert len(gazette.breakdown.tasks) == 76
    task3 = gazette.breakdown.tasks[2]
    assert (task3.number, task3.lead_officials, task3.units) == (3, [], [])
    assert task3.text.startswith("实施“上市挂牌”突破工程")
    warning = next(w for w in gazette.warnings if w.message.startswith("任务 3 末尾没有"))
    assert warning.line == task3.line
    assert gazette.breakdown.tasks[3].lead_officials == ["石可清"]
