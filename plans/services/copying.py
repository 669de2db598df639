"""Copying a plan: next year's draft, or the amendment of an issued plan."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Appendix, ExtraSection, LegalBasis, Objective, Plan, Recipient, Solution, Task
from plans.search import search_text_refresh
from plans.services.authoring import PLAN_FIELDS, check_year, live_plan_check
from plans.services.lifecycle import document_lock


def _shift_date(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None or not years:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def year_mentions_move(text: str, *, source_year: int, year: int) -> str:
    """ "năm 2021" -> "năm 2022" where it names the plan's year. A date ("ngày 5
    tháng 3 năm 2021", usually a legal basis) and a period ("năm 2021-2025")
    keep their year, and so does a bare number: only "năm <year>" is the plan's."""
    if source_year == year:
        return text
    pattern = re.compile(rf"(?i:(?P<date>tháng\s+\d{{1,2}}\s+)?\bnăm\s+){source_year}\b(?!\s*[-–/]\s*\d)")

    def move(match: re.Match) -> str:
        if match.group("date"):
            return match.group()
        return match.group()[: -len(str(source_year))] + str(year)

    return pattern.sub(move, text)


def _clone(source: Plan, *, user, year: int, reason: str, **links: Any) -> Plan:
    """A new draft with the source's text and parts; no number, date or progress."""
    years = year - source.year
    title = re.sub(rf"\b{source.year}\b", str(year), source.title) if years else source.title

    def moved(text: str) -> str:
        return year_mentions_move(text, source_year=source.year, year=year)

    plan = Plan(
        issuer=source.issuer,
        year=year,
        title=title,
        preamble=moved(source.preamble),
        closing=moved(source.closing),
        symbol=f"KH-{source.issuer.abbreviation}" if source.issuer.abbreviation else source.symbol,
        created_by=user,
        **{name: getattr(source, name) for name in PLAN_FIELDS if name not in ("year", "title", "preamble", "closing")},
        **links,
    )
    plan._history_user = user
    plan._change_reason = reason
    plan.save()
    plan.cooperatives.set(source.cooperatives.all())
    _clone_text(source, plan, moved)
    _clone_tasks(source, plan, moved, years)
    _clone_lists(source, plan)
    search_text_refresh(plan)
    return plan


def _clone_text(source: Plan, plan: Plan, moved) -> None:
    """Legal bases as they are (they cite dated documents), objectives with their year moved."""
    for basis in source.legal_bases.all():
        LegalBasis.objects.create(plan=plan, position=basis.position, text=basis.text)
    for objective in source.objectives.all():
        Objective.objects.create(
            plan=plan, position=objective.position, title=moved(objective.title), body=moved(objective.body)
        )


def _clone_tasks(source: Plan, plan: Plan, moved, years: int) -> None:
    for task in source.tasks.all():
        Task.objects.create(
            plan=plan,
            position=task.position,
            group=task.group,
            title=moved(task.title),
            body=moved(task.body),
            lead_unit=task.lead_unit,
            partner_units=task.partner_units,
            cooperative_id=task.cooperative_id,
            # "Quý II/2021" is the plan's own time: it moves with the dates.
            period_text=re.sub(rf"\b{source.year}\b", str(plan.year), task.period_text),
            product=task.product,
            note=task.note,
            extra_columns=task.extra_columns,
            start_on=_shift_date(task.start_on, years),
            due_on=_shift_date(task.due_on, years),
            indicator_name=task.indicator_name,
            indicator_target=task.indicator_target,
            indicator_unit=task.indicator_unit,
            weight=task.weight,
        )


def _clone_lists(source: Plan, plan: Plan) -> None:
    """Solutions with their sub-solutions, extra sections and recipients, word for word."""
    for solution in source.solutions.filter(parent=None).prefetch_related("children"):
        copy = Solution.objects.create(plan=plan, position=solution.position, title=solution.title, body=solution.body)
        for child in solution.children.all():
            Solution.objects.create(plan=plan, parent=copy, position=child.position, title=child.title, body=child.body)
    for extra in source.extra_sections.all():
        ExtraSection.objects.create(
            plan=plan, position=extra.position, heading=extra.heading, body=extra.body, after=extra.after
        )
    for appendix in source.appendices.all():
        Appendix.objects.create(
            plan=plan,
            position=appendix.position,
            title=appendix.title,
            body=appendix.body,
            table=appendix.table,
            note=appendix.note,
        )
    for recipient in source.recipients.all():
        Recipient.objects.create(
            plan=plan,
            position=recipient.position,
            organization_id=recipient.organization_id,
            label=recipient.label,
            purpose=recipient.purpose,
            is_archive=recipient.is_archive,
        )


COPY_DOUBLE_CLICK_SECONDS = 30


def copy_year_proposal(plan: Plan, *, today: datetime.date | None = None) -> int:
    """The year "Sao chép sang năm sau" proposes: the year after the source,
    or this year for an older plan (copying the 2021 plan in 2026 is meant
    for 2026, not for 2022, a year long gone)."""
    today = today or timezone.localdate()
    return max(plan.year + 1, today.year)


@transaction.atomic
def plan_copy(*, plan: Plan, user, year: int | None = None, additional_reason: str = "") -> Plan:
    """ "Sao chép sang năm sau": a new draft for `year` (copy_year_proposal
    when not given), task dates moved on as many years, progress left
    behind, the source recorded. A year that already has a live plan needs
    `additional_reason` (plans/services/authoring.live_plan_check)."""
    year = check_year(copy_year_proposal(plan) if year is None else year)
    # A double click must not make two drafts: the source row is locked so a
    # second request waits for the first, then finds the copy it just made.
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    just_made = (
        Plan.objects.filter(
            copied_from=plan,
            year=year,
            created_by=user,
            version=1,
            created_at__gte=timezone.now() - datetime.timedelta(seconds=COPY_DOUBLE_CLICK_SECONDS),
        )
        .order_by("-pk")
        .first()
    )
    if just_made is not None:
        return just_made
    reason = live_plan_check(issuer=plan.issuer, year=year, document_type=plan.document_type, reason=additional_reason)
    return _clone(
        plan,
        user=user,
        year=year,
        reason=f"Sao chép từ kế hoạch năm {plan.year}",
        copied_from=plan,
        additional_reason=reason,
    )


@transaction.atomic
def plan_amend(*, plan: Plan, user) -> Plan:
    """An issued plan is never changed: it is amended by a new draft that
    supersedes it once issued. One amendment at a time."""
    plan = document_lock(plan)
    if plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Chỉ kế hoạch đã ban hành mới cần sửa đổi; dự thảo thì sửa trực tiếp."))
    existing = Plan.objects.filter(supersedes=plan).first()
    if existing is not None:
        raise ValidationError(
            _("Kế hoạch này đã có bản sửa đổi (“%(title)s”, %(status)s).")
            % {"title": existing.title, "status": existing.get_status_display().lower()}
        )
    # The amendment replaces its plan, so it is no second plan of the year;
    # an additional plan's amendment stays additional, for the same reason.
    return _clone(
        plan,
        user=user,
        year=plan.year,
        reason=f"Sửa đổi kế hoạch số {plan.number_label}",
        supersedes=plan,
        additional_reason=plan.additional_reason,
    )
