"""Writing a plan: a new draft (typed, or read from a file), its own fields,
and the rule of one live plan per issuer, year and type. The parts of its
text are in plans/services/parts.py; both go through the same draft lock."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.models import Organization
from plans.interchange import load
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
    "task_listing",
    "task_appendix_title",
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


class DuplicatePlanError(ValidationError):
    """The issuer already has a live plan of that year and type; `existing`
    holds them so the page can link to each."""

    def __init__(self, message: str, *, existing: list[Plan], field: str):
        self.existing = existing
        super().__init__({field: [message]})


def live_plans(*, issuer: Organization, year: int, document_type: str = Plan.DocumentType.PLAN, exclude=None):
    """The issuer's live plans of a year and type.

    Live: every plan of that issuer, year and type that has not been replaced
    by an issued amendment, whatever its state. A draft counts: it is
    someone's work on that year's plan already, and a second draft beside it
    is how two identical 2027 drafts came about. An amendment being written
    and the issued plan it amends are both live (the old one stays in force
    until the amendment is issued); once the amendment is issued, only it is.
    """
    plans = Plan.objects.filter(issuer=issuer, year=year, document_type=document_type).exclude(
        superseded_by__status=Plan.Status.ISSUED
    )
    if exclude is not None:
        plans = plans.exclude(pk=exclude)
    return list(plans.select_related("issuer").order_by("pk"))


def _duplicate_message(issuer: Organization, year: int, existing: list[Plan]) -> str:
    def named(plan: Plan) -> str:
        state = plan.get_status_display().lower()
        if plan.number_label:
            return _("kế hoạch số %(number)s “%(title)s” (%(state)s)") % {
                "number": plan.number_label,
                "title": plan.title,
                "state": state,
            }
        return _("kế hoạch “%(title)s” (%(state)s)") % {"title": plan.title, "state": state}

    return _(
        "%(issuer)s đã có %(plans)s cho năm %(year)s. Mỗi cơ quan chỉ có một kế hoạch mỗi năm: hãy mở "
        "kế hoạch đó để soạn tiếp (kế hoạch đã ban hành thì dùng “Sửa đổi kế hoạch”). Nếu đây thật sự là "
        "một kế hoạch bổ sung, hãy ghi lý do bổ sung."
    ) % {"issuer": issuer.short_name, "plans": "; ".join(named(p) for p in existing), "year": year}


def live_plan_check(
    *,
    issuer: Organization,
    year: int,
    document_type: str = Plan.DocumentType.PLAN,
    reason: str = "",
    exclude=None,
    field: str = "additional_reason",
) -> str:
    """Lock the issuer's plans of the year against a concurrent new one, then
    refuse a second live plan (live_plans) that gives no reason; the reason
    to store, "" when the plan is the only one.

    The database cannot hold "one per issuer and year unless a reason is
    given" as a constraint, so the service holds it: two editors creating
    the year's plan at once queue on the issuer's row (PostgreSQL; SQLite
    writes one transaction at a time), and the second finds the first."""
    Organization.objects.select_for_update(no_key=True).filter(pk=issuer.pk).first()
    existing = live_plans(issuer=issuer, year=year, document_type=document_type, exclude=exclude)
    if not existing:
        return ""
    reason = typed_text(reason or "")
    if not reason:
        raise DuplicatePlanError(_duplicate_message(issuer, year, existing), existing=existing, field=field)
    return reason


def check_year(year: Any) -> int:
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
    plan.year = check_year(plan.year)
    plan.full_clean(exclude=["search_text", "issuer"])


@transaction.atomic
def plan_create(
    *,
    user,
    issuer: Organization,
    year: int,
    title: str,
    cooperatives: Any = (),
    additional_reason: str = "",
    **fields: Any,
) -> Plan:
    """A new draft; the header lines default from the issuing organisation.
    A second live plan of the issuer's year needs `additional_reason`."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_create: unknown fields {sorted(unknown)}")
    year = check_year(year)
    reason = live_plan_check(issuer=issuer, year=year, reason=additional_reason)
    parent = issuer.parent
    plan = Plan(
        issuer=issuer,
        year=year,
        additional_reason=reason,
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
def plan_update(
    *,
    plan: Plan,
    user,
    version: int | None,
    cooperatives: Any = None,
    additional_reason: str | None = None,
    **fields: Any,
) -> Plan:
    """Change the plan's own fields; refused on a stale version or a non-draft.
    Moving the plan to a year that has a live plan, or clearing the reason of
    an additional plan, is held to the one-live-plan rule."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update: unknown fields {sorted(unknown)}")
    plan = lock_draft(plan, version)
    year, reason = plan.year, plan.additional_reason
    for name, value in fields.items():
        setattr(plan, name, typed_text(value))
    if additional_reason is not None:
        plan.additional_reason = typed_text(additional_reason)
    _clean_plan(plan)
    if plan.year != year or (reason and not plan.additional_reason):
        plan.additional_reason = live_plan_check(
            issuer=plan.issuer,
            year=plan.year,
            document_type=plan.document_type,
            reason=plan.additional_reason,
            exclude=plan.pk,
            field="year" if plan.year != year else "additional_reason",
        )
    if cooperatives is not None:
        plan.cooperatives.set(cooperatives)
    document_record(plan, user=user, reason="Sửa thông tin chung")
    search_text_refresh(plan)
    return plan


@transaction.atomic
def plan_import(
    *, data: dict[str, Any], issuer: Organization, user=None, year: int | None = None, additional_reason: str = ""
) -> Plan:
    """A draft read from interchange data (plans/interchange/load.py), all
    or nothing; a second live plan of that year needs `additional_reason`
    (importing the issued 01/KH-UBND again must not make a second 2021 plan)."""
    year = load.import_year(data, year)
    reason = live_plan_check(issuer=issuer, year=year, reason=additional_reason)
    return load.plan_import(data=data, issuer=issuer, user=user, year=year, additional_reason=reason)
