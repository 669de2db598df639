"""OCOP certificates about to expire: the cooperative's staff and the
commune's editors are told 90 and then 30 days before (rules.REMIND_DAYS_BEFORE),
once per product, certificate and threshold however often cron runs
(OcopExpiryReminder keeps what was sent). A certificate first seen already
inside the 30 days gets the 30-day reminder only."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cooperatives.memberships import Role
from cooperatives.models import OcopExpiryReminder, OcopProduct, Organization
from cooperatives.ocop import rules
from cooperatives.rating.events import Kind as NoticeKind
from cooperatives.rating.events import RatingNotice, emit
from cooperatives.registry.access import STAFF_ROLES


def _recipients(product: OcopProduct):
    organization = product.cooperative.organization
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__organization=organization, memberships__role__in=STAFF_ROLES)
            | Q(
                memberships__organization__unit=organization.unit_id,
                memberships__organization__kind=Organization.Kind.PEOPLES_COMMITTEE,
                memberships__role=Role.EDITOR,
            ),
            is_active=True,
        )
        .distinct()
    )


def _tell(product: OcopProduct, days_left: int) -> int:
    with override("vi"):
        subject = _("Giấy chứng nhận OCOP của “%(name)s” (%(coop)s) hết hạn ngày %(day)s") % {
            "name": product.name,
            "coop": product.cooperative.organization.short_name,
            "day": f"{product.expires_on:%d/%m/%Y}",
        }
        detail = _("Còn %(days)s ngày. Hãy chuẩn bị hồ sơ đánh giá lại để được công nhận tiếp.") % {"days": days_left}
    # Delivered as notifications by the reports app (cooperatives never imports reports).
    notice = RatingNotice(
        kind=NoticeKind.OCOP_EXPIRING,
        users=list(_recipients(product)),
        subject=subject,
        detail=detail,
        url=product.get_absolute_url(),
    )
    return emit(notice)


def ocop_expiry_remind(*, today: datetime.date | None = None) -> int:
    """Send the reminders due today; the number of people told."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(rules.REMIND_DAYS_BEFORE))
    products = OcopProduct.objects.filter(expires_on__gte=today, expires_on__lte=horizon).select_related(
        "cooperative__organization"
    )
    told = 0
    for product in products:
        days_left = (product.expires_on - today).days
        reached = sorted(days for days in rules.REMIND_DAYS_BEFORE if days_left <= days)
        sent = set(
            OcopExpiryReminder.objects.filter(product=product, expires_on=product.expires_on).values_list(
                "days_before", flat=True
            )
        )
        if reached[0] in sent:
            continue
        try:
            with transaction.atomic():
                # The rows first: a second run at the same moment fails on the unique constraint and tells no one.
                for days in reached:
                    if days not in sent:
                        OcopExpiryReminder.objects.create(
                            product=product, expires_on=product.expires_on, days_before=days
                        )
                told += _tell(product, days_left)
        except IntegrityError:
            continue
    return told
