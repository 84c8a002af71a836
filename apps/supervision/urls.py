from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("items/<int:pk>/report/", views.report_form, name="report"),
    path("items/<int:pk>/remind/", views.remind, name="remind"),
    path("items/<int:pk>/instruct/", views.instruct, name="instruct"),
    path("items/<int:pk>/backfill/", views.backfill, name="backfill"),
    path("reports/<int:pk>/contribution/", views.contribution, name="contribution"),
    path("reports/<int:pk>/approve/", views.review, {"action": "approve"}, name="approve"),
    path("reports/<int:pk>/return/", views.review, {"action": "return"}, name="return"),
    path("review/", views.review_queue, name="review_queue"),
    path("units/<int:pk>/due/", views.unit_due, name="unit_due"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("instructions/<int:pk>/reply/", views.instruction_reply, name="instruction_reply"),
    path("leader/", views.leader_home, name="leader_home"),
]
