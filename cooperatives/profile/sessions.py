"""Where a person is signed in: a SignInRecord made at each sign-in, kept
fresh by the middleware, listed on the profile page, and ended from there.

Sessions live in the database (django.contrib.sessions' default engine):
a session is alive while its row is there and not expired. A session is
ended through its engine's store, so a cached_db engine forgets it too.
"""

from __future__ import annotations

import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import AccountEvent, SignInRecord
from cooperatives.people.accounts import event_record
from htxplan.signin import client_address

# last_seen_at is written at most this often per session; the time of the
# last write is kept in the session itself, so most requests read nothing.
SEEN_EVERY = datetime.timedelta(minutes=5)
SEEN_KEY = "_htx_seen"


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:300]


def _address(request) -> str | None:
    return client_address(request) or None


def signin_record(request, user) -> None:
    """On user_logged_in: the new session's row (the key was just cycled)."""
    key = request.session.session_key
    if not key:
        return
    now = timezone.now()
    SignInRecord.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "ip": _address(request),
            "user_agent": _user_agent(request),
        },
    )
    request.session[SEEN_KEY] = int(now.timestamp())


def signed_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        signin_record(request, user)


def signed_out(sender, request, user, **kwargs) -> None:
    if request is not None:
        signin_forget(request)


def signin_forget(request) -> None:
    """On user_logged_out: the session is about to be flushed."""
    key = getattr(request, "session", None) and request.session.session_key
    if key:
        SignInRecord.objects.filter(session_key=key).delete()


def signin_touch(request) -> None:
    """Called on every signed-in request; one UPDATE every SEEN_EVERY."""
    now = timezone.now()
    seen = request.session.get(SEEN_KEY)
    if seen is not None and now.timestamp() - seen < SEEN_EVERY.total_seconds():
        return
    key = request.session.session_key
    if not key:
        return
    if not SignInRecord.objects.filter(session_key=key).update(last_seen_at=now):
        # A session begun before sign-ins were recorded gets its row now.
        SignInRecord.objects.get_or_create(
            session_key=key,
            defaults={"user": request.user, "ip": _address(request), "user_agent": _user_agent(request)},
        )
    request.session[SEEN_KEY] = int(now.timestamp())


def signin_rekey(old_key: str | None, new_key: str | None) -> None:
    """The session key changed under the same sign-in (a password change
    cycles it): the record follows the session."""
    if old_key and new_key and old_key != new_key:
        SignInRecord.objects.filter(session_key=old_key).update(session_key=new_key)


def sessions_alive(user) -> list[SignInRecord]:
    """The user's sessions still alive, newest use first; the records of
    sessions gone (expired, flushed) are removed on the way."""
    records = list(SignInRecord.objects.filter(user=user))
    alive = set(
        Session.objects.filter(
            session_key__in=[record.session_key for record in records], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    gone = [record.pk for record in records if record.session_key not in alive]
    if gone:
        SignInRecord.objects.filter(pk__in=gone).delete()
    return [record for record in records if record.session_key in alive]


def _session_end(session_key: str) -> None:
    import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key).delete()


def sessions_end_others(user, *, keep: str | None) -> int:
    """End every other recorded session of the user; how many there were."""
    others = list(SignInRecord.objects.filter(user=user).exclude(session_key=keep or ""))
    for record in others:
        _session_end(record.session_key)
    SignInRecord.objects.filter(pk__in=[record.pk for record in others]).delete()
    return len(others)


@transaction.atomic
def sessions_sign_out_elsewhere(*, user, current_key: str | None) -> int:
    """Every other session ended ("Đăng xuất ở các nơi khác") and recorded;
    a second click ends nothing and records nothing."""
    ended = sessions_end_others(user, keep=current_key)
    if ended:
        detail = _("%(count)d phiên") % {"count": ended}
        event_record(actor=user, action=AccountEvent.Action.SIGNED_OUT_ELSEWHERE, subject=user, detail=detail)
    return ended


@transaction.atomic
def session_sign_out(*, user, record: SignInRecord) -> None:
    """One other session of the user ended ("Đăng xuất" on its row)."""
    _session_end(record.session_key)
    record.delete()
    detail = _("%(device)s, đăng nhập %(at)s") % {
        "device": record.device,
        "at": timezone.localtime(record.created_at).strftime("%d/%m/%Y %H:%M"),
    }
    event_record(actor=user, action=AccountEvent.Action.SIGNED_OUT_ELSEWHERE, subject=user, detail=detail)
