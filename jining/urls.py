"""URL configuration. Every page but login and the health check requires a signed-in user."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.reports.views import dashboard

from . import views

admin.site.site_header = "兖州区政府工作报告任务督查台账"
admin.site.site_title = "督查台账"
admin.site.index_title = "管理"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", dashboard, name="home"),
    path("", include("apps.tracking.urls")),
    path("", include("apps.supervision.urls")),
    path("", include("apps.reports.urls")),
    path("", include("apps.press.urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.gazette.urls")),
    path("accounts/", include("apps.accounts.urls")),
]
