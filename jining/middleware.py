"""Input hardening before any view runs: a request body over the limit is refused before it is
read (413), and a NUL character in a query or form value is refused (400) — PostgreSQL
cannot store one, and no Chinese text needs one."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse


def _refusal(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(400, "请求长度无效。")
        if length > settings.REQUEST_MAX_BYTES:
            limit = settings.REQUEST_MAX_BYTES // (1024 * 1024)
            return _refusal(413, f"请求过大：上限 {limit} MB。")
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            return _refusal(400, "请求参数包含非法字符。")
        form = request.method == "POST" and request.content_type != "multipart/form-data"
        if form and any("\x00" in value for values in request.POST.lists() for value in values[1]):
            return _refusal(400, "提交内容包含非法字符。")
        return self.get_response(request)
