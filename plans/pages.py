"""The plan page, open to what other apps add to it.

plans knows nothing of downloads, progress reports or deliveries, yet the
plan page shows them: the reports app registers its parts here from its
AppConfig.ready(), and the page renders whatever is registered. Each part
is a function (request, plan) -> HTML ("" to show nothing) for one slot:

- "actions":  buttons beside the plan's own (PDF, DOCX, reports)
- "panels":   blocks between the progress and the notes (deliveries)
- "document": the plan as its official document

The page is cached as HTML (plans/views/pages.py) on what plans knows it
shows; a part that reads data no unit version covers registers what it
reads with plan_page_key_register (the delivery table: its deliveries).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

from plans.models import Plan

PagePart = Callable[[HttpRequest, Plan], str]
KeyPart = Callable[[HttpRequest, Plan], Any]
SLOTS = ("actions", "panels", "document")
_PARTS: dict[str, list[PagePart]] = {slot: [] for slot in SLOTS}
_KEY_PARTS: list[KeyPart] = []


def plan_page_register(slot: str, part: PagePart) -> None:
    if part not in _PARTS[slot]:
        _PARTS[slot].append(part)


def plan_page_parts(request: HttpRequest, plan: Plan) -> dict[str, list[SafeString]]:
    """slot -> the HTML of every registered part, in the order registered."""
    return {slot: [html for part in parts if (html := part(request, plan))] for slot, parts in _PARTS.items()}


def plan_page_key_register(part: KeyPart) -> None:
    """part(request, plan) -> what a page part reads that no unit version covers."""
    if part not in _KEY_PARTS:
        _KEY_PARTS.append(part)


def plan_page_key(request: HttpRequest, plan: Plan) -> list:
    return [part(request, plan) for part in _KEY_PARTS]
