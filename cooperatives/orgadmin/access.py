"""Who reaches the administrator's pages: those who administer a unit
(cooperatives/people/rules.py); the organisations they may change are those
of the units they administer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from cooperatives.models import AdministrativeUnit, Membership, Organization
from cooperatives.people.rules import administered_units

Kind = Organization.Kind


def units_for_user(user) -> QuerySet[AdministrativeUnit]:
    """The units the user administers; 403 to anyone who administers none."""
    units = administered_units(user)
    if not user.is_authenticated or not units.exists():
        raise PermissionDenied(_("Trang này dành cho người quản trị tổ chức và tài khoản của huyện, tỉnh."))
    return units


def organizations_for_user(user) -> QuerySet[Organization]:
    return Organization.objects.filter(unit__in=units_for_user(user)).select_related("unit")


def get_organization_for_user(user, pk: int) -> Organization:
    """An organisation the user administers; 404 to those who do not."""
    return get_object_or_404(organizations_for_user(user), pk=pk)


def governing_bodies(user) -> QuerySet[Organization]:
    """What an organisation may hang under: the administered organisations,
    and the People's Committee of the unit above (a district's PC for a
    district administered from the province, the province's for a district)."""
    units = units_for_user(user)
    above = units.exclude(parent=None).values("parent")
    return (
        Organization.objects.filter(Q(unit__in=units) | Q(unit__in=above, kind=Kind.PEOPLES_COMMITTEE))
        .select_related("unit")
        .order_by("short_name")
    )


def commune_parents(user) -> QuerySet[AdministrativeUnit]:
    """Where a new commune may hang: an administered district, or an
    administered province itself (the two-tier local government of 2025)."""
    Level = AdministrativeUnit.Level
    return units_for_user(user).filter(level__in=(Level.DISTRICT, Level.PROVINCE)).order_by("level", "name")


def administrator_organization(user) -> Organization | None:
    """The organisation in which the user administers, to file their records under."""
    membership = (
        Membership.objects.filter(user=user, role=Membership.Role.ADMINISTRATOR).select_related("organization").first()
    )
    return membership.organization if membership else None
