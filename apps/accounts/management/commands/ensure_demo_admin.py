"""python manage.py ensure_demo_admin — the demo administrator of `make run`, and its login."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "yanzhou-2024"


class Command(BaseCommand):
    help = "创建演示管理员并打印登录信息（仅限开发环境）。"

    def add_arguments(self, parser):
        parser.add_argument("--address", default="127.0.0.1:8000", help="服务器地址，用于打印登录网址")

    def handle(self, *args, address: str, **options):
        if not settings.DEBUG:
            raise CommandError("演示管理员只能在开发环境（DEBUG=True）创建。")
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user is None:
            User.objects.create_superuser(USERNAME, email="", password=PASSWORD, first_name="演示管理员")
            created = "已创建"
        else:
            created = "已存在"
        self.stdout.write(
            self.style.SUCCESS(
                f"演示管理员{created}。登录 {login_url(address)} 用户名：{USERNAME}  密码：{PASSWORD}"
                f"（Demo login: {USERNAME} / {PASSWORD}）"
            )
        )


def login_url(address: str) -> str:
    """The address a browser opens: 0.0.0.0 (all interfaces) is reached as 127.0.0.1; a bare port gets the host."""
    host, _, port = address.rpartition(":")
    if not host:
        host, port = "127.0.0.1", address
    if host in ("0.0.0.0", "", "[::]", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{port}/login/"
