"""The periodic jobs without a broker: CELERY_BEAT_SCHEDULE run inside the web process.

With REDIS_URL set, docker-compose runs Celery beat and a worker. The embedded default
(`make run`) has no broker, so this thread reads the same schedule and runs each job in
process when it falls due (reminders at 17:05 on Fridays, the weekly reports at 17:15 …).
"""

from __future__ import annotations

import logging
import threading

from celery import Celery

log = logging.getLogger(__name__)


class InProcessScheduler(threading.Thread):
    def __init__(self, app: Celery, schedule: dict, *, interval: float = 20.0):
        super().__init__(name="ledger-scheduler", daemon=True)
        self.app, self.schedule, self.interval = app, schedule, interval
        self.stopped = threading.Event()
        self.last_run = {name: app.now() for name in schedule}
        app.loader.import_default_modules()  # the apps' tasks modules: autodiscovery is lazy

    def due(self) -> list[str]:
        """Names of the jobs due now (each entry's crontab against its last run)."""
        names = []
        for name, entry in self.schedule.items():
            schedule = entry["schedule"]
            schedule.app = self.app
            if schedule.is_due(self.last_run[name]).is_due:
                names.append(name)
        return names

    def run_due(self) -> list[str]:
        ran = []
        for name in self.due():
            self.last_run[name] = self.app.now()
            task = self.app.tasks[self.schedule[name]["task"]]
            try:
                result = task.apply()
                log.info("定时任务 %s 完成：%s", name, result.result)
            except Exception:  # one failing job must not stop the others
                log.exception("定时任务 %s 失败", name)
            ran.append(name)
        return ran

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.run_due()
