"""After the cooperative submits: the commune adjusts items (each with its
reason), returns the assessment or forwards it; the district confirms it,
which freezes it and writes the year's CooperativeRating, or returns it to
the commune. A confirmed year is changed only by a correction: a new
assessment (number + 1) copied from it, with its reason; the old one is
kept, and superseded once the correction is confirmed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import CooperativeRating
from cooperatives.rating import criteria
from cooperatives.rating.records import RatingAssessment, RatingEvent, RatingItemScore
from cooperatives.rating.services import finish, locked, notify_step, parse_points

Status = RatingAssessment.Status
Action = RatingEvent.Action
# Who may adjust the points at each state: the commune while it reviews, the district before it confirms.
ADJUSTS = {Status.SUBMITTED: "commune", Status.FORWARDED: "district"}


def _state(row: RatingAssessment, *states: str) -> None:
    if row.status not in states:
        raise ValidationError(
            _("Bản đánh giá đang ở bước “%(state)s”, không thực hiện được việc này.")
            % {"state": row.get_status_display()},
            code="state",
        )


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Cần ghi lý do.")})
    return reason


@transaction.atomic
def assessment_adjust(*, assessment: RatingAssessment, user, version, adjustments: dict) -> RatingAssessment:
    """{code: (points, reason)}: each changed item needs its reason."""
    row = locked(assessment, version)
    _state(row, Status.SUBMITTED, Status.FORWARDED)
    maxima = {item["code"]: item["max"] for item in criteria.set_items(row.criteria_set.data)}
    changes, errors = [], {}
    for item in row.items.all():
        if item.code not in adjustments:
            continue
        value, why = adjustments[item.code]
        try:
            points = parse_points(value, maxima[item.code])
        except ValidationError as exc:
            errors[f"adjust_{item.code}"] = exc.messages[0]
            continue
        if points == item.points:
            continue
        if points is None:
            errors[f"adjust_{item.code}"] = _("Cần nhập điểm được tính.")
            continue
        if not (why or "").strip():
            errors[f"reason_{item.code}"] = _("Cần ghi lý do điều chỉnh điểm.")
            continue
        changes.append({"item": item.code, "from": str(item.points), "to": str(points), "reason": why.strip()})
        item.points, item.adjust_reason = points, why.strip()
        item.save(update_fields=["points", "adjust_reason"])
    if errors:
        raise ValidationError(errors)
    if changes:
        reason = "; ".join(f"{c['item']}: {c['reason']}" for c in changes)
        finish(row, [], action=Action.ADJUSTED, user=user, reason=reason, changes=changes)
    return row


@transaction.atomic
def assessment_return(*, assessment: RatingAssessment, user, version, reason: str) -> RatingAssessment:
    """The commune returns to the cooperative (draft); the district to the commune."""
    reason = _reason(reason)
    row = locked(assessment, version)
    _state(row, Status.SUBMITTED, Status.FORWARDED)
    to = "cooperative" if row.status == Status.SUBMITTED else "commune"
    row.status = Status.DRAFT if to == "cooperative" else Status.SUBMITTED
    if to == "cooperative":
        row.submitted_at = None
    row.return_reason = reason
    finish(row, ["status", "submitted_at", "return_reason"], action=Action.RETURNED, user=user, reason=reason)
    notify_step(row, to=to, actor=user, detail=_("Bản đánh giá bị trả lại: %(r)s") % {"r": reason})
    return row


@transaction.atomic
def assessment_forward(*, assessment: RatingAssessment, user, version) -> RatingAssessment:
    row = locked(assessment, version)
    _state(row, Status.SUBMITTED)
    row.status, row.return_reason = Status.FORWARDED, ""
    finish(row, ["status", "return_reason"], action=Action.FORWARDED, user=user)
    notify_step(row, to="district", actor=user, detail=_("Xã đã thẩm định, chờ huyện xác nhận."))
    return row


def rating_write(row: RatingAssessment) -> CooperativeRating:
    """The year's confirmed result, read by the district pages and the summary."""
    if row.not_rated_reason:
        note = row.not_rated_reason
    else:
        note = _("Theo bản đánh giá lần %(n)s, xác nhận ngày %(d)s") % {
            "n": row.number,
            "d": f"{timezone.localdate(row.confirmed_at):%d/%m/%Y}",
        }
    rating, _created = CooperativeRating.objects.update_or_create(
        cooperative_id=row.cooperative_id,
        year=row.year,
        defaults={"rating": row.rating, "score": row.score, "size_class": row.size_class, "note": note[:255]},
    )
    return rating


@transaction.atomic
def assessment_confirm(*, assessment: RatingAssessment, user, version) -> RatingAssessment:
    row = locked(assessment, version)
    _state(row, Status.FORWARDED)
    row.status, row.confirmed_at, row.confirmed_by = Status.CONFIRMED, timezone.now(), user
    finish(row, ["status", "confirmed_at", "confirmed_by"], action=Action.CONFIRMED, user=user)
    if row.replaces_id:
        RatingAssessment.objects.filter(pk=row.replaces_id).update(status=Status.SUPERSEDED)
    rating_write(row)
    for to in ("cooperative", "commune"):
        notify_step(row, to=to, actor=user, detail=_("Huyện đã xác nhận kết quả đánh giá, phân loại."))
    return row


@transaction.atomic
def assessment_correct(*, assessment: RatingAssessment, user, version, reason: str, by: str) -> RatingAssessment:
    """A new assessment copied from the confirmed one, opened at the step of
    whoever corrects it (the commune reviews it again, or the district)."""
    reason = _reason(reason)
    old = locked(assessment, version)
    _state(old, Status.CONFIRMED)
    year_rows = RatingAssessment.objects.filter(cooperative_id=old.cooperative_id, year=old.year)
    if year_rows.filter(status__in=RatingAssessment.OPEN).exists():
        raise ValidationError(_("Năm này đã có một bản đính chính chưa được xác nhận."), code="state")
    fields = ("member_count", "revenue", "capital", "stopped_from", "stopped_until")
    new = RatingAssessment.objects.create(
        cooperative_id=old.cooperative_id,
        year=old.year,
        number=old.number + 1,
        criteria_set=old.criteria_set,
        status=Status.FORWARDED if by == "district" else Status.SUBMITTED,
        replaces=old,
        correction_reason=reason,
        created_by=user,
        submitted_at=timezone.now(),
        is_demo=old.is_demo,
        **{f: getattr(old, f) for f in fields},
    )
    RatingItemScore.objects.bulk_create(
        RatingItemScore(
            assessment=new,
            code=i.code,
            claimed=i.claimed,
            points=i.points,
            note=i.note,
            evidence=i.evidence.name,
            evidence_name=i.evidence_name,
            adjust_reason=i.adjust_reason,
        )
        for i in old.items.all()
    )
    finish(new, [], action=Action.CORRECTED, user=user, reason=reason)
    RatingEvent.objects.create(assessment=old, action=Action.CORRECTED, user=user, reason=reason)
    return new
