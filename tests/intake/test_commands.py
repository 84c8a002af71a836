"""The desk's commands: import_gazette, import_seeds, import_newspaper, each recorded as a run."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.intake.models import ImportRun
from apps.tracking.models import SourceDocument
from tests.conftest import GAZETTE, NEWSPAPER_PAGES, SEEDS, ledger_snapshot


def test_command_refuses_with_bilingual_message_and_nonzero_exit(plan, tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(NEWSPAPER_PAGES[0].read_bytes())
    before = ledger_snapshot()
    with pytest.raises(CommandError) as refused:
        call_command("import_gazette", str(page))
    # manage.py turns a CommandError into this exit status.
    assert refused.value.returncode == 1
    message = str(refused.value)
    assert "应为分解落实通知（编号任务及牵头领导/责任单位）、民生实事通知" in message
    assert "实际为报纸版面（发现" in message
    assert "expected a breakdown notice" in message and "found a newspaper page" in message
    assert ledger_snapshot() == before


def test_command_on_a_missing_file(plan):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_gazette", "no-such-file.txt")


def test_command_imports_and_reports(plan):
    out = io.StringIO()
    call_command("import_gazette", str(GAZETTE), stdout=out)
    out = out.getvalue()
    assert "无变化：2024-兖州区：76 项任务，10 件民生实事" in out
    assert "解析提示 4 条" in out


def test_import_seeds_registers_pages_and_skips_what_it_imported(plan):
    from tests.conftest import SEEDS

    out = io.StringIO()
    call_command("import_seeds", str(SEEDS), stdout=out)
    first = out.getvalue()
    assert f"{GAZETTE.name}：已导入过，跳过" in first
    assert first.count("报纸版面") == 4
    assert SourceDocument.objects.filter(kind=SourceDocument.Kind.NEWSPAPER).count() == 4
    out = io.StringIO()
    call_command("import_seeds", str(SEEDS), stdout=out)
    assert out.getvalue().count("已导入过，跳过") == 5
    assert SourceDocument.objects.filter(kind=SourceDocument.Kind.NEWSPAPER).count() == 4


def test_command_records_its_run(plan):
    runs = ImportRun.objects.count()
    call_command("import_gazette", str(GAZETTE), stdout=io.StringIO())
    run = ImportRun.objects.latest("started_at")
    assert ImportRun.objects.count() == runs + 1
    assert (run.status, run.filename, run.document_id) == (
        ImportRun.Status.UNCHANGED,
        GAZETTE.name,
        plan.source_id,
    )


def test_import_newspaper_command_records_its_run(plan):
    page = SEEDS / "002_f3cdef63abccc85b.txt"
    out = io.StringIO()
    call_command("import_newspaper", str(page), stdout=out)
    assert "报道 6 篇，新增推荐 2 条" in out.getvalue()
    run = ImportRun.objects.get(filename=page.name)
    assert (run.kind, run.status) == (
        "newspaper",
        ImportRun.Status.IMPORTED,
    ) and run.document.articles.count() == 6
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_newspaper", str(page), "--date", "2024/3/1")
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_newspaper", "no-such-page.txt")


def test_command_imports_a_notice_alone_into_the_plan_it_is_given(db, tmp_path):
    from apps.intake.models import ImportRun
    from apps.tracking.models import Item, Plan

    notice = tmp_path / "分解表.txt"
    notice.write_text(
        "重点工作任务分解表\n"
        "1.推进老旧小区改造。（牵头单位：县住建局；配合单位：县财政局）\n"
        "2.新建城市公园两处。（牵头单位：县园林局；配合单位：县自然资源局）\n",
        "utf-8",
    )
    with pytest.raises(CommandError, match="未写明发文机关或年度"):
        call_command("import_gazette", str(notice))
    assert not Plan.objects.filter(district__name="样本县").exists()
    out = io.StringIO()
    call_command("import_gazette", str(notice), district="样本县", city="某市", year=2025, stdout=out)
    plan = Plan.objects.get(district__name="样本县", year=2025)
    assert plan.district.city == "某市"
    assert sorted(Item.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2]
    assert "2025-样本县：2 项任务" in out.getvalue()
    assert ImportRun.objects.get(filename="分解表.txt").kind == "notice"
