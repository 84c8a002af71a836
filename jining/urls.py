"""URL configuration. Every page but login and the health check requires a signed-in user."""

import re

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import RedirectView

from apps.accounts import views as account_views
from apps.audit.middleware import note_denial
from apps.reports.views import dashboard

from . import views

admin.site.site_header = "兖州区政府工作报告任务督查台账"
admin.site.site_title = "督查台账"
admin.site.index_title = "管理"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # One password-change page for everyone, audited, whichever link was followed.
    path("admin/password_change/", RedirectView.as_view(pattern_name="accounts:password_change")),
    path("admin/", admin.site.urls),
    path("", dashboard, name="home"),
    path("", include("apps.tracking.urls")),
    path("", include("apps.supervision.urls")),
    path("", include("apps.reports.urls")),
    path("", include("apps.press.urls")),
    path("", include("apps.search.urls")),
    path("", include("apps.intake.urls")),
    path("", include("apps.notifications.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("audit/", include("apps.audit.urls")),
]


# Error pages in the site's layout, in Chinese, with a way back. Django's own messages
# ("No Item matches the given query.") are English, so only a Chinese message is shown.
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _error_page(request, template: str, status: int, exception) -> HttpResponse:
    message = exception.args[0] if exception is not None and exception.args else ""
    if not isinstance(message, str) or not _CHINESE.search(message):
        message = ""
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(request, template, {"message": message, "back": back}, status=status)


def permission_denied(request, exception=None):
    note_denial(request, exception.args[0] if exception is not None and exception.args else "")
    return _error_page(request, "403.html", 403, exception)


def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404, exception)


handler403 = permission_denied
handler404 = page_not_found
