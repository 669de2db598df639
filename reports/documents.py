"""What an official document is made of, before it becomes HTML, PDF or DOCX.

A plan and a progress report are both a Decree 30 document: the header
lines, a type and subject, the numbered outline of plans/outline.py, the
recipients and the signer. `OfficialDocument` carries exactly that, so the
PDF (through the HTML partials) and the DOCX are built from one structure.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import docx
import weasyprint
from django.conf import settings
from django.db import connection

from plans.models import ExtraSection, LegalBasis, Objective, Plan, Recipient, Solution, Task
from plans.outline import (
    Item,
    Outline,
    Para,
    Section,
    build_outline,
    date_line,
    issuer_lines,
    number_line,
    parse_body,
    recipient_lines,
    roman,
)

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
    "templates/reports/includes/_paras.html",
    "templates/reports/includes/_summary_table.html",
    "templates/reports/includes/_summary_chart.html",
    "static/css/document.css",
    "static/css/print.css",
    "static/css/summary.css",
    "reports/word.py",
    "reports/summary.py",
    "reports/pdf.py",
    "plans/outline.py",
]


@dataclass
class OfficialDocument:
    governing_body: str
    issuer_name: str
    number_line: str
    date_line: str
    doc_type: str
    subject: str
    outline: Outline
    is_draft: bool
    addressees: list[str] = field(default_factory=list)

    @property
    def header_context(self) -> dict[str, Any]:
        return {
            "governing_body": self.governing_body,
            "issuer_name": self.issuer_name,
            "issuer_lines": issuer_lines(self.issuer_name),
            "number_line": self.number_line,
            "date_line": self.date_line,
            "doc_type": self.doc_type,
            "subject": self.subject,
            "addressees": self.addressees,
            "outline": self.outline,
            "draft": self.is_draft,
        }


def plan_document(plan) -> OfficialDocument:
    """The plan as a document; reads the relations prefetch_plan_text loads."""
    return OfficialDocument(
        governing_body=plan.governing_body,
        issuer_name=plan.issuer_name,
        number_line=number_line(plan.number, plan.symbol),
        date_line=date_line(plan.place, plan.issued_on),
        doc_type="KẾ HOẠCH",
        subject=plan.title,
        outline=build_outline(plan),
        is_draft=not plan.is_issued,
    )


def plan_source(plan) -> dict[str, Any]:
    """What a plan's files are rendered from: every column of the plan's row
    and of its parts' rows, so any change to the plan gives a new hash.

    Plain SQL, one statement per table: this runs on every download, and on
    a cached one it is most of the work (the ORM's prefetches cost several
    times more for the same rows)."""
    quote = connection.ops.quote_name
    source: dict[str, Any] = {"plan": [getattr(plan, f.attname) for f in Plan._meta.concrete_fields]}
    with connection.cursor() as cursor:
        for model in (LegalBasis, Objective, Task, Solution, ExtraSection, Recipient):
            columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
            table = quote(model._meta.db_table)
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {quote('plan_id')} = %s ORDER BY {quote('id')}", [plan.pk]
            )
            source[model._meta.model_name] = cursor.fetchall()
    return source


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


# The four parts of a progress report as common practice orders them
# (spec/decree30.md: the Decree prescribes no content).
REPORT_SECTIONS = (
    ("results", "Kết quả thực hiện"),
    ("shortcomings", "Tồn tại, hạn chế và nguyên nhân"),
    ("directions", "Phương hướng, nhiệm vụ thời gian tới"),
    ("recommendations", "Kiến nghị, đề xuất"),
)
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


def report_items(paras: list[Para]) -> tuple[list[Para], list[Item]]:
    """Paragraphs that open with "1. ", "2. " become numbered items with the
    paragraphs after them, so the compiled per-task results read like the
    plan's numbered tasks; text before the first one stays a plain paragraph."""
    lead: list[Para] = []
    items: list[Item] = []
    for para in paras:
        match = _NUMBERED.match(para.text) if para.level == 0 else None
        if match:
            items.append(Item(f"{match.group(1)}.", match.group(2)))
        elif items:
            items[-1].paras.append(para)
        else:
            lead.append(para)
    return lead, items


def report_recipient_lines(report) -> list[str]:
    """One per line; a report with "Kính gửi" opens its list with "Như trên"
    (spec/decree30.md)."""
    labels = [line.strip().lstrip("-").strip() for line in report.recipients.splitlines() if line.strip()]
    if report.addressee_list and (not labels or not labels[0].lower().startswith("như trên")):
        labels.insert(0, "Như trên")
    return recipient_lines([SimpleNamespace(label=label, purpose="") for label in labels])


def report_document(report) -> OfficialDocument:
    sections: list[Section] = []
    for key, heading in REPORT_SECTIONS:
        paras = parse_body(getattr(report, key))
        if not paras:
            continue
        lead, items = report_items(paras) if key == "results" else (paras, [])
        sections.append(Section(f"{roman(len(sections) + 1)}.", heading, lead, items, key=key))
    signer = report.signer_authority.splitlines() + report.signer_title.splitlines()
    return OfficialDocument(
        governing_body=report.governing_body,
        issuer_name=report.issuer_name,
        number_line=number_line(report.number, report.symbol),
        date_line=date_line(report.place, report.issued_on),
        doc_type="BÁO CÁO",
        subject=report.title,
        outline=Outline(
            legal_bases=[],
            preamble=[],
            sections=sections,
            closing=[],
            recipients=report_recipient_lines(report),
            signer_lines=[line.strip().upper() for line in signer if line.strip()],
            signer_name=report.signer_name.strip(),
        ),
        is_draft=not report.is_issued,
        addressees=report.addressee_list,
    )


def report_source(report) -> dict[str, Any]:
    """A report's document shows only its own row."""
    return {"report": [getattr(report, f.attname) for f in type(report)._meta.concrete_fields]}
