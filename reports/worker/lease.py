"""Claimed work is never stranded.

django-tasks-db marks a task RUNNING when a worker claims it and never looks
at it again: a worker killed mid-task (a crash, an out-of-memory kill, a host
restart) leaves it RUNNING for good. Every worker sweeps now and then:

- a task RUNNING for longer than TASK_LEASE_SECONDS is put back in the queue
  (every task of the portal ends well inside the lease, and each can run
  twice: a send claims its delivery first, a render writes the same file);
  after TASK_MAX_CLAIMS claims it is marked failed rather than crash a
  worker for ever;
- a delivery left "queued" or "đang gửi" for longer than the lease with no
  task of its own alive (its task lost in a crash between the issue's commit
  and the queueing, or failed outside the send) is queued again.

The conditional updates make two workers sweeping at once harmless.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reports.models import Delivery
from reports.tasks import delivery_email_enqueue, delivery_email_task

logger = logging.getLogger(__name__)

EmailStatus = Delivery.EmailStatus


class LeaseExpired(Exception):
    """The task's worker stopped TASK_MAX_CLAIMS times while running it."""


def lease_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)


def stranded_tasks_requeue(now: datetime.datetime | None = None) -> dict[str, int]:
    """Put the tasks whose worker stopped mid-run back in the queue; give up
    on those that stopped their worker TASK_MAX_CLAIMS times."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0}
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=lease_cutoff(now))
    for pk, started_at, worker_ids in stale.values_list("pk", "started_at", "worker_ids")[:500]:
        # Only if nobody has moved it meanwhile (another sweep, its worker waking up).
        same = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at)
        if len(worker_ids) >= settings.TASK_MAX_CLAIMS:
            error = LeaseExpired(
                f"Task claimed {len(worker_ids)} times, its worker stopping each time before the end "
                f"(lease {settings.TASK_LEASE_SECONDS} s)"
            )
            counts["failed"] += same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{LeaseExpired.__module__}.{LeaseExpired.__qualname__}",
                traceback=str(error),
            )
        else:
            counts["requeued"] += same.update(status=TaskResultStatus.READY, started_at=None)
    if any(counts.values()):
        logger.warning("Stranded tasks: %(requeued)s queued again, %(failed)s given up", counts)
    return counts


def _live_delivery_tasks() -> set[int]:
    """Deliveries with a mail task queued or running (args are [delivery_id])."""
    live = DBTaskResult.objects.filter(
        task_path=delivery_email_task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    return {args["args"][0] for args in live if args.get("args")}


def stranded_deliveries_requeue(now: datetime.datetime | None = None) -> int:
    """Queue again the mails left queued or being sent past the lease with
    no task alive for them."""
    now = now or timezone.now()
    cutoff = lease_cutoff(now)
    stuck = Delivery.objects.filter(
        Q(email_status=EmailStatus.SENDING, email_claimed_at__lt=cutoff)
        | Q(email_status=EmailStatus.QUEUED, email_next_attempt_at__lt=cutoff)
        | Q(email_status=EmailStatus.QUEUED, email_next_attempt_at__isnull=True, created_at__lt=cutoff)
    ).values_list("pk", flat=True)[:500]
    stuck = set(stuck) - _live_delivery_tasks()
    if not stuck:
        return 0
    # Queued since now: the next sweep leaves them to the new task.
    Delivery.objects.filter(pk__in=stuck, email_status=EmailStatus.QUEUED).update(email_next_attempt_at=now)
    delivery_email_enqueue(delivery_ids=sorted(stuck))
    logger.warning("Deliveries with no mail task: %s queued again", len(stuck))
    return len(stuck)


def sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """One sweep; the stranded tasks first, so a delivery whose task is put
    back is not queued twice."""
    counts = stranded_tasks_requeue(now)
    counts["deliveries"] = stranded_deliveries_requeue(now)
    return counts
