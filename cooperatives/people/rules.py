"""Who may grant which role, to whom: rules as data.

- An organisation holds only the roles of its kind (GRANTABLE): a People's
  Committee writes and approves, a cooperative reports, an office reviews.
- Each organisation's leaders manage its members (LEADER_ROLES): the
  approver of a People's Committee, the director of a cooperative, the head
  of an office. The leaders of a commune's People's Committee also manage
  the cooperatives of that commune.
- A district's (or province's) administrator, a role only an office above
  the communes may hold, manages every organisation of its unit and the
  units below: it creates communes, cooperatives and their first leaders.
- A role may carry another (IMPLIED): a director also reports progress, a
  head of office also reviews.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cooperatives.memberships import memberships, units_under
from cooperatives.models import AdministrativeUnit, Membership, Organization

Kind = Organization.Kind
Role = Membership.Role

GRANTABLE: dict[str, tuple[str, ...]] = {
    Kind.PEOPLES_COMMITTEE: (Role.EDITOR, Role.APPROVER),
    Kind.COOPERATIVE: (Role.REPORTER, Role.DIRECTOR),
    Kind.SPECIALISED_OFFICE: (Role.REVIEWER, Role.HEAD, Role.ADMINISTRATOR),
    Kind.PARTY_COMMITTEE: (Role.REVIEWER,),
    Kind.PEOPLES_COUNCIL: (Role.REVIEWER,),
    Kind.OTHER: (Role.REVIEWER,),
}
LEADER_ROLES: tuple[str, ...] = (Role.APPROVER, Role.DIRECTOR, Role.HEAD, Role.ADMINISTRATOR)
IMPLIED: dict[str, tuple[str, ...]] = {Role.DIRECTOR: (Role.REPORTER,), Role.HEAD: (Role.REVIEWER,)}
# Who must prove a second factor at sign-in (cooperatives/twofactor/): those who issue and those who administer.
SECOND_FACTOR_ROLES: tuple[str, ...] = (Role.APPROVER, Role.ADMINISTRATOR)


def grantable_roles(organization: Organization) -> tuple[str, ...]:
    """The roles an organisation may hold; an administrator only above the communes."""
    roles = GRANTABLE.get(organization.kind, ())
    if Role.ADMINISTRATOR in roles and organization.unit.level == AdministrativeUnit.Level.COMMUNE:
        roles = tuple(role for role in roles if role != Role.ADMINISTRATOR)
    return roles


def with_implied(roles) -> list[str]:
    """The roles with those they carry, in the order of Role."""
    wanted = set(roles)
    for role in list(wanted):
        wanted.update(IMPLIED.get(role, ()))
    return [role for role in Role.values if role in wanted]


def is_administrator(user) -> bool:
    """Whether the user creates organisations somewhere (no query: the memberships are read already)."""
    return user.is_authenticated and (user.is_superuser or any(m.role == Role.ADMINISTRATOR for m in memberships(user)))


def rules_forget(user) -> None:
    """Drop what was read for this request object, after a write that changes it (a new unit)."""
    try:
        delattr(user, "_htx_administered_units")  # through request.user's lazy wrapper too
    except AttributeError:
        pass


def _administered_unit_ids(user) -> set[int]:
    """Read once per request object, like the memberships."""
    cached = getattr(user, "_htx_administered_units", None)
    if cached is None:
        roots = {m.organization.unit_id for m in memberships(user) if m.role == Role.ADMINISTRATOR}
        cached = units_under(roots)
        user._htx_administered_units = cached
    return cached


def managed_organizations(user) -> QuerySet[Organization]:
    """The organisations whose members the user manages."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    mine = memberships(user)
    led = {m.organization_id for m in mine if m.role in LEADER_ROLES}
    commune_units = {
        m.organization.unit_id
        for m in mine
        if m.role == Role.APPROVER and m.organization.kind == Kind.PEOPLES_COMMITTEE
    }
    condition = Q(pk__in=led) | Q(kind=Kind.COOPERATIVE, unit__in=commune_units)
    administered = _administered_unit_ids(user)
    if administered:
        condition |= Q(unit__in=administered)
    return Organization.objects.filter(condition).select_related("unit")


def manages(user, organization: Organization) -> bool:
    return managed_organizations(user).filter(pk=organization.pk).exists()


def administered_units(user) -> QuerySet[AdministrativeUnit]:
    """The units in which the user creates organisations (an administrator's unit and those below)."""
    if user.is_superuser:
        return AdministrativeUnit.objects.all()
    return AdministrativeUnit.objects.filter(pk__in=_administered_unit_ids(user))


def roles_grantable_by(user, organization: Organization) -> set[str]:
    """The roles the user may give in `organization` (or take away), in one
    look at what they manage. The administrator role is given only by an
    administrator above it."""
    if not manages(user, organization):
        return set()
    roles = set(grantable_roles(organization))
    if not user.is_superuser and organization.unit_id not in _administered_unit_ids(user):
        roles.discard(Role.ADMINISTRATOR)
    return roles


def may_grant(user, organization: Organization, role: str) -> bool:
    return role in roles_grantable_by(user, organization)


def needs_second_factor(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(m.role in SECOND_FACTOR_ROLES for m in memberships(user))
    )
