"""The profile page ("Hồ sơ của tôi"), the password change and the ending
of sessions. Everything here is the signed-in person's own: no posted id
names another person's row (a session id of someone else is a 404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.memberships import memberships
from cooperatives.models import SignInRecord
from cooperatives.profile import services, sessions
from cooperatives.profile.forms import PasswordChangeForm, ProfileForm
from cooperatives.profile.panels import profile_page_parts


def _initial(user) -> dict:
    profile = services.profile_of(user)
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "phone": profile.phone if profile else "",
        "language": profile.language if profile else "",
    }


def _language_cookie(response, language: str) -> None:
    # Kept after signing out too: the login page then reads as the profile chose.
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH)


def _organizations(user) -> list[tuple]:
    """(organisation, the names of the user's roles in it), read only here."""
    found: dict[int, tuple] = {}
    for membership in memberships(user):
        found.setdefault(membership.organization_id, (membership.organization, []))[1].append(
            membership.get_role_display()
        )
    return list(found.values())


@login_required
def profile_edit(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial=_initial(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = services.profile_update(user=user, **data)
        if "language" in changed:  # the message below already in the new language
            translation.activate(data["language"] or settings.LANGUAGE_CODE)
        messages.success(request, _("Đã lưu hồ sơ.") if changed else _("Hồ sơ không có gì thay đổi."))
        response = redirect("profile:account")
        if "language" in changed:
            _language_cookie(response, data["language"])
        return response
    ctx = {
        "form": form,
        "organizations": _organizations(user),
        "sessions": sessions.sessions_alive(user),
        "current_key": request.session.session_key,
        "parts": profile_page_parts(request),
    }
    return render(request, "cooperatives/profile/profile.html", ctx, status=400 if form.errors else 200)


def _next_page(request, must_change: bool) -> str:
    """Where to go once the password is changed: the page the person was
    sent away from, else the dashboard after a one-time password, else the profile."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL if must_change else "profile:account")


@login_required
def password_change(request):
    profile = services.profile_of(request.user)
    must_change = profile is not None and profile.must_change_password
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        next_page = _next_page(request, must_change)
        ended = services.password_change(request=request, form=form)
        text = _("Đã đổi mật khẩu.")
        if ended:
            text += " " + _("Đã đăng xuất %(count)d phiên ở nơi khác.") % {"count": ended}
        messages.success(request, text)
        return redirect(next_page)
    ctx = {"form": form, "must_change": must_change, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "cooperatives/profile/password_change.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def sign_out_elsewhere(request):
    ended = sessions.sessions_sign_out_elsewhere(user=request.user, current_key=request.session.session_key)
    if ended:
        messages.success(request, _("Đã đăng xuất %(count)d phiên ở nơi khác.") % {"count": ended})
    else:
        messages.info(request, _("Không còn phiên đăng nhập nào ở nơi khác."))
    return redirect("profile:account")


@login_required
@require_POST
def session_sign_out(request, pk: int):
    record = SignInRecord.objects.filter(pk=pk).first()
    if record is None:  # a second click: the session has already ended
        messages.info(request, _("Phiên này đã được đăng xuất."))
        return redirect("profile:account")
    if record.user_id != request.user.pk:
        raise Http404
    if record.session_key == request.session.session_key:
        logout(request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    sessions.session_sign_out(user=request.user, record=record)
    messages.success(request, _("Đã đăng xuất phiên trên %(device)s.") % {"device": record.device})
    return redirect("profile:account")
