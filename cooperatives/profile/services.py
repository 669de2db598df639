"""Everyone's own account: the profile read once per request, changed from
the profile page, and a new password with what it ends."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.models import AccountEvent, Profile
from cooperatives.people.accounts import event_record
from cooperatives.profile.sessions import sessions_end_others, signin_rekey


def profile_of(user) -> Profile | None:
    """The user's profile, or None for an account that never got one.
    Django keeps the answer (its absence too) on the user object, so the
    middleware and the page read it once per request."""
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def profile_for_update(user) -> Profile:
    """The profile, made now for the accounts older than profiles."""
    profile = profile_of(user)
    if profile is None:
        profile, _created = Profile.objects.get_or_create(user=user)
        user.profile = profile
    return profile


@transaction.atomic
def profile_update(*, user, first_name: str, last_name: str, email: str, phone: str, language: str) -> list[str]:
    """Saves what the profile page changed; returns the names of the fields changed.
    A new e-mail address is recorded in the account log (mail about plans goes there)."""
    profile = profile_for_update(user)
    old_email = user.email
    changed = [
        name
        for name, old, new in (
            ("first_name", user.first_name, first_name),
            ("last_name", user.last_name, last_name),
            ("email", user.email, email),
            ("phone", profile.phone, phone),
            ("language", profile.language, language),
        )
        if old != new
    ]
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.save(update_fields=["first_name", "last_name", "email"])
    profile.phone, profile.language = phone, language
    profile.save(update_fields=["phone", "language"])
    if "email" in changed:
        detail = _("Thư điện tử: %(old)s → %(new)s") % {"old": old_email or "–", "new": email or "–"}
        event_record(actor=user, action=AccountEvent.Action.EMAIL_CHANGED, subject=user, detail=detail)
    return changed


@transaction.atomic
def password_change(*, request, form) -> int:
    """The new password of the signed-in user (a valid PasswordChangeForm).
    This session stays signed in, under a new key; every other one is
    ended. Returns how many other sessions were ended."""
    user = form.save()
    old_key = request.session.session_key
    update_session_auth_hash(request, user)
    signin_rekey(old_key, request.session.session_key)
    # The other sessions would fail their password check at their next
    # request anyway; ending them removes them from the list at once.
    ended = sessions_end_others(user, keep=request.session.session_key)
    profile = profile_for_update(user)
    if profile.must_change_password:
        profile.must_change_password = False
        profile.save(update_fields=["must_change_password"])
    event_record(actor=user, action=AccountEvent.Action.PASSWORD_CHANGED, subject=user)
    return ended
