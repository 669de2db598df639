"""Rendered files are stored under a hash of what they were rendered from.

The hash covers the document's rows and the layout (templates, stylesheets,
renderer code), so every app server finds the same bytes for the same
document, and a changed plan or a new layout simply misses the cache.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import docx
import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from plans.models import Appendix, ExtraSection, LegalBasis, Objective, Plan, Recipient, Solution, Task

# Bump when the rendering code changes in a way the files below do not show.
RENDERER_VERSION = "1"

# Everything the look of a document depends on besides its data.
_LAYOUT_FILES = [
    "templates/reports/document_pdf.html",
    "templates/reports/plan_pdf.html",
    "templates/reports/report_pdf.html",
    "templates/reports/summary_pdf.html",
    "templates/reports/includes/_plan_document.html",
    "templates/reports/includes/_report_document.html",
    "templates/reports/includes/_doc_header.html",
    "templates/reports/includes/_doc_title.html",
    "templates/reports/includes/_doc_body.html",
    "templates/reports/includes/_doc_signature.html",
    "templates/reports/includes/_doc_appendices.html",
    "templates/reports/includes/_paras.html",
    "templates/reports/includes/_summary_table.html",
    "templates/reports/includes/_summary_chart.html",
    "static/css/document.css",
    "static/css/print.css",
    "static/css/summary.css",
    "static/css/percent.css",
    "reports/documents/word.py",
    "reports/documents/word_text.py",
    "reports/documents/word_tables.py",
    "reports/documents/tables.py",
    "reports/documents/metrics.py",
    "reports/documents/official.py",
    "reports/district/summary.py",
    "reports/documents/pdf.py",
    "plans/outline.py",
    "plans/appendices.py",
]

CACHE_FOLDER = "rendered"


def plan_source(plan) -> dict[str, Any]:
    """What a plan's files are rendered from: every column of the plan's row
    and of its parts' rows, so any change to the plan gives a new hash.

    Plain SQL, one statement per table: this runs on every download, and on
    a cached one it is most of the work (the ORM's prefetches cost several
    times more for the same rows)."""
    quote = connection.ops.quote_name
    source: dict[str, Any] = {"plan": [getattr(plan, f.attname) for f in Plan._meta.concrete_fields]}
    with connection.cursor() as cursor:
        for model in (LegalBasis, Objective, Task, Solution, ExtraSection, Recipient, Appendix):
            columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
            table = quote(model._meta.db_table)
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {quote('plan_id')} = %s ORDER BY {quote('id')}", [plan.pk]
            )
            source[model._meta.model_name] = cursor.fetchall()
    return source


def report_source(report) -> dict[str, Any]:
    """A report's document shows only its own row."""
    return {"report": [getattr(report, f.attname) for f in type(report)._meta.concrete_fields]}


@cache
def _layout_version_cached(renderer_version: str, stamp: tuple) -> str:
    digest = hashlib.sha256(f"{renderer_version}|{weasyprint.__version__}|{docx.__version__}".encode())
    for path, _mtime in stamp:
        full = Path(settings.BASE_DIR, path)
        digest.update(path.encode())
        digest.update(full.read_bytes() if full.exists() else b"")
    return digest.hexdigest()[:16]


def layout_version() -> str:
    """A digest of the templates, stylesheets and renderer code; a change to
    any of them gives new files. Keyed on modification times, so a deploy
    or an edit is noticed without hashing the files on every download."""
    stamp = []
    for path in _LAYOUT_FILES:
        full = Path(settings.BASE_DIR, path)
        stamp.append((path, full.stat().st_mtime_ns if full.exists() else 0))
    return _layout_version_cached(RENDERER_VERSION, tuple(stamp))


def source_hash(kind: str, source: dict[str, Any]) -> str:
    """The cache key of a rendered file: what it was rendered from."""
    payload = json.dumps(source, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(f"{kind}|{layout_version()}|{payload}".encode()).hexdigest()


def rendered_name(kind: str, key: str, extension: str) -> str:
    return f"{CACHE_FOLDER}/{kind}/{key[:2]}/{key}.{extension}"


def stored_name(*, kind: str, source: dict[str, Any], extension: str) -> tuple[str, str]:
    """The cache key of the file rendered from `source` and its name in the default storage."""
    key = source_hash(kind, source)
    return key, rendered_name(kind, key, extension)


def document_cached(*, kind: str, source: dict[str, Any], extension: str, render: Callable[[str], bytes]) -> bytes:
    """The file rendered from `source`, from the default storage when it is
    there. The name is a hash of the source and the layout version, so every
    app server finds the same bytes and a changed plan simply misses.
    `render` gets that hash: a PDF carries it as its file identifier."""
    key, name = stored_name(kind=kind, source=source, extension=extension)
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        pass
    data = render(key)
    # Two servers may render the same file at once; both results are
    # equivalent, so the second save is skipped rather than stored twice.
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return data
