"""The page an invitation's link opens, without signing in: the invited
person chooses their name, user name and password, and is signed in."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from cooperatives.people import accounts, invitations
from cooperatives.people.forms import AcceptForm
from cooperatives.people.invitations import InvitationClosed, InvitationState
from cooperatives.people.views import form_errors_add

# The login is made here, not through authenticate(): the person has just
# chosen the password. Django's own backend, since the first one listed
# (django-axes) only counts failures and signs nobody in.
BACKEND = "cooperatives.profile.backends.ModelBackend"


def _closed(request, invitation, state: str):
    reasons = {
        InvitationState.EXPIRED: _("Đường dẫn mời này đã hết hạn."),
        InvitationState.REVOKED: _("Lời mời này đã bị thu hồi."),
        InvitationState.USED: _("Đường dẫn mời này đã được dùng để tạo tài khoản; mỗi đường dẫn chỉ dùng một lần."),
        None: _("Không tìm thấy lời mời này: đường dẫn không đúng hoặc đã bị cắt mất một phần."),
    }
    ctx = {"invitation": invitation, "reason": reasons[state], "state": state}
    return render(request, "cooperatives/people/invitation_closed.html", ctx, status=404 if state is None else 410)


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token: str):
    invitation = invitations.invitation_by_token(token)
    if invitation is None:
        return _closed(request, None, None)
    state = invitations.invitation_state(invitation)
    if state != InvitationState.PENDING:
        return _closed(request, invitation, state)
    form = AcceptForm(request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name})
    refused = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitations.invitation_accept(
                invitation=invitation,
                username=data["username"],
                full_name=data["full_name"],
                password=data["password1"],
                phone=data["phone"],
            )
        except InvitationClosed as closed:
            return _closed(request, invitation, closed.state)
        except PermissionDenied as error:
            refused = str(error)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _("Chào mừng %(name)s! Bạn đã tham gia %(org)s.")
                % {"name": accounts.display_name(user), "org": invitation.organization.short_name},
            )
            return redirect(settings.LOGIN_REDIRECT_URL)
    ctx = {
        "invitation": invitation,
        "form": form,
        "roles": accounts.roles_text(invitation.roles),
        "inviter": accounts.display_name(invitation.invited_by),
        "refused": refused,
    }
    return render(request, "cooperatives/people/invitation_accept.html", ctx)
