"""Reminders before the rating deadlines, once per person per REMIND_EVERY_DAYS."""

import datetime

from django.core.management import call_command

from cooperatives.rating import services
from cooperatives.rating.reminders import rating_reminders_send
from reports.models import Notification

DUE = Notification.Kind.RATING_DUE


def _told(kind=DUE):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_nothing_before_the_first_of_december(cast, coops):
    assert rating_reminders_send(today=datetime.date(2021, 11, 30)) == 0
    assert rating_reminders_send(today=datetime.date(2021, 12, 19)) == 0


def test_cooperatives_not_submitted_are_reminded_once(cast, coops):
    assert rating_reminders_send(today=datetime.date(2021, 12, 1)) == 2
    assert _told() == ["htx_a", "htx_b"]
    detail = Notification.objects.filter(user=cast["staff_a"]).get().detail
    assert detail == "HTX gửi bản tự đánh giá trước ngày 15/12/2021."
    assert rating_reminders_send(today=datetime.date(2021, 12, 2)) == 0
    assert _told() == ["htx_a", "htx_b"]


def test_communes_and_districts_with_assessments_waiting(cast, coops):
    row = services.assessment_start(cooperative=coops["a"], year=2021)
    row.status = services.Status.SUBMITTED
    row.save()
    rating_reminders_send(today=datetime.date(2021, 12, 16))
    assert _told() == ["canbo_a", "chutich_a", "htx_b"]
    row.status = services.Status.FORWARDED
    row.save()
    Notification.objects.all().delete()
    call_command("send_reminders", date="2021-12-17", stdout=open("/dev/null", "w"))
    assert "phongnn" in _told()
    assert "canbo_a" not in _told()


def test_a_cooperative_too_new_is_not_reminded(cast, coops):
    coops["b"].founded_on = datetime.date(2021, 6, 1)
    coops["b"].save()
    rating_reminders_send(today=datetime.date(2021, 12, 1))
    assert _told() == ["htx_a"]
