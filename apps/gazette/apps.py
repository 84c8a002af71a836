from django.apps import AppConfig


class GazetteConfig(AppConfig):
    name = "apps.gazette"
    verbose_name = "公报导入"
