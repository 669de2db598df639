"""HTML to PDF with WeasyPrint, fetching nothing but the project's static files.

A document is rendered on the server from data users typed; a stray URL in
it (or in a stylesheet) must never make the server reach the network or read
a file outside the static directories, so the fetcher refuses everything else.
"""

from __future__ import annotations

import datetime
import gc
import logging
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint import HTML, Document
from weasyprint.text.fonts import FontConfiguration
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


def _w3c(moment: datetime.date | datetime.datetime) -> str:
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


_thread = threading.local()


def font_config() -> FontConfiguration:
    """The thread's one font configuration, kept for every render it makes.

    WeasyPrint builds a new one (Fontconfig's configuration, a Pango font
    map, the four fonts copied to a folder) for each render when it is
    given none, and some 240 KB of that is never freed: a worker grew from
    113 MB to 207 MB over 400 fresh renders. Kept, it stays at its first
    size, and Pango's caches of fonts and lines serve every render. One per
    thread, as Pango keeps its own default font maps: neither a font map
    nor WeasyPrint's caches beside it are made for two threads at once."""
    fonts = getattr(_thread, "fonts", None)
    if fonts is None:
        fonts = _thread.fonts = FontConfiguration()
    return fonts


class _CollectorPause:
    """Python's cyclic garbage collector held off while documents are laid out.

    A render builds hundreds of thousands of styles and boxes that stay
    alive until its PDF is written. Each of the collector's full passes
    walks every one of them and frees none: a 200-task plan had three to
    five such passes, a fifth to a quarter of its render time. Paused, the
    cycles a render leaves behind are collected once when it ends, from the
    youngest generation, where they all are. Several threads may render at
    once: the collector comes back when the last of them is done, and only
    if it was on before the first began."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._renders = 0
        self._resume = False

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._lock:
            if self._renders == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._renders += 1
        try:
            yield
        finally:
            with self._lock:
                self._renders -= 1
                if self._renders == 0 and self._resume:
                    gc.enable()
            gc.collect(0)


collector_paused = _CollectorPause()


def html_source(html: str) -> HTML:
    """The HTML parsed, its URLs resolved in the static folder and fetched only from there."""
    return HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher())


def html_document(html: str) -> Document:
    """The HTML laid out in pages, set in the thread's fonts."""
    return html_source(html).render(font_config=font_config())


def html_to_pdf(html: str, *, dated: datetime.date | datetime.datetime | None = None, key: str = "") -> bytes:
    """The same HTML, date and key give the same bytes on any server: the
    dates written in the PDF are the document's own (never the clock) and its
    file identifier is the cache key, so a re-render matches a cached copy."""
    with collector_paused():
        document = html_document(html)
        if dated is not None:
            document.metadata.created = document.metadata.modified = _w3c(dated)
        data = document.write_pdf(pdf_identifier=key[:32].encode() if key else None)
        del document  # its boxes are freed before the collector runs
    return data
