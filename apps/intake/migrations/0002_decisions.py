# The preview's decisions replace the unit mapping (kept as decisions["units"]).

from django.db import migrations, models


def mapping_to_decisions(apps, schema_editor):
    ImportRun = apps.get_model("intake", "ImportRun")
    for run in ImportRun.objects.exclude(mapping={}).only("pk", "mapping"):
        ImportRun.objects.filter(pk=run.pk).update(decisions={"units": run.mapping})


def decisions_to_mapping(apps, schema_editor):
    ImportRun = apps.get_model("intake", "ImportRun")
    for run in ImportRun.objects.exclude(decisions={}).only("pk", "decisions"):
        ImportRun.objects.filter(pk=run.pk).update(mapping=run.decisions.get("units", {}))


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="importrun",
            name="decisions",
            field=models.JSONField(blank=True, default=dict, verbose_name="预览中的处理"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="target",
            field=models.JSONField(blank=True, default=dict, verbose_name="导入到的计划"),
        ),
        migrations.AddField(
            model_name="importrun",
            name="revision",
            field=models.PositiveIntegerField(default=0, verbose_name="预览版本"),
        ),
        migrations.RunPython(mapping_to_decisions, decisions_to_mapping),
        migrations.RemoveField(model_name="importrun", name="mapping"),
    ]
