"""E-mailing one delivery, the document's PDF attached. The task worker
(reports/tasks.py, run by `manage.py db_worker`) calls it, so issuing never
waits on the mail server. A failed send is recorded on the delivery and
tried again a few times with growing pauses; the issuer can also try again
by hand ("Gửi lại", deliveries.py)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from reports.documents.downloads import PDF, document_filename
from reports.documents.renders import document_render
from reports.models import Delivery

logger = logging.getLogger(__name__)

EmailStatus = Delivery.EmailStatus

# Five tries in all: at once, then after 1, 5, 25 and 125 minutes, which
# rides out a mail server restart or a night's outage of a commune's line.
MAX_EMAIL_ATTEMPTS = 5


RETRY_BASE_SECONDS = 60


RETRY_FACTOR = 5


def _retry_delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=RETRY_BASE_SECONDS * RETRY_FACTOR ** max(attempts - 1, 0))


def _email_message(delivery: Delivery) -> EmailMessage:
    document = delivery.document
    with translation.override("vi"):
        ctx = {
            "delivery": delivery,
            "document": document,
            "kind": "Kế hoạch" if delivery.plan_id else "Báo cáo",
            "inbox_url": settings.SITE_URL + reverse("reports:inbox"),
        }
        subject = " ".join(render_to_string("reports/email/delivery_subject.txt", ctx).split())
        body = render_to_string("reports/email/delivery.txt", ctx)
    message = EmailMessage(
        subject, body, to=[delivery.email_address], headers={"Message-ID": delivery.email_message_id}
    )
    message.attach(document_filename(document, "pdf"), document_render(document, "pdf"), PDF)
    return message


def _locked(delivery_id: int) -> Delivery | None:
    return (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("plan__issuer", "report__issuer", "report__plan", "organization")
        .filter(pk=delivery_id)
        .first()
    )


def _claim(delivery_id: int) -> tuple[Delivery | None, str]:
    """Take the next try, in a transaction of its own that ends before the
    mail server is spoken to: a silent server holds no lock (on SQLite, the
    whole database's). A try left by a worker that stopped mid-send counts as
    interrupted once the lease has passed, and may be taken again."""
    with transaction.atomic():
        delivery = _locked(delivery_id)
        if delivery is None:
            return None, "missing"
        now = timezone.now()
        if delivery.email_status == EmailStatus.SENDING and delivery.email_stuck:
            delivery.email_interrupted_at = delivery.email_claimed_at or now
        elif delivery.email_status not in (EmailStatus.QUEUED, EmailStatus.FAILED):
            return None, delivery.email_status
        delivery.email_status = EmailStatus.SENDING
        delivery.email_attempts += 1
        delivery.email_claimed_at = now
        delivery.email_next_attempt_at = None
        if not delivery.email_message_id:
            delivery.email_message_id = make_msgid(domain=urlsplit(settings.SITE_URL).hostname)
        delivery.save(
            update_fields=[
                "email_status",
                "email_attempts",
                "email_claimed_at",
                "email_next_attempt_at",
                "email_message_id",
                "email_interrupted_at",
            ]
        )
        return delivery, EmailStatus.SENDING


def _record(claimed: Delivery, error: Exception | None, requeue: Callable[..., None] | None) -> str:
    """Write down how the try ended. A try that outlived its lease may have
    been taken over by another worker: its failure is then left to the newer
    try, its success is still recorded."""
    with transaction.atomic():
        delivery = _locked(claimed.pk)
        if delivery is None:
            return "missing"
        ours = delivery.email_status == EmailStatus.SENDING and delivery.email_claimed_at == claimed.email_claimed_at
        if not ours and (error is not None or delivery.email_status == EmailStatus.SENT):
            return delivery.email_status
        delivery.email_claimed_at = None
        if error is None:
            delivery.email_status = EmailStatus.SENT
            delivery.email_sent_at = timezone.now()
            delivery.email_error = ""
        else:
            logger.warning("Gửi thư văn bản %s thất bại (lần %s): %s", delivery.pk, delivery.email_attempts, error)
            delivery.email_status = EmailStatus.FAILED
            delivery.email_error = (f"{type(error).__name__}: {error}".strip())[:2000]
            if delivery.email_attempts < MAX_EMAIL_ATTEMPTS and requeue is not None:
                delivery.email_next_attempt_at = timezone.now() + _retry_delay(delivery.email_attempts)
                requeue(delivery_ids=[delivery.pk], run_after=delivery.email_next_attempt_at)
        delivery.save(
            update_fields=["email_status", "email_error", "email_sent_at", "email_next_attempt_at", "email_claimed_at"]
        )
        return delivery.email_status


def delivery_email_send(*, delivery_id: int, requeue: Callable[..., None] | None = None) -> str:
    """Send one delivery's e-mail with the PDF attached; run by the worker
    (reports/tasks.py), which passes `requeue` when its queue can run a task
    later.

    The try is claimed first (the delivery shows "đang gửi", since when and
    which try), so a retry by hand racing a scheduled one cannot mail the
    document twice: the second finds it being sent or sent. Any failure (the
    PDF, the mail server, its EMAIL_TIMEOUT) is recorded with its text; the
    next try is requeued with a growing pause until MAX_EMAIL_ATTEMPTS. A
    worker killed between the server's acceptance and the record leaves the
    claim, which the next try takes over after the lease: at most one extra
    copy, with the same Message-ID, and the delivery keeps the time of the
    interrupted try."""
    delivery, status = _claim(delivery_id)
    if delivery is None:
        return status
    try:
        if not delivery.email_address:
            raise ValueError("Cơ quan nhận không có địa chỉ thư điện tử.")
        _email_message(delivery).send()
    except Exception as error:  # noqa: BLE001 - whatever failed is shown to the issuer
        return _record(delivery, error, requeue)
    return _record(delivery, None, requeue)
