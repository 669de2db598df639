"""The profile page, open to what other apps add to it.

cooperatives knows nothing of notifications, yet the profile page sums up
how the person is e-mailed: the reports app registers a part here from its
AppConfig.ready(). A part is a function (request) -> HTML ("" to show
nothing), shown in the order registered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

ProfilePart = Callable[[HttpRequest], str]
_PARTS: list[ProfilePart] = []


def profile_page_register(part: ProfilePart) -> None:
    if part not in _PARTS:
        _PARTS.append(part)


def profile_page_parts(request: HttpRequest) -> list[SafeString]:
    return [html for part in _PARTS if (html := part(request))]
