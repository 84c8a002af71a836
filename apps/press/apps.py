from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "apps.press"
    verbose_name = "报纸报道"
