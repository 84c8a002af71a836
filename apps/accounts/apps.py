from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "用户与权限"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_started

        # The session limits' clocks start at login, whichever form or test client logs in.
        user_logged_in.connect(session_started, dispatch_uid="accounts_session_started")
