"""Holds a signed-in user who owes a second factor on the page that takes it.

After the password, a user with an authenticator gives its code
(/login/code/) before any other page; an approver, administrator or
superuser without one sets it up first (/account/two-factor/setup/). Only
signing out, the static files, the health check, the language switch, the
password reset and invitation links stay open meanwhile.

Whether the user has a device is read once a session (at sign-in, or on
the first page after it) and kept in it, so a page costs no query for
those who have none and need none; a device reset by a leader is found
anyway, since the verification is lost with it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from cooperatives.people.rules import needs_second_factor
from cooperatives.twofactor.devices import HAS_DEVICE_KEY, has_device

OPEN_PREFIXES = ("/healthz", "/i18n/", "/password-reset/", "/invitations/", "/favicon.ico", "/login/help/")


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("logout"),
        reverse("twofactor:code"),
        reverse("twofactor:setup"),
        "/" + settings.STATIC_URL.lstrip("/"),
        *OPEN_PREFIXES,
    )


@receiver(user_logged_in, dispatch_uid="twofactor-has-device")
def _signed_in(sender, request, user, **kwargs):
    # Connected when the web process loads its middleware, before any sign-in.
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_KEY] = has_device(user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths: tuple[str, ...] | None = None

    def __call__(self, request):
        return self.held(request) or self.get_response(request)

    def held(self, request) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if self.open_paths is None:
            self.open_paths = _open_paths()
        if request.path_info.startswith(self.open_paths):
            return None
        if HAS_DEVICE_KEY not in request.session:
            request.session[HAS_DEVICE_KEY] = has_device(user)
        if request.session[HAS_DEVICE_KEY]:
            target = "twofactor:code"
        elif needs_second_factor(user):
            target = "twofactor:setup"
        else:
            return None
        url = reverse(target)
        if request.method in ("GET", "HEAD") and request.get_full_path() != resolve_url(settings.LOGIN_REDIRECT_URL):
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)
