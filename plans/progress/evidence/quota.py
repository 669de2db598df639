"""How much evidence one person may send: PROGRESS_UPLOAD_QUOTA_MB_PER_DAY
megabytes in any 24 hours, counted from the evidence of their own updates
(the bytes they sent: a photo's original, not its smaller copy)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from htxplan.uploads import MB, mb_text
from plans.models import Evidence

__all__ = ["MB", "WINDOW", "mb_text", "quota_check"]

WINDOW = datetime.timedelta(hours=24)


def quota_check(user, incoming: int, *, now: datetime.datetime | None = None) -> None:
    """Nothing when `incoming` more bytes fit in the user's day; otherwise a
    ValidationError saying how much is left and when enough is free again."""
    limit = settings.PROGRESS_UPLOAD_QUOTA_MB_PER_DAY * MB
    if incoming > limit:
        raise ValidationError(
            _("Các tệp lần này nặng %(size)s MB, hơn cả giới hạn %(limit)s MB mỗi người mỗi ngày. Hãy gửi ít tệp hơn.")
            % {"size": mb_text(incoming), "limit": settings.PROGRESS_UPLOAD_QUOTA_MB_PER_DAY}
        )
    now = now or timezone.now()
    sent = list(
        Evidence.objects.filter(update__author=user, update__created_at__gt=now - WINDOW)
        .annotate(sent=Coalesce("original_size", "size"))
        .order_by("update__created_at", "pk")
        .values_list("update__created_at", "sent")
    )
    used = sum(size for _at, size in sent)
    if used + incoming <= limit:
        return
    # The oldest bytes leave the window first: enough has left once they add up to the excess.
    excess, freed = used + incoming - limit, 0
    for at, size in sent:
        freed += size
        if freed >= excess:
            free_at = timezone.localtime(at + WINDOW)
            break
    raise ValidationError(
        _(
            "Trong 24 giờ qua bạn đã gửi %(used)s MB tệp minh chứng; mỗi người được gửi %(limit)s MB mỗi ngày, "
            "nên chỉ còn %(left)s MB, mà các tệp lần này nặng %(size)s MB. Từ %(time)s ngày %(day)s sẽ đủ chỗ "
            "cho các tệp này; hoặc gửi bớt tệp ngay bây giờ."
        )
        % {
            "used": mb_text(used),
            "limit": settings.PROGRESS_UPLOAD_QUOTA_MB_PER_DAY,
            "left": mb_text(max(0, limit - used)),
            "size": mb_text(incoming),
            "time": f"{free_at:%H:%M}",
            "day": f"{free_at:%d/%m/%Y}",
        }
    )
