"""Writing a plan: a new draft, its own fields. The parts of its text are in
plans/services/parts.py; both go through the same draft lock."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.models import Organization
from plans.models import Plan
from plans.models.text import typed_text
from plans.search import search_text_refresh
from plans.services.lifecycle import StaleVersionError, document_lock, document_record, version_check

# The plan's own fields an author may change (the number, date, status and
# version belong to the workflow, never to a form).
PLAN_FIELDS = (
    "year",
    "title",
    "governing_body",
    "issuer_name",
    "place",
    "preamble",
    "objectives_heading",
    "tasks_heading",
    "solutions_heading",
    "funding_heading",
    "funding_body",
    "closing",
    "signer_authority",
    "signer_title",
    "signer_name",
)


_PLACE_PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


class StalePlanError(StaleVersionError):
    """The plan was changed by someone else since the form was read."""

    @property
    def plan(self) -> Plan:
        return self.document


def _place_of(issuer: Organization) -> str:
    name = issuer.unit.name
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def lock_draft(plan: Plan, version: int | None) -> Plan:
    """Lock the plan row and check it may still be changed.

    The row lock serialises concurrent writers; the version check then
    refuses a save made from a form read before someone else's save, so
    nothing is overwritten unseen.
    """
    locked = document_lock(plan)
    if locked.status != Plan.Status.DRAFT:
        raise ValidationError(
            _("Kế hoạch đang ở trạng thái “%(status)s” nên không sửa được; chỉ dự thảo mới sửa được.")
            % {"status": locked.get_status_display()}
        )
    try:
        version_check(locked, version)
    except StaleVersionError as error:
        raise StalePlanError(error.messages[0], document=locked, since_version=error.since_version) from None
    return locked


def _check_year(year: Any) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm phải là một số, ví dụ 2022.")}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm %(year)s nằm ngoài khoảng 2000–2100.") % {"year": year}})
    return year


def _clean_plan(plan: Plan) -> None:
    if not (plan.title or "").strip():
        raise ValidationError({"title": _("Hãy nhập trích yếu (tên) của kế hoạch.")})
    plan.year = _check_year(plan.year)
    plan.full_clean(exclude=["search_text", "issuer"])


@transaction.atomic
def plan_create(*, user, issuer: Organization, year: int, title: str, cooperatives: Any = (), **fields: Any) -> Plan:
    """A new draft; the header lines default from the issuing organisation."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_create: unknown fields {sorted(unknown)}")
    parent = issuer.parent
    plan = Plan(
        issuer=issuer,
        year=year,
        title=typed_text(title or ""),
        issuer_name=issuer.name.upper(),
        governing_body=parent.short_name.upper() if parent else "",
        place=_place_of(issuer),
        symbol=f"KH-{issuer.abbreviation}" if issuer.abbreviation else "KH",
        created_by=user,
    )
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(plan, name, typed_text(value))
    _clean_plan(plan)
    plan._history_user = user
    plan._change_reason = "Tạo kế hoạch"
    plan.save()
    plan.cooperatives.set(cooperatives)
    search_text_refresh(plan)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, user, version: int | None, cooperatives: Any = None, **fields: Any) -> Plan:
    """Change the plan's own fields; refused on a stale version or a non-draft."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update: unknown fields {sorted(unknown)}")
    plan = lock_draft(plan, version)
    for name, value in fields.items():
        setattr(plan, name, typed_text(value))
    _clean_plan(plan)
    if cooperatives is not None:
        plan.cooperatives.set(cooperatives)
    document_record(plan, user=user, reason="Sửa thông tin chung")
    search_text_refresh(plan)
    return plan
