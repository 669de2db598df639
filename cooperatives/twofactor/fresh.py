"""Issuing asks for a fresh second factor: a code given within the last
SECOND_FACTOR_FRESH_MINUTES in this session."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cooperatives.people.rules import needs_second_factor
from cooperatives.twofactor.devices import has_device, is_fresh


def code_url(next_url: str) -> str:
    return f"{reverse('twofactor:code')}?{urlencode({'next': next_url})}"


def require_fresh_second_factor(
    request, next_url: str | None = None, message: str | None = None
) -> HttpResponse | None:
    """None when the user may go on; else the way to the code page (or the
    set-up, for one who must have a device and has none), back to `next_url`
    (the current page by default) once the code is given."""
    user = request.user
    if not user.is_authenticated or not (needs_second_factor(user) or has_device(user)):
        return None
    if is_fresh(request):
        return None
    messages.warning(request, message or _("Xác nhận lại mã xác thực trước khi ban hành."))
    return redirect(code_url(next_url or request.get_full_path()))
