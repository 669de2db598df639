"""The cooperatives' notices (cooperatives/rating/events.py) as notifications:
a step (RATING_STEP) and an expiring OCOP certificate at once, a deadline (RATING_DUE) at most once every
REMIND_EVERY_DAYS days per person, like the other reminders."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cooperatives.rating.events import Kind as NoticeKind
from cooperatives.rating.events import RatingNotice
from reports.models import Notification
from reports.notifications.services import notifications_create
from reports.reminders.services import REMIND_EVERY_DAYS

KINDS = {
    NoticeKind.STEP: Notification.Kind.RATING_STEP,
    NoticeKind.DUE: Notification.Kind.RATING_DUE,
    NoticeKind.OCOP_EXPIRING: Notification.Kind.OCOP_EXPIRING,
}


def rating_notify(notice: RatingNotice) -> int:
    users = list(notice.users)
    kind = KINDS[notice.kind]
    if notice.kind == NoticeKind.DUE:
        since = timezone.now() - datetime.timedelta(days=REMIND_EVERY_DAYS) + datetime.timedelta(hours=1)
        told = set(
            Notification.objects.filter(kind=kind, subject=notice.subject[:500], created_at__gte=since).values_list(
                "user_id", flat=True
            )
        )
        users = [user for user in users if user.pk not in told]
    made = notifications_create(
        users=users, kind=kind, subject=notice.subject, actor=notice.actor, detail=notice.detail, url=notice.url
    )
    return len(made)
