"""Document rendering and the progress-report workflow."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from plans.outline import prefetch_plan_text
from reports.documents import OfficialDocument, plan_document, plan_source, source_hash
from reports.pdf import html_to_pdf
from reports.word import document_to_docx

logger = logging.getLogger(__name__)

CACHE_FOLDER = "rendered"


def rendered_name(kind: str, key: str, extension: str) -> str:
    return f"{CACHE_FOLDER}/{kind}/{key[:2]}/{key}.{extension}"


def document_cached(*, kind: str, source: dict[str, Any], extension: str, render: Callable[[], bytes]) -> bytes:
    """The file rendered from `source`, from the default storage when it is
    there. The name is a hash of the source and the layout version, so every
    app server finds the same bytes and a changed plan simply misses."""
    name = rendered_name(kind, source_hash(kind, source), extension)
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        pass
    data = render()
    # Two servers may render the same file at once; both results are
    # equivalent, so the second save is skipped rather than stored twice.
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return data


def document_pdf(*, document: OfficialDocument, template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, {**document.header_context, "title": document.subject, **context})
    return html_to_pdf(html)


def _with_text(plan):
    """The plan with the relations its document reads, loaded only for a render."""
    from plans.models import Plan

    return prefetch_plan_text(Plan.objects.select_related("issuer")).get(pk=plan.pk)


def plan_pdf_render(*, plan) -> bytes:
    """The plan as the official PDF."""

    def render() -> bytes:
        full = _with_text(plan)
        return document_pdf(document=plan_document(full), template="reports/plan_pdf.html", context={"plan": full})

    return document_cached(kind="plan", source=plan_source(plan), extension="pdf", render=render)


def plan_docx_render(*, plan) -> bytes:
    """The plan as an editable Word file."""

    def render() -> bytes:
        return document_to_docx(plan_document(_with_text(plan)))

    return document_cached(kind="plan", source=plan_source(plan), extension="docx", render=render)
