from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "apps.supervision"
    verbose_name = "督查（进展、审核、催办）"
