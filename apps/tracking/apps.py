from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "apps.tracking"
    verbose_name = "督查台账"
