"""`manage.py db_worker`: django-tasks-db's worker, which also sweeps the
queue for work left by a worker that stopped mid-task (reports/worker/lease.py).

It takes the name of django-tasks-db's command (reports is listed before
django_tasks_db in INSTALLED_APPS, and the first app's command wins), so the
README's command, the Makefile and any service file run it unchanged."""

import logging
import os
import threading

from django.conf import settings
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from reports.worker.lease import sweep

logger = logging.getLogger("reports.worker")


def sweep_interval() -> float:
    """Often enough that a stranded task waits little past its lease."""
    return max(1.0, min(60.0, settings.TASK_LEASE_SECONDS / 4))


def sweep_forever(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            sweep()
        except Exception:  # noqa: BLE001 - a database restarting; the next sweep tries again
            logger.exception("Sweep of stranded tasks failed")
        finally:
            connection.close()
        stop.wait(sweep_interval())


class Command(db_worker.Command):
    help = (
        "Run the task worker. Every worker also queues again the tasks a stopped worker left "
        "running for longer than TASK_LEASE_SECONDS."
    )

    def handle(self, *args, **options):
        # With --reload the outer process only watches files; the child sweeps.
        if not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            stop = threading.Event()
            threading.Thread(target=sweep_forever, args=(stop,), name="lease-sweep", daemon=True).start()
        super().handle(*args, **options)
