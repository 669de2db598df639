"""What recipients do with a delivery: open it, download it, confirm receipt."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.memberships import member_organization_ids
from plans.models import Plan
from reports.models import Delivery, DeliveryDownload


def delivery_read(*, delivery: Delivery, user) -> Delivery:
    """Record the first time a member of the recipient opened the document.
    A conditional UPDATE, so two first readers at once keep the earlier."""
    if delivery.first_read_at is None:
        now = timezone.now()
        if Delivery.objects.filter(pk=delivery.pk, first_read_at__isnull=True).update(
            first_read_at=now, first_read_by=user
        ):
            delivery.first_read_at, delivery.first_read_by = now, user
    return delivery


@transaction.atomic
def delivery_download_record(*, delivery: Delivery, user, format: str) -> DeliveryDownload:
    if format not in DeliveryDownload.Format.values:
        raise ValidationError(_("Định dạng tải không hợp lệ."))
    download = DeliveryDownload.objects.create(delivery=delivery, user=user, format=format)
    delivery_read(delivery=delivery, user=user)
    return download


def document_download_record(*, user, format: str, plan: Plan | None = None, report=None) -> int:
    """A download from the document's own page by a member of an organisation
    it was delivered to counts as that organisation's download, as one from
    the inbox does. Returns how many deliveries it was recorded on."""
    organization_ids = member_organization_ids(user)
    if not organization_ids:
        return 0
    deliveries = Delivery.objects.filter(organization__in=organization_ids)
    deliveries = deliveries.filter(plan=plan) if plan is not None else deliveries.filter(report=report)
    recorded = 0
    for delivery in deliveries:
        delivery_download_record(delivery=delivery, user=user, format=format)
        recorded += 1
    return recorded


@transaction.atomic
def delivery_confirm(*, delivery: Delivery, user) -> tuple[Delivery, bool]:
    """ "Đã nhận": the recipient confirms receipt. Confirming again, or two
    members confirming at once, keeps the first confirmation: the UPDATE
    only touches a row not yet confirmed. Returns the delivery and whether
    this call was the one that confirmed it."""
    now = timezone.now()
    confirmed = bool(
        Delivery.objects.filter(pk=delivery.pk, confirmed_at__isnull=True).update(confirmed_at=now, confirmed_by=user)
    )
    delivery_read(delivery=delivery, user=user)
    delivery = Delivery.objects.select_related("confirmed_by", "organization").get(pk=delivery.pk)
    return delivery, confirmed
