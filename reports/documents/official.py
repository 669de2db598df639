"""What an official document is made of, before it becomes HTML, PDF or DOCX.

A plan and a progress report are both a Decree 30 document: the header
lines, a type and subject, the numbered outline of plans/outline.py, the
recipients and the signer. `OfficialDocument` carries exactly that, so the
PDF (through the HTML partials) and the DOCX are built from one structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from plans.appendices import plan_appendices
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
    signer_lines,
)
from reports.documents.tables import PrintedAppendix, printed_appendices


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
    attached_line: str = ""  # under an appendix's title: "(Kèm theo Kế hoạch số ... của ...)"

    @cached_property
    def appendices(self) -> list[PrintedAppendix]:
        """The outline's appendices laid out for print, the same for the PDF and the DOCX."""
        return printed_appendices(self.outline.appendices)

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
            "attached_line": self.attached_line,
            "appendices": self.appendices,
        }


def plan_document(plan) -> OfficialDocument:
    """The plan as a document; reads the relations prefetch_plan_text loads."""
    outline = build_outline(plan)
    outline.appendices = plan_appendices(plan)
    return OfficialDocument(
        governing_body=plan.governing_body,
        issuer_name=plan.issuer_name,
        number_line=number_line(plan.number, plan.symbol),
        date_line=date_line(plan.place, plan.issued_on),
        doc_type="KẾ HOẠCH",
        subject=plan.title,
        outline=outline,
        is_draft=not plan.is_issued,
        attached_line=attached_line(plan),
    )


_UNIT_WORDS = ("XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU", "HUYỆN", "THỊ XÃ", "THÀNH PHỐ", "QUẬN", "TỈNH")


def issuer_phrase(name: str) -> str:
    """'ỦY BAN NHÂN DÂN XÃ VĨNH LỢI' -> 'Ủy ban nhân dân xã Vĩnh Lợi', as a sentence names it."""
    lines = issuer_lines(name)
    if not lines:
        return ""
    body = lines[0].capitalize() if len(lines) > 1 else ""
    rest = lines[-1]
    unit = next((u for u in _UNIT_WORDS if rest.startswith(u + " ")), "")
    place = rest[len(unit) :].strip().title() if unit else rest.title()
    return " ".join(part for part in (body, unit.lower(), place) if part)


def attached_line(plan) -> str:
    """Decree 30: an appendix names the document it comes with."""
    number = f"{plan.number:02d}" if plan.number is not None else "     "
    day = f"{plan.issued_on:%d/%m/%Y}" if plan.issued_on else "     /     /     "
    return f"(Kèm theo Kế hoạch số {number}/{plan.symbol} ngày {day} của {issuer_phrase(plan.issuer_name)})"


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
            signer_lines=signer_lines(report.signer_authority, report.signer_title),
            signer_name=report.signer_name.strip(),
        ),
        is_draft=not report.is_issued,
        addressees=report.addressee_list,
    )
