"""What the rating (and the OCOP reminders) tell people, for the app that
delivers notifications.

The services say who must act next (they know the roles); the reports app
listens (ReportsConfig.ready()) and turns each notice into notifications,
so cooperatives never imports reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class Kind:
    STEP = "step"  # an assessment waits for the next role
    DUE = "due"  # a deadline is near (sent at most once every few days per person)
    OCOP_EXPIRING = "ocop_expiring"  # a certificate expires soon (cooperatives/ocop/reminders.py keeps it once)


@dataclass(frozen=True)
class RatingNotice:
    kind: str
    users: list = field(default_factory=list)
    subject: str = ""
    detail: str = ""
    url: str = ""
    actor: Any = None


_LISTENERS: list[Callable[[RatingNotice], int]] = []


def listen(listener: Callable[[RatingNotice], int]) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def emit(notice: RatingNotice) -> int:
    """How many people were told."""
    return sum(listener(notice) or 0 for listener in _LISTENERS)
