"""The rating summary's one structure, read from CooperativeRating alone.

A cooperative of the unit with no confirmed row for the year is counted as
"Chưa có kết quả" (missing), apart from "Chưa đánh giá" (not_rated: a row
that says why it was not rated). Labels are translated where they are
shown, so one cached structure serves the page in either language and the
Vietnamese PDF and XLSX.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives import versions
from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Organization
from reports.district.summary import communes_under

Rating = CooperativeRating.Rating
SizeClass = CooperativeRating.SizeClass

MISSING = "missing"
UNKNOWN_SIZE = ""
# The categories in the order the report lists them, then the two without a category.
CATEGORIES = [Rating.GOOD, Rating.FAIR, Rating.AVERAGE, Rating.WEAK, Rating.NOT_RATED, MISSING]
SIZES = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE, UNKNOWN_SIZE]
# Only the four categories of a rated year are ranked: "up" and "down" mean nothing beside "not rated".
RANK = {Rating.WEAK: 1, Rating.AVERAGE: 2, Rating.FAIR: 3, Rating.GOOD: 4}


def category_label(code: str) -> str:
    """In the active language."""
    if code == MISSING or not code:
        return _("Chưa có kết quả")
    return str(Rating(code).label)


def size_label(code: str) -> str:
    return str(SizeClass(code).label) if code else _("Chưa xác định")


@dataclass
class RatingRow:
    district: str
    commune: str
    cooperative: str
    cooperative_id: int
    category: str = MISSING
    score: Decimal | None = None
    size_class: str = UNKNOWN_SIZE
    note: str = ""
    previous: str = MISSING

    @property
    def change(self) -> int | None:
        """+1 up, -1 down, 0 the same category, None when either year has none to compare."""
        if self.category not in RANK or self.previous not in RANK:
            return None
        now, before = RANK[self.category], RANK[self.previous]
        return (now > before) - (now < before)

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def previous_label(self) -> str:
        return category_label(self.previous)

    @property
    def size_label(self) -> str:
        return size_label(self.size_class)

    @property
    def change_mark(self) -> str:
        return {1: "▲", -1: "▼", 0: "="}.get(self.change, "")


@dataclass
class Issuer:
    """Who the report is from: the unit's agriculture office (else its
    people's committee), for the Decree 30 header and the signer block."""

    organization_id: int | None = None
    name: str = ""
    full_name: str = ""  # as a sentence names it: "Phòng Nông nghiệp và Phát triển Nông thôn huyện Châu Thành"
    governing_body: str = ""
    governing_short: str = ""  # "UBND huyện Châu Thành", for Nơi nhận
    abbreviation: str = ""
    kind: str = ""
    place: str = ""


@dataclass
class RatingSummary:
    unit: AdministrativeUnit
    year: int
    made_on: datetime.date
    issuer: Issuer = field(default_factory=Issuer)
    rows: list[RatingRow] = field(default_factory=list)

    @property
    def is_province(self) -> bool:
        return self.unit.level == AdministrativeUnit.Level.PROVINCE

    def counts(self, *, previous: bool = False) -> dict[str, int]:
        counts = dict.fromkeys(CATEGORIES, 0)
        for row in self.rows:
            counts[row.previous if previous else row.category] += 1
        return counts

    @property
    def cross(self) -> list[dict]:
        """One line per category: its count per size class and in all."""
        lines = []
        for category in CATEGORIES:
            cells = [sum(1 for r in self.rows if r.category == category and r.size_class == s) for s in SIZES]
            lines.append({"code": category, "label": category_label(category), "cells": cells, "total": sum(cells)})
        return lines

    @property
    def size_totals(self) -> list[int]:
        return [sum(1 for r in self.rows if r.size_class == s) for s in SIZES]

    @property
    def size_labels(self) -> list[str]:
        return [size_label(s) for s in SIZES]

    @property
    def comparison(self) -> list[dict]:
        """Last year against this year, per category, with the difference."""
        now, before = self.counts(), self.counts(previous=True)
        return [
            {"label": category_label(c), "before": before[c], "now": now[c], "diff": now[c] - before[c]}
            for c in CATEGORIES
        ]

    @property
    def moves(self) -> dict[str, int]:
        changes = [r.change for r in self.rows]
        return {"up": changes.count(1), "down": changes.count(-1), "same": changes.count(0)}

    @property
    def groups(self) -> list[tuple[str, list[RatingRow]]]:
        """The rows by district (a province's) and then commune, in order."""
        groups: list[tuple[str, list[RatingRow]]] = []
        for row in self.rows:
            if not groups or groups[-1][0] != row.district:
                groups.append((row.district, []))
            groups[-1][1].append(row)
        return groups


