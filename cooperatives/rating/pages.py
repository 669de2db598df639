"""What the assessment page shows each role: the criteria with each item's
points, note and file, the figures, the computed result, the buttons of
the user's step, the history and the earlier versions."""

from __future__ import annotations

import json

from cooperatives.models import CooperativeRating
from cooperatives.rating.access import RatingRoles
from cooperatives.rating.forms import FiguresForm
from cooperatives.rating.records import RatingAssessment
from cooperatives.rating.review import ADJUSTS

Status = RatingAssessment.Status
FIGURES = ("member_count", "revenue", "capital", "stopped_from", "stopped_until")


def visible_to(roles: RatingRoles, assessment: RatingAssessment) -> bool:
    """The cooperative sees its own at every step; the others once it is submitted."""
    return roles.cooperative or assessment.status != Status.DRAFT


def mode_for(roles: RatingRoles, assessment: RatingAssessment | None) -> str:
    if assessment is None or not visible_to(roles, assessment):
        return "hidden"
    if assessment.status == Status.DRAFT and roles.cooperative:
        return "edit"
    step = ADJUSTS.get(assessment.status)
    if (step == "commune" and roles.commune) or (step == "district" and roles.district):
        return "review"
    return "view"


def _groups(request, assessment: RatingAssessment, errors: dict) -> list[dict]:
    rows = {row.code: row for row in assessment.items.all()}
    posted = request.POST if request.method == "POST" else {}
    groups = []
    for group in assessment.criteria_set.data["groups"]:
        criteria = []
        for criterion in group["criteria"]:
            items = []
            for item in criterion["items"]:
                code, row = item["code"], rows.get(item["code"])
                items.append(
                    {
                        "code": code,
                        "title": item["title"],
                        "max": item["max"],
                        "row": row,
                        "claimed": posted.get(
                            f"item_{code}", "" if row is None or row.claimed is None else row.claimed
                        ),
                        "note": posted.get(f"note_{code}", row.note if row else ""),
                        "adjust": posted.get(f"adjust_{code}", "" if row is None or row.points is None else row.points),
                        "reason": posted.get(f"reason_{code}", ""),
                        "error": errors.get(f"item_{code}") or errors.get(f"adjust_{code}"),
                        "file_error": errors.get(f"evidence_{code}"),
                        "reason_error": errors.get(f"reason_{code}"),
                    }
                )
            criteria.append({**criterion, "items": items})
        groups.append({**group, "criteria": criteria})
    return groups


def _others(cooperative, assessment: RatingAssessment) -> list[RatingAssessment]:
    labels = dict(CooperativeRating.Rating.choices)
    others = list(cooperative.assessments.filter(year=assessment.year).exclude(pk=assessment.pk).order_by("-number"))
    for other in others:
        other.rating_label = labels.get(other.rating, "")
    return others


def assessment_context(request, *, cooperative, year: int, roles: RatingRoles, assessment, figures=None) -> dict:
    mode = mode_for(roles, assessment)
    ctx = {"cooperative": cooperative, "year": year, "roles": roles, "assessment": assessment, "mode": mode}
    confirmed = CooperativeRating.objects.filter(cooperative=cooperative, year=year).first()
    ctx["confirmed_rating"] = confirmed
    if mode == "hidden":
        return ctx
    errors = {k: v[0] for k, v in getattr(request, "rating_errors", {}).items()}
    data = assessment.criteria_set.data
    if figures is None:
        initial = {key: getattr(assessment, key) for key in FIGURES}
        figures = FiguresForm(request.POST if request.method == "POST" and mode == "edit" else None, initial=initial)
        if figures.is_bound:
            figures.is_valid()
    ctx.update(
        {
            "figures": figures,
            "figure_errors": {k: v for k, v in errors.items() if k in FIGURES},
            "general_errors": errors.get("reason") or errors.get("__all__"),
            "groups": _groups(request, assessment, errors),
            "criteria_set": assessment.criteria_set,
            "categories_json": json.dumps(
                [{"rating": c["rating"], "label": c["label"], "min": c["min"]} for c in data["categories"]]
            ),
            "rating_label": dict(CooperativeRating.Rating.choices).get(assessment.rating, ""),
            "size_label": dict(CooperativeRating.SizeClass.choices).get(assessment.size_class, ""),
            "events": assessment.events.select_related("user"),
            "others": _others(cooperative, assessment),
            "can_correct": assessment.status == Status.CONFIRMED and (roles.commune or roles.district),
        }
    )
    return ctx
