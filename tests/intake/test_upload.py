"""The administrators' upload: preview changes nothing, confirm once, map units, list every run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import Profile
from apps.intake.models import ImportRun
from apps.press.models import Article
from apps.tracking.models import District, Item, ItemUnit, Unit, UnitAlias
from tests.conftest import GAZETTE, NEWSPAPER_PAGES, ledger_snapshot
from tests.gazette.variants import RENCHENG, weishan_docx


def _login(client, role: str):
    user = User.objects.create_user(f"u-{role}", password="pw-123456", first_name=role)
    Profile.objects.create(user=user, role=role)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def admin_client(client, plan, celery_in_process):
    return _login(client, Profile.Role.ADMIN)


def upload(client, capture, name: str, data: bytes, **fields) -> ImportRun:
    with capture(execute=True):
        response = client.post(reverse("intake:imports"), {"file": SimpleUploadedFile(name, data), **fields})
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportRun.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))


def confirm(client, capture, run: ImportRun, **choices):
    """Post the preview form as the page draws it: with the revision of the preview shown."""
    with capture(execute=True):
        response = client.post(
            reverse("intake:confirm", args=[run.pk]), {"revision": run.revision, **choices}
        )
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def test_new_district_preview_changes_nothing_then_confirm_imports_once(
    admin_client, django_capture_on_commit_callbacks
):
    before, runs = ledger_snapshot(), ImportRun.objects.count()
    run = upload(admin_client, django_capture_on_commit_callbacks, RENCHENG.name, RENCHENG.read_bytes())
    assert run.status == ImportRun.Status.PREVIEW and run.kind == "gazette"
    preview = run.preview
    assert preview["plan"] == "2025-任城区" and preview["encoding"] == "gb18030"
    assert [(i["kind"], i["number"]) for i in preview["items_new"]][:2] == [("task", 1), ("task", 2)]
    assert len(preview["items_new"]) == 10 and preview["items_withdrawn"] == []
    assert {"区工业和信息化局", "太白湖新区管委会"} <= {u["name"] for u in preview["units_new"]}
    assert preview["officials_new"] == ["李明", "王刚", "赵丽"]
    assert any(u["line"] == 30 for u in preview["unplaced"])
    # The preview wrote nothing but its own run.
    assert ImportRun.objects.count() == runs + 1
    assert ledger_snapshot() == before and not District.objects.filter(name="任城区").exists()

    page = admin_client.get(reverse("intake:run", args=[run.pk]))
    html = page.content.decode()
    assert "确认前台账不会有任何改动" in html and "太白湖新区管委会" in html
    assert "各单位要对照分工，制定推进计划" in html  # the unplaced line, shown

    run = confirm(admin_client, django_capture_on_commit_callbacks, run)
    assert run.status == ImportRun.Status.IMPORTED and run.payload is None
    assert Item.objects.filter(plan__district__name="任城区").count() == 10
    runs = ImportRun.objects.count()
    # A second click changes nothing and says so.
    again = confirm(admin_client, django_capture_on_commit_callbacks, run)
    assert again.status == ImportRun.Status.IMPORTED and ImportRun.objects.count() == runs
    assert Item.objects.filter(plan__district__name="任城区").count() == 10

    # The same file again: nothing would change, so it finishes as 无变化 at once, naming the
    # earlier run, with no confirm step and no run left waiting.
    rerun = upload(admin_client, django_capture_on_commit_callbacks, RENCHENG.name, RENCHENG.read_bytes())
    assert rerun.status == ImportRun.Status.UNCHANGED and rerun.payload is None
    assert rerun.preview["unchanged"] is True and rerun.preview["earlier_run"]["pk"] == run.pk
    assert f"与第 {run.pk} 次导入的文件相同" in rerun.message
    assert not ImportRun.objects.filter(status=ImportRun.Status.PREVIEW).exists()
    assert (
        confirm(admin_client, django_capture_on_commit_callbacks, rerun).status == ImportRun.Status.UNCHANGED
    )


def test_unknown_unit_mapped_to_an_existing_one(admin_client, django_capture_on_commit_callbacks, plan):
    text = GAZETTE.read_text("utf-8")
    trailer = "（牵头领导：张传驰。承办单位：区地方金融监督管理局，工业园区、各镇街）"
    revised = text.replace(trailer, trailer.replace("区地方金融监督管理局", "区金融服务中心"))
    run = upload(admin_client, django_capture_on_commit_callbacks, "revised.txt", revised.encode())
    assert [u["name"] for u in run.preview["units_new"]] == ["区金融服务中心"]
    changed = run.preview["items_changed"]
    assert [(c["number"], c["fields"][0]["field"]) for c in changed] == [(3, "承办单位")]
    finance = Unit.objects.get(district=plan.district, name="区地方金融监督管理局")
    page = admin_client.get(reverse("intake:run", args=[run.pk])).content.decode()
    assert f'<option value="{finance.pk}">对应到：区地方金融监督管理局</option>' in page
    units_before = Unit.objects.count()

    choice = {"map:区金融服务中心": finance.pk}
    # A choice the preview does not show yet is previewed first, never written unseen.
    run = confirm(admin_client, django_capture_on_commit_callbacks, run, **choice)
    assert run.status == ImportRun.Status.PREVIEW and run.revision == 1
    assert run.preview["units_new"] == []
    assert run.preview["units_mapped"] == [
        {"name": "区金融服务中心", "raw": "区金融服务中心", "unit": "区地方金融监督管理局"}
    ]
    assert Unit.objects.count() == units_before
    run = confirm(admin_client, django_capture_on_commit_callbacks, run, **choice)
    assert run.status == ImportRun.Status.UPDATED
    assert Unit.objects.count() == units_before
    assert UnitAlias.objects.get(district=plan.district, name="区金融服务中心").unit == finance
    task3 = Item.objects.get(plan=plan, kind="task", number=3)
    link = ItemUnit.objects.get(item=task3, unit=finance)
    assert link.written_as == "区金融服务中心"


def test_cancel_leaves_the_ledger_alone(admin_client, django_capture_on_commit_callbacks):
    run = upload(admin_client, django_capture_on_commit_callbacks, "w.docx", weishan_docx())
    assert run.status == ImportRun.Status.PREVIEW and run.preview["plan"] == "2025-微山县"
    admin_client.post(reverse("intake:cancel", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CANCELLED and run.payload is None
    assert confirm(admin_client, django_capture_on_commit_callbacks, run).status == ImportRun.Status.CANCELLED
    assert not District.objects.filter(name="微山县").exists()


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("binary.txt", bytes(range(256)) * 40, "二进制数据"),
        ("truncated.txt", GAZETTE.read_text("utf-8").split("42.")[0].encode(), "截断"),
        ("fake.pdf", b"%PDF-1.4 broken", "PDF"),
    ],
)
def test_bad_uploads_are_refused_listed_and_change_nothing(
    admin_client, django_capture_on_commit_callbacks, name, data, says
):
    before = ledger_snapshot()
    run = upload(admin_client, django_capture_on_commit_callbacks, name, data)
    assert run.status == ImportRun.Status.REFUSED and says in run.message and run.payload is None
    assert ledger_snapshot() == before
    listing = admin_client.get(reverse("intake:imports")).content.decode()
    assert name in listing and "已拒绝" in listing


def test_form_refuses_oversize_and_unknown_types_before_queueing(admin_client, settings):
    settings.LEDGER_UPLOAD_MAX_MB = 1
    runs = ImportRun.objects.count()
    big = SimpleUploadedFile("big.txt", b"x" * (1024 * 1024 + 1))
    response = admin_client.post(reverse("intake:imports"), {"file": big})
    assert response.status_code == 400
    assert "超过上限 1 MB" in response.content.decode()
    response = admin_client.post(reverse("intake:imports"), {"file": SimpleUploadedFile("old.doc", b"abc")})
    assert "另存为 .docx" in response.content.decode()
    assert ImportRun.objects.count() == runs


def test_newspaper_page_upload_with_a_date(admin_client, django_capture_on_commit_callbacks):
    page = NEWSPAPER_PAGES[1]
    run = upload(
        admin_client,
        django_capture_on_commit_callbacks,
        page.name,
        page.read_bytes(),
        published_on="2024-02-20",
    )
    assert run.status == ImportRun.Status.IMPORTED and run.kind == "newspaper"
    articles = Article.objects.filter(document=run.document)
    assert articles.count() == run.counts["articles"] > 3
    assert set(articles.values_list("published_on", flat=True)) == {dt.date(2024, 2, 20)}
    again = upload(admin_client, django_capture_on_commit_callbacks, page.name, page.read_bytes())
    assert again.status == ImportRun.Status.UNCHANGED and again.document == run.document
    # A corrected date is a change, and the run says so instead of "无变化".
    corrected = upload(
        admin_client,
        django_capture_on_commit_callbacks,
        page.name,
        page.read_bytes(),
        published_on="2024-02-21",
    )
    assert corrected.status == ImportRun.Status.UPDATED and corrected.document == run.document
    assert "已更新：日期 2024年2月20日 → 2024年2月21日" in corrected.message
    assert set(articles.values_list("published_on", flat=True)) == {dt.date(2024, 2, 21)}


def test_only_administrators_may_import(client, plan):
    _login(client, Profile.Role.SUPERVISOR)
    assert client.get(reverse("intake:imports")).status_code == 403
    assert (
        client.post(reverse("intake:imports"), {"file": SimpleUploadedFile("a.txt", b"x")}).status_code == 403
    )


def test_import_list_query_count(admin_client, django_assert_max_num_queries):
    for n in range(40):
        ImportRun.objects.create(
            filename=f"{n}.txt",
            file_hash="0",
            started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=n),
            status="refused",
        )
    with django_assert_max_num_queries(10):  # + the unread count and the lights-freshness check
        response = admin_client.get(reverse("intake:imports"))
    assert response.status_code == 200 and "39.txt" in response.content.decode()
