"""Accounts and memberships changed by the people who lead an organisation,
each change checked against the rules (rules.py) and recorded (AccountEvent)
in the same transaction.

A member who leaves is never deleted: their memberships of the organisation
go, and with the last one their account is locked (is_active off), so their
updates, documents and history keep their name.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cooperatives.models import AccountEvent, Membership, Organization, Profile
from cooperatives.people.rules import LEADER_ROLES, grantable_roles, manages, roles_grantable_by, with_implied

Action = AccountEvent.Action
Role = Membership.Role
# Letters and digits that cannot be mistaken for each other when read off paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONE_TIME_PASSWORD_LENGTH = 12


def display_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def event_record(*, actor, action: str, organization: Organization | None = None, subject=None, detail: str = ""):
    return AccountEvent.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=display_name(actor) if actor is not None and actor.is_authenticated else "",
        subject=subject,
        subject_name=display_name(subject),
        organization=organization,
        detail=detail[:500],
    )


def roles_text(roles) -> str:
    labels = dict(Membership.Role.choices)
    return ", ".join(str(labels[role]) for role in roles) or _("không vai trò nào")


def one_time_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(ONE_TIME_PASSWORD_LENGTH))


def grants_check(actor, organization: Organization, roles) -> list[str]:
    if not manages(actor, organization):
        raise PermissionDenied(_("Bạn không quản lý thành viên của %(org)s.") % {"org": organization})
    roles = with_implied(roles)
    if not roles:
        raise ValidationError({"roles": _("Hãy chọn ít nhất một vai trò.")})
    allowed = roles_grantable_by(actor, organization)
    refused = [role for role in roles if role not in allowed]
    if refused:
        allowed = roles_text(grantable_roles(organization))
        raise ValidationError(
            {
                "roles": _("%(org)s không giao được vai trò %(roles)s. Vai trò có thể giao: %(allowed)s.")
                % {"org": organization, "roles": roles_text(refused), "allowed": allowed}
            }
        )
    return roles


def username_check(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Hãy nhập tên đăng nhập.")})
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ValidationError(
            {"username": _("Tên đăng nhập chỉ gồm chữ, số và các dấu @ . + - _ (không có khoảng trắng).")}
        ) from None
    if get_user_model().objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Tên đăng nhập “%(name)s” đã có người dùng.") % {"name": username}})
    return username


@transaction.atomic
def account_create(
    *,
    actor,
    organization: Organization,
    roles,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    action: str = Action.ACCOUNT_CREATED,
    password: str | None = None,
):
    """A new account, member of `organization` with `roles`. Without a
    `password`, a one-time one is made, to be handed over on paper: it must
    be changed at the first sign-in. Returns (user, the one-time password or None)."""
    roles = grants_check(actor, organization, roles)
    username = username_check(username)
    given = password
    password = password or one_time_password()
    user = get_user_model()(username=username, first_name=first_name.strip(), last_name=last_name.strip())
    user.email = email.strip()
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    Profile.objects.create(user=user, phone=phone.strip(), must_change_password=given is None)
    Membership.objects.bulk_create(Membership(user=user, organization=organization, role=role) for role in roles)
    event_record(actor=actor, action=action, organization=organization, subject=user, detail=roles_text(roles))
    return user, (None if given else password)


def organization_roles(user, organization: Organization) -> list[str]:
    return list(Membership.objects.filter(user=user, organization=organization).values_list("role", flat=True))


def _managed_from_outside(organization: Organization) -> bool:
    """Whether someone outside the organisation manages its members: the
    commune's approvers for a cooperative, an administrator above for any."""
    unit = organization.unit
    above = {unit.pk, unit.parent_id, unit.parent.parent_id if unit.parent_id else None} - {None}
    managers = Membership.objects.filter(user__is_active=True).exclude(organization=organization)
    condition = Q(role=Role.ADMINISTRATOR, organization__unit__in=above)
    if organization.kind == Organization.Kind.COOPERATIVE:
        condition |= Q(
            role=Role.APPROVER, organization__kind=Organization.Kind.PEOPLES_COMMITTEE, organization__unit=unit
        )
    return managers.filter(condition).exists()


