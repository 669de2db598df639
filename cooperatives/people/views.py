"""The "Thành viên" pages: the organisations a leader manages, each one's
members, pending invitations and account log; inviting, creating an
account with a one-time password, changing roles, removing a member,
giving a new one-time password. Every write goes through accounts.py or
invitations.py, which check the rules again."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from cooperatives.models import AccountEvent, Invitation, Membership, Organization
from cooperatives.people import accounts, invitations
from cooperatives.people.forms import AccountCreateForm, InviteForm, MemberRolesForm, grantable_choices
from cooperatives.people.invitations import split_full_name
from cooperatives.people.rules import managed_organizations, roles_grantable_by

EVENTS_PER_PAGE = 20
CARD_KEY = "people_card"
INVITED_KEY = "people_invited"


def _get_organization_for_user(user, org_id: int) -> Organization:
    """The organisation, if the user manages its members; 404 to anyone else."""
    return get_object_or_404(managed_organizations(user), pk=org_id)


def _get_member(organization: Organization, user_id: int):
    """A member of the organisation (whatever the role); 404 for anyone else."""
    return get_object_or_404(
        get_user_model().objects.filter(memberships__organization=organization).distinct(), pk=user_id
    )


def _refusal(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("Bạn không có quyền làm việc này.")


def form_errors_add(form, error: ValidationError) -> None:
    """A service's refusal shown on the form, each message by its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


def _members(organization: Organization) -> list:
    labels = dict(Membership.Role.choices)
    order = Membership.Role.values
    users = list(
        get_user_model()
        .objects.filter(memberships__organization=organization)
        .distinct()
        .select_related("profile")
        .annotate(has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.filter(organization=organization), to_attr="here")
        )
        .order_by("first_name", "last_name", "username")
    )
    for user in users:
        profile = getattr(user, "profile", None)
        user.phone = profile.phone if profile else ""
        user.role_labels = [labels[role] for role in sorted((m.role for m in user.here), key=order.index)]
    return users


@login_required
def members_index(request):
    organizations = list(managed_organizations(request.user).order_by("unit__name", "kind", "short_name"))
    if not organizations:
        raise Http404
    chosen = request.GET.get("org", "")
    for organization in organizations:
        if str(organization.pk) == chosen:
            return redirect("people:members", organization.pk)
    if len(organizations) == 1:
        return redirect("people:members", organizations[0].pk)
    return render(request, "cooperatives/people/members_index.html", {"organizations": organizations})


@login_required
def members(request, org_id: int):
    organization = _get_organization_for_user(request.user, org_id)
    pending = list(invitations.pending_invitations(organization))
    for invitation in pending:
        invitation.roles_label = accounts.roles_text(invitation.roles)
    events = Paginator(AccountEvent.objects.filter(organization=organization), EVENTS_PER_PAGE)
    ctx = {
        "organization": organization,
        "organizations": managed_organizations(request.user).order_by("unit__name", "kind", "short_name"),
        "members": _members(organization),
        "pending": pending,
        "events": events.get_page(request.GET.get("page")),
        "may_add": bool(grantable_choices(request.user, organization)),
    }
    return render(request, "cooperatives/people/members.html", ctx)


