from django import template

from cooperatives.registry import access
from cooperatives.registry.queries import labelled, with_latest_rating
from htxplan.numbers import vn_number

register = template.Library()

# 12.50 -> '12,5', for the figures of the registry (plans' progress_tags offer it too).
register.filter("vn_number", vn_number)


@register.filter
def sees_registry(user) -> bool:
    return access.sees_registry(user)


@register.filter
def star_marks(stars) -> str:
    """★★★☆☆ for 3 stars (the number is written beside it for screen readers)."""
    if not stars:
        return ""
    return "★" * int(stars) + "☆" * (5 - int(stars))


@register.inclusion_tag("cooperatives/registry/_plan_cooperatives.html", takes_context=True)
def plan_cooperatives(context, plan) -> dict:
    """The cooperatives a plan targets, each with its latest rating and, for
    those the reader may open, a link to the registry profile: one query."""
    rows = labelled(with_latest_rating(plan.cooperatives.select_related("organization")))
    user = context["request"].user
    for row in rows:
        row.linked = access.may_see(user, row)
    return {"cooperatives": rows}
