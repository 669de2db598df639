"""Invitations: a link e-mailed to one person, which lets them make their
own account in an organisation with the roles their leader chose.

The link carries a random token; only its sha256 is stored, so a copy of
the database opens no account. A link works once, until it expires or is
revoked. The account is made by `account_create` in the inviter's name, so
the rules are checked again when the link is used: an inviter who has lost
the right to give those roles since cannot have them given through an old
link.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperatives.models import AccountEvent, Invitation, Organization
from cooperatives.people.accounts import account_create, display_name, event_record, grants_check, roles_text

logger = logging.getLogger(__name__)
Action = AccountEvent.Action


class InvitationState:
    PENDING = "pending"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED = "used"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_days() -> int:
    return settings.INVITATION_DAYS


def invitation_link(token: str) -> str:
    # A mail has no request to take the host from: links are built from SITE_URL.
    return settings.SITE_URL + reverse("people:invitation-accept", args=[token])


def invitation_state(invitation: Invitation, now: datetime.datetime | None = None) -> str:
    if invitation.accepted_at is not None:
        return InvitationState.USED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if invitation.expires_at <= (now or timezone.now()):
        return InvitationState.EXPIRED
    return InvitationState.PENDING


def pending_invitations(organization: Organization):
    return Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organization", "invited_by").filter(token_hash=token_hash(token)).first()


def _no_account_has(email: str) -> None:
    """One person, one account: an address an account already uses is not invited again."""
    holder = get_user_model().objects.filter(email__iexact=email).order_by("-is_active", "pk").first()
    if holder is None:
        return
    if holder.is_active:
        message = _(
            "Thư điện tử %(email)s đã là của tài khoản “%(username)s” (%(name)s). Mỗi người chỉ dùng một tài "
            "khoản: hãy nhờ người quản lý tổ chức của họ hoặc quản trị viên huyện giao thêm vai trò."
        )
    else:
        message = _(
            "Thư điện tử %(email)s là của tài khoản “%(username)s” (%(name)s) đã bị khóa. Hãy nhờ quản trị viên "
            "huyện mở lại tài khoản đó thay vì tạo tài khoản mới."
        )
    raise ValidationError(
        {"email": message % {"email": email, "username": holder.username, "name": display_name(holder)}}
    )


@transaction.atomic
def invitation_create(
    *, actor, organization: Organization, email: str, full_name: str = "", roles
) -> tuple[Invitation, str]:
    """A new invitation; returns it with the token of its link (shown once, never stored)."""
    roles = grants_check(actor, organization, roles)
    email = email.strip()
    # The organisation's rows are locked, so two leaders inviting the same
    # address at once make one invitation, not two.
    list(Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk"))
    _no_account_has(email)
    pending = pending_invitations(organization).filter(email__iexact=email).first()
    if pending is not None:
        raise ValidationError(
            {
                "email": _(
                    "%(email)s đã có lời mời đang chờ (%(who)s mời lúc %(at)s, hết hạn %(until)s). "
                    "Hãy thu hồi lời mời đó ở danh sách “Lời mời đang chờ” rồi mời lại."
                )
                % {
                    "email": pending.email,
                    "who": display_name(pending.invited_by) or "—",
                    "at": timezone.localtime(pending.created_at).strftime("%d/%m/%Y %H:%M"),
                    "until": timezone.localtime(pending.expires_at).strftime("%d/%m/%Y %H:%M"),
                }
            }
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        organization=organization,
        email=email,
        full_name=full_name.strip(),
        roles=roles,
        token_hash=token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + datetime.timedelta(days=invitation_days()),
    )
    invitation.full_clean()
    invitation.save()
    event_record(
        actor=actor,
        action=Action.INVITED,
        organization=organization,
        detail=f"{email}: {roles_text(roles)}",
    )
    return invitation, token


def invitation_email_send(*, invitation: Invitation, token: str) -> bool:
    """E-mail the link, always in Vietnamese. Called once the invitation is
    committed; a mail server that refuses is logged and answered False: the
    leader still has the link on the page to hand over another way."""
    ctx = {
        "invitation": invitation,
        "link": invitation_link(token),
        "inviter": display_name(invitation.invited_by),
        "roles": roles_text(invitation.roles),
        "site_url": settings.SITE_URL,
    }
    with translation.override("vi"):
        subject = _("Lời mời tham gia %(org)s trên HTX Plan") % {"org": invitation.organization.short_name}
        body = render_to_string("cooperatives/people/invitation_email.txt", ctx)
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception:  # noqa: BLE001 - any failure of the mail server; the page shows the link instead.
        logger.exception("invitation %s: the e-mail to %s was not sent", invitation.pk, invitation.email)
        return False
    return True


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> bool:
    """Revoke a pending invitation; False when it was no longer pending (a second click)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation_state(invitation) != InvitationState.PENDING:
        return False
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    event_record(
        actor=actor,
        action=Action.INVITATION_REVOKED,
        organization=invitation.organization,
        detail=f"{invitation.email}: {roles_text(invitation.roles)}",
    )
    return True


class InvitationClosed(Exception):
    """The link no longer opens an account; `state` says why."""

    def __init__(self, state: str):
        super().__init__(state)
        self.state = state


def _inviter_may_still_grant(invitation: Invitation):
    inviter = invitation.invited_by
    refused = _("%(who)s không còn giao được những vai trò này ở %(org)s. Hãy nhờ người quản lý gửi lời mời mới.") % {
        "who": display_name(inviter) or _("Người mời"),
        "org": invitation.organization.short_name,
    }
    if inviter is None or not inviter.is_active:
        raise PermissionDenied(refused)
    return inviter, refused


@transaction.atomic
def invitation_accept(*, invitation: Invitation, username: str, full_name: str, password: str, phone: str = ""):
    """Make the invited person's account and close the invitation. The
    invitation row is locked first: two submits of the same link at once
    make one account, the second finds it used."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organization", "invited_by")
        .get(pk=invitation.pk)
    )
    state = invitation_state(invitation)
    if state != InvitationState.PENDING:
        raise InvitationClosed(state)
    inviter, refused = _inviter_may_still_grant(invitation)
    first_name, last_name = split_full_name(full_name)
    try:
        user, _password = account_create(
            actor=get_user_model().objects.get(pk=inviter.pk),
            organization=invitation.organization,
            roles=invitation.roles,
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=invitation.email,
            phone=phone,
            password=password,
            action=Action.INVITATION_ACCEPTED,
        )
    except PermissionDenied:
        raise PermissionDenied(refused) from None
    except ValidationError as error:
        if hasattr(error, "error_dict") and "roles" in error.error_dict:
            raise PermissionDenied(refused) from None
        raise
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    # The log names who accepted; the inviter is in its detail.
    AccountEvent.objects.filter(subject=user, action=Action.INVITATION_ACCEPTED).update(
        actor=user,
        actor_name=display_name(user),
        detail=(
            _("mời bởi %(who)s; %(roles)s") % {"who": display_name(inviter), "roles": roles_text(invitation.roles)}
        )[:500],
    )
    return user


def split_full_name(full_name: str) -> tuple[str, str]:
    """ "Nguyễn Văn An" as Django's first name "Nguyễn Văn" and last name "An",
    so that get_full_name() reads it back in the Vietnamese order."""
    words = " ".join(full_name.split())
    if " " not in words:
        return words, ""
    first, last = words.rsplit(" ", 1)
    return first, last
