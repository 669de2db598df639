"""A cooperative's pages, open to what other apps add to them.

cooperatives knows nothing of plans, yet a cooperative's profile shows its
plans and tasks with their progress, and an OCOP product's page the tasks
that work for it: the plans app registers its parts here from its
AppConfig.ready(), and the pages render whatever is registered. Each part
is a function (request, obj) -> HTML ("" to show nothing) for one slot,
shown in the order registered:

- "profile": blocks of a cooperative's profile after its OCOP products
  (obj: the Cooperative)
- "product": blocks of an OCOP product's page after its evidence files
  (obj: the OcopProduct)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

PagePart = Callable[[HttpRequest, Any], str]
SLOTS = ("profile", "product")
_PARTS: dict[str, list[PagePart]] = {slot: [] for slot in SLOTS}


def cooperative_page_register(slot: str, part: PagePart) -> None:
    if part not in _PARTS[slot]:
        _PARTS[slot].append(part)


def cooperative_page_parts(request: HttpRequest, slot: str, obj) -> list[SafeString]:
    """The HTML of every part registered for the slot, in the order registered."""
    return [html for part in _PARTS[slot] if (html := part(request, obj))]
