"""A cooperative's "Lịch sử thay đổi": who changed which field of its
profile, when, from what to what, read from django-simple-history's rows in
one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format

from cooperatives.models import Cooperative
from cooperatives.registry.services import REGISTRY_FIELDS

# How many saves the profile page tells; older ones stay in the database and the admin.
SHOWN = 50


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Event:
    when: datetime.datetime
    who: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _shown(cooperative_field, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if cooperative_field.choices:
        return str(dict(cooperative_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal | int) and cooperative_field.name != "revenue_year":
        return number_format(value, force_grouping=True)
    return str(value)


def cooperative_history(cooperative: Cooperative) -> list[Event]:
    """The saves of the profile, newest first, each with the fields it changed."""
    rows = list(
        cooperative.history.select_related("history_user").order_by("-history_date", "-history_id")[: SHOWN + 1]
    )
    fields = {name: Cooperative._meta.get_field(name) for name in REGISTRY_FIELDS}
    events = []
    for newer, older in zip(rows, [*rows[1:], None], strict=False):
        if older is None and len(rows) > SHOWN:
            break  # its predecessor is not read: the change cannot be told
        changes = []
        for name, model_field in fields.items():
            before = getattr(older, name) if older is not None else None
            after = getattr(newer, name)
            if older is None and after in (None, ""):
                continue
            if before != after:
                changes.append(
                    Change(str(model_field.verbose_name), _shown(model_field, before), _shown(model_field, after))
                )
        if not changes:
            continue
        user = newer.history_user
        who = (user.get_full_name() or user.username) if user is not None else ""
        events.append(Event(newer.history_date, who, newer.history_change_reason or "", changes))
    return events
