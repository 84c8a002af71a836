from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "apps.tracking"
    verbose_name = "督查台账"

    def ready(self):
        # Django's blank choice "- Select an option -" has no Chinese translation; the product
        # is Chinese only, so every select without its own empty label says 请选择.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = "请选择"
