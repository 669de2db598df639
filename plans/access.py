"""Who may see and who may change plans, their tasks and their evidence.

Every view goes through this module; nothing else filters plans by user.
Visibility comes from memberships and the administrative-unit tree
(cooperatives/memberships.py): a membership of an organisation in a unit
sees the plans issued in that unit and every unit below it (a district
office sees its communes, a commune official the commune). Cooperative
staff see only the issued plans that name their cooperative. An outsider
gets 404, so the existence of another commune's plan is not revealed; a
member without the right asked for gets 403.

A view asks once: `get_plan_for_user(user, pk, may="approve")`. The rules
say who may act; whether the document's state allows the step is the
lifecycle's answer (plans/services/lifecycle.py), given as a message.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cooperatives.memberships import (
    Role,
    editor_organizations,
    has_role,
    member_organization_ids,
    reporter_cooperative_org_ids,
    reviewer_unit_ids,
    units_under,
    visible_unit_ids,
)
from plans.models import PART_MODELS, Evidence, Plan, PlanPart, Recipient, Remark, Task
from plans.progress.rollup import latest_percent
from plans.services.lifecycle import step_permissions
from plans.services.remarks import REMARKABLE

Rule = tuple[Callable[..., bool], str]


def require(user, obj, rules: dict[str, tuple[Rule, ...]], may: str):
    """The object if every check of the right `may` holds; 403 with the
    first failing check's message otherwise."""
    for allowed, message in rules[may]:
        if not allowed(user, obj):
            raise PermissionDenied(message)
    return obj


# --- Plans ----------------------------------------------------------------------


def plans_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    def named(coop_orgs: set[int]) -> Q:
        # A subquery rather than a join, so the outer query needs no DISTINCT.
        plans = Plan.objects.filter(
            Q(cooperatives__organization__in=coop_orgs) | Q(tasks__cooperative__organization__in=coop_orgs)
        )
        return Q(pk__in=plans.values("pk"))

    return _visible(user, Plan.objects.all() if queryset is None else queryset, to_plan="", cooperatives=named)


def _visible(user, queryset: QuerySet, *, to_plan: str, cooperatives: Callable[[set[int]], Q]) -> QuerySet:
    """The rows of `queryset` (plans, or rows reached from a plan through
    `to_plan`) the user sees: those of the units under their unit roles, and
    of issued plans only, those naming their cooperative (`cooperatives`
    gives the condition) or delivered to one of their organisations."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    issued = Q(**{f"{to_plan}status": Plan.Status.ISSUED})
    condition = Q(pk__in=[])
    units = visible_unit_ids(user)
    if units:
        condition |= Q(**{f"{to_plan}issuer__unit__in": units})
    coop_orgs = reporter_cooperative_org_ids(user)
    if coop_orgs:
        condition |= issued & cooperatives(coop_orgs)
    received = _received_plans(user)
    if received is not None:
        condition |= issued & Q(**{f"{to_plan}pk__in": received})
    return queryset.filter(condition)


def _received_plans(user) -> QuerySet | None:
    """Nơi nhận: the plans whose recipient list names one of the user's
    organisations (the archive line names no one); None without a membership.
    Every member reads such a plan once issued, and its tasks' progress too."""
    member_orgs = member_organization_ids(user)
    if not member_orgs:
        return None
    return Recipient.objects.filter(organization__in=member_orgs, is_archive=False).values("plan")


def is_plan_editor(user, plan) -> bool:
    """An editor of the issuing organisation, whatever the plan's state."""
    return user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR)


def is_commune_member(user, plan) -> bool:
    return user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR, Role.APPROVER)


def can_edit_plan(user, plan) -> bool:
    """Editors of the issuing organisation change drafts; nobody changes an
    issued plan."""
    return plan.is_editable and is_plan_editor(user, plan)


def can_approve_plan(user, plan) -> bool:
    """The issuer's approvers approve, return and issue."""
    return user.is_superuser or has_role(user, plan.issuer_id, Role.APPROVER)


def can_review_plan(user, plan) -> bool:
    """District reviewers above the issuer leave remarks."""
    if user.is_superuser:
        return True
    return plan.issuer.unit_id in units_under(reviewer_unit_ids(user))


def can_see_remarks(user, plan) -> bool:
    """Remarks are between the commune and the district; cooperative staff do not see them."""
    return is_commune_member(user, plan) or can_review_plan(user, plan)


_NOT_ALLOWED = _("Bạn không có quyền thực hiện thao tác này.")

PLAN_RULES: dict[str, tuple[Rule, ...]] = {
    "view": (),
    "edit": ((can_edit_plan, _("Bạn không có quyền sửa kế hoạch này.")),),
    "submit": ((is_plan_editor, _NOT_ALLOWED),),
    "approve": ((can_approve_plan, _NOT_ALLOWED),),
    "return": ((can_approve_plan, _("Bạn không có quyền trả lại kế hoạch.")),),
    "issue": ((can_approve_plan, _("Bạn không có quyền ban hành kế hoạch.")),),
    # Any plan of the issuer, whatever its state, may seed next year's draft.
    "copy": ((is_plan_editor, _("Bạn không có quyền sao chép kế hoạch này.")),),
    "amend": ((is_commune_member, _("Bạn không có quyền sửa đổi kế hoạch này.")),),
    "review": ((can_review_plan, _("Chỉ phòng chuyên môn cấp trên góp ý được.")),),
    "resolve-remark": ((is_commune_member, _("Chỉ cán bộ, lãnh đạo của xã đánh dấu đã xử lý góp ý được.")),),
}


