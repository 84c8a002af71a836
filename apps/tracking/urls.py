from django.urls import path

from . import views

app_name = "tracking"

urlpatterns = [
    path("plans/<int:plan_id>/ledger/", views.LedgerView.as_view(), name="ledger"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/units/", views.item_units, name="item_units"),
    path("units/", views.unit_list, name="units"),
    path("units/merge/", views.unit_merge, name="unit_merge"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("officials/", views.official_list, name="officials"),
    path("officials/<int:pk>/", views.official_detail, name="official"),
    path("switch-plan/", views.switch_plan, name="switch_plan"),
]
