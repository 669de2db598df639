"""Demo ratings (all marked "Dữ liệu minh họa"), called once from seed_demo:

- HTX NN Vĩnh Lợi, founded 20/11/2020: 2020 confirmed as not rated, with
  the reason the rules give. 2021 is left open on purpose: htx_vinhloi fills
  it, canbo_vinhloi reviews it, phongnn_chauthanh confirms it.
- HTX NN Phú Tân (the second commune): 2020 and 2021 confirmed with scores.

Running it again changes nothing: a year that has an assessment is kept."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from cooperatives.models import Cooperative
from cooperatives.rating import criteria
from cooperatives.rating.records import RatingAssessment, RatingEvent
from cooperatives.rating.review import rating_write
from cooperatives.rating.services import assessment_start, recompute

DEMO_NOTE = "Dữ liệu minh họa"
HALF = Decimal("0.5")


def _write(row: RatingAssessment) -> None:
    rating = rating_write(row)
    if not row.not_rated_reason:
        rating.note = f"{DEMO_NOTE}: {rating.note}"[:255]
        rating.save(update_fields=["note"])


def _confirmed(coop: Cooperative, year: int, share: str, figures: dict) -> None:
    found = coop.assessments.filter(year=year, status=RatingAssessment.Status.CONFIRMED).order_by("-number").first()
    if found is not None:
        _write(found)  # seed_cooperatives has just written its own row for 2020 again
        return
    if coop.assessments.filter(year=year).exists():
        return
    row = assessment_start(cooperative=coop, year=year, is_demo=True)
    maxima = {item["code"]: Decimal(str(item["max"])) for item in criteria.set_items(row.criteria_set.data)}
    for item in row.items.all():
        points = (maxima[item.code] * Decimal(share) / HALF).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF
        item.claimed = item.points = points
        item.note = DEMO_NOTE
        item.save()
    for key, value in figures.items():
        setattr(row, key, value)
    confirmed_at = timezone.make_aware(datetime.datetime(year, 12, 18, 9, 0))
    row.status, row.submitted_at, row.confirmed_at = RatingAssessment.Status.CONFIRMED, confirmed_at, confirmed_at
    recompute(row)
    row.save()
    RatingEvent.objects.create(assessment=row, action=RatingEvent.Action.CONFIRMED, reason=DEMO_NOTE)
    _write(row)


def demo_ratings(cooperatives: dict[str, Cooperative]) -> None:
    vinhloi, phutan = cooperatives["vinhloi"], cooperatives["phutan"]
    _confirmed(vinhloi, 2020, "0", {})
    figures = {"member_count": 126, "revenue": Decimal("3200000000"), "capital": Decimal("1500000000")}
    _confirmed(phutan, 2020, "0.72", figures)
    _confirmed(phutan, 2021, "0.82", figures | {"member_count": 131, "revenue": Decimal("3900000000")})
