"""The self-assessment: start the year's assessment, save it as the
cooperative types, submit it. The review, the confirmation and corrections
are in review.py; both share the helpers here.

Every write locks the assessment's row and checks the version the form was
read at (two people editing at once: the later save is refused with a
message, nothing is lost from the first), recomputes score, category and
size class with rules.py and bumps the commune's data version."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cooperatives.models import AdministrativeUnit, Cooperative, Organization
from cooperatives.rating import criteria, events, rules
from cooperatives.rating.access import COMMUNE_ROLES, COOPERATIVE_ROLES, DISTRICT_ROLES
from cooperatives.rating.evidence import evidence_check
from cooperatives.rating.records import RatingAssessment, RatingEvent, RatingItemScore

Status = RatingAssessment.Status
Action = RatingEvent.Action


def stale_error() -> ValidationError:
    return ValidationError(
        _(
            "Bản đánh giá vừa được người khác thay đổi sau khi bạn mở trang. Những gì bạn nhập chưa được lưu: "
            "hãy tải lại trang, xem thay đổi mới rồi nhập lại."
        ),
        code="stale",
    )


def current_assessment(cooperative: Cooperative, year: int) -> RatingAssessment | None:
    """The year's newest assessment (the open one, or the last confirmed)."""
    return cooperative.assessments.filter(year=year).select_related("criteria_set").order_by("-number").first()


def assessment_start(*, cooperative: Cooperative, year: int, user=None, is_demo: bool = False) -> RatingAssessment:
    """The year's assessment, made as an empty draft on first use (two first
    visits at once make one: the second finds the first's row)."""
    found = current_assessment(cooperative, year)
    if found is not None:
        return found
    criteria_set = criteria.set_for_year(year)
    try:
        with transaction.atomic():
            assessment = RatingAssessment.objects.create(
                cooperative=cooperative, year=year, criteria_set=criteria_set, created_by=user, is_demo=is_demo
            )
            RatingItemScore.objects.bulk_create(
                RatingItemScore(assessment=assessment, code=item["code"])
                for item in criteria.set_items(criteria_set.data)
            )
            recompute(assessment)
    except IntegrityError:
        return current_assessment(cooperative, year)
    return assessment


def locked(assessment: RatingAssessment, version) -> RatingAssessment:
    """The row, locked for this transaction, if the form was read at its current version."""
    row = RatingAssessment.objects.select_for_update().select_related("criteria_set").get(pk=assessment.pk)
    if str(version) != str(row.version):
        raise stale_error()
    return row


def recompute(assessment: RatingAssessment) -> None:
    coop = Cooperative.objects.get(pk=assessment.cooperative_id)
    result = rules.assess(
        data=assessment.criteria_set.data,
        founded_on=coop.founded_on,
        year=assessment.year,
        points=assessment.items.values_list("points", flat=True),
        members=assessment.member_count,
        revenue=assessment.revenue,
        capital=assessment.capital,
        stopped_from=assessment.stopped_from,
        stopped_until=assessment.stopped_until,
    )
    assessment.score = result.score
    assessment.rating = result.rating
    assessment.size_class = result.size_class
    assessment.not_rated_reason = result.not_rated_reason[:255]


def finish(assessment: RatingAssessment, fields: list[str], *, action: str, user, reason: str = "", changes=()):
    """Recompute, bump the version, record the event and the commune's data version."""
    recompute(assessment)
    assessment.version += 1
    assessment.save(update_fields=[*fields, "score", "rating", "size_class", "not_rated_reason", "version"])
    # The save bumps the commune's data version (cooperatives/versions.py).
    RatingEvent.objects.create(assessment=assessment, action=action, user=user, reason=reason, changes=list(changes))


def parse_points(value, maximum) -> Decimal | None:
    """Points typed for an item: empty, or 0 to its maximum with at most one decimal."""
    if value is None or str(value).strip() == "":
        return None
    try:
        points = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Điểm phải là một số, ví dụ 3 hoặc 2,5.")) from None
    if not points.is_finite() or points < 0 or points > Decimal(str(maximum)):
        raise ValidationError(_("Điểm phải từ 0 đến %(max)s (điểm tối đa của nội dung này).") % {"max": maximum})
    if points != points.quantize(rules.TENTH):
        raise ValidationError(_("Điểm chỉ lấy một chữ số thập phân."))
    return points.quantize(rules.TENTH)


def _check_figures(figures: dict, year: int) -> dict:
    errors = {}
    for key in ("member_count", "revenue", "capital"):
        value = figures.get(key)
        if value is not None and value < 0:
            errors[key] = _("Số liệu không được âm.")
    start, end = figures.get("stopped_from"), figures.get("stopped_until")
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for key, day in (("stopped_from", start), ("stopped_until", end)):
        if day is not None and not first <= day <= last:
            errors[key] = _("Ngày phải trong năm %(year)s.") % {"year": year}
    if (start is None) != (end is None):
        errors["stopped_until" if start else "stopped_from"] = _("Cần cả ngày bắt đầu và ngày kết thúc tạm ngừng.")
    elif start and end and start > end and "stopped_until" not in errors:
        errors["stopped_until"] = _("Ngày kết thúc tạm ngừng phải sau ngày bắt đầu.")
    return errors