@login_required
def invite(request, org_id: int):
    organization = _get_organization_for_user(request.user, org_id)
    form = InviteForm(request.POST or None, user=request.user, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation, token = invitations.invitation_create(
                actor=request.user,
                organization=organization,
                email=data["email"],
                full_name=data["full_name"],
                roles=data["roles"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error if isinstance(error, ValidationError) else ValidationError(_refusal(error)))
        else:
            # Sent once the invitation is committed (the service's transaction has ended).
            sent = invitations.invitation_email_send(invitation=invitation, token=token)
            request.session[INVITED_KEY] = {
                "org": organization.pk,
                "email": invitation.email,
                "link": invitations.invitation_link(token),
                "sent": sent,
            }
            return redirect("people:invitation-sent", organization.pk)
    ctx = {"organization": organization, "form": form, "days": invitations.invitation_days()}
    return render(request, "cooperatives/people/invite.html", ctx)


@never_cache
@login_required
def invitation_sent(request, org_id: int):
    """The link, shown once, for the leader to hand over if the mail does not arrive."""
    organization = _get_organization_for_user(request.user, org_id)
    invited = request.session.get(INVITED_KEY)
    if not invited or invited.get("org") != organization.pk:
        messages.info(request, _("Đường dẫn của lời mời chỉ hiện một lần, ngay sau khi mời."))
        return redirect("people:members", organization.pk)
    del request.session[INVITED_KEY]
    return render(request, "cooperatives/people/invitation_sent.html", {"organization": organization, **invited})


@require_POST
@login_required
def invitation_revoke(request, org_id: int, pk: int):
    organization = _get_organization_for_user(request.user, org_id)
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    if invitations.invitation_revoke(actor=request.user, invitation=invitation):
        messages.success(request, _("Đã thu hồi lời mời gửi %(email)s.") % {"email": invitation.email})
    else:
        messages.info(request, _("Lời mời gửi %(email)s không còn chờ nữa.") % {"email": invitation.email})
    return redirect("people:members", organization.pk)


def _card_keep(request, organization: Organization, user, password: str) -> None:
    """The one-time password is kept in the session for one display of the card, never stored elsewhere."""
    request.session[CARD_KEY] = {
        "org": organization.pk,
        "organization": organization.name,
        "name": accounts.display_name(user),
        "username": user.username,
        "password": password,
        "login_url": settings.SITE_URL + reverse("login"),
    }


@login_required
def account_create(request, org_id: int):
    organization = _get_organization_for_user(request.user, org_id)
    form = AccountCreateForm(request.POST or None, user=request.user, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        first_name, last_name = split_full_name(data["full_name"])
        try:
            user, password = accounts.account_create(
                actor=request.user,
                organization=organization,
                roles=data["roles"],
                username=data["username"],
                first_name=first_name,
                last_name=last_name,
                email=data["email"],
                phone=data["phone"],
            )
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error if isinstance(error, ValidationError) else ValidationError(_refusal(error)))
        else:
            _card_keep(request, organization, user, password)
            return redirect("people:account-card", organization.pk)
    return render(request, "cooperatives/people/account_create.html", {"organization": organization, "form": form})


@never_cache
@login_required
def account_card(request, org_id: int):
    """The "Phiếu tài khoản" with the one-time password, shown once: a reload finds it gone."""
    organization = _get_organization_for_user(request.user, org_id)
    card = request.session.get(CARD_KEY)
    if not card or card.get("org") != organization.pk:
        messages.info(
            request, _("Phiếu tài khoản chỉ hiện một lần. Nếu chưa in được, hãy dùng “Cấp lại mật khẩu” cho người đó.")
        )
        return redirect("people:members", organization.pk)
    del request.session[CARD_KEY]
    return render(request, "cooperatives/people/account_card.html", {"organization": organization, "card": card})


@login_required
def member_roles(request, org_id: int, user_id: int):
    organization = _get_organization_for_user(request.user, org_id)
    member = _get_member(organization, user_id)
    current = accounts.organization_roles(member, organization)
    # Roles the leader may not give stay as they are: shown, not offered.
    allowed = roles_grantable_by(request.user, organization)
    kept = [role for role in current if role not in allowed]
    form = MemberRolesForm(
        request.POST or None, user=request.user, organization=organization, initial={"roles": current}
    )
    if request.method == "POST" and form.is_valid():
        try:
            accounts.roles_set(
                actor=request.user, organization=organization, user=member, roles=[*form.cleaned_data["roles"], *kept]
            )
        except (ValidationError, PermissionDenied) as error:
            form_errors_add(form, error if isinstance(error, ValidationError) else ValidationError(_refusal(error)))
        else:
            messages.success(request, _("Đã lưu vai trò của %(name)s.") % {"name": accounts.display_name(member)})
            return redirect("people:members", organization.pk)
    ctx = {
        "organization": organization,
        "member": member,
        "form": form,
        "kept": accounts.roles_text(kept) if kept else "",
    }
    return render(request, "cooperatives/people/member_roles.html", ctx)


@login_required
def member_remove(request, org_id: int, user_id: int):
    organization = _get_organization_for_user(request.user, org_id)
    member = _get_member(organization, user_id)
    if request.method == "POST":
        try:
            locked = accounts.member_remove(actor=request.user, organization=organization, user=member)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal(error))
            return redirect("people:members", organization.pk)
        name = accounts.display_name(member)
        if locked:
            text = _("%(name)s đã thôi tham gia %(org)s. Tài khoản không còn thuộc tổ chức nào nên đã bị khóa.")
        else:
            text = _("%(name)s đã thôi tham gia %(org)s. Tài khoản vẫn dùng được ở tổ chức khác.")
        messages.success(request, text % {"name": name, "org": organization.short_name})
        return redirect("people:members", organization.pk)
    others = Membership.objects.filter(user=member).exclude(organization=organization).exists()
    ctx = {
        "organization": organization,
        "member": member,
        "roles": accounts.roles_text(accounts.organization_roles(member, organization)),
        "will_lock": not others and not member.is_superuser,
    }
    return render(request, "cooperatives/people/member_remove.html", ctx)


@login_required
def member_password_reset(request, org_id: int, user_id: int):
    organization = _get_organization_for_user(request.user, org_id)
    member = _get_member(organization, user_id)
    if request.method == "POST":
        try:
            password = accounts.password_reset(actor=request.user, organization=organization, user=member)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _refusal(error))
            return redirect("people:members", organization.pk)
        _card_keep(request, organization, member, password)
        return redirect("people:account-card", organization.pk)
    ctx = {"organization": organization, "member": member}
    return render(request, "cooperatives/people/member_password_reset.html", ctx)