def cached_rating_summary(*, unit: AdministrativeUnit, year: int) -> RatingSummary:
    """build_rating_summary cached on the versions of the unit and of every
    commune under it, read before the data: a rating confirmed, corrected or
    deleted bumps its commune (cooperatives/versions.py) and is seen at once."""
    parts = [unit.pk, unit.data_version, year, versions.versions(communes_under(unit).values("pk"))]
    return versions.cached_rollup("rating-summary", parts, lambda: build_rating_summary(unit=unit, year=year))


def build_rating_summary(*, unit: AdministrativeUnit, year: int, today: datetime.date | None = None) -> RatingSummary:
    """Four queries whatever the number of communes and cooperatives."""
    summary = RatingSummary(unit=unit, year=year, made_on=today or timezone.localdate(), issuer=_issuer(unit))
    cooperatives = list(
        Cooperative.objects.filter(organization__unit__in=communes_under(unit))
        .select_related("organization__unit__parent")
        .order_by("organization__short_name", "pk")
    )
    ratings: dict[tuple[int, int], CooperativeRating] = {
        (r.cooperative_id, r.year): r
        for r in CooperativeRating.objects.filter(
            cooperative__in=[c.pk for c in cooperatives], year__in=[year, year - 1]
        )
    }
    for coop in cooperatives:
        current, before = ratings.get((coop.pk, year)), ratings.get((coop.pk, year - 1))
        # A dissolved cooperative is listed only for a year it has a result for.
        if current is None and coop.status == Cooperative.Status.DISSOLVED:
            continue
        commune = coop.organization.unit
        parent = commune.parent
        row = RatingRow(
            district=parent.name if summary.is_province and parent and parent.pk != unit.pk else "",
            commune=commune.name,
            cooperative=coop.organization.short_name,
            cooperative_id=coop.pk,
            previous=before.rating if before else MISSING,
        )
        if current is not None:
            row.category, row.score, row.size_class, row.note = (
                current.rating, current.score, current.size_class, current.note
            )  # fmt: skip
        summary.rows.append(row)
    summary.rows.sort(key=lambda r: (r.district, r.commune, r.cooperative))
    return summary


_PLACE_WORDS = ("Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Tỉnh ")


def _issuer(unit: AdministrativeUnit) -> Issuer:
    """The unit's specialised office (Phòng NN&PTNT, Sở NN&MT), else its
    people's committee; the oldest of each, so every server picks the same."""
    orgs = list(
        Organization.objects.filter(
            unit=unit, kind__in=[Organization.Kind.SPECIALISED_OFFICE, Organization.Kind.PEOPLES_COMMITTEE]
        )
        .select_related("parent")
        .order_by("pk")
    )
    org = next((o for o in orgs if o.kind == Organization.Kind.SPECIALISED_OFFICE), orgs[0] if orgs else None)
    place = unit.name
    for word in _PLACE_WORDS:
        place = place.removeprefix(word)
    if org is None:
        return Issuer(name=unit.name.upper(), full_name=unit.name, place=place)
    return Issuer(
        organization_id=org.pk,
        name=org.name.upper(),
        full_name=org.name,
        governing_body=org.parent.name.upper() if org.parent else "",
        governing_short=org.parent.short_name if org.parent else "",
        abbreviation=org.abbreviation or "UBND",
        kind=org.kind,
        place=place,
    )


def rating_source(summary: RatingSummary) -> dict:
    """What the summary's files are rendered from."""
    return {
        "unit": [summary.unit.pk, summary.unit.code, summary.unit.name, summary.unit.level],
        "year": summary.year,
        "made_on": summary.made_on,
        "issuer": list(vars(summary.issuer).values()),
        "rows": [list(vars(row).values()) for row in summary.rows],
    }
