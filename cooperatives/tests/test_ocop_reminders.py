"""The expiry reminder: 90 and 30 days before, once per product and threshold,
to the cooperative's staff and the commune's editors."""

import datetime

from django.core.management import call_command

from cooperatives.models import OcopGroup, OcopProduct
from cooperatives.ocop.reminders import ocop_expiry_remind
from reports.models import Notification

EXPIRES = datetime.date(2026, 6, 30)


def _product(coop):
    return OcopProduct.objects.create(
        cooperative=coop,
        name="Gạo thơm",
        group=OcopGroup.objects.get(code="thuc-pham"),
        stars=3,
        certified_on=datetime.date(2023, 6, 30),
        expires_on=EXPIRES,
        level="province",
    )


def _told():
    return sorted(Notification.objects.filter(kind="ocop_expiring").values_list("user__username", flat=True))


def test_each_threshold_reminds_once(cast, coops):
    _product(coops["a"])
    assert ocop_expiry_remind(today=EXPIRES - datetime.timedelta(days=91)) == 0
    assert ocop_expiry_remind(today=EXPIRES - datetime.timedelta(days=90)) == 2
    assert _told() == ["canbo_a", "htx_a"]
    assert ocop_expiry_remind(today=EXPIRES - datetime.timedelta(days=89)) == 0
    assert ocop_expiry_remind(today=EXPIRES - datetime.timedelta(days=30)) == 2
    assert ocop_expiry_remind(today=EXPIRES - datetime.timedelta(days=29)) == 0
    assert ocop_expiry_remind(today=EXPIRES + datetime.timedelta(days=1)) == 0
    notification = Notification.objects.filter(kind="ocop_expiring").first()
    assert "30/06/2026" in notification.subject and "Gạo thơm" in notification.subject


def test_a_certificate_first_seen_inside_30_days_is_told_once(cast, coops):
    _product(coops["a"])
    call_command("send_reminders", date=str(EXPIRES - datetime.timedelta(days=10)), stdout=open("/dev/null", "w"))
    call_command("send_reminders", date=str(EXPIRES - datetime.timedelta(days=9)), stdout=open("/dev/null", "w"))
    assert _told() == ["canbo_a", "htx_a"]


def test_a_renewed_certificate_is_reminded_again(cast, coops):
    product = _product(coops["a"])
    ocop_expiry_remind(today=EXPIRES - datetime.timedelta(days=30))
    product.expires_on = EXPIRES + datetime.timedelta(days=365 * 3)
    product.save()
    assert ocop_expiry_remind(today=product.expires_on - datetime.timedelta(days=30)) == 2


def test_the_demo_sends_its_reminder(seed_plan):
    call_command("send_reminders", stdout=open("/dev/null", "w"))
    assert "canbo_vinhloi" in _told() and "htx_vinhloi" in _told()
    product = OcopProduct.objects.get()
    assert product.note == "Dữ liệu minh họa"
