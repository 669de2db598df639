"""A plan's steps through the shared lifecycle (plans/services/lifecycle.py)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.search import search_text_refresh
from plans.services.lifecycle import document_approve, document_issue, document_return, document_submit


def _submit_problems(plan: Plan) -> list[str]:
    problems = []
    if not plan.title.strip():
        problems.append(_("chưa có trích yếu"))
    if not plan.tasks.exists():
        problems.append(_("chưa có nhiệm vụ nào"))
    if not plan.recipients.exists():
        problems.append(_("chưa có nơi nhận"))
    return problems


def plan_submit_warnings(plan: Plan) -> list[str]:
    """What the author is told before submitting, without being stopped:
    each task dated outside the plan's period (Task.date_warnings). The
    chairman approves a plan as submitted, so the author sees these first."""
    warnings = []
    for number, task in enumerate(plan.tasks.all(), start=1):
        for message in task.date_warnings.values():
            warnings.append(
                _("Nhiệm vụ %(n)s “%(title)s”: %(message)s") % {"n": number, "title": task.title, "message": message}
            )
    return warnings


def plan_submit(*, plan: Plan, user) -> Plan:
    """Draft -> submitted, once the plan has a title, tasks and recipients;
    dates outside the plan's period are warned of (plan_submit_warnings), not refused."""
    return document_submit(document=plan, user=user, problems=_submit_problems)


def plan_approve(*, plan: Plan, user) -> Plan:
    return document_approve(document=plan, user=user)


def plan_return(*, plan: Plan, user, reason: str) -> Plan:
    return document_return(document=plan, user=user, reason=reason)


def _issue_date_check(plan: Plan, issued_on: datetime.date) -> None:
    # A year's plan is issued in that year or at the end of the year before.
    if issued_on.year != plan.year and issued_on.year != plan.year - 1:
        raise ValidationError(
            _("Ngày ban hành %(date)s không thuộc năm của kế hoạch (%(year)s) hoặc năm trước đó.")
            % {"date": f"{issued_on:%d/%m/%Y}", "year": plan.year}
        )


@transaction.atomic
def plan_issue(
    *, plan: Plan, user, issued_on: datetime.date | None = None, deliver: bool = True, signer_name: str = ""
) -> Plan:
    """Approved -> issued with the next number of the issuer's register, and
    delivered to its recipients in the same transaction (`deliver=False`:
    see lifecycle.document_issue)."""
    plan = document_issue(
        document=plan,
        user=user,
        issued_on=issued_on,
        date_check=_issue_date_check,
        run_hooks=deliver,
        signer_name=signer_name,
    )
    search_text_refresh(plan)
    return plan
