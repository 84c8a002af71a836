"""Staff corrections: item fields, unit roles, unit merges — validated, recorded, kept on re-import."""

from __future__ import annotations

from django.urls import reverse

from apps.gazette.services import gazette_import
from apps.tracking.models import Item, ItemUnit, LeaderUnit, Unit, UnitAlias
from tests.conftest import GAZETTE, ledger_snapshot


def task(plan, number: int) -> Item:
    return Item.objects.get(plan=plan, kind=Item.Kind.TASK, number=number)


def roles(item: Item) -> dict[str, str]:
    return {link.unit.name: link.role for link in item.unit_links.select_related("unit")}


def test_staff_corrects_title_and_deadline_and_it_is_recorded(staff_client, plan, gazette_bytes):
    item = task(plan, 11)
    url = reverse("tracking:item_edit", args=[item.pk])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"title": "文旅消费", "deadline": "2024-10-31", "text": item.text})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, str(item.deadline), item.staff_edited) == (
        "文旅消费",
        "2024-10-31",
        ["deadline", "title"],
    )
    latest = item.history.first()
    assert (latest.history_user, latest.history_change_reason) == (staff_client.user, "督查室修改")
    html = staff_client.get(reverse("tracking:item", args=[item.pk])).content.decode()
    assert "简称：<del>激活文旅消费</del> → <ins>文旅消费</ins>" in html
    # A re-import of the gazette keeps what staff corrected.
    gazette_import(data=gazette_bytes, filename=GAZETTE.name)
    item.refresh_from_db()
    assert (item.title, str(item.deadline)) == ("文旅消费", "2024-10-31")


def test_invalid_edit_is_refused_and_changes_nothing(staff_client, plan):
    item = task(plan, 11)
    url = reverse("tracking:item_edit", args=[item.pk])
    before = ledger_snapshot()
    response = staff_client.post(url, {"title": "  ", "deadline": "2023-05-01", "text": item.text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "这个字段是必填项" in html or "简称不能为空" in html
    response = staff_client.post(url, {"title": "文旅", "deadline": "2023-05-01", "text": item.text})
    assert "完成时限不能早于 2024 年" in response.content.decode()
    item.refresh_from_db()
    assert (item.title, item.staff_edited) == ("激活文旅消费", [])
    assert ledger_snapshot() == before


def test_staff_confirms_and_corrects_unit_roles(staff_client, plan):
    item = task(plan, 11)
    url = reverse("tracking:item_units", args=[item.pk])
    links = {link.unit.name: link for link in item.unit_links.select_related("unit")}
    form = {f"role_{link.pk}": link.role for link in links.values()}
    form[f"role_{links['区委宣传部'].pk}"] = ItemUnit.Role.CO
    response = staff_client.post(url, form)
    assert response.status_code == 302
    assert roles(item) == {
        "区委宣传部": "co",
        "区商务局": "host",
        "区文化和旅游局": "host",
        "区直相关部门": "co",
        "相关镇街": "co",
    }
    assert set(item.unit_links.values_list("source", flat=True)) == {ItemUnit.Source.STAFF}
    unit_page = staff_client.get(
        reverse("tracking:unit", args=[links["区委宣传部"].unit_id])
    ).content.decode()
    co_section = unit_page[unit_page.index("协办事项") :]
    assert "激活文旅消费" in co_section
    history = staff_client.get(reverse("tracking:item", args=[item.pk])).content.decode()
    assert "督查室确认承办单位角色" in history


def test_an_item_keeps_at_least_one_host(staff_client, plan):
    item = task(plan, 9)
    url = reverse("tracking:item_units", args=[item.pk])
    form = {f"role_{link.pk}": ItemUnit.Role.CO for link in item.unit_links.all()}
    response = staff_client.post(url, form)
    assert response.status_code == 200
    assert "每个事项至少需要一个主办单位" in response.content.decode()
    assert roles(item) == {"区商务局": "host", "相关镇街": "co"}
    assert set(item.unit_links.values_list("source", flat=True)) == {ItemUnit.Source.INFERRED}


def test_merging_the_power_supply_unit_into_its_full_name(staff_client, plan, gazette_bytes):
    short = Unit.objects.get(name="供电部")
    full = Unit.objects.get(name="国网济宁供电公司兖州供电中心")
    items_before = set(ItemUnit.objects.filter(unit=short).values_list("item__number", flat=True))
    assert items_before == {21, 22, 28, 40}
    response = staff_client.post(reverse("tracking:unit_merge"), {"keep": full.pk, "absorb": short.pk})
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=short.pk).exists()
    assert set(ItemUnit.objects.filter(unit=full).values_list("item__number", flat=True)) == items_before
    assert UnitAlias.objects.get(name="供电部").unit == full
    assert LeaderUnit.objects.filter(unit=full, assignment__official__name="展召爽").exists()
    assert full.history.first().history_change_reason == "合并单位：供电部 并入 国网济宁供电公司兖州供电中心"
    # The next import reads 供电部 as the merged unit and creates nothing new.
    gazette_import(data=gazette_bytes, filename=GAZETTE.name)
    assert not Unit.objects.filter(name="供电部").exists()
    assert ItemUnit.objects.filter(unit=full, item__number=21, item__kind="task").exists()


def test_merge_keeps_one_link_per_item_and_the_host_role(staff_client, plan):
    keep = Unit.objects.get(name="区商务局")
    absorb = Unit.objects.get(name="区文化和旅游局")
    item = task(plan, 11)  # both host task 11
    staff_client.post(reverse("tracking:unit_merge"), {"keep": keep.pk, "absorb": absorb.pk})
    assert roles(item)["区商务局"] == "host"
    assert "区文化和旅游局" not in roles(item)
    assert item.unit_links.filter(unit=keep).count() == 1


def test_merging_a_unit_with_itself_is_refused(staff_client, plan):
    unit = Unit.objects.get(name="区商务局")
    response = staff_client.post(reverse("tracking:unit_merge"), {"keep": unit.pk, "absorb": unit.pk})
    assert response.status_code == 200
    assert "请选择两个不同的单位" in response.content.decode()
    assert Unit.objects.filter(pk=unit.pk).exists()
