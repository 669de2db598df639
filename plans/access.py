"""Who may see and who may change what.

Every view goes through this module; nothing else filters plans by user.
Visibility comes from memberships and the administrative-unit tree: a
membership of an organisation in a unit sees the plans issued in that unit
and every unit below it (a district office sees its communes, a commune
official the commune). Cooperative staff see only the issued plans that name
their cooperative. An outsider gets 404, so the existence of another
commune's plan is not revealed; a member without the right to act gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from cooperatives.models import AdministrativeUnit, Membership

Role = Membership.Role
UNIT_ROLES = (Role.EDITOR, Role.APPROVER, Role.REVIEWER)


def memberships(user) -> list[Membership]:
    """The user's memberships, read once per request object."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_htx_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        user._htx_memberships = cached
    return cached


def units_under(unit_ids: set[int]) -> set[int]:
    """The units themselves and every unit below them (at most two levels:
    province > district > commune)."""
    if not unit_ids:
        return set()
    return set(
        AdministrativeUnit.objects.filter(
            Q(pk__in=unit_ids) | Q(parent__in=unit_ids) | Q(parent__parent__in=unit_ids)
        ).values_list("pk", flat=True)
    )


def visible_unit_ids(user) -> set[int]:
    cached = getattr(user, "_htx_units", None)
    if cached is None:
        cached = units_under({m.organization.unit_id for m in memberships(user) if m.role in UNIT_ROLES})
        user._htx_units = cached
    return cached


def reporter_cooperative_org_ids(user) -> set[int]:
    return {m.organization_id for m in memberships(user) if m.role == Role.REPORTER}


def has_role(user, organization_id: int, *roles: str) -> bool:
    return any(m.organization_id == organization_id and m.role in roles for m in memberships(user))


def reviewer_unit_ids(user) -> set[int]:
    """The units of the user's reviewer memberships (not the units below them)."""
    return {m.organization.unit_id for m in memberships(user) if m.role == Role.REVIEWER}


def is_plan_editor(user, plan) -> bool:
    """An editor of the issuing organisation, whatever the plan's state."""
    return user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR)


def plans_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    from plans.models import Plan

    queryset = Plan.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    condition = Q(pk__in=[])
    units = visible_unit_ids(user)
    if units:
        condition |= Q(issuer__unit__in=units)
    coop_orgs = reporter_cooperative_org_ids(user)
    if coop_orgs:
        # A subquery rather than a join, so the outer query needs no DISTINCT.
        named = Plan.objects.filter(
            Q(cooperatives__organization__in=coop_orgs) | Q(tasks__cooperative__organization__in=coop_orgs)
        ).values("pk")
        condition |= Q(status=Plan.Status.ISSUED, pk__in=named)
    received = _received_plans(user)
    if received is not None:
        condition |= Q(status=Plan.Status.ISSUED, pk__in=received)
    return queryset.filter(condition)


def _received_plans(user) -> QuerySet | None:
    """Nơi nhận: the plans whose recipient list names one of the user's
    organisations (the archive line names no one); None without a membership.
    Every member reads such a plan once issued, and its tasks' progress too."""
    from plans.models import Recipient

    member_orgs = {m.organization_id for m in memberships(user)}
    if not member_orgs:
        return None
    return Recipient.objects.filter(organization__in=member_orgs, is_archive=False).values("plan")


def get_plan_for_user(user, pk: int, queryset: QuerySet | None = None):
    """The plan if the user may see it; 404 otherwise."""
    plan = plans_visible_to(user, queryset).select_related("issuer", "issuer__unit").filter(pk=pk).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def can_edit_plan(user, plan) -> bool:
    """Editors of the issuing organisation change drafts; nobody changes an
    issued plan."""
    return plan.is_editable and is_plan_editor(user, plan)


def can_approve_plan(user, plan) -> bool:
    return user.is_superuser or has_role(user, plan.issuer_id, Role.APPROVER)


def can_review_plan(user, plan) -> bool:
    """District reviewers above the issuer leave remarks."""
    if user.is_superuser:
        return True
    return plan.issuer.unit_id in units_under(reviewer_unit_ids(user))


