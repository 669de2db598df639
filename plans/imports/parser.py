"""The text of a plan into interchange data, stage by stage.

The parser knows the usual layout of an administrative plan (Decree 30):
header lines (governing body and issuer, "Số: 18/KH-UBND", "<place>, ngày
05 tháng 01 năm 2021"), the type and title, "Căn cứ ..."/"Thực hiện ..."
legal bases, a preamble, Roman-numbered sections with "1." items, "a)"
points and "-"/"+" items, the closing sentence, "Nơi nhận" and the signer.
Real files are untidy: header tables flattened into "|" cells, lines
hard-wrapped mid-sentence, blank lines after every line, page numbers left
by a PDF, documents that stop early. Whatever cannot be placed is kept as
free text in an extra section and listed in the warnings; a last check makes
sure every word of the input is somewhere in the result.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.imports.appendix import read_appendices, split_appendices
from plans.imports.blocks import blocks
from plans.imports.body import build_body, task_table_in_body
from plans.imports.foot import find_foot, parse_foot
from plans.imports.header import parse_header, read_title, split_header
from plans.imports.layout import Reading, read_lines
from plans.imports.sections import split_closing, split_front, split_sections
from plans.imports.words import keep_every_word
from plans.interchange import FORMAT

# A heading of the plan itself, like "(Chưa có trích yếu)" below: the document's
# language, never the reader's, so neither is translated.
UNPLACED_HEADING = "Nội dung chưa xếp được vào mục nào"


def parse_plan(text: str, *, wrapped: bool | None = None, web: bool = True) -> tuple[dict[str, Any], list[str]]:
    """Parse the (repaired) text of a plan into interchange data and warnings.
    `wrapped` says whether lines were hard-wrapped; None guesses it."""
    if not any(c.isalpha() for c in text):
        raise ValidationError(_("Tệp không có chữ nào để nhập."))
    reading = read_lines(text, wrapped, web=web)
    header_lines, type_line, inline_title, rest = split_header(reading, reading.lines)
    header = parse_header(reading, header_lines)
    # The appendices after the signature first: "Nơi nhận" is then the foot's, not theirs.
    rest, appendix_parts = split_appendices(rest)
    foot_at = find_foot(rest)
    body_lines, foot_lines = rest[:foot_at], rest[foot_at:]
    title, body_lines = read_title(reading.layout, inline_title, body_lines, typed=type_line is not None)
    front, sections = split_sections(blocks(body_lines, reading.layout))
    front, closing = split_closing(front, sections)
    legal_bases, preamble = split_front(front)
    recipients, signer = parse_foot(reading, foot_lines)
    year = _plan_year(header["year"], title)
    appendices = read_appendices(
        reading, appendix_parts, year=year, take_tasks=not task_table_in_body(sections), names=(header["place"],)
    )
    body = build_body(reading, sections, year=year, task_list=appendices.task_title if appendices.tasks else "")
    if not title:
        reading.warnings.append(_("Không tìm thấy trích yếu (tiêu đề) của kế hoạch: hãy nhập trích yếu sau khi lưu."))
    if not (type_line is not None or sections or legal_bases or recipients or header["issuer"]["name"]):
        raise ValidationError(
            _(
                "Không nhận ra cấu trúc của một kế hoạch trong tệp: cần có ít nhất dòng “KẾ HOẠCH”, "
                "các căn cứ hoặc các mục I, II, III ... Hãy kiểm tra lại tệp."
            )
        )
    data = {
        "format": FORMAT,
        "document_type": "KH",
        "issuer": header["issuer"],
        "number": header["number"],
        "symbol": header["symbol"],
        "place": header["place"],
        "date": header["date"],
        "year": year,
        "title": title or "(Chưa có trích yếu)",
        "legal_bases": legal_bases,
        "preamble": "\n\n".join(preamble),
        **body,
        "closing": "\n\n".join(b.raw for b in closing),
        "recipients": recipients,
        "signer": signer,
    }
    if appendices.tasks:
        data["tasks"]["items"] = appendices.tasks
        data["task_appendix"] = {"title": appendices.task_title, "listing": "appendix"}
    if appendices.entries:
        data["appendices"] = appendices.entries
    keep_every_word(reading, data)
    if reading.unplaced:
        _keep_unplaced(reading, data)
    data["extra_sections"] = [part for section in data["extra_sections"] for part in _in_parts(section)]
    return data, reading.warnings


# As much text as one part of a plan holds (plans.models.text.MAX_BODY_CHARS,
# which this package does not import: it knows nothing of the database).
SECTION_CHARS = 200_000


def _in_parts(section: dict[str, Any]) -> list[dict[str, Any]]:
    """A free section longer than a part holds (a long annex of text, a
    document whose layout was not recognised) is cut between paragraphs
    into sections that follow one another, "(tiếp theo)", so that nothing
    of it is refused."""
    if len(section["body"]) <= SECTION_CHARS:
        return [section]
    parts: list[list[str]] = [[]]
    size = 0
    for paragraph in section["body"].split("\n\n"):
        while len(paragraph) > SECTION_CHARS:  # one paragraph longer than a part: cut at a space
            cut = paragraph.rfind(" ", 0, SECTION_CHARS) if " " in paragraph[:SECTION_CHARS] else SECTION_CHARS
            parts.append([paragraph[:cut]])
            paragraph = paragraph[cut:].lstrip()
            size = SECTION_CHARS
        if size + len(paragraph) + 2 > SECTION_CHARS and parts[-1]:
            parts.append([])
            size = 0
        parts[-1].append(paragraph)
        size += len(paragraph) + 2
    bodies = ["\n\n".join(part) for part in parts if part]
    return [
        section | {"heading": section["heading"] if k == 0 else f"{section['heading']} (tiếp theo)", "body": body}
        for k, body in enumerate(bodies)
    ]


def _plan_year(dated: int | None, title: str) -> int | None:
    """The year the plan is for: the year of its date, or the year its title
    names ("... năm 2021") when there is no date, or when the plan was
    issued late in the year before ("năm 2026", dated 01/12/2025)."""
    named = {int(y) for y in re.findall(r"\bnăm\s+(20\d\d)\b", title)}
    if dated is None:
        match = re.search(r"\bnăm\s+(20\d\d)\b", title)
        return int(match.group(1)) if match else None
    return dated + 1 if named == {dated + 1} else dated


def _keep_unplaced(reading: Reading, data: dict[str, Any]) -> None:
    """What no stage could place goes, as written, into a free section of its
    own at the end, for the editor to move where it belongs."""
    data["extra_sections"].append(
        {"heading": UNPLACED_HEADING, "body": "\n\n".join(reading.unplaced), "after": "funding"}
    )
    n = len(reading.unplaced)
    message = ngettext(
        "Có %(n)s đoạn không xếp được vào phần nào; chúng được giữ nguyên trong mục "
        "“%(heading)s” để anh/chị chuyển vào đúng chỗ.",
        "Có %(n)s đoạn không xếp được vào phần nào; chúng được giữ nguyên trong mục "
        "“%(heading)s” để anh/chị chuyển vào đúng chỗ.",
        n,
    )
    reading.warnings.append(message % {"n": n, "heading": UNPLACED_HEADING})
