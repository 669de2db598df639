"""What the profile decides on every page of a signed-in person.

ProfileMiddleware (after AuthenticationMiddleware): the language chosen on
the profile wins over the footer switch's cookie, and the session's record
is kept fresh (sessions.signin_touch). MustChangePasswordMiddleware (after
MessageMiddleware): an account still on a one-time password reaches only
the password page. Both read the profile once per request, through
services.profile_of, which keeps it on the user object.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from cooperatives.profile.services import profile_of
from cooperatives.profile.sessions import signin_touch

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class ProfileMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        profile = profile_of(user)
        if profile is not None and profile.language in LANGUAGE_CODES:
            translation.activate(profile.language)
            request.LANGUAGE_CODE = profile.language
        signin_touch(request)
        response = self.get_response(request)
        if profile is not None and profile.language and request.path == reverse("set_language"):
            self._follow_switch(request, response, profile)
        return response

    @staticmethod
    def _follow_switch(request, response, profile) -> None:
        # The footer switch of someone who chose a language on the profile
        # changes that choice, or the profile would undo the switch at once.
        chosen = request.POST.get("language", "")
        if request.method == "POST" and response.status_code in (302, 204) and chosen in LANGUAGE_CODES:
            if chosen != profile.language:
                profile.language = chosen
                profile.save(update_fields=["language"])


class MustChangePasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_change(request) and not self._exempt(request.path):
            return self._to_password_page(request)
        return self.get_response(request)

    @staticmethod
    def _must_change(request) -> bool:
        profile = profile_of(request.user) if hasattr(request, "user") else None
        return profile is not None and profile.must_change_password

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (
            reverse("profile:password-change"),
            reverse("logout"),
            reverse("healthz"),
            "/i18n/",
            # The second factor's pages come before the password page (cooperatives/twofactor/).
            "/login/code/",
            "/account/two-factor/",
            settings.STATIC_URL,
        )
        return path.startswith(exempt)

    @staticmethod
    def _to_password_page(request):
        text = _("Bạn đang dùng mật khẩu một lần; hãy đặt mật khẩu của riêng bạn.")
        storage = messages.get_messages(request)
        if all(str(message) != text for message in storage):
            messages.warning(request, text)
        storage.used = False  # looked at, not shown: the password page shows them
        url = reverse("profile:password-change")
        if request.headers.get("HX-Request") == "true":
            return HttpResponseClientRedirect(url)
        if request.method == "GET" and request.path != "/":
            # Back to the page asked for once the password is changed.
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
