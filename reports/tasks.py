"""Background tasks of the reports app, run by `manage.py db_worker`, and
the queue they are put on.

The module stays at this path: queued tasks are stored by their dotted path.
It imports the sending service, and the services that queue mail import it;
the service never imports the task, so there is no cycle: a retry is queued
through the `requeue` the task hands it.
"""

import datetime

from django.db import transaction
from django_tasks import task

from reports.distribution.mailing import delivery_email_send
from reports.documents.preparing import plan_pdf_prepared
from reports.notifications.mailing import notification_email_send


@task()
def delivery_email_task(delivery_id: int) -> str:
    """E-mail one delivery (the document's PDF attached); see mailing.delivery_email_send."""
    # The next try waits minutes; a queue that runs everything at once (the
    # immediate backend) must not retry in a loop.
    requeue = delivery_email_enqueue if delivery_email_task.get_backend().supports_defer else None
    return delivery_email_send(delivery_id=delivery_id, requeue=requeue)


def delivery_email_enqueue(*, delivery_ids: list[int], run_after: datetime.datetime | None = None) -> None:
    """Queue the sending task once the current transaction commits: the
    worker must find the delivery rows, and a rolled-back issue sends nothing.
    A queue that refuses the task is logged, never allowed to undo an issue."""

    def enqueue() -> None:
        queued = delivery_email_task.using(run_after=run_after) if run_after else delivery_email_task
        for pk in delivery_ids:
            queued.enqueue(pk)

    transaction.on_commit(enqueue, robust=True)


@task()
def notification_email_task(notification_id: int) -> str:
    """E-mail one notification; see notifications.mailing.notification_email_send."""
    return notification_email_send(notification_id=notification_id)


def notification_email_enqueue(*, notification_ids: list[int]) -> None:
    """Queue the notification e-mails once the current transaction commits."""

    def enqueue() -> None:
        for pk in notification_ids:
            notification_email_task.enqueue(pk)

    transaction.on_commit(enqueue, robust=True)


@task()
def plan_pdf_task(plan_id: int, key: str) -> str:
    """Render a long plan's PDF into the render cache; see documents.preparing."""
    return plan_pdf_prepared(plan_id=plan_id, key=key)


def plan_pdf_enqueue(plan_id: int, key: str) -> None:
    """Queue it at once: the waiting page asks for the file within seconds,
    and the mark of the queued render is already stored."""
    plan_pdf_task.enqueue(plan_id, key)
