"""The plan page, open to what other apps add to it.

plans knows nothing of downloads, progress reports or deliveries, yet the
plan page shows them: the reports app registers its parts here from its
AppConfig.ready(), and the page renders whatever is registered. Each part
is a function (request, plan) -> HTML ("" to show nothing) for one slot:

- "actions":  buttons beside the plan's own (PDF, DOCX, reports)
- "panels":   blocks between the progress and the notes (deliveries)
- "document": the plan as its official document
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from plans.models import Plan

PagePart = Callable[[HttpRequest, Plan], str]
SLOTS = ("actions", "panels", "document")
_PARTS: dict[str, list[PagePart]] = {slot: [] for slot in SLOTS}


def plan_page_register(slot: str, part: PagePart) -> None:
    if part not in _PARTS[slot]:
        _PARTS[slot].append(part)


def plan_page_parts(request: HttpRequest, plan: Plan) -> dict[str, list[SafeString]]:
    """slot -> the HTML of every registered part, in the order registered."""
    return {slot: [html for part in parts if (html := part(request, plan))] for slot, parts in _PARTS.items()}