def _apply_items(assessment: RatingAssessment, entries: dict) -> tuple[list[dict], dict]:
    """Write the cooperative's points, notes and files; (changes, errors by field)."""
    maxima = {item["code"]: item["max"] for item in criteria.set_items(assessment.criteria_set.data)}
    changes, errors = [], {}
    for row in assessment.items.all():
        entry = entries.get(row.code)
        if entry is None:
            continue
        try:
            points = parse_points(entry.get("claimed"), maxima[row.code])
        except ValidationError as exc:
            errors[f"item_{row.code}"] = exc.messages[0]
            continue
        upload = entry.get("evidence")
        if upload:
            try:
                ext = evidence_check(upload)
            except ValidationError as exc:
                errors[f"evidence_{row.code}"] = exc.messages[0]
                continue
            row.evidence.save(f"{assessment.pk}-{row.code}.{ext}", upload, save=False)
            row.evidence_name = (upload.name or "")[:255]
        note = (entry.get("note") or "").strip()
        if points != row.claimed or note != row.note or upload:
            changes.append({"item": row.code, "from": _text(row.claimed), "to": _text(points)})
            row.claimed = row.points = points
            row.note = note
            row.save()
    return changes, errors


def _text(points) -> str:
    return "" if points is None else str(points)


FIGURES = ("member_count", "revenue", "capital", "stopped_from", "stopped_until")


@transaction.atomic
def assessment_save(
    *, assessment: RatingAssessment, user, version, figures: dict, items: dict, submit: bool = False
) -> RatingAssessment:
    """The cooperative's save (and submit). A second submit of a form already
    sent changes nothing and is not an error."""
    row = RatingAssessment.objects.select_for_update().select_related("criteria_set").get(pk=assessment.pk)
    if submit and row.status != Status.DRAFT and row.submitted_at is not None and row.is_open:
        return row
    if row.status != Status.DRAFT:  # told before the version: a page kept open after one's own submit
        raise ValidationError(_("Bản đánh giá đã gửi, HTX không sửa được nữa."), code="state")
    row = locked(row, version)
    errors = _check_figures(figures, row.year)
    changes, item_errors = _apply_items(row, items)
    errors |= item_errors
    if errors:
        raise ValidationError(errors)
    for key in FIGURES:
        setattr(row, key, figures.get(key))
    fields = list(FIGURES)
    if submit:
        recompute(row)
        empty = row.items.filter(points__isnull=True).values_list("code", flat=True)
        missing = [] if row.not_rated_reason else list(empty)
        if missing:
            raise ValidationError(
                _("Chưa chấm điểm các nội dung: %(codes)s. Hãy chấm đủ rồi gửi.") % {"codes": ", ".join(missing)}
            )
        row.status, row.submitted_at, row.return_reason = Status.SUBMITTED, timezone.now(), ""
        fields += ["status", "submitted_at", "return_reason"]
    finish(row, fields, action=Action.SUBMITTED if submit else Action.SAVED, user=user, changes=changes)
    if submit:
        notify_step(row, to="commune", actor=user, detail=_("HTX đã gửi bản tự đánh giá."))
    return row


# --- Who is told ------------------------------------------------------------------


def people_of(organizations, roles):
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__organization__in=organizations, memberships__role__in=roles)
        .distinct()
    )


def people_for(assessment: RatingAssessment, to: str):
    org = assessment.cooperative.organization
    if to == "cooperative":
        return people_of([org.pk], COOPERATIVE_ROLES)
    committees = Organization.objects.filter(unit=org.unit_id, kind=Organization.Kind.PEOPLES_COMMITTEE)
    if to == "commune":
        return people_of(committees, COMMUNE_ROLES)
    unit = AdministrativeUnit.objects.get(pk=org.unit_id)
    above = [u for u in (unit.parent_id, getattr(unit.parent, "parent_id", None)) if u]
    offices = Organization.objects.filter(unit__in=above).exclude(kind=Organization.Kind.PEOPLES_COMMITTEE)
    return people_of(offices, DISTRICT_ROLES)


def notify_step(assessment: RatingAssessment, *, to: str, actor, detail: str) -> int:
    with override("vi"):
        subject = _("Đánh giá, phân loại %(coop)s năm %(year)s") % {
            "coop": assessment.cooperative.organization.short_name,
            "year": assessment.year,
        }
    return events.emit(
        events.RatingNotice(
            kind=events.Kind.STEP,
            users=list(people_for(assessment, to)),
            subject=subject,
            detail=detail,
            url=assessment.get_absolute_url(),
            actor=actor,
        )
    )
