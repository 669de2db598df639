"""Signing in: the address a failed sign-in is counted against, and the page
shown to whoever is locked out (django-axes, configured in settings).

A lock-out holds for the user name and for the address alike: guessing
one account's password from many addresses, or many accounts' from one
address, both stop after LOGIN_FAILURE_LIMIT failures, for
LOGIN_LOCKOUT_MINUTES after the failure that set the lock. An administrator
lifts a lock in the admin (Axes › Access attempts: delete the row). A
successful sign-in clears that user's own failures, and only theirs: the
failures against another account from the same address stay counted. A
password reset lifts the locks on the account.
"""

from __future__ import annotations

import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in
from django.db.models import Max, Q
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone, translation


def client_address(request) -> str:
    """REMOTE_ADDR, or behind the TLS proxy (BEHIND_TLS_PROXY) the address
    the proxy appended last to X-Forwarded-For: the only one it vouches for,
    as anything before it was sent by the client."""
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_TLS_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return remote


def _lock_ends(request, username: str) -> datetime.datetime | None:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    found = Q(ip_address=getattr(request, "axes_ip_address", None) or client_address(request))
    if username:
        found |= Q(username=username)
    last = AccessAttempt.objects.filter(found).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off


def locked_out(request, original_response=None, credentials=None):
    """The page of a locked sign-in (HTTP 429): for how long, until when, and what else to do."""
    username = get_client_username(request, credentials) or ""
    ends = _lock_ends(request, username)
    minutes = None
    if ends is not None:
        minutes = max(1, int((ends - timezone.now()).total_seconds() + 59) // 60)
    context = {
        "username": username,
        "ends": timezone.localtime(ends) if ends else None,
        "minutes": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def signin_help(request):
    """Whom to ask when a password is lost and the account has no e-mail, or a sign-in is locked."""
    context = {
        "contact": settings.SUPPORT_CONTACT,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/signin_help.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's own, with the plain-text mail in Vietnamese and its link
    built on SITE_URL (the address people open, not the Host header)."""

    email_template_name = "registration/password_reset_email.txt"
    extra_email_context = {"site_url": ""}

    def form_valid(self, form):
        self.extra_email_context = {"site_url": settings.SITE_URL}
        with translation.override("vi"):
            return super().form_valid(form)


def forget_failures(username: str) -> None:
    AccessAttempt.objects.filter(username=username).delete()


@receiver(user_logged_in, dispatch_uid="signin-forget-own-failures")
def _signed_in(sender, request, user, **kwargs):
    forget_failures(user.get_username())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's own; a new password also lifts the locks on the account, as
    the lock-out page promises."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures(self.user.get_username())
        return response
