"""The parser's rules on small texts built for them: unit names, targets, hosts, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.gazette.parsing.deadlines import deadline_for
from apps.gazette.parsing.hosts import infer_hosts
from apps.gazette.parsing.targets import extract_targets
from apps.gazette.parsing.text import chinese_numeral, join_paragraphs, split_lines
from apps.gazette.parsing.units import canonical_name, split_unit_list, unit_kind


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("区发展和改革委员会", "区发展和改革局"),
        ("区发展改革局", "区发展和改革局"),
        ("区市场监管局", "区市场监督管理局"),
        ("区住房城乡建设局", "区住房和城乡建设局"),
        ("区科技局", "区科学技术局"),
        ("区地方金融监管局", "区地方金融监督管理局"),
        ("区供销社", "区供销合作社联合社"),
        ("济宁市公安局兖州分局", "区公安分局"),
        ("济宁市生态环境局兖州区分局", "区生态环境分局"),
        ("国家税务总局济宁市兖州区税务局", "区税务局"),
        ("兖州工业园区", "工业园区"),
        ("自然资源局", "区自然资源局"),
        ("济宁市公共资源交易服务中心兖州分中心", "济宁市公共资源交易服务中心兖州分中心"),
        ("区财政局", "区财政局"),
    ],
)
def test_canonical_unit_names(written, canonical):
    assert canonical_name(written) == canonical


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("各镇街", "group"),
        ("区直相关部门", "group"),
        ("各单位工会", "group"),
        ("龙桥街道", "town"),
        ("新兖镇", "town"),
        ("工业园区", "park"),
        ("区委宣传部", "party"),
        ("区财政局", "department"),
        ("供电部", "other"),
    ],
)
def test_unit_kinds(name, kind):
    assert unit_kind(name) == kind


def test_unit_list_drops_etc_and_keeps_segments():
    units, notes = split_unit_list("区商务局、区投资促进中心等，工业园区、相关镇街")
    assert [(u.name, u.segment) for u in units] == [
        ("区商务局", 0),
        ("区投资促进中心", 0),
        ("工业园区", 1),
        ("相关镇街", 1),
    ]
    assert notes == ["“区投资促进中心等”中的“等”已去掉"]


def test_strict_unit_list_keeps_descriptions_whole():
    units, _ = split_unit_list("银行、保险等金融机构，通信企业", strict=True)
    assert [u.name for u in units] == ["银行、保险等金融机构", "通信企业"]


def _targets(text):
    return [(t.label, t.value_text, t.unit, t.comparison, t.increase) for t in extract_targets(text)]


def test_investment_sizes_are_not_targets():
    text = "全力保障宁德时代一期投资140亿元新能源动力电池项目，年内完成投资80亿元、新增营收30亿元。"
    assert _targets(text) == [("完成投资", "80", "亿元", "=", False), ("新增营收", "30", "亿元", "=", False)]


def test_enumerations_count_only_when_the_clause_delivers_them():
    assert _targets("推进太阳全流程数智化改造、华勤轮胎生产线智能化改造等100个数字化智能化项目。") == []
    assert _targets("维护崇文大道泗河大桥等4座桥梁，治理唐庙街等7条背街小巷。") == [
        ("维护桥梁", "4", "座", "=", False),
        ("治理背街小巷", "7", "条", "=", False),
    ]


def test_pre_quantity_targets_share_their_verb():
    assert _targets("新建30处助老食堂、300张家庭养老床位。") == [
        ("新建助老食堂", "30", "处", "=", False),
        ("新建家庭养老床位", "300", "张", "=", False),
    ]


def test_level_rise_and_following_comparisons():
    assert _targets("年产绿电能力由3.4亿度提升至11亿度。") == [("年产绿电能力", "11", "亿度", "=", False)]
    assert _targets("跨境贸易额突破20亿元、增长30%以上。") == [
        ("跨境贸易额", "20", "亿元", ">=", False),
        ("跨境贸易额增长", "30", "%", ">=", True),
    ]
    assert _targets("年内非化石能源消费占比提高0.5个百分点。") == [
        ("非化石能源消费占比提高", "0.5", "个百分点", "=", True)
    ]


def test_numbers_inside_quoted_names_are_not_targets():
    assert _targets("严格落实省委省政府“八抓20条”创新措施。") == []


def test_host_inference_first_unit_then_each_officials_first_supervised_unit():
    units = ["宣传部", "商务局", "文旅局", "各镇街"]
    supervises = {"宋恩全": {"文旅局"}, "展召爽": {"商务局"}}
    assert infer_hosts(units, ["张允锐", "宋恩全", "展召爽"], supervises, lambda u: u == "各镇街") == [
        "宣传部",
        "文旅局",
        "商务局",
    ]
    # One lead official: the first listed unit alone hosts.
    assert infer_hosts(units, ["宋恩全"], supervises, lambda u: False) == ["宣传部"]
    # A group never hosts when a real unit is listed.
    assert infer_hosts(["各镇街", "水务局"], ["孙恒民"], {}, lambda u: u == "各镇街") == ["水务局"]


def test_deadlines():
    assert deadline_for("力争年内全部竣工上房", 2024) == (dt.date(2024, 12, 31), "未写明时限，按年底")
    assert deadline_for("6月底前完成招标", 2024)[0] == dt.date(2024, 6, 30)
    assert deadline_for("上半年建成", 2024)[0] == dt.date(2024, 6, 30)
    assert deadline_for("一季度“开门红”", 2024)[0] == dt.date(2024, 12, 31)


def test_broken_lines_are_joined_but_new_units_start_fresh():
    lines = split_lines("1.实施“青蓝传承”帮带工程，让\n\n企业家成为“主角”。\n2.第二项")
    joined = join_paragraphs(lines, lambda t: t[:2] in ("1.", "2."))
    assert [(line.no, line.text) for line in joined] == [
        (1, "1.实施“青蓝传承”帮带工程，让企业家成为“主角”。"),
        (4, "2.第二项"),
    ]


def test_spaces_from_pdf_extraction_are_removed_around_chinese():
    [line] = split_lines("年内新增营收 40 亿元、突破 400 亿元， QFLP 新模式")
    assert line.text == "年内新增营收40亿元、突破400亿元，QFLP新模式"


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in ("二", "十", "十一", "二十三", "二〇二四")] == [2, 10, 11, 23, 2024]
