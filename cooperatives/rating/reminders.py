"""Reminders before the rating deadlines of the criteria set (Thông tư
01/2020: the cooperative by 15 December, the district by 18 December),
from `manage.py send_reminders` once a day, from 1 December to the
district's deadline:

- the staff of cooperatives that have not submitted the year's assessment;
- the commune officials with submitted assessments waiting for review;
- the district officers with assessments forwarded and not yet confirmed.

Each notice is a RATING_DUE notification; the reports listener sends the
same one to a person at most once every REMIND_EVERY_DAYS days."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from cooperatives.models import Cooperative
from cooperatives.rating import criteria, events, rules
from cooperatives.rating.records import RatingAssessment
from cooperatives.rating.services import people_for

Status = RatingAssessment.Status


def _notice(users, subject: str, detail: str, url: str) -> int:
    return events.emit(
        events.RatingNotice(kind=events.Kind.DUE, users=list(users), subject=subject, detail=detail, url=url)
    )


def _waiting(year: int, status: str, to: str, due: datetime.date) -> int:
    sent = 0
    for row in RatingAssessment.objects.filter(year=year, status=status).select_related("cooperative__organization"):
        with override("vi"):
            subject = _("Bản đánh giá %(coop)s năm %(year)s chờ xử lý") % {
                "coop": row.cooperative.organization.short_name,
                "year": year,
            }
            detail = _("Hạn là ngày %(date)s.") % {"date": f"{due:%d/%m/%Y}"}
        sent += _notice(people_for(row, to), subject, detail, row.get_absolute_url())
    return sent


def rating_reminders_send(*, today: datetime.date) -> int:
    """How many people were reminded today."""
    year = today.year
    data = criteria.set_for_year(year).data
    if not rules.deadline(data, "reminders_from", year) <= today <= rules.deadline(data, "district", year):
        return 0
    own_due = rules.deadline(data, "cooperative", year)
    done = RatingAssessment.objects.filter(year=year).exclude(status=Status.DRAFT).values("cooperative")
    sent = 0
    coops = Cooperative.objects.filter(status=Cooperative.Status.ACTIVE).exclude(pk__in=done)
    for coop in coops.select_related("organization"):
        if rules.not_rated_reason(founded_on=coop.founded_on, year=year, data=data):
            continue  # nothing to rate this year
        with override("vi"):
            subject = _("Tự đánh giá, phân loại %(coop)s năm %(year)s") % {
                "coop": coop.organization.short_name,
                "year": year,
            }
            detail = _("HTX gửi bản tự đánh giá trước ngày %(date)s.") % {"date": f"{own_due:%d/%m/%Y}"}
        probe = RatingAssessment(cooperative=coop, year=year)
        url = reverse("cooperatives:rating_detail", args=[coop.pk, year])
        sent += _notice(people_for(probe, "cooperative"), subject, detail, url)
    district_due = rules.deadline(data, "district", year)
    sent += _waiting(year, Status.SUBMITTED, "commune", district_due)
    sent += _waiting(year, Status.FORWARDED, "district", district_due)
    return sent
