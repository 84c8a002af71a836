from django.apps import AppConfig


class GazetteConfig(AppConfig):
    name = "apps.gazette"
    verbose_name = "公报导入"

    def ready(self):
        # The item page shows the chronicle as evidence; the ledger asks, the gazette provides.
        from apps.tracking import evidence

        from .selectors import plan_chronicle

        if plan_chronicle not in evidence.chronicle_sources:
            evidence.chronicle_sources.append(plan_chronicle)
