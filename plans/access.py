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
    return queryset.filter(condition)


def get_plan_for_user(user, pk: int, queryset: QuerySet | None = None):
    """The plan if the user may see it; 404 otherwise."""
    plan = plans_visible_to(user, queryset).select_related("issuer", "issuer__unit").filter(pk=pk).first()
    if plan is None:
        raise Http404("Không tìm thấy kế hoạch.")
    return plan


def can_edit_plan(user, plan) -> bool:
    """Editors of the issuing organisation change drafts; nobody changes an
    issued plan."""
    if not plan.is_editable:
        return False
    return user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR)


def can_approve_plan(user, plan) -> bool:
    return user.is_superuser or has_role(user, plan.issuer_id, Role.APPROVER)


def can_review_plan(user, plan) -> bool:
    """District reviewers above the issuer leave remarks."""
    if user.is_superuser:
        return True
    reviewer_units = units_under({m.organization.unit_id for m in memberships(user) if m.role == Role.REVIEWER})
    return plan.issuer.unit_id in reviewer_units


def get_plan_for_edit(user, pk: int, queryset: QuerySet | None = None):
    """404 to outsiders, 403 to those who may read but not change it."""
    plan = get_plan_for_user(user, pk, queryset)
    if not can_edit_plan(user, plan):
        raise PermissionDenied("Bạn không có quyền sửa kế hoạch này.")
    return plan


def can_log_progress(user, task) -> bool:
    """Reporters of the task's cooperative and the issuer's editors log
    progress, and only on issued plans."""
    plan = task.plan
    if not plan.is_issued:
        return False
    if user.is_superuser or has_role(user, plan.issuer_id, Role.EDITOR):
        return True
    return task.cooperative_id is not None and has_role(user, task.cooperative.organization_id, Role.REPORTER)
