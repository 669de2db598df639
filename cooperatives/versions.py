"""Versions of what a unit's pages show, and roll-ups cached on them.

Every write to a unit's plans (and their parts), progress, reports or
cooperatives bumps `AdministrativeUnit.data_version` of the unit concerned
(the receivers live beside the models: plans/versions.py, reports/apps.py
and `connect` below), in the same transaction as the write. A cached
roll-up is keyed on the versions of the units it reads, read before the
data: a write that commits later gives a new key, so a cached value is
never older than the versions it names and nothing has to be deleted.

The cache is Django's (Redis in production, local memory by default). A
cache that cannot be reached only costs the computation: the page is still
served.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from cooperatives.memberships import memberships
from cooperatives.models import (
    AdministrativeUnit,
    Cooperative,
    CooperativeProposal,
    CooperativeRating,
    OcopEvidence,
    OcopProduct,
    Organization,
    RatingAssessment,
)
from htxplan.release import release

log = logging.getLogger(__name__)
T = TypeVar("T")

# Keys are exact (versions and the day are in them); the timeout only lets
# entries of past days and old versions go.
CACHE_SECONDS = 6 * 3600
KEY_PREFIX = "htx:rollup:1"


def bump(units: QuerySet | Iterable[int]) -> None:
    """A new version for the units (ids, or a query giving unit ids)."""
    AdministrativeUnit.objects.filter(pk__in=units).update(data_version=F("data_version") + 1)


def versions(units: QuerySet | Iterable[int]) -> list[tuple[int, int]]:
    """(unit id, version) of the units, in id order: one query."""
    return list(AdministrativeUnit.objects.filter(pk__in=units).order_by("pk").values_list("pk", "data_version"))


def user_signature(user) -> list:
    """What a user's view depends on besides the data: who they are and
    their memberships (read once per request)."""
    return [user.pk, user.is_superuser, sorted((m.organization_id, m.role) for m in memberships(user))]


def row_of(obj) -> list:
    """Every column of a model instance's row as loaded: a cache key part for
    what a version does not cover (the row itself changed)."""
    return [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]


def rollup_key(name: str, *parts: Any) -> str:
    """The key of `name` cached on `parts`, for the code and templates running now (htxplan/release.py)."""
    payload = json.dumps(parts, default=str, sort_keys=True, separators=(",", ":"))
    return f"{KEY_PREFIX}:{release()}:{name}:{hashlib.sha256(payload.encode()).hexdigest()}"


def cached_rollup(name: str, parts: list, compute: Callable[[], T], *, today: datetime.date | None = None) -> T:
    """compute(), or its value cached under `name` and `parts` (which must
    name the versions it reads, taken before computing) and today's date."""
    key = rollup_key(name, *parts, today or timezone.localdate())
    try:
        found = cache.get(key)
    except Exception:  # an unreachable cache server must not take the page down
        log.warning("cache read failed for %s", name, exc_info=True)
        found = None
    if found is not None:
        return found
    value = compute()
    try:
        cache.set(key, value, CACHE_SECONDS)
    except Exception:
        log.warning("cache write failed for %s", name, exc_info=True)
    return value


# People's and organisations' names are printed on pages of units other
# than their own (a district officer's remark on a commune's plan, the
# sender in an inbox): one version for all names, bumped when a name may
# have changed. Kept in the cache as the moment of the change, so a version
# lost with the cache is never taken again by a later one.
_NAMES_KEY = f"{KEY_PREFIX}:names"


def names_version() -> int:
    """Part of the key of a cached page that prints names; read once per request at most."""
    try:
        version = cache.get(_NAMES_KEY)
        if version is None:
            cache.add(_NAMES_KEY, time.time_ns(), None)
            version = cache.get(_NAMES_KEY)
    except Exception:  # no cache, nothing cached: any value will do
        log.warning("cache read failed for the names' version", exc_info=True)
        return 0
    return version or 0


def _names_changed(sender, instance=None, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in changes no name
    try:
        cache.set(_NAMES_KEY, time.time_ns(), None)
    except Exception:
        log.warning("cache write failed for the names' version", exc_info=True)


# A form's token belongs to the browser that asked for the page, not to the
# HTML: it is taken out before the HTML is cached and the reader's own put in.
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_MARK = "\x00csrf-token\x00"


def cached_html(request, name: str, parts: list, compute: Callable[[], str]) -> SafeString:
    """cached_rollup for a page's HTML that may hold forms: each form gets
    the reader's CSRF token (which also sets their CSRF cookie)."""
    html = cached_rollup(name, parts, lambda: _CSRF_VALUE.sub(rf"\g<1>{_CSRF_MARK}\g<2>", str(compute())))
    if _CSRF_MARK in html:
        html = html.replace(_CSRF_MARK, get_token(request))
    return mark_safe(html)  # noqa: S308 (the project's own templates, rendered)


# --- What the cooperatives app itself changes ------------------------------------


def _unit_saved(sender, instance, created=False, **kwargs):
    # A new commune shows on its district's pages (the communes without a plan).
    bump([instance.pk, instance.parent_id] if created and instance.parent_id else [instance.pk])


def _organization_changed(sender, instance, **kwargs):
    bump([instance.unit_id])


def _cooperative_changed(sender, instance, **kwargs):
    bump(Organization.objects.filter(pk=instance.organization_id).values("unit"))


def _rating_changed(sender, instance, **kwargs):
    bump(Cooperative.objects.filter(pk=instance.cooperative_id).values("organization__unit"))


def _evidence_changed(sender, instance, **kwargs):
    bump(OcopProduct.objects.filter(pk=instance.product_id).values("cooperative__organization__unit"))


def connect() -> None:
    post_save.connect(_unit_saved, sender=AdministrativeUnit, dispatch_uid="versions-unit")
    for model in (get_user_model(), Organization):
        post_save.connect(_names_changed, sender=model, dispatch_uid=f"versions-names-{model._meta.model_name}")
    for model, receiver in (
        (Organization, _organization_changed),
        (Cooperative, _cooperative_changed),
        (CooperativeRating, _rating_changed),
        # The registry's proposals and the OCOP products belong to a cooperative as its ratings do.
        (CooperativeProposal, _rating_changed),
        (OcopProduct, _rating_changed),
        (OcopEvidence, _evidence_changed),
        (RatingAssessment, _rating_changed),  # a year's assessment, at each step (cooperatives/rating/)
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"versions-{model._meta.model_name}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"versions-{model._meta.model_name}-del")
