"""The preview is where the administrator corrects: plan, roles, officials, lines, columns, errors.

Whatever is confirmed is exactly what the last preview showed; a stale page confirms nothing;
errors block until accepted; choices the preview did not offer are dropped, never a 500.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from apps.intake.models import ImportRun
from apps.tracking.models import District, Item, ItemOfficial, ItemUnit, Official, Plan, Unit
from tests.conftest import GAZETTE, ledger_snapshot
from tests.intake.test_upload import confirm, upload

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "real"
WORD = REAL / "word" / "huoshan-kaifaqu-2025-breakdown.docx"
SHEET = REAL / "sheets"


@pytest.fixture
def admin_client(client, plan, celery_in_process):
    from apps.accounts.models import Profile
    from tests.intake.test_upload import _login

    return _login(client, Profile.Role.ADMIN)


def rows(run: ImportRun) -> dict[str, dict]:
    return {row["key"]: row for row in run.preview["rows"]}


def test_a_word_table_notice_goes_into_a_chosen_plan_with_corrections(
    admin_client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    zone = District.objects.create(name="霍山经济开发区", city="六安市")
    target = Plan.objects.create(district=zone, year=2025, notice_number="", notice_title="")
    ye = Official.objects.create(district=zone, name="叶林森", position="管委会主任")
    before = ledger_snapshot()

    run = upload(admin_client, capture, WORD.name, WORD.read_bytes())
    assert run.status == ImportRun.Status.PREVIEW
    assert run.preview["kind"] == "breakdown" and run.preview["needs_target"] is True
    assert run.get_kind_display() == "单独的通知或分解表"
    page = admin_client.get(reverse("intake:run", args=[run.pk])).content.decode()
    assert "文件中没有写明所属区县或年度" in page and 'id="confirm" disabled' in page
    # Confirming without a plan writes nothing.
    assert confirm(admin_client, capture, run).status == ImportRun.Status.PREVIEW
    assert ledger_snapshot() == before

    run = confirm(admin_client, capture, run, target_plan=target.pk, revise="1")
    assert run.status == ImportRun.Status.PREVIEW and run.revision == 1
    assert run.preview["target"]["plan"] == target.pk and run.preview["plan_new"] is False
    first = rows(run)["task:1"]
    assert first["leads"] == ["叶林"]
    assert [(u["name"], u["role"], u["source"]) for u in first["units"]] == [
        ("招商工作部", "host", "inferred"),
        ("安商工作部", "co", "inferred"),
    ]
    assert run.preview["officials_new"] == ["叶林", "马振明", "张云峰"]
    page = admin_client.get(reverse("intake:run", args=[run.pk])).content.decode()
    assert 'name="role:task:1:招商工作部"' in page and f'<option value="{ye.pk}">对应到：叶林森' in page

    choices = {
        "target_plan": target.pk,
        "role:task:1:招商工作部": "co",
        "role:task:1:安商工作部": "host",
        "official:叶林": ye.pk,
    }
    run = confirm(admin_client, capture, run, **choices)  # new choices: previewed first
    assert run.status == ImportRun.Status.PREVIEW and run.revision == 2
    first = rows(run)["task:1"]
    assert first["leads"] == ["叶林森"]
    assert [(u["name"], u["role"], u["source"]) for u in first["units"]] == [
        ("招商工作部", "co", "staff"),
        ("安商工作部", "host", "staff"),
    ]
    assert run.preview["officials_new"] == ["马振明", "张云峰"]
    assert ledger_snapshot() == before

    run = confirm(admin_client, capture, run, **choices)
    assert run.status == ImportRun.Status.UPDATED, run.message  # the plan existed: 已更新
    assert run.kind == "notice" and run.get_kind_display() == "单独的通知或分解表"
    task1 = Item.objects.get(plan=target, kind=Item.Kind.TASK, number=1)
    links = list(task1.unit_links.select_related("unit").order_by("order"))
    assert [(link.unit.name, link.role, link.source) for link in links] == [
        ("招商工作部", ItemUnit.Role.CO, ItemUnit.Source.STAFF),
        ("安商工作部", ItemUnit.Role.HOST, ItemUnit.Source.STAFF),
    ]
    assert [link.official for link in ItemOfficial.objects.filter(item=task1)] == [ye]
    assert not Official.objects.filter(district=zone, name="叶林").exists()
    assert Item.objects.filter(plan=target).count() == 3
    # What was written is what the last preview listed.
    written = {
        item.number: [(link.unit.name, link.role) for link in item.unit_links.select_related("unit")]
        for item in Item.objects.filter(plan=target)
    }
    shown = {r["number"]: [(u["name"], u["role"]) for u in r["units"]] for r in run.preview["rows"]}
    assert written == shown


def test_a_stale_page_confirms_nothing(admin_client, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    run = upload(admin_client, capture, WORD.name, WORD.read_bytes(), **{})
    run = confirm(
        admin_client, capture, run, target_district="霍山经济开发区", target_year="2025", revise="1"
    )
    assert run.revision == 1 and run.preview["plan_new"] is True
    stale = {"revision": 0, "target_district": "霍山经济开发区", "target_year": "2025"}
    with capture(execute=True):
        response = admin_client.post(reverse("intake:confirm", args=[run.pk]), stale, follow=True)
    assert "预览在您打开页面后已更新" in response.content.decode()
    run.refresh_from_db()
    assert (
        run.status == ImportRun.Status.PREVIEW and not District.objects.filter(name="霍山经济开发区").exists()
    )
    run = confirm(admin_client, capture, run, target_district="霍山经济开发区", target_year="2025")
    assert run.status == ImportRun.Status.IMPORTED
    assert Plan.objects.get(district__name="霍山经济开发区", year=2025).items.count() == 3


def test_reading_errors_block_until_accepted_and_nothing_is_withdrawn(
    admin_client, django_capture_on_commit_callbacks, plan, gazette_text
):
    capture = django_capture_on_commit_callbacks
    text = gazette_text.replace("\n61.积极承办", "\n6l积极承办", 1)
    text = text.replace("（牵头领导：宋恩全。承办单位：区体育事业发展中心，各镇街）", "", 1)
    run = upload(admin_client, capture, "revised.txt", text.encode())
    assert [e["message"] for e in run.preview["errors"]] == ["任务编号：未找到第 61 项的开头，请核对原文"]
    page = admin_client.get(reverse("intake:run", args=[run.pk])).content.decode()
    assert "可能漏读的内容" in page and 'name="accept"' in page and "因解析错误保留的事项" in page
    before = ledger_snapshot()
    with capture(execute=True):
        response = admin_client.post(
            reverse("intake:confirm", args=[run.pk]), {"revision": run.revision}, follow=True
        )
    assert "尚不能导入" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW and ledger_snapshot() == before
    run = confirm(admin_client, capture, run, accept="1")
    assert run.status == ImportRun.Status.UPDATED and run.decisions["accepted"] is True
    from apps.audit.models import AuditEvent

    recorded = AuditEvent.objects.filter(
        action=AuditEvent.Action.IMPORT_CONFIRMED, target__contains=f"/{run.pk}/"
    )
    assert [(e.outcome, e.detail["result"]) for e in recorded.order_by("at", "pk")] == [
        ("failure", "blocked"),
        ("success", "confirmed"),
    ]
    task61 = Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=61)
    assert task61.withdrawn_at is None


def test_an_excel_sheet_with_an_unknown_column_is_mapped_in_the_preview(
    admin_client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    from io import BytesIO

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "重点工作", "责任领导", "落实主体", "完成时限"])
    source = (REAL / "breakdown" / "huoshan-kaifaqu-2025-breakdown.txt").read_text("utf-8").splitlines()
    cells = [line.removesuffix("|").strip() for line in source[6:] if line.strip()]
    for start in range(0, 15, 5):
        sheet.append(cells[start : start + 5])
    data = BytesIO()
    book.save(data)
    zone = District.objects.create(name="霍山经济开发区", city="六安市")
    target = Plan.objects.create(district=zone, year=2025, notice_number="", notice_title="")

    run = upload(admin_client, capture, "分解表.xlsx", data.getvalue())
    run = confirm(admin_client, capture, run, target_plan=target.pk, revise="1")
    columns = {c["name"]: (c["role"], c["known"]) for c in run.preview["columns"]}
    assert columns["落实主体"] == ("other", False)
    assert all(not r["units"] for r in run.preview["rows"])
    page = admin_client.get(reverse("intake:run", args=[run.pk])).content.decode()
    assert 'name="column:落实主体"' in page and "未识别" in page

    run = confirm(admin_client, capture, run, target_plan=target.pk, **{"column:落实主体": "units"})
    assert run.decisions["columns"] == {"落实主体": "units"}
    assert [(u["name"], u["source"]) for u in rows(run)["task:1"]["units"]] == [
        ("招商工作部", "inferred"),
        ("安商工作部", "inferred"),
    ]
    run = confirm(admin_client, capture, run, target_plan=target.pk, **{"column:落实主体": "units"})
    assert run.status == ImportRun.Status.UPDATED
    assert Unit.objects.filter(district=zone, name="招商工作部").exists()


HOSTILE = [
    {"target_plan": "999999", "target_year": "abc"},
    {"target_year": "99999999999999999999", "target_district": "x" * 5000},
    {"role:task:999:某单位": "host", "role:task:1": "boss", "role:": "host"},
    {"official:叶林": "-1", "map:不存在": "1", "line:abc": "task:1", "line:99999": "ignore"},
    {"column:": "units", "column:落实主体": "'; drop table", "revision": "x" * 100},
    {"revise": "1", "revision": "-1"},
]


@pytest.mark.parametrize("fields", HOSTILE)
def test_hostile_preview_forms_change_nothing(admin_client, django_capture_on_commit_callbacks, fields):
    capture = django_capture_on_commit_callbacks
    run = upload(admin_client, capture, WORD.name, WORD.read_bytes())
    before = ledger_snapshot()
    with capture(execute=True):
        response = admin_client.post(reverse("intake:confirm", args=[run.pk]), fields)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW and ledger_snapshot() == before
    assert not District.objects.filter(name__startswith="xxx").exists()


def test_the_seed_confirmed_again_with_a_role_fixed_keeps_the_fix(
    admin_client, django_capture_on_commit_callbacks, plan
):
    capture = django_capture_on_commit_callbacks
    text = GAZETTE.read_text("utf-8").replace("加快建设", "加快推进建设", 1)
    run = upload(admin_client, capture, "revised.txt", text.encode())
    inferred = next(r for r in run.preview["rows"] if any(u["source"] == "inferred" for u in r["units"]))
    unit = next(u for u in inferred["units"] if u["role"] == "co")
    field = f"role:{inferred['key']}:{unit['name']}"
    run = confirm(admin_client, capture, run, **{field: "host"})
    run = confirm(admin_client, capture, run, **{field: "host"})
    assert run.status == ImportRun.Status.UPDATED
    item = Item.objects.get(plan=plan, kind=inferred["kind"], number=inferred["number"])
    link = item.unit_links.get(unit__name=unit["unit"])
    assert (link.role, link.source) == (ItemUnit.Role.HOST, ItemUnit.Source.STAFF)


def test_the_preview_page_costs_the_same_with_many_districts(
    admin_client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    capture = django_capture_on_commit_callbacks
    run = upload(admin_client, capture, WORD.name, WORD.read_bytes())
    run = confirm(
        admin_client, capture, run, target_district="霍山经济开发区", target_year="2025", revise="1"
    )
    url = reverse("intake:run", args=[run.pk])
    admin_client.get(url)  # warm the per-process caches (deadline rules, session)
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url).status_code == 200
    alone = len(one.captured_queries)
    for n in range(30):
        district = District.objects.create(name=f"第{n}区", city="某市")
        Plan.objects.create(district=district, year=2025, notice_number="", notice_title="")
        Unit.objects.bulk_create(Unit(district=district, name=f"第{n}区单位{i}") for i in range(20))
        Official.objects.create(district=district, name=f"领导{n}")
    admin_client.get(url)  # the new plans' lights are computed once, by the first page after them
    with django_assert_max_num_queries(alone):
        page = admin_client.get(url)
    assert page.status_code == 200 and "第29区" in page.content.decode()  # every plan offered
    assert alone <= 12
