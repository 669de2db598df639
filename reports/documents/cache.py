"""Rendered files are stored under a hash of what they were rendered from.

The hash covers the document's rows and the layout (templates, stylesheets,
renderer code), so every app server finds the same bytes for the same
document, and a changed plan or a new layout simply misses the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
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
from django.utils import timezone

from htxplan.storage import STORAGE_ERRORS
from plans.models import Appendix, ExtraSection, LegalBasis, Objective, Plan, Recipient, Solution, Task
from reports.documents.records import RenderedFile

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
    "templates/reports/ratings/summary_pdf.html",
    "templates/reports/ratings/includes/_rating_counts.html",
    "templates/reports/ratings/includes/_rating_comparison.html",
    "templates/reports/ratings/includes/_rating_list.html",
    "static/css/document.css",
    "static/css/print.css",
    "static/css/summary.css",
    "static/css/percent.css",
    "static/css/ratings.css",
    "reports/documents/word.py",
    "reports/documents/word_text.py",
    "reports/documents/word_tables.py",
    "reports/documents/tables.py",
    "reports/documents/metrics.py",
    "reports/documents/official.py",
    "reports/district/summary.py",
    "reports/ratings/document.py",
    "reports/ratings/xlsx.py",
    "reports/documents/pdf.py",
    "plans/outline.py",
    "plans/appendices.py",
]

CACHE_FOLDER = "rendered"

log = logging.getLogger(__name__)


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


def document_cached(
    *,
    kind: str,
    source: dict[str, Any],
    extension: str,
    render: Callable[[str], bytes],
    document_id: int | None = None,
) -> bytes:
    """The file rendered from `source`, from the default storage when it is
    there whole. The name is a hash of the source and the layout version, so
    every app server finds the same bytes and a changed plan simply misses.
    `render` gets that hash: a PDF carries it as its file identifier.

    A stored file is served only when its SHA-256 and size match its
    RenderedFile record; a truncated or foreign file is rendered again. A
    render that cannot be stored (a full disk, a refused folder) is still
    served, and logged: the reader gets the document, the next one renders."""
    key, name = stored_name(kind=kind, source=source, extension=extension)
    data = _stored_whole(name)
    if data is not None:
        return data
    data = render(key)
    _store(name, data, kind=kind, document_id=document_id)
    return data


def content_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored_whole(name: str) -> bytes | None:
    record = RenderedFile.objects.filter(name=name).values_list("sha256", "size").first()
    if record is None:
        return None
    try:
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        log.warning("Rendered file %s is recorded but missing; rendering it again", name)
        return None
    except STORAGE_ERRORS as error:
        log.error("Rendered file %s could not be read (%s); rendering it again", name, error)
        return None
    if len(data) != record[1] or content_sha256(data) != record[0]:
        log.warning(
            "Rendered file %s does not match its record (%s bytes, %s recorded); rendering again",
            name,
            len(data),
            record[1],
        )
        return None
    return data


def _store(name: str, data: bytes, *, kind: str, document_id: int | None) -> None:
    try:
        # A file under this name without a matching record (cut short, or
        # stored before records were kept) makes way for the new one.
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:
            # Another server stored the same file meanwhile; its bytes are these.
            default_storage.delete(saved)
    except STORAGE_ERRORS as error:
        log.error("Rendered file %s could not be stored (%s); served without caching", name, error)
        return
    RenderedFile.objects.update_or_create(
        name=name,
        defaults={
            "kind": kind,
            "document_id": document_id,
            "sha256": content_sha256(data),
            "size": len(data),
            "created_at": timezone.now(),
        },
    )
