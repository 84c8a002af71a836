"""The intake on real notices of other governments: the score on the corpus only goes up."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from apps.gazette.parsing.document import parse_document
from apps.gazette.parsing.errors import GazetteFormatError
from apps.gazette.scoring import normalised, overall, score_corpus
from tests.conftest import NEWSPAPER_PAGES

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
# What the parser reached on the corpus; raise these when it reads more, never lower them.
FLOOR = {"found": 1.0, "leads": 1.0, "units": 1.0, "hosts": 1.0}


@pytest.fixture(scope="module")
def scores():
    return score_corpus(REAL)


def test_corpus_has_its_keys(scores):
    assert len(scores) >= 25
    assert {s.kind for s in scores} == {"breakdown", "livelihood", "division"}


def test_overall_score_never_drops(scores):
    total = overall(scores)
    for measure, floor in FLOOR.items():
        assert total[measure] >= floor, (measure, total[measure])
    # Nothing invented: no item beyond the complete ones (a cut-off last item is not one).
    assert total["extra"] == 0


def test_every_read_file_is_recognised_as_its_kind(scores):
    read = [s for s in scores if not s.refused]
    assert len(read) >= 25
    assert [(s.name, s.found_kind) for s in read] == [(s.name, s.kind) for s in read]


def test_an_excerpt_cut_mid_item_yields_the_whole_items_and_a_warning():
    text = (REAL / "breakdown" / "yunyang-2023-breakdown.txt").read_text("utf-8")
    document = parse_document(text)
    assert document.breakdown.tasks == []
    assert any("不完整" in w.message for w in document.warnings)
    chuzhou = parse_document((REAL / "breakdown" / "chuzhou-2020-breakdown.txt").read_text("utf-8"))
    assert [t.lead_officials for t in chuzhou.breakdown.tasks] == [["金力"]] * 3


def test_traditional_text_is_read_simplified_and_kept_as_written():
    text = (REAL / "breakdown" / "guangzhou-2006-breakdown-trad.txt").read_text("utf-8")
    document = parse_document(text)
    assert document.original == text
    first = document.breakdown.tasks[0]
    assert [u.raw for u in first.units] == ["市经贸委", "市发改委", "国土房管局", "外经贸局", "规划局"]
    assert [u.role for u in first.units] == ["host", "co", "co", "co", "co"]
    # The items whose numbers were mangled are still there, each from its own trailer.
    assert len(document.breakdown.tasks) == 6


def test_groups_stay_whole_and_brackets_stay_in_their_unit():
    chuzhou = parse_document((REAL / "breakdown" / "chuzhou-2020-breakdown.txt").read_text("utf-8"))
    assert [u.raw for u in chuzhou.breakdown.tasks[0].units][-2:] == [
        "中新苏滁高新区管委会",
        "各县、市、区政府",
    ]
    xialu = parse_document((REAL / "breakdown" / "xialu-2020-breakdown.txt").read_text("utf-8"))
    assert [u.raw for u in xialu.breakdown.tasks[0].units] == [
        "区卫健局",
        "区疫情防控指挥部成员单位",
        "各街办(新区)",
    ]


def test_a_whole_notice_on_one_line_is_read():
    text = (REAL / "breakdown" / "xianan-2023-breakdown.txt").read_text("utf-8")
    one_line = parse_document(text.replace("\n", ""))
    assert len(one_line.breakdown.tasks) == 12
    assert one_line.breakdown.tasks[6].lead_officials == ["杜新国", "丁玲"]


def test_label_line_trailers_end_where_the_signature_begins():
    from tests.gazette.variants import WEISHAN_PARAGRAPHS

    document = parse_document("\n".join(WEISHAN_PARAGRAPHS))
    assert document.kind == "breakdown"
    last = document.breakdown.tasks[-1]
    assert (last.lead_officials, [(u.raw, u.role) for u in last.units]) == (
        ["吴刚"],
        [("县教育和体育局", "host"), ("县财政局", "co")],
    )
    assert "微山县人民政府" in [u.text for u in document.unplaced]


@pytest.mark.parametrize("page", NEWSPAPER_PAGES, ids=lambda p: p.name)
def test_a_newspaper_page_is_still_refused_in_both_languages(page):
    with pytest.raises(GazetteFormatError) as refused:
        parse_document(page.read_text("utf-8"))
    message = refused.value.message
    assert "应为分解落实通知" in message and "报纸版面" in message
    assert "expected a breakdown notice" in message and "newspaper page" in message


def test_score_command_prints_every_file_and_the_overall_line():
    out = io.StringIO()
    call_command("score_intake", str(REAL), stdout=out)
    printed = out.getvalue()
    assert "xianan-2023-breakdown" in printed and "overall" in printed
    assert printed.count("\n") >= 28


def test_unit_names_compare_across_width_brackets_script_and_pinyin():
    assert normalised("市經(jīng)貿(mào)委") == normalised("市经贸委")
    assert normalised("县发改局（粮食局）") == normalised("县发改局(粮食局)")
    assert normalised("中新苏滁高新区管委会等，") == "中新苏滁高新区管委会"


def test_keys_count_only_complete_items():
    for key_path in REAL.rglob("*.expected.json"):
        key = json.loads(key_path.read_text("utf-8"))
        listed = key.get("leaders") or key["items"]
        assert len(listed) >= key["complete_items"], key_path.name
