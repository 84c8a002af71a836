"""Trailers the label vocabulary does not cover: unknown labels inside a trailer, trailers in
prose (（A牵头，B按职责分工负责）) and chapter headings that name the unit leading their items."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.gazette.parsing import GazetteFormatError
from apps.gazette.parsing.blocks import heading_hosts, prose_trailer
from apps.gazette.parsing.document import parse_document
from apps.gazette.parsing.notices import heading_leads, hosts_and_co
from apps.gazette.parsing.trailers import parse_trailer, split_item

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real" / "breakdown"


def roles(units):
    hosts, co, _ = hosts_and_co(units)
    return [u.raw for u in hosts], [u.raw for u in co]


def items(document):
    return [(t.lead_officials, *roles(t.units)) for t in document.breakdown.tasks]


# --- unknown labels inside a trailer ------------------------------------------------------


def test_unknown_label_ends_the_field_before_it_and_is_not_a_unit():
    trailer = parse_trailer("(牵头领导:张建国,牵头单位:县工信局,数据提供单位:县统计局)")
    assert trailer.leads == ["张建国"]
    assert [(u.raw, u.role) for u in trailer.units] == [("县工信局", "host")]
    assert trailer.ignored == ["“数据提供单位：县统计局”不是牵头或责任单位，未计入单位"]


def test_unknown_label_after_a_list_of_co_units():
    trailer = parse_trailer("（牵头单位：县工信局；责任单位：县财政局、县商务局；数据提供单位：县调查队）")
    assert roles(trailer.units) == (["县工信局"], ["县财政局", "县商务局"])


@pytest.mark.parametrize(
    "field",
    ["责任人：李红梅", "完成时限：2024年6月底前", "完成时间：全年", "督办领导：周立新", "联络部门：县委办"],
)
def test_other_role_words_end_the_unit_list_too(field):
    trailer = parse_trailer(f"（牵头单位：县住建局，配合单位：县水务局，{field}）")
    assert roles(trailer.units) == (["县住建局"], ["县水务局"])
    assert trailer.leads == []
    assert len(trailer.ignored) == 1


@pytest.mark.parametrize(
    ("text", "hosts", "co"),
    [
        ("（牵头单位：县教育局，配合单位：县财政局）", ["县教育局"], ["县财政局"]),
        ("（牵头责任单位：县教育局，协同责任单位：县财政局）", ["县教育局"], ["县财政局"]),
        ("（责任单位：县教育局、县财政局）", ["县教育局"], ["县财政局"]),
        ("（承办单位：县教育局，参与单位：县财政局）", ["县教育局"], ["县财政局"]),
        ("（主办：县教育局；协办：县财政局）", ["县教育局"], ["县财政局"]),
        ("（牵头部门：县教育局，配合部门：县财政局）", ["县教育局"], ["县财政局"]),
    ],
)
def test_known_labels_are_unaffected(text, hosts, co):
    trailer = parse_trailer(text)
    assert roles(trailer.units) == (hosts, co)
    assert trailer.ignored == []


def test_unknown_label_in_a_notice_is_reported():
    text = (
        "2024年重点目标任务分解\n"
        "1. 地区生产总值增长6%。(牵头领导:张建国,牵头单位:县发改局,数据提供单位:县统计局)\n"
        "2. 外贸进出口稳中有升。(牵头领导:刘海燕,牵头单位:县商务局,责任单位:县税务局)\n"
    )
    document = parse_document(text)
    assert items(document) == [
        (["张建国"], ["县发改局"], []),
        (["刘海燕"], ["县商务局"], ["县税务局"]),
    ]
    assert any("数据提供单位" in w.message for w in document.warnings)


def test_real_notice_leaves_data_providers_out():
    document = parse_document((REAL / "chengdu-2019-breakdown.txt").read_text("utf-8"))
    found = items(document)
    assert len(found) == 8
    assert found[0] == (["谢瑞武"], ["市发改委"], [])
    assert found[4] == (["刘筱柳"], ["市人社局"], ["市农业农村局"])
    assert not any("数据提供单位" in unit for _, hosts, co in found for unit in hosts + co)


# --- trailers in prose ----------------------------------------------------------------------


def test_prose_trailer_gives_hosts_and_co_units():
    text, trailer_text, after = split_item(
        "推进政务服务标准化。(县政务服务中心、县数据局牵头,县级各有关部门及各乡镇政府按职责分工负责)"
    )
    assert text == "推进政务服务标准化。"
    assert after == ""
    trailer = parse_trailer(trailer_text)
    assert roles(trailer.units) == (["县政务服务中心", "县数据局"], ["县级各有关部门", "各乡镇政府"])


@pytest.mark.parametrize(
    ("tail", "hosts", "co"),
    [
        ("（县司法局牵头，县公安局配合）", ["县司法局"], ["县公安局"]),
        ("（县司法局牵头；各乡镇参与）", ["县司法局"], ["各乡镇"]),
        ("（由县司法局牵头，县公安局负责）", ["县司法局"], ["县公安局"]),
        ("（县司法局牵头）。", ["县司法局"], []),
    ],
)
def test_prose_trailer_forms(tail, hosts, co):
    _, trailer_text, _ = split_item("完善矛盾纠纷多元化解机制。" + tail)
    assert roles(parse_trailer(trailer_text).units) == (hosts, co)


@pytest.mark.parametrize(
    "text",
    [
        "建立由县发改局牵头、各部门配合的协调机制，按季度调度。",  # 牵头 in a sentence
        "建立协调机制（由县发改局牵头）并按季度调度。",  # not at the end of the item
        "完善工作专班（由专班负责同志牵头）",  # a person, not a unit
        "推进项目建设（年底前完成牵头）",  # no unit before 牵头
    ],
)
def test_not_a_prose_trailer(text):
    assert prose_trailer(text) is None
    assert split_item(text) == (text, "", "")


def test_notice_with_prose_trailers_is_read():
    text = (
        "2022年优化营商环境工作要点\n"
        "一、深化审批改革\n"
        "1.推行告知承诺制。扩大承诺制适用范围。(县行政审批局牵头,县级各有关部门按职责分工负责)\n"
        "2.压减审批时限。建立由县发改局牵头的会商机制。(县发改局、县住建局牵头,各镇政府配合)\n"
    )
    document = parse_document(text)
    assert document.kind == "breakdown"
    assert items(document) == [
        ([], ["县行政审批局"], ["县级各有关部门"]),
        ([], ["县发改局", "县住建局"], ["各镇政府"]),
    ]
    assert document.breakdown.tasks[1].text == "压减审批时限。建立由县发改局牵头的会商机制。"


def test_lead_word_only_inside_item_sentences_is_not_a_notice():
    text = "工作要点\n1.建立由县发改局牵头、各部门配合的协调机制。\n2.完善县财政局牵头的资金调度制度。\n"
    with pytest.raises(GazetteFormatError):
        parse_document(text)


def test_real_notice_with_prose_trailers():
    document = parse_document((REAL / "xianyang-2022-breakdown-trad.txt").read_text("utf-8"))
    assert items(document) == [
        ([], ["市政府办公室", "市行政审批制度改革工作领导小组办公室"], ["市级各有关部门", "各县市区政府"])
    ]


# --- chapter headings naming the lead unit --------------------------------------------------


@pytest.mark.parametrize(
    ("title", "hosts"),
    [
        ("县经济开发区管委会牵头工作（6项）", ["县经济开发区管委会"]),
        ("县发改局牵头的重点工作", ["县发改局"]),
        ("县教育局、县卫健局牵头任务", ["县教育局", "县卫健局"]),
        ("王志刚县长牵头重点工作", []),
        ("李明常委牵头工作", []),
        ("张建会牵头工作", []),  # a name that ends like a unit
        ("推动高质量发展", []),
    ],
)
def test_heading_hosts(title, hosts):
    assert heading_hosts(title) == hosts


@pytest.mark.parametrize(
    ("title", "leads"),
    [
        ("王志刚县长牵头重点工作", ["王志刚"]),
        ("张建会牵头工作", ["张建会"]),
        ("县文旅局牵头工作（2项）", []),
        ("县经济开发区管委会牵头工作", []),
    ],
)
def test_heading_leads_are_people_only(title, leads):
    assert heading_leads(title) == leads


def test_an_items_own_trailer_wins_over_its_heading():
    text = (
        "重点工作任务分解\n"
        "一、县发改局牵头工作\n"
        "1.编制年度重大项目清单。\n"
        "2.推进以工代赈项目。（牵头单位：县农业农村局，配合单位：县发改局）\n"
        "3.开展营商环境评价。\n"
    )
    assert items(parse_document(text)) == [
        ([], ["县发改局"], []),
        ([], ["县农业农村局"], ["县发改局"]),
        ([], ["县发改局"], []),
    ]


def test_items_under_a_heading_naming_the_lead_unit():
    text = (
        "各乡镇人民政府，县直各有关单位：\n"
        "一、统一思想，提高认识。各单位要高度重视，抓好落实。\n"
        "二、强化调度，按月报送。\n"
        "附件\n"
        "2025年县政府工作报告任务清单\n"
        "一、县经济开发区管委会牵头工作（3项）\n"
        "1.新建标准化厂房5万平方米。\n"
        "2.引进亿元以上项目3个。\n"
        "二、县文旅局牵头工作（2项）\n"
        "1.创建省级旅游度假区。\n"
        "2.举办乡村旅游节\n"
    )
    document = parse_document(text)
    assert document.kind == "breakdown"
    assert items(document) == [
        ([], ["县经济开发区管委会"], []),
        ([], ["县经济开发区管委会"], []),
        ([], ["县文旅局"], []),
    ]
    assert any("不完整" in w.message for w in document.warnings)  # item 4 stops mid-sentence
    unplaced = [u.text for u in document.unplaced]
    assert "一、统一思想，提高认识。各单位要高度重视，抓好落实。" in unplaced


def test_items_under_a_heading_naming_a_person_keep_their_lead():
    text = (
        "2024年政府工作报告重点任务分解\n"
        "一、王志刚县长牵头重点工作\n"
        "1.推进城区供水管网改造。（责任单位：县水务局、县住建局）\n"
        "2.实施农村道路提升工程。（责任单位：县交通局）\n"
    )
    assert items(parse_document(text)) == [
        (["王志刚"], ["县水务局"], ["县住建局"]),
        (["王志刚"], ["县交通局"], []),
    ]


def test_real_notice_with_lead_unit_in_the_heading():
    document = parse_document((REAL / "qinxian-2025-breakdown.txt").read_text("utf-8"))
    assert items(document) == [([], ["县示范区管委会"], [])] * 3


def test_items_without_full_stops_are_not_taken_for_a_cut_excerpt():
    text = "重点工作任务清单\n一、县商务局牵头工作\n1.培育限额以上商贸企业\n2.建设县域物流配送中心\n"
    assert items(parse_document(text)) == [([], ["县商务局"], [])] * 2
