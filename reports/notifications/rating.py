"""The rating's notices (cooperatives/rating/events.py) as notifications:
a step (RATING_STEP) at once, a deadline (RATING_DUE) at most once every
REMIND_EVERY_DAYS days per person, like the other reminders."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cooperatives.rating.events import Kind as NoticeKind
from cooperatives.rating.events import RatingNotice
from reports.models import Notification
from reports.notifications.services import notifications_create
from reports.reminders.services import REMIND_EVERY_DAYS


def rating_notify(notice: RatingNotice) -> int:
    users = list(notice.users)
    kind = Notification.Kind.RATING_STEP if notice.kind == NoticeKind.STEP else Notification.Kind.RATING_DUE
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
