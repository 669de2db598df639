"""Notification e-mails, always in Vietnamese: one at once through the task
worker (reports/tasks.py), or the day's in one digest (`manage.py
send_notification_digest`, from cron). Links use SITE_URL."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from reports.models import Notification

logger = logging.getLogger(__name__)

Email = Notification.Email


def _lines(notifications: list[Notification]) -> str:
    with translation.override("vi"):
        return render_to_string(
            "reports/notifications/email.txt", {"notifications": notifications, "site_url": settings.SITE_URL}
        )


def notification_email_send(*, notification_id: int) -> str:
    """Send one notification's e-mail; the row is locked so that it goes once."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user", "actor")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.email != Email.QUEUED:
            return notification.email if notification else "missing"
        with translation.override("vi"):
            subject = f"[HTX Plan] {notification.get_kind_display()}: {notification.subject}"[:200]
        try:
            send_mail(subject, _lines([notification]), None, [notification.user.email])
        except Exception as error:  # noqa: BLE001 - recorded; the bell still shows it
            logger.warning("Gửi thư thông báo %s thất bại: %s", notification.pk, error)
            notification.email = Email.FAILED
        else:
            notification.email = Email.SENT
        notification.save(update_fields=["email"])
        return notification.email


def notification_digest_send() -> int:
    """One e-mail per person with every notification waiting for the digest;
    how many e-mails went. Safe to run again: sent ones are marked."""
    waiting = Notification.objects.filter(email=Email.DIGEST).select_related("user", "actor").order_by("created_at")
    by_user: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for items in by_user.values():
        user = items[0].user
        with transaction.atomic():
            # Marked in the same transaction: a refused mail leaves them for the next run.
            Notification.objects.filter(pk__in=[n.pk for n in items], email=Email.DIGEST).update(email=Email.SENT)
            send_mail(f"[HTX Plan] {len(items)} thông báo trong ngày", _lines(items), None, [user.email])
        sent += 1
    return sent
