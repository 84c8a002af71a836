from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The upload desk: files come in here and are handed to the gazette and press importers."""

    name = "apps.intake"
    label = "intake"
    verbose_name = "文件导入"
