"""Celery application.

With REDIS_URL set, tasks go through a real Redis broker to a worker; without it,
settings make Celery run every task eagerly in-process so the embedded default
needs nothing but Python.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jining.settings")

app = Celery("jining")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
