"""The computations of a rating, from the criteria set's data alone: the
total score, the category, whether the year can be rated at all, the size
class. Plain functions; the page's script (static/js/rating.js) shows the
same score and category as one types, and the server computes them again.

Months are counted on the calendar: a cooperative founded on 20/11/2020 has
operated 12 months on 20/11/2021. It is rated for a year when it has
operated at least 12 months by the end of that year (31 December), so only
one founded on or before 1 January of the year is rated for it; one founded
on 3 January has 11 months 29 days at the end of the year and is not."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

TENTH = Decimal("0.1")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def total_score(points: Iterable[Decimal | None]) -> Decimal:
    """The sum, one decimal (half up); an empty item counts 0."""
    total = sum((Decimal(p) for p in points if p is not None), Decimal(0))
    return total.quantize(TENTH, rounding=ROUND_HALF_UP)


def category(score: Decimal, data: dict) -> str:
    """The rating whose floor the score reaches (Tốt from 80, Khá from 65, Trung bình from 50, else Yếu)."""
    for entry in sorted(data["categories"], key=lambda c: -Decimal(str(c["min"]))):
        if score >= Decimal(str(entry["min"])):
            return entry["rating"]
    return data["categories"][-1]["rating"]


def operated_enough(founded_on: datetime.date | None, year: int, months: int) -> bool:
    if founded_on is None:
        return True
    return add_months(founded_on, months) <= datetime.date(year + 1, 1, 1)


def stopped_too_long(start: datetime.date | None, end: datetime.date | None, months: int) -> bool:
    """Stopped for more than `months` (both days counted): 01/03–31/05 is 3 months, not more."""
    if start is None or end is None:
        return False
    return add_months(start, months) <= end


def not_rated_reason(
    *,
    founded_on: datetime.date | None,
    year: int,
    data: dict,
    stopped_from: datetime.date | None = None,
    stopped_until: datetime.date | None = None,
) -> str:
    """Why the year cannot be rated, or "" when it can."""
    rules = data["not_rated"]
    if founded_on is not None and founded_on.year > year:
        return _("Hợp tác xã chưa thành lập trong năm đánh giá (thành lập ngày %(date)s)") % {
            "date": f"{founded_on:%d/%m/%Y}"
        }
    if not operated_enough(founded_on, year, rules["min_months_operated"]):
        return _("Hoạt động chưa đủ %(months)s tháng trong năm đánh giá (thành lập ngày %(date)s)") % {
            "months": rules["min_months_operated"],
            "date": f"{founded_on:%d/%m/%Y}",
        }
    if stopped_too_long(stopped_from, stopped_until, rules["max_months_stopped"]):
        return _("Tạm ngừng hoạt động quá %(months)s tháng trong năm đánh giá (từ %(start)s đến %(end)s)") % {
            "months": rules["max_months_stopped"],
            "start": f"{stopped_from:%d/%m/%Y}",
            "end": f"{stopped_until:%d/%m/%Y}",
        }
    return ""


def size_class(*, members: int | None, revenue: Decimal | None, capital: Decimal | None, data: dict) -> str:
    """Nghị định 113/2024/NĐ-CP: the first class whose member floor is met
    and whose revenue or capital floor is; "" while the figures are missing."""
    if members is None or (revenue is None and capital is None):
        return ""
    sizes = data["size_classes"]
    for entry in sizes["classes"]:
        money = (revenue is not None and revenue >= Decimal(str(entry["min_revenue"]))) or (
            capital is not None and capital >= Decimal(str(entry["min_capital"]))
        )
        if members >= entry["min_members"] and money:
            return entry["size_class"]
    return sizes["otherwise"]


@dataclass(frozen=True)
class Result:
    score: Decimal | None
    rating: str  # a CooperativeRating.Rating value
    size_class: str
    not_rated_reason: str


def assess(
    *,
    data: dict,
    founded_on,
    year: int,
    points,
    members=None,
    revenue=None,
    capital=None,
    stopped_from=None,
    stopped_until=None,
) -> Result:
    """Everything an assessment shows, from its figures and its points."""
    reason = not_rated_reason(
        founded_on=founded_on, year=year, data=data, stopped_from=stopped_from, stopped_until=stopped_until
    )
    size = size_class(members=members, revenue=revenue, capital=capital, data=data)
    if reason:
        return Result(score=None, rating="not_rated", size_class=size, not_rated_reason=reason)
    score = total_score(points)
    return Result(score=score, rating=category(score, data), size_class=size, not_rated_reason="")


def deadline(data: dict, key: str, year: int) -> datetime.date:
    """A deadline of the set ("12-15") in the rated year."""
    month, day = data["deadlines"][key].split("-")
    return datetime.date(year, int(month), int(day))
