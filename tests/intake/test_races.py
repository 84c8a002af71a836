"""Real parallel requests on one preview (PostgreSQL, in CI): one import, never two, never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from apps.accounts.models import Profile
from apps.intake.models import ImportRun
from tests.conftest import GAZETTE, parallel_posts

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real parallel writes need PostgreSQL (CI)"),
    pytest.mark.django_db(transaction=True),
]


def _admins(n: int) -> list[User]:
    users = []
    for i in range(n):
        user = User.objects.create_user(f"race-admin-{i}", password="pw-123456")
        Profile.objects.create(user=user, role=Profile.Role.ADMIN)
        users.append(user)
    return users


def _preview(gazette_bytes) -> ImportRun:
    """The seed imported, then a revision of it waiting in 待确认 (revision 0)."""
    from apps.intake.services import import_gazette_file
    from apps.intake.uploads import upload_create, upload_prepare
    from apps.tracking.models import Item

    if not Item.objects.exists():
        import_gazette_file(data=gazette_bytes, filename=GAZETTE.name)
    trailer = "（牵头领导：张传驰。承办单位：区地方金融监督管理局，工业园区、各镇街）"
    reordered = "（牵头领导：张传驰。承办单位：工业园区、区地方金融监督管理局，各镇街）"
    revised = gazette_bytes.decode("utf-8").replace(trailer, reordered, 1).encode("utf-8")
    run = upload_create(data=revised, filename="revised.txt", user=None)
    run = upload_prepare(ImportRun.objects.get(pk=run.pk))  # done already if the task ran at commit
    assert run.status == ImportRun.Status.PREVIEW and run.revision == 0
    return run


def test_four_parallel_confirmations_import_once(gazette_bytes, celery_in_process):
    from apps.audit.models import AuditEvent
    from apps.tracking.models import Item, ItemUnit

    run = _preview(gazette_bytes)
    [changed] = run.preview["items_changed"]
    assert changed["number"] == 3
    item = Item.objects.get(kind=changed["kind"], number=changed["number"], plan__district__name="兖州区")
    history_before = ItemUnit.history.filter(item_id=item.pk).count()
    url = reverse("intake:confirm", args=[run.pk])
    answers = parallel_posts([(user, url, {"revision": "0"}) for user in _admins(4)])
    assert answers == [302, 302, 302, 302]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.UPDATED and run.payload is None
    # The two units that swapped places are written once each.
    assert ItemUnit.history.filter(item_id=item.pk).count() == history_before + 2
    order = item.unit_links.order_by("order").values_list("unit__name", flat=True)
    assert list(order)[:2] == ["工业园区", "区地方金融监督管理局"]
    confirmed = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT_CONFIRMED, outcome="success")
    assert confirmed.count() == 1


def test_a_correction_racing_a_confirmation_one_wins(gazette_bytes, celery_in_process):
    run = _preview(gazette_bytes)
    row = next(r for r in run.preview["rows"] if any(u["source"] == "inferred" for u in r["units"]))
    unit = next(u for u in row["units"] if u["role"] == "co")
    correction = {"revision": "0", "revise": "1", f"role:{row['key']}:{unit['name']}": "host"}
    url = reverse("intake:confirm", args=[run.pk])
    admins = _admins(2)
    answers = parallel_posts([(admins[0], url, {"revision": "0"}), (admins[1], url, correction)])
    assert answers == [302, 302]
    run.refresh_from_db()
    if run.status == ImportRun.Status.UPDATED:
        # The confirmation won: what was imported is the preview of revision 0, without the role.
        assert run.revision == 0 and run.decisions["roles"] == {}
    else:
        # The correction won: a new preview waits, and nothing was imported.
        assert run.status == ImportRun.Status.PREVIEW and run.revision == 1
        assert run.decisions["roles"] == {row["key"]: {unit["name"]: "host"}}
        assert run.confirmed_at is None
