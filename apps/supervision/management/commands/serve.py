"""python manage.py serve [ADDR:PORT] — runserver plus the periodic jobs, for `make run`.

Without a broker (no REDIS_URL) Celery beat cannot run beside the web server, so the beat
schedule runs in a thread of the server process (jining.scheduler). With a broker, run
beat and a worker as docker-compose does; then this is plain runserver.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand

from jining.celery import app
from jining.scheduler import InProcessScheduler


class Command(RunserverCommand):
    help = "启动开发服务器，并在没有消息队列时于进程内运行定时任务（催办、周报、亮灯）。"

    def inner_run(self, *args, **options):
        # inner_run is where the server actually runs (the reloader's child process). The base is
        # staticfiles' runserver, so the app's own CSS and scripts are served in development.
        if settings.CELERY_TASK_ALWAYS_EAGER:
            InProcessScheduler(app, settings.CELERY_BEAT_SCHEDULE).start()
            self.stdout.write("定时任务在本进程内运行：" + "、".join(settings.CELERY_BEAT_SCHEDULE) + "。")
        return super().inner_run(*args, **options)
