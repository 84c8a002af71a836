from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    verbose_name = "安全审计"

    def ready(self) -> None:
        # Login, logout and lockout are only observable through these signals.
        from . import receivers  # noqa: F401
