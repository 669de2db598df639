"""The writes of an administrator: a commune with its People's Committee, an
organisation (with its cooperative row), its first leader. Each in one
transaction with its record (AccountEvent), so a refused leader leaves no
commune behind."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cooperatives.models import AccountEvent, AdministrativeUnit, Cooperative, Membership, Organization
from cooperatives.people.accounts import account_create, event_record
from cooperatives.people.rules import GRANTABLE, LEADER_ROLES, rules_forget

Kind = Organization.Kind
Role = Membership.Role
Action = AccountEvent.Action


@dataclass(frozen=True)
class Person:
    """Someone to make an account for, as typed in a form or a spreadsheet row."""

    full_name: str
    username: str
    email: str = ""
    phone: str = ""


def name_split(full_name: str) -> tuple[str, str]:
    """(first_name, last_name) such that Django's get_full_name() gives the
    name back in Vietnamese order: the given name, last in it, as last_name."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def leader_role(organization: Organization) -> str | None:
    """The role that manages an organisation's members, by its kind."""
    return next((role for role in GRANTABLE.get(organization.kind, ()) if role in LEADER_ROLES), None)


def person_create(*, actor, organization: Organization, person: Person, roles) -> dict:
    """An account with a one-time password; returns the card to print."""
    first, last = name_split(person.full_name)
    user, password = account_create(
        actor=actor,
        organization=organization,
        roles=roles,
        username=person.username,
        first_name=first,
        last_name=last,
        email=person.email,
        phone=person.phone,
    )
    return {
        "organization": organization.name,
        "full_name": user.get_full_name(),
        "username": user.username,
        "password": password,
    }


def _saved(obj, **exclude) -> None:
    obj.full_clean(**exclude)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        # Two administrators typing the same code at once: the constraint decides.
        raise ValidationError({"code": _("Mã đơn vị hành chính này đã có.")}) from None


def district_committee(unit: AdministrativeUnit) -> Organization | None:
    return Organization.objects.filter(unit=unit, kind=Kind.PEOPLES_COMMITTEE).order_by("pk").first()


@transaction.atomic
def commune_create(
    *,
    actor,
    parent: AdministrativeUnit,
    code: str,
    name: str,
    email: str = "",
    identifier_code: str = "",
    leader: Person | None = None,
) -> tuple[Organization, dict | None]:
    """A new commune under `parent`, its People's Committee under the
    parent's, and optionally its first leader (approver). Returns the
    committee and the leader's card."""
    unit = AdministrativeUnit(code=code.strip(), name=f"Xã {name.strip()}", level=AdministrativeUnit.Level.COMMUNE)
    unit.parent = parent
    _saved(unit)
    # The administrator's units were read before this one existed.
    rules_forget(actor)
    committee = Organization(
        name=f"Ủy ban nhân dân xã {name.strip()}",
        short_name=f"UBND xã {name.strip()}",
        abbreviation="UBND",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=unit,
        parent=district_committee(parent),
        email=email.strip(),
        identifier_code=identifier_code.strip(),
    )
    committee.full_clean()
    committee.save()
    event_record(actor=actor, action=Action.ORGANIZATION_CREATED, organization=committee, detail=unit.name)
    card = None
    if leader is not None:
        card = person_create(actor=actor, organization=committee, person=leader, roles=[Role.APPROVER])
    return committee, card


@transaction.atomic
def organization_create(
    *,
    actor,
    organization: Organization,
    registration_code: str = "",
    founded_on: datetime.date | None = None,
    leader: Person | None = None,
) -> tuple[Organization, dict | None]:
    """A new organisation (a cooperative with its registry row) and
    optionally its first leader in the leader role of its kind."""
    organization.full_clean()
    organization.save()
    if organization.kind == Kind.COOPERATIVE:
        cooperative = Cooperative(
            organization=organization, registration_code=registration_code.strip(), founded_on=founded_on
        )
        cooperative.full_clean()
        cooperative.save()
    event_record(actor=actor, action=Action.ORGANIZATION_CREATED, organization=organization, detail=organization.name)
    card = None
    if leader is not None:
        role = leader_role(organization)
        if role is None:
            raise ValidationError(_("%(org)s không có vai trò quản lý thành viên.") % {"org": organization})
        card = person_create(actor=actor, organization=organization, person=leader, roles=[role])
    return organization, card


@transaction.atomic
def organization_update(
    *,
    actor,
    organization: Organization,
    changed: list[str],
    registration_code: str | None = None,
    founded_on: datetime.date | None = None,
) -> Organization:
    """The organisation's fields saved (and its cooperative's), recorded with the fields changed."""
    organization.full_clean()
    organization.save()
    if organization.kind == Kind.COOPERATIVE and registration_code is not None:
        cooperative, _created = Cooperative.objects.get_or_create(organization=organization)
        if (cooperative.registration_code, cooperative.founded_on) != (registration_code.strip(), founded_on):
            cooperative.registration_code = registration_code.strip()
            cooperative.founded_on = founded_on
            cooperative.full_clean()
            cooperative.save()
    if changed:
        event_record(
            actor=actor,
            action=Action.ORGANIZATION_CHANGED,
            organization=organization,
            detail=_("sửa: %(fields)s") % {"fields": ", ".join(changed)},
        )
    return organization