def _leaders_left(organization: Organization, without_user, roles_kept) -> bool:
    """Whether the organisation's members still have someone to manage them
    once `without_user` keeps only `roles_kept`."""
    if any(role in LEADER_ROLES for role in roles_kept):
        return True
    others = Membership.objects.filter(organization=organization, role__in=LEADER_ROLES).exclude(user=without_user)
    return others.filter(user__is_active=True).exists() or _managed_from_outside(organization)


@transaction.atomic
def roles_set(*, actor, organization: Organization, user, roles) -> list[str]:
    """The member's roles in the organisation become `roles` (with those they carry)."""
    list(Membership.objects.select_for_update().filter(organization=organization).values_list("pk"))
    current = organization_roles(user, organization)
    wanted = grants_check(actor, organization, roles)
    changed = set(current) ^ set(wanted)
    allowed = roles_grantable_by(actor, organization)
    refused = [role for role in changed if role not in allowed]
    if refused:
        raise PermissionDenied(_("Bạn không được đổi vai trò %(roles)s.") % {"roles": roles_text(refused)})
    if not _leaders_left(organization, user, wanted) and set(current) & set(LEADER_ROLES):
        raise ValidationError(
            {"roles": _("%(org)s phải còn ít nhất một người quản lý thành viên.") % {"org": organization}}
        )
    if not changed:
        return current
    Membership.objects.filter(user=user, organization=organization).exclude(role__in=wanted).delete()
    Membership.objects.bulk_create(
        [Membership(user=user, organization=organization, role=role) for role in wanted if role not in current]
    )
    event_record(
        actor=actor,
        action=Action.ROLES_CHANGED,
        organization=organization,
        subject=user,
        detail=_("từ %(before)s thành %(after)s") % {"before": roles_text(current), "after": roles_text(wanted)},
    )
    return wanted


@transaction.atomic
def member_remove(*, actor, organization: Organization, user) -> bool:
    """The member leaves the organisation; with no membership left the
    account is locked. Returns whether it was locked."""
    if not manages(actor, organization):
        raise PermissionDenied(_("Bạn không quản lý thành viên của %(org)s.") % {"org": organization})
    list(Membership.objects.select_for_update().filter(organization=organization).values_list("pk"))
    current = organization_roles(user, organization)
    if not current:
        raise ValidationError(
            _("%(name)s không còn là thành viên của %(org)s.") % {"name": display_name(user), "org": organization}
        )
    allowed = roles_grantable_by(actor, organization)
    refused = [role for role in current if role not in allowed]
    if refused:
        raise PermissionDenied(_("Bạn không được bỏ vai trò %(roles)s.") % {"roles": roles_text(refused)})
    if user.pk == actor.pk:
        raise ValidationError(_("Bạn không tự cho mình thôi tham gia được; hãy nhờ một người quản lý khác."))
    if set(current) & set(LEADER_ROLES) and not _leaders_left(organization, user, ()):
        raise ValidationError(_("%(org)s phải còn ít nhất một người quản lý thành viên.") % {"org": organization})
    Membership.objects.filter(user=user, organization=organization).delete()
    event_record(
        actor=actor, action=Action.MEMBER_REMOVED, organization=organization, subject=user, detail=roles_text(current)
    )
    locked = not Membership.objects.filter(user=user).exists() and not user.is_superuser
    if locked:
        user.is_active = False
        user.save(update_fields=["is_active"])
        event_record(actor=actor, action=Action.ACCOUNT_DEACTIVATED, organization=organization, subject=user)
    return locked


@transaction.atomic
def password_reset(*, actor, organization: Organization, user) -> str:
    """A new one-time password for a member who lost theirs, to hand over on paper."""
    if not manages(actor, organization) or not organization_roles(user, organization):
        raise PermissionDenied(_("Bạn không quản lý tài khoản này."))
    password = one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    Profile.objects.update_or_create(user=user, defaults={"must_change_password": True})
    event_record(actor=actor, action=Action.PASSWORD_RESET, organization=organization, subject=user)
    return password
