"""Each official file as it is downloaded or mailed: the plan and the
progress report as PDF and DOCX, the district summary as PDF and XLSX,
every one through the render cache (reports/documents/cache.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.outline import prefetch_plan_text
from reports.district.summary import Summary, summary_source, summary_xlsx
from reports.documents.cache import document_cached, plan_source, report_source
from reports.documents.official import OfficialDocument, plan_document, report_document
from reports.documents.pdf import html_to_pdf
from reports.documents.word import document_to_docx
from reports.models import ProgressReport


def document_html(*, document: OfficialDocument, template: str, context: dict[str, Any]) -> str:
    """The HTML an official PDF is printed from."""
    return render_to_string(template, {**document.header_context, "title": document.subject, **context})


def document_pdf(
    *,
    document: OfficialDocument,
    template: str,
    context: dict[str, Any],
    dated: datetime.date | datetime.datetime,
    key: str,
) -> bytes:
    html = document_html(document=document, template=template, context=context)
    return html_to_pdf(html, dated=dated, key=key)


def _with_text(plan):
    """The plan with the relations its document reads, loaded only for a render."""
    return prefetch_plan_text(Plan.objects.select_related("issuer")).get(pk=plan.pk)


def plan_html(plan) -> str:
    """The plan's official document as the HTML its PDF is printed from."""
    full = _with_text(plan)
    return document_html(document=plan_document(full), template="reports/plan_pdf.html", context={"plan": full})


def plan_pdf_render(*, plan) -> bytes:
    """The plan as the official PDF."""

    def render(key: str) -> bytes:
        # The issue date for an issued plan; a draft's last change (part of the source, so the key matches).
        return html_to_pdf(plan_html(plan), dated=plan.issued_on or plan.updated_at, key=key)

    return document_cached(kind="plan", source=plan_source(plan), extension="pdf", render=render, document_id=plan.pk)


def plan_docx_render(*, plan) -> bytes:
    """The plan as an editable Word file."""

    def render(_key: str) -> bytes:
        return document_to_docx(plan_document(_with_text(plan)))

    return document_cached(kind="plan", source=plan_source(plan), extension="docx", render=render, document_id=plan.pk)


def report_pdf_render(*, report: ProgressReport) -> bytes:
    def render(key: str) -> bytes:
        return document_pdf(
            document=report_document(report),
            template="reports/report_pdf.html",
            context={"report": report},
            dated=report.issued_on or report.updated_at,
            key=key,
        )

    return document_cached(
        kind="report", source=report_source(report), extension="pdf", render=render, document_id=report.pk
    )


def report_docx_render(*, report: ProgressReport) -> bytes:
    def render(_key: str) -> bytes:
        return document_to_docx(report_document(report))

    return document_cached(
        kind="report", source=report_source(report), extension="docx", render=render, document_id=report.pk
    )


def document_render(document: Plan | ProgressReport, extension: str) -> bytes:
    """The official file of a plan or a report, "pdf" or "docx"."""
    if isinstance(document, Plan):
        render = plan_pdf_render if extension == "pdf" else plan_docx_render
        return render(plan=document)
    render = report_pdf_render if extension == "pdf" else report_docx_render
    return render(report=document)


# --- District summary -------------------------------------------------------------


def summary_pdf_render(*, summary: Summary) -> bytes:
    def render(key: str) -> bytes:
        # An official document: Vietnamese whatever the language of the
        # reader who asked for it first (the file is cached for everyone).
        with translation.override("vi"):
            html = render_to_string("reports/summary_pdf.html", {"summary": summary, "title": summary_title(summary)})
        return html_to_pdf(html, dated=summary.made_on, key=key)

    return document_cached(kind="summary", source=summary_source(summary), extension="pdf", render=render)


def summary_xlsx_render(*, summary: Summary) -> bytes:
    return document_cached(
        kind="summary", source=summary_source(summary), extension="xlsx", render=lambda _key: summary_xlsx(summary)
    )


def summary_title(summary: Summary) -> str:
    """In the active language: the page's heading, the PDF's title (in Vietnamese)."""
    return _("Tổng hợp tình hình thực hiện kế hoạch củng cố, nâng chất hợp tác xã năm %(year)s") % {
        "year": summary.year
    }