def get_plan_for_edit(user, pk: int, queryset: QuerySet | None = None):
    """404 to outsiders, 403 to those who may read but not change it."""
    plan = get_plan_for_user(user, pk, queryset)
    if not can_edit_plan(user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    return plan


def can_log_progress(user, task) -> bool:
    """Reporters of the task's cooperative and the issuer's editors log
    progress, and only on issued plans."""
    plan = task.plan
    if not plan.is_issued:
        return False
    if is_plan_editor(user, plan):
        return True
    return task.cooperative_id is not None and has_role(user, task.cooperative.organization_id, Role.REPORTER)


# --- Tasks and their progress ---------------------------------------------------


def tasks_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Tasks of the plans the user sees; cooperative staff see only their own
    cooperative's tasks, even in a plan that names several cooperatives."""
    from plans.models import Task

    queryset = Task.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    condition = Q(pk__in=[])
    units = visible_unit_ids(user)
    if units:
        condition |= Q(plan__issuer__unit__in=units)
    coop_orgs = reporter_cooperative_org_ids(user)
    if coop_orgs:
        from plans.models import Plan

        condition |= Q(plan__status=Plan.Status.ISSUED, cooperative__organization__in=coop_orgs)
    received = _received_plans(user)
    if received is not None:
        from plans.models import Plan

        condition |= Q(plan__status=Plan.Status.ISSUED, plan__in=received)
    return queryset.filter(condition)


def my_tasks(user) -> QuerySet:
    """The tasks of "Việc của tôi": those the user reports on as cooperative staff, in
    issued plans not replaced by an issued amendment, soonest due first."""
    from django.db.models import F

    from plans.models import Plan, Task

    coop_orgs = reporter_cooperative_org_ids(user)
    if not coop_orgs:
        return Task.objects.none()
    return (
        Task.objects.filter(plan__status=Plan.Status.ISSUED, cooperative__organization__in=coop_orgs)
        .exclude(plan__superseded_by__status=Plan.Status.ISSUED)
        .select_related("plan", "plan__issuer", "cooperative__organization")
        .order_by(F("due_on").asc(nulls_last=True), "plan__year", "plan_id", "position", "id")
    )


def get_task_for_user(user, pk: int, queryset: QuerySet | None = None):
    """The task if the user may see it; 404 otherwise."""
    from plans.models import Task

    queryset = Task.objects.all() if queryset is None else queryset
    task = (
        tasks_visible_to(user, queryset)
        .select_related("plan", "plan__issuer", "cooperative__organization")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("Không tìm thấy nhiệm vụ.")
    return task


def get_task_for_progress(user, pk: int):
    """The task to log progress on: 404 to those who cannot see it, 403 to
    those who read it only (the district reviewer, the approver) and on a
    plan that is not issued."""
    task = get_task_for_user(user, pk)
    if not task.plan.is_issued:
        raise PermissionDenied(_("Chỉ cập nhật tiến độ cho kế hoạch đã ban hành."))
    if not can_log_progress(user, task):
        raise PermissionDenied(_("Bạn chỉ được xem, không được cập nhật tiến độ nhiệm vụ này."))
    return task


def get_evidence_for_user(user, pk: int):
    """An evidence file of a task the user sees; 404 otherwise."""
    from plans.models import Evidence

    evidence = Evidence.objects.select_related("update").filter(pk=pk).first()
    if evidence is None or not tasks_visible_to(user).filter(pk=evidence.update.task_id).exists():
        raise Http404("Không tìm thấy tệp minh chứng.")
    return evidence


def is_reporter(user) -> bool:
    return bool(reporter_cooperative_org_ids(user))


# --- Plan authoring and workflow ------------------------------------------------


def editor_organizations(user) -> list:
    """The organisations the user may write new plans for."""
    from cooperatives.models import Organization

    if user.is_superuser:
        return list(Organization.objects.filter(kind=Organization.Kind.PEOPLES_COMMITTEE).select_related("unit"))
    return [m.organization for m in memberships(user) if m.role == Role.EDITOR]


def is_commune_member(user, plan) -> bool:
    return user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR, Role.APPROVER)


def can_submit_plan(user, plan) -> bool:
    return plan.status == plan.Status.DRAFT and is_plan_editor(user, plan)


def can_copy_plan(user, plan) -> bool:
    """Any plan of the issuer, whatever its state, may seed next year's draft."""
    return is_plan_editor(user, plan)


def can_amend_plan(user, plan) -> bool:
    return plan.is_issued and is_commune_member(user, plan)


def can_see_remarks(user, plan) -> bool:
    """Remarks are between the commune and the district; cooperative staff do not see them."""
    return is_commune_member(user, plan) or can_review_plan(user, plan)


def can_add_remark(user, plan) -> bool:
    return plan.status == plan.Status.SUBMITTED and can_review_plan(user, plan)


def can_resolve_remark(user, plan) -> bool:
    return is_commune_member(user, plan)


def plan_permissions(user, plan) -> dict[str, bool]:
    """What the plan page may offer; each view checks its own right again."""
    approver = can_approve_plan(user, plan)
    return {
        "edit": can_edit_plan(user, plan),
        "submit": can_submit_plan(user, plan),
        "approve": approver and plan.status == plan.Status.SUBMITTED,
        "return": approver and plan.status in (plan.Status.SUBMITTED, plan.Status.APPROVED),
        "issue": approver and plan.status == plan.Status.APPROVED,
        "copy": can_copy_plan(user, plan),
        "amend": can_amend_plan(user, plan),
        "see_remarks": can_see_remarks(user, plan),
        "add_remark": can_add_remark(user, plan),
        "resolve_remark": can_resolve_remark(user, plan),
        "history": plan.pk is not None,
    }
