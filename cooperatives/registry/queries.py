"""The registry's named reads: each cooperative with its latest rating and its
OCOP products in the same query, whatever the number of cooperatives."""

from __future__ import annotations

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cooperatives.models import Cooperative, CooperativeRating, OcopProduct

RATING_FIELDS = ("year", "rating", "score", "size_class")


def with_latest_rating(queryset: QuerySet) -> QuerySet:
    """Annotates latest_rating_year, _rating, _score and _size_class: the
    cooperative's rating of its latest rated year (None when never rated)."""
    latest = CooperativeRating.objects.filter(cooperative=OuterRef("pk")).order_by("-year")
    return queryset.annotate(**{f"latest_rating_{name}": Subquery(latest.values(name)[:1]) for name in RATING_FIELDS})


def with_products(queryset: QuerySet) -> QuerySet:
    """Annotates ocop_count and ocop_best_stars."""
    products = OcopProduct.objects.filter(cooperative=OuterRef("pk")).order_by().values("cooperative")
    return queryset.annotate(
        ocop_count=Coalesce(Subquery(products.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0),
        ocop_best_stars=Subquery(products.annotate(best=Max("stars")).values("best")[:1], output_field=IntegerField()),
    )


def registry_rows(queryset: QuerySet) -> QuerySet:
    return with_products(with_latest_rating(queryset.select_related("organization", "organization__unit")))


RATING_LABELS = dict(CooperativeRating.Rating.choices)
SIZE_LABELS = dict(CooperativeRating.SizeClass.choices)


def labelled(cooperatives) -> list[Cooperative]:
    """The annotated rows with the words of their latest rating and size class."""
    rows = list(cooperatives)
    for row in rows:
        row.latest_rating_label = RATING_LABELS.get(row.latest_rating_rating, "")
        row.latest_rating_size_label = SIZE_LABELS.get(row.latest_rating_size_class, "")
    return rows


def rating_label(cooperative: Cooperative) -> str:
    """ "Khá (2021)" for a cooperative annotated by with_latest_rating; "" when never rated."""
    rating = getattr(cooperative, "latest_rating_rating", None)
    if not rating:
        return ""
    return f"{RATING_LABELS.get(rating, rating)} ({cooperative.latest_rating_year})"
