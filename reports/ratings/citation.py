"""The sentence a commune's progress report cites its cooperatives'
confirmed ratings with (section I, compiled by reports/services.py)."""

from __future__ import annotations

from django.utils import translation

from cooperatives.models import AdministrativeUnit, CooperativeRating

Rating = CooperativeRating.Rating


def _score(score) -> str:
    return format(score, "f").replace(".", ",")


def _phrase(rating: CooperativeRating) -> str:
    name = rating.cooperative.organization.short_name
    if rating.rating == Rating.NOT_RATED:
        reason = f" ({rating.note.strip()})" if rating.note.strip() else ""
        return f"{name} chưa đánh giá{reason}"
    details = []
    if rating.score is not None:
        details.append(f"{_score(rating.score)} điểm")
    if rating.size_class:
        details.append(f"quy mô {rating.get_size_class_display().lower()}")
    extra = f" ({', '.join(details)})" if details else ""
    return f"{name} xếp loại {rating.get_rating_display()}{extra}"


def rating_sentence(*, unit: AdministrativeUnit, year: int) -> str:
    """ "Kết quả đánh giá, phân loại hợp tác xã năm 2021: HTX NN Vĩnh Lợi xếp
    loại Tốt (85,0 điểm, quy mô nhỏ)." for a commune with confirmed ratings
    of the year; "" otherwise (one query)."""
    if unit.level != AdministrativeUnit.Level.COMMUNE:
        return ""
    ratings = list(
        CooperativeRating.objects.filter(cooperative__organization__unit=unit, year=year)
        .select_related("cooperative__organization")
        .order_by("cooperative__organization__short_name")
    )
    if not ratings:
        return ""
    with translation.override("vi"):
        parts = "; ".join(_phrase(r) for r in ratings)
    return f"Kết quả đánh giá, phân loại hợp tác xã năm {year}: {parts}."
