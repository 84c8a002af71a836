from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.reports_home, name="home"),
    path("plans/<int:plan_id>/reports/new/", views.report_create, name="create"),
    path("reports/<int:pk>/", views.report_status, name="status"),
    path("reports/<int:pk>/download/", views.report_download, name="download"),
]
