"""Object-level access: guessed URLs and ids answer 403, on GET and on POST."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from apps.supervision.models import Attachment, ProgressReport
from apps.tracking.models import Item, Official, Unit

from .conftest import task


@pytest.fixture
def foreign(plan):
    """Objects 区商务局's liaison has no business with: task 1, 区财政局, 石可清, another unit's report."""
    item = task(plan, 1)  # 区工业和信息化局 hosts; 区商务局 neither hosts nor co-hosts
    unit = Unit.objects.get(name="区财政局")
    report = ProgressReport.objects.create(
        item=item,
        period_start="2024-06-10",
        period_end="2024-06-16",
        unit=Unit.objects.get(name="区工业和信息化局"),
        status="submitted",
        progress="x",
        percent=10,
    )
    attachment = Attachment.objects.create(
        report=report, file="reports/x.pdf", name="x.pdf", size=1, kind="pdf"
    )
    return {
        "item": item,
        "unit": unit,
        "official": Official.objects.get(name="石可清"),
        "report": report,
        "attachment": attachment,
    }


def guarded_urls(plan, foreign) -> list[tuple[str, str]]:
    item, report = foreign["item"].pk, foreign["report"].pk
    return [
        ("get", reverse("tracking:item", args=[item])),
        ("get", reverse("tracking:item_edit", args=[item])),
        ("post", reverse("tracking:item_edit", args=[item])),
        ("get", reverse("tracking:item_units", args=[item])),
        ("post", reverse("tracking:item_units", args=[item])),
        ("get", reverse("tracking:unit", args=[foreign["unit"].pk])),
        ("get", reverse("tracking:official", args=[foreign["official"].pk])),
        ("post", reverse("tracking:unit_merge")),
        ("get", reverse("supervision:report", args=[item])),
        ("post", reverse("supervision:report", args=[item])),
        ("post", reverse("supervision:remind", args=[item])),
        ("post", reverse("supervision:instruct", args=[item])),
        ("post", reverse("supervision:contribution", args=[report])),
        ("post", reverse("supervision:approve", args=[report])),
        ("post", reverse("supervision:return", args=[report])),
        ("get", reverse("supervision:review_queue")),
        ("get", reverse("supervision:unit_due", args=[foreign["unit"].pk])),
        ("get", reverse("supervision:attachment", args=[foreign["attachment"].pk])),
        ("get", reverse("accounts:users")),
        ("post", reverse("accounts:user_new")),
    ]


def test_liaison_gets_403_on_everything_not_his(liaison, plan, foreign):
    for method, url in guarded_urls(plan, foreign):
        response = getattr(liaison, method)(
            url, {"progress": "x", "percent": "10", "reason": "x", "text": "x"}
        )
        assert response.status_code == 403, (method, url)
    foreign["report"].refresh_from_db()
    assert foreign["report"].status == "submitted"


def test_liaison_ledger_shows_only_his_items(liaison, plan):
    html = liaison.get(reverse("tracking:ledger", args=[plan.pk])).content.decode()
    assert "共 <strong>6</strong> 项" in html  # hosts 9, 11, 12, 17; co-hosts 2, 23
    assert liaison.get(reverse("tracking:item", args=[task(plan, 23).pk])).status_code == 200


def test_leader_sees_his_items_and_his_units_items(leader, plan):
    html = leader.get(reverse("tracking:ledger", args=[plan.pk])).content.decode()
    visible = Item.objects.filter(plan=plan)
    from apps.accounts import access

    expected = access.visible_items(User.objects.get(username="songenquan"), visible).count()
    assert f"共 <strong>{expected}</strong> 项" in html
    assert leader.get(reverse("tracking:item", args=[task(plan, 50).pk])).status_code == 200  # he leads it
    # 区交通运输局 is his; it hosts task 23, which 石可清 leads.
    assert leader.get(reverse("tracking:item", args=[task(plan, 23).pk])).status_code == 200
    assert leader.get(reverse("tracking:item", args=[task(plan, 16).pk])).status_code == 403  # 财政, 石可清
    assert leader.get(reverse("supervision:review_queue")).status_code == 403


def test_a_user_without_a_role_sees_nothing(plan):
    user = User.objects.create_user("nobody", password="pw-123456")
    client = Client()
    client.force_login(user)
    assert client.get("/").status_code == 403
    assert (
        "共 <strong>0</strong> 项" in client.get(reverse("tracking:ledger", args=[plan.pk])).content.decode()
    )
    assert client.get(reverse("tracking:item", args=[task(plan, 1).pk])).status_code == 403


def test_supervisor_reaches_everything_but_account_management(supervisor, plan, foreign):
    assert supervisor.get(reverse("tracking:item", args=[foreign["item"].pk])).status_code == 200
    assert supervisor.get(reverse("supervision:review_queue")).status_code == 200
    assert supervisor.get(reverse("accounts:users")).status_code == 403


def test_admin_manages_accounts(plan):
    admin = User.objects.create_superuser("root", password="pw-123456")
    client = Client()
    client.force_login(admin)
    commerce = Unit.objects.get(name="区商务局")
    response = client.post(
        reverse("accounts:user_new"),
        {
            "username": "newliaison",
            "full_name": "新联络员",
            "email": "",
            "password": "secret-123",
            "role": "liaison",
            "units": [commerce.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newliaison")
    assert list(user.profile.units.all()) == [commerce]
    refused = client.post(
        reverse("accounts:user_new"),
        {"username": "x", "full_name": "x", "password": "secret-123", "role": "liaison", "is_active": "on"},
    )
    assert "联络员至少要绑定一个单位" in refused.content.decode()
    assert not User.objects.filter(username="x").exists()