def get_plan_for_user(user, pk: int, *, may: str = "view", queryset: QuerySet | None = None) -> Plan:
    """The plan if the user may see it (404 otherwise) and holds the right
    `may` on it (403 otherwise)."""
    plan = plans_visible_to(user, queryset).select_related("issuer", "issuer__unit").filter(pk=pk).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return require(user, plan, PLAN_RULES, may)


def get_issuers_for_user(user, message: str) -> list:
    """The organisations the user writes new plans for; 403 with `message` if none."""
    issuers = editor_organizations(user)
    if not issuers:
        raise PermissionDenied(message)
    return issuers


def get_plan_part(plan: Plan, kind: str, pk: int, *, top_level: bool = False) -> PlanPart:
    """A part of a plan the caller already holds a right on; 404 for a part of
    another plan. `top_level`: a solution that is not a sub-solution."""
    parts = PART_MODELS[kind].objects.filter(plan=plan, pk=pk)
    part = parts.filter(parent=None).first() if top_level else parts.first()
    if part is None:
        raise Http404("Không tìm thấy mục này.")
    return part


def get_remark(plan: Plan, pk: int) -> Remark:
    remark = plan.remarks.filter(pk=pk).first()
    if remark is None:
        raise Http404("Không tìm thấy góp ý.")
    return remark


def plan_permissions(user, plan) -> dict[str, bool]:
    """What the plan page may offer: the right and, for a workflow step, the
    plan's state. Each view checks its own right again."""
    return {
        "edit": can_edit_plan(user, plan),
        **step_permissions(plan, may_submit=is_plan_editor(user, plan), may_decide=can_approve_plan(user, plan)),
        "copy": is_plan_editor(user, plan),
        "amend": plan.is_issued and is_commune_member(user, plan),
        "see_remarks": can_see_remarks(user, plan),
        "add_remark": plan.status in REMARKABLE and can_review_plan(user, plan),
        "resolve_remark": is_commune_member(user, plan),
        "history": plan.pk is not None,
    }


# --- Tasks and their progress ---------------------------------------------------


def tasks_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Tasks of the plans the user sees; cooperative staff see only their own
    cooperative's tasks, even in a plan that names several cooperatives."""
    queryset = Task.objects.all() if queryset is None else queryset
    return _visible(user, queryset, to_plan="plan__", cooperatives=lambda orgs: Q(cooperative__organization__in=orgs))


def my_tasks(user) -> QuerySet:
    """The tasks of "Việc của tôi", of every year: those the user reports on as
    cooperative staff, in issued plans not replaced by an issued amendment,
    soonest due first. The page opens on current_my_tasks; a year's list is
    these filtered by the plan's year."""
    coop_orgs = reporter_cooperative_org_ids(user)
    if not coop_orgs:
        return Task.objects.none()
    return (
        Task.objects.filter(plan__status=Plan.Status.ISSUED, cooperative__organization__in=coop_orgs)
        .exclude(plan__superseded_by__status=Plan.Status.ISSUED)
        .select_related("plan", "plan__issuer", "cooperative__organization")
        .order_by(F("due_on").asc(nulls_last=True), "plan__year", "plan_id", "position", "id")
    )


def current_my_tasks(user, today: datetime.date | None = None) -> QuerySet:
    """What "Việc của tôi" opens on, the tasks a cooperative's staff act on
    now: every task of the plans of this year and later (the done ones too,
    to be seen finished), and an earlier plan's task while it is not done and
    due this year or later (a 2026 plan's task due in March 2027; one due in
    February of this year and not done, late now). An earlier plan's task
    that is done, or was due in a past year (done or not), is left out: its
    year is over and reported on, the work still to do goes into the new
    plan, and a page that kept every late task of every year would bury this
    year's under them. Those stay one click away, under their plan's year
    (`my_tasks` filtered by year). The same cut as the dashboard's late tasks.
    Open tasks among these are those whose newest update is below 100%."""
    year = (today or timezone.localdate()).year
    still_open = Q(latest_percent__isnull=True) | Q(latest_percent__lt=100)
    return (
        my_tasks(user)
        .alias(latest_percent=latest_percent())
        .filter(Q(plan__year__gte=year) | (Q(due_on__gte=datetime.date(year, 1, 1)) & still_open))
    )


def can_log_progress(user, task) -> bool:
    """Reporters of the task's cooperative and the issuer's editors log
    progress, and only on issued plans."""
    plan = task.plan
    if not plan.is_issued:
        return False
    if is_plan_editor(user, plan):
        return True
    return task.cooperative_id is not None and has_role(user, task.cooperative.organization_id, Role.REPORTER)


TASK_RULES: dict[str, tuple[Rule, ...]] = {
    "view": (),
    # The district reviewer and the approver read progress; they do not log it.
    "log": (
        (lambda user, task: task.plan.is_issued, _("Chỉ cập nhật tiến độ cho kế hoạch đã ban hành.")),
        (can_log_progress, _("Bạn chỉ được xem, không được cập nhật tiến độ nhiệm vụ này.")),
    ),
}


def get_task_for_user(user, pk: int, *, may: str = "view") -> Task:
    """The task if the user may see it (404 otherwise) and holds the right `may` (403 otherwise)."""
    task = (
        tasks_visible_to(user).select_related("plan", "plan__issuer", "cooperative__organization").filter(pk=pk).first()
    )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return require(user, task, TASK_RULES, may)


def get_evidence_for_user(user, pk: int) -> Evidence:
    """An evidence file of a task the user sees; 404 otherwise."""
    evidence = Evidence.objects.select_related("update").filter(pk=pk).first()
    if evidence is None or not tasks_visible_to(user).filter(pk=evidence.update.task_id).exists():
        raise Http404("Không tìm thấy tệp minh chứng.")
    return evidence
