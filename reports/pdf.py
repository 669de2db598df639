"""HTML to PDF with WeasyPrint, fetching nothing but the project's static files.

A document is rendered on the server from data users typed; a stray URL in
it (or in a stylesheet) must never make the server reach the network or read
a file outside the static directories, so the fetcher refuses everything else.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


def static_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def base_url() -> str:
    """Relative URLs in the document templates ("css/print.css") and in the
    stylesheets ("../fonts/...") resolve inside the project's static folder."""
    return static_roots()[0].as_uri() + "/"


class StaticOnlyFetcher(URLFetcher):
    """Serves file:// URLs inside the static directories; refuses the rest."""

    def __init__(self, roots: list[Path] | None = None) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = roots if roots is not None else static_roots()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"Refused to fetch {url!r}: only the project's static files are available.")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise ValueError(f"Refused to fetch {url!r}: not a file in the static directories.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    document = HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher())
    return document.write_pdf()
