"""What an official document is made of, before it becomes HTML, PDF or DOCX.

A plan and a progress report are both a Decree 30 document: the header
lines, a type and subject, the numbered outline of plans/outline.py, the
recipients and the signer. `OfficialDocument` carries exactly that, so the
PDF (through the HTML partials) and the DOCX are built from one structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

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
