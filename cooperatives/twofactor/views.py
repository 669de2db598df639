"""Two-factor sign-in pages: the code after the password, the set-up with
its QR code, the recovery codes shown once, the status page of the
profile, turning it off, and a leader's reset of a member's lost device."""

from __future__ import annotations

import qrcode
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from qrcode.image.svg import SvgPathFillImage

from cooperatives.models import Membership, Organization
from cooperatives.people.rules import manages, needs_second_factor
from cooperatives.twofactor import services
from cooperatives.twofactor.devices import (
    HAS_DEVICE_KEY,
    code_check,
    confirmed_totp,
    has_device,
    recovery_codes_left,
    secret_groups,
    session_verify,
)
from cooperatives.twofactor.forms import CodeForm, RecoveryCodeForm
from cooperatives.twofactor.fresh import require_fresh_second_factor

NEW_CODES_KEY = "twofactor_new_codes"


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@login_required
def code(request):
    """The code from the authenticator app (or a recovery code): after the
    password, and again before issuing once the last one is old."""
    user, next_url = request.user, _next_url(request)
    if not has_device(user):
        request.session[HAS_DEVICE_KEY] = False
        return redirect(_with_next("twofactor:setup", next_url) if needs_second_factor(user) else next_url)
    recovery = request.method == "POST" and request.POST.get("kind") == "recovery"
    form = CodeForm(request.POST if request.method == "POST" and not recovery else None)
    recovery_form = RecoveryCodeForm(request.POST if recovery else None)
    used = recovery_form if recovery else form
    if request.method == "POST" and used.is_valid():
        result = code_check(user, used.cleaned_data["code"])
        if result.device is not None:
            session_verify(request, result.device)
            if result.codes_left is not None:
                messages.warning(
                    request,
                    _(
                        "Bạn vừa dùng một mã dự phòng; còn %(left)d mã. Hãy tạo mã dự phòng mới "
                        "trong trang Xác thực hai lớp nếu còn ít."
                    )
                    % {"left": result.codes_left},
                )
            return redirect(next_url)
        used.add_error("code", result.error)
    ctx = {"form": form, "recovery_form": recovery_form, "next": next_url, "again": user.is_verified()}
    status = 400 if used.errors else 200
    return render(request, "cooperatives/twofactor/code.html", ctx, status=status)


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=SvgPathFillImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


@login_required
def setup(request):
    """Set-up: scan the QR code (or type the secret), then confirm with a code."""
    user, next_url = request.user, _next_url(request)
    if has_device(user):
        if not user.is_verified():
            return redirect(_with_next("twofactor:code", next_url))
        messages.info(request, _("Xác thực hai lớp đã được bật."))
        return redirect("twofactor:manage")
    device = services.setup_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.second_factor_enable(user=user, device=device, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            session_verify(request, device)
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect(_with_next("twofactor:recovery-codes", next_url))
    ctx = {
        "form": form,
        "next": next_url,
        "qr": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - built here from the device, no user text
        "secret": secret_groups(device),
        "required": needs_second_factor(user),
    }
    return render(request, "cooperatives/twofactor/setup.html", ctx, status=400 if form.errors else 200)


@login_required
def recovery_codes(request):
    """GET: the new recovery codes, shown once. POST: ten new ones in place of the old."""
    if request.method == "POST":
        again = require_fresh_second_factor(
            request, reverse("twofactor:manage"), _("Nhập lại mã xác thực trước khi tạo mã dự phòng mới.")
        )
        if again:
            return again
        try:
            request.session[NEW_CODES_KEY] = services.recovery_codes_renew(user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("twofactor:manage")
        return redirect("twofactor:recovery-codes")
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        messages.info(request, _("Mã dự phòng chỉ hiện một lần, ngay khi tạo. Bạn có thể tạo bộ mã mới."))
        return redirect("twofactor:manage")
    return render(request, "cooperatives/twofactor/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@login_required
def manage(request):
    user = request.user
    device = confirmed_totp(user)
    ctx = {
        "device": device,
        "codes_left": recovery_codes_left(user) if device else 0,
        "required": needs_second_factor(user),
    }
    return render(request, "cooperatives/twofactor/manage.html", ctx)


@login_required
@require_POST
def disable(request):
    again = require_fresh_second_factor(
        request, reverse("twofactor:manage"), _("Nhập lại mã xác thực trước khi tắt xác thực hai lớp.")
    )
    if again:
        return again
    try:
        services.second_factor_disable(user=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect("twofactor:manage")
    request.session[HAS_DEVICE_KEY] = False
    messages.success(request, _("Đã tắt xác thực hai lớp."))
    return redirect("twofactor:manage")


def _member_for_reset(actor, org_id: int, user_id: int):
    """The organisation and its member whose device the actor may reset; 404 for anyone else."""
    organization = get_object_or_404(Organization.objects.select_related("unit"), pk=org_id)
    member = get_object_or_404(get_user_model(), pk=user_id)
    is_member = Membership.objects.filter(user=member, organization=organization).exists()
    if not (actor.is_superuser or (is_member and manages(actor, organization))):
        raise Http404
    return organization, member


@login_required
def reset(request, org_id: int, user_id: int):
    """GET: confirm; POST: delete the member's authenticator and recovery codes."""
    organization, member = _member_for_reset(request.user, org_id, user_id)
    if request.method == "POST":
        services.second_factor_reset(actor=request.user, organization=organization, user=member)
        messages.success(
            request,
            _("Đã đặt lại xác thực hai lớp của %(name)s. Lần đăng nhập tới, người đó sẽ cài lại ứng dụng xác thực.")
            % {"name": member.get_full_name() or member.username},
        )
        return redirect(request.path)
    ctx = {"organization": organization, "member": member, "has_device": has_device(member)}
    return render(request, "cooperatives/twofactor/reset_confirm.html", ctx)
