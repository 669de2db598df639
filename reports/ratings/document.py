"""The rating summary as a Decree 30 Báo cáo: header, number and symbol,
place and date, title, the tables, Nơi nhận and the signer; and its PDF
through the render cache (reports/documents/cache.py), found from the
cached summary without building it again."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from cooperatives.models import AdministrativeUnit, Organization
from plans.outline import Outline, date_line, issuer_lines, number_line, signer_lines
from reports.documents.cache import document_cached
from reports.documents.pdf import html_to_pdf
from reports.ratings.services import issued_summary
from reports.ratings.summary import RatingSummary, rating_source
from reports.ratings.xlsx import rating_xlsx

TEMPLATE = "reports/ratings/summary_pdf.html"


def rating_title(year: int) -> str:
    """The document's subject (trích yếu), Vietnamese: an official title."""
    return f"Kết quả đánh giá, phân loại hợp tác xã năm {year}"


def _signer(summary: RatingSummary) -> list[str]:
    if summary.issuer.kind == Organization.Kind.SPECIALISED_OFFICE:
        head = "GIÁM ĐỐC" if summary.is_province else "TRƯỞNG PHÒNG"
        return signer_lines("", head)
    return signer_lines("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def _recipients(summary: RatingSummary) -> list[str]:
    lines = []
    if summary.issuer.governing_short:
        lines.append(f"{summary.issuer.governing_short} (để báo cáo)")
    lines.append("UBND các xã, phường" if summary.is_province else "UBND các xã, thị trấn")
    lines.append("Lưu: VT")
    return [f"- {line}{'.' if i == len(lines) - 1 else ';'}" for i, line in enumerate(lines)]


def rating_header_context(summary: RatingSummary, record=None) -> dict:
    """The context of the shared header, title and signature partials; a
    draft (no issued `record`) leaves the number and the day for the register."""
    issuer = summary.issuer
    number = (
        number_line(record.number, record.symbol)
        if record
        else number_line(None, f"BC-{issuer.abbreviation or 'UBND'}")
    )
    return {
        "governing_body": issuer.governing_body,
        "issuer_name": issuer.name,
        "issuer_lines": issuer_lines(issuer.name),
        "number_line": number,
        "date_line": date_line(issuer.place, record.issued_on if record else None),
        "doc_type": "BÁO CÁO",
        "subject": rating_title(summary.year),
        "title": rating_title(summary.year),
        "addressees": [],
        "draft": record is None,
        "outline": Outline(
            legal_bases=[],
            preamble=[],
            sections=[],
            closing=[],
            recipients=_recipients(summary),
            signer_lines=_signer(summary),
            signer_name=record.signer_name if record else "",
        ),
    }


def rating_pdf_html(summary: RatingSummary, record=None) -> str:
    with translation.override("vi"):
        ctx = {**rating_header_context(summary, record), "summary": summary, "place_word": _unit_word(summary.unit)}
        return render_to_string(TEMPLATE, ctx)


def _unit_word(unit: AdministrativeUnit) -> str:
    return "tỉnh" if unit.level == AdministrativeUnit.Level.PROVINCE else "huyện"


def rating_pdf_render(*, summary: RatingSummary) -> bytes:
    def render(key: str) -> bytes:
        return html_to_pdf(rating_pdf_html(summary), dated=summary.made_on, key=key)

    return document_cached(kind="rating-summary", source=rating_source(summary), extension="pdf", render=render)


def rating_xlsx_render(*, summary: RatingSummary) -> bytes:
    return document_cached(
        kind="rating-summary", source=rating_source(summary), extension="xlsx", render=lambda _key: rating_xlsx(summary)
    )


def issued_pdf_render(*, record) -> bytes:
    """An issued report's PDF: from its frozen content, numbered and dated."""

    def render(key: str) -> bytes:
        return html_to_pdf(rating_pdf_html(issued_summary(record), record), dated=record.issued_on, key=key)

    source = {"record": [record.pk, record.number, record.symbol, record.issued_on, record.signer_name, record.content]}
    return document_cached(kind="rating-report", source=source, extension="pdf", render=render, document_id=record.pk)
