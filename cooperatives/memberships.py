"""Who belongs where: a user's memberships, their roles, and the units
below a unit. Plans and reports build their access rules on these; nothing
here knows of plans.

Memberships are read once per request (cached on the user object), because
every access rule of a page asks for them again.
"""

from __future__ import annotations

from django.db.models import Q

from cooperatives.models import AdministrativeUnit, Membership, Organization

Role = Membership.Role
# Roles that see every document of their organisation's unit and the units below it.
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
    """The units whose documents the user's unit roles see, below ones included."""
    cached = getattr(user, "_htx_units", None)
    if cached is None:
        cached = units_under({m.organization.unit_id for m in memberships(user) if m.role in UNIT_ROLES})
        user._htx_units = cached
    return cached


def has_role(user, organization_id: int, *roles: str) -> bool:
    return any(m.organization_id == organization_id and m.role in roles for m in memberships(user))


def member_organization_ids(user) -> set[int]:
    """Every organisation the user is a member of, whatever the role."""
    return {m.organization_id for m in memberships(user)}


def organization_ids_with_role(user, role: str) -> set[int]:
    """The organisations where the user holds `role`."""
    return {m.organization_id for m in memberships(user) if m.role == role}


def reporter_cooperative_org_ids(user) -> set[int]:
    """The cooperatives (their organisations) the user reports progress for."""
    return organization_ids_with_role(user, Role.REPORTER)


def is_reporter(user) -> bool:
    return bool(reporter_cooperative_org_ids(user))


def reviewer_unit_ids(user) -> set[int]:
    """The units of the user's reviewer memberships (not the units below them)."""
    return {m.organization.unit_id for m in memberships(user) if m.role == Role.REVIEWER}


def is_reviewer(user) -> bool:
    return user.is_authenticated and (user.is_superuser or any(m.role == Role.REVIEWER for m in memberships(user)))


def editor_organizations(user) -> list[Organization]:
    """The organisations the user may write new documents for."""
    if user.is_superuser:
        return list(Organization.objects.filter(kind=Organization.Kind.PEOPLES_COMMITTEE).select_related("unit"))
    return [m.organization for m in memberships(user) if m.role == Role.EDITOR]
