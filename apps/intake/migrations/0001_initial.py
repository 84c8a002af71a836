# The import runs moved here from the gazette app with their table (gazette_importrun).
# A fresh database gets the table here; a database migrated before the move already has
# it (the gazette app's 0001-0003) and keeps it, rows included: only the state moves.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class CreateModelUnlessPresent(migrations.CreateModel):
    """CreateModel that leaves an existing table (made under the gazette app) as it is."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        if model._meta.db_table in schema_editor.connection.introspection.table_names():
            return
        super().database_forwards(app_label, schema_editor, from_state, to_state)


def move_content_types(apps, schema_editor):
    """Content types (and so permissions) follow the models to their new apps."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model, app_label in (("importrun", "intake"), ("sourcedocument", "tracking")):
        if not ContentType.objects.using(db).filter(app_label=app_label, model=model).exists():
            ContentType.objects.using(db).filter(app_label="gazette", model=model).update(app_label=app_label)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('tracking', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModelUnlessPresent(
            name='ImportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(blank=True, choices=[('gazette', '政府公报'), ('newspaper', '报纸版面')], max_length=12, verbose_name='类型')),
                ('filename', models.CharField(blank=True, max_length=255, verbose_name='文件名')),
                ('file_hash', models.CharField(max_length=64, verbose_name='文件摘要（SHA-256）')),
                ('started_at', models.DateTimeField(verbose_name='开始时间')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                ('status', models.CharField(choices=[('queued', '排队中'), ('reading', '解析中'), ('preview', '待确认'), ('applying', '导入中'), ('imported', '已导入'), ('updated', '已更新'), ('unchanged', '无变化'), ('refused', '已拒绝'), ('failed', '失败'), ('cancelled', '已取消')], max_length=12, verbose_name='结果')),
                ('counts', models.JSONField(blank=True, default=dict, verbose_name='数量')),
                ('warnings', models.JSONField(blank=True, default=list, verbose_name='提示')),
                ('message', models.TextField(blank=True, verbose_name='说明')),
                ('payload', models.BinaryField(blank=True, null=True, verbose_name='上传文件')),
                ('file_size', models.PositiveIntegerField(default=0, verbose_name='文件大小（字节）')),
                ('wanted', models.CharField(blank=True, max_length=12, verbose_name='上传类型')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='报纸出版日期')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='进度')),
                ('stage', models.CharField(blank=True, max_length=60, verbose_name='当前步骤')),
                ('preview', models.JSONField(blank=True, default=dict, verbose_name='预览')),
                ('mapping', models.JSONField(blank=True, default=dict, verbose_name='单位对应')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='确认时间')),
                ('confirmed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='import_runs', to='tracking.sourcedocument')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': '导入记录',
                'verbose_name_plural': '导入记录',
                'ordering': ['-started_at'],
                'db_table': 'gazette_importrun',
            },
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
