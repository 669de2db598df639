"""The dashboard's rating card: for cooperative staff and commune officials,
"Đánh giá, phân loại HTX năm N" per cooperative, and any earlier year still
open (a returned or unconfirmed assessment)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.rating.access import rated_cooperatives
from cooperatives.rating.records import RatingAssessment


@dataclass(frozen=True)
class RatingLink:
    label: str
    url: str
    status: str


def rating_links(user) -> list[RatingLink]:
    year = timezone.localdate().year
    coops = list(rated_cooperatives(user))
    if not coops:
        return []
    open_rows = RatingAssessment.objects.filter(cooperative__in=coops, status__in=RatingAssessment.OPEN)
    open_years = {(row.cooperative_id, row.year): row for row in open_rows}
    links = []
    for coop in coops:
        years = sorted({year} | {y for (c, y) in open_years if c == coop.pk}, reverse=True)
        for shown in years:
            row = open_years.get((coop.pk, shown))
            label = _("Đánh giá, phân loại HTX năm %(year)s") % {"year": shown}
            links.append(
                RatingLink(
                    label=f"{label}: {coop.organization.short_name}",
                    url=reverse("cooperatives:rating_detail", args=[coop.pk, shown]),
                    status=row.get_status_display() if row is not None else "",
                )
            )
    return links
