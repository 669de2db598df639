"""/healthz: whether this web host can serve, for a load balancer or a monitor.

Checks the database (one query), the cache (a write read back) and the task
worker's queue: a task ready to run for more than QUEUE_STUCK_MINUTES, or
one claimed and still running after RUNNING_STUCK_MINUTES, means no worker
is taking the queue (an e-mail of an issued document, a long plan's PDF).
Answers 200 with "ok" for each, or 503 naming what failed; no login, and
nothing about the data. Cheap enough to be asked every few seconds.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)
QUEUE_STUCK_MINUTES = 15
RUNNING_STUCK_MINUTES = 30


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache() -> bool:
    key, token = "htx:healthz", uuid.uuid4().hex
    cache.set(key, token, 30)
    return cache.get(key) == token


def _worker() -> bool:
    """No task waiting or running far longer than any run takes (database queue only)."""
    from django.conf import settings

    if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
        return True
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    waiting = DBTaskResult.objects.filter(
        status="READY", run_after__lt=now - datetime.timedelta(minutes=QUEUE_STUCK_MINUTES)
    )
    running = DBTaskResult.objects.filter(
        status="RUNNING", started_at__lt=now - datetime.timedelta(minutes=RUNNING_STUCK_MINUTES)
    )
    return not waiting.exists() and not running.exists()


CHECKS = {"database": _database, "cache": _cache, "worker": _worker}


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception:  # a check that cannot even run is a failing check, said in the log
            log.exception("health check %s failed", name)
            results[name] = "failing"
    healthy = all(value == "ok" for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **results}, status=200 if healthy else 503)
