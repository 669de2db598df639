"""The head of a plan: the header block (governing body and issuer, "Số:
18/KH-UBND", "<place>, ngày 05 tháng 01 năm 2021"), the type line "KẾ
HOẠCH" and the trích yếu (title) under it."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from plans.imports.layout import Layout, Line, Reading
from plans.imports.patterns import (
    BASIS,
    CELL_SPLIT,
    DASH,
    FINAL_PUNCT,
    NUMBERED,
    ORGANIZATION,
    RECIPIENTS,
    ROMAN_HEADING,
    UNIT_WORD,
    clean_line,
    is_upper,
)

NATIONAL = re.compile(r"C[ỘO]NG\s+H[ÒO][AÀ]\s+X[ÃA]\s+H[ỘO]I\s+CH[ỦU]\s+NGH[ĨI]A\s+VI[ỆE]T\s+NAM", re.IGNORECASE)
MOTTO = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.IGNORECASE)
NUMBER = re.compile(r"\bSố\s*:?\s*(?P<number>\d{1,4})?\s*/\s*(?P<symbol>[\w&.\-/]+)", re.IGNORECASE)
DATE = re.compile(
    r"(?P<place>[^,|]*?)\s*,?\s*\bngày\s*(?P<day>\d{1,2})?(?:[\s.]*tháng\s*|\s*/\s*)(?P<month>\d{1,2})?"
    r"(?:[\s.]*năm\s*|\s*/\s*)(?P<year>\d{4})?",
    re.IGNORECASE,
)
TYPE_LINE = re.compile(r"^KẾ\s*HOẠCH\b\s*[:.]?\s*(?P<rest>.*)$")
# A place and date over two lines: "Đồng Tháp," / "ngày 01 tháng 12 năm 2025",
# "An Bình, ngày 01 tháng 12" / "năm 2025".
PLACE_ALONE = re.compile(r"^[^\W\d_][^\d|,:]{1,40},$")
DATE_WITHOUT_YEAR = re.compile(r"\bngày\s*\d{0,2}(?:\s*tháng\s*\d{0,2})?\s*$", re.IGNORECASE)
DATE_GOES_ON = re.compile(r"^(?:ngày|tháng|năm)\b", re.IGNORECASE)


def split_header(reading: Reading, lines: list[Line]) -> tuple[list[Line], Line | None, str, list[Line]]:
    """The header lines, the type line "KẾ HOẠCH" (None when the file has
    none), the title written on it after "KẾ HOẠCH", and the lines after."""
    filled = [line for line in lines if line.text]
    for line in filled[:40]:
        match = TYPE_LINE.match(line.text)
        if match and not match.group("rest")[:1].islower():
            pos = lines.index(line)
            reading.consumed.add(line.index)
            return lines[:pos], line, match.group("rest").strip(), lines[pos + 1 :]
    # No type line: the header is the run of header facts at the top.
    pos = next((k for k, line in enumerate(lines) if line.text and not _is_header_fact(line.text)), len(lines))
    return lines[:pos], None, "", lines[pos:]


def _is_header_fact(text: str) -> bool:
    for cell in CELL_SPLIT.split(text):
        if not cell:
            continue
        if NATIONAL.search(cell) or MOTTO.search(cell) or NUMBER.search(cell) or DATE.search(cell):
            continue
        if is_upper(cell) and not ROMAN_HEADING.match(cell) and len(cell) <= 80:
            continue
        return False
    return True


@dataclass
class _Facts:
    """What the header lines said, as written."""

    names: list[str] = field(default_factory=list)  # the lines in capitals: governing body, then issuer
    number: int | None = None
    symbol: str | None = None
    place: str | None = None
    day: str | None = None
    month: str | None = None
    year: str | None = None


# The national heading as its words, for one wrapped in a narrow column: a
# PDF may give "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", the issuer's parent, then "NAM".
_NATIONAL_WORDS = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".split()


def _drop_wrapped_heading(lines: list[Line]) -> None:
    """Empties the two pieces of a national heading wrapped over two lines
    (the last cell of each), whatever lines stand between them."""
    for k, line in enumerate(lines):
        head, cell = _last_cell(line.raw)
        words = cell.upper().replace("HOÀ", "HÒA").split()
        if not 3 <= len(words) < len(_NATIONAL_WORDS) or words != _NATIONAL_WORDS[: len(words)]:
            continue
        rest = _NATIONAL_WORDS[len(words) :]
        for later in lines[k + 1 : k + 4]:
            before, tail = _last_cell(later.raw)
            if tail.upper().split() == rest:
                line.raw, line.text = head, clean_line(head)
                later.raw, later.text = before, clean_line(before)
                break


def _last_cell(raw: str) -> tuple[str, str]:
    """A line as what comes before its last cell, and that cell."""
    gaps = list(CELL_SPLIT.finditer(raw.strip()))
    if not gaps:
        return "", raw.strip()
    return raw.strip()[: gaps[-1].start()], raw.strip()[gaps[-1].end() :]


def parse_header(reading: Reading, lines: list[Line]) -> dict[str, Any]:
    """The issuer, number, symbol, place, date and year the header gives."""
    facts = _Facts()
    _join_split_dates(reading, lines)
    _drop_wrapped_heading(lines)
    for line in lines:
        if line.text and _read_header_line(reading, line, facts):
            reading.consumed.add(line.index)
    names = _join_wrapped_names(facts.names)
    abbreviation = ""
    if facts.symbol and "-" in facts.symbol:
        abbreviation = facts.symbol.split("-", 1)[1]
    date = None
    if facts.year and facts.day and facts.month:
        try:
            date = datetime.date(int(facts.year), int(facts.month), int(facts.day)).isoformat()
        except ValueError:
            written = f"{facts.day}/{facts.month}/{facts.year}"
            reading.warnings.append(_("Ngày ban hành “%(date)s” không hợp lệ, đã bỏ qua.") % {"date": written})
    return {
        "issuer": {"name": names[-1] if names else "", "parent": " ".join(names[:-1]), "abbreviation": abbreviation},
        "number": facts.number,
        "symbol": facts.symbol or "",
        "place": facts.place or "",
        "date": date,
        "year": int(facts.year) if facts.year else None,
    }


def _read_header_line(reading: Reading, line: Line, facts: _Facts) -> bool:
    """Adds what one line says to the facts; False when part of it was left unplaced."""
    used = True
    # The facts first, on the whole line: a draft's "Số:    /KH-UBND"
    # and "ngày    tháng    năm" hold runs of spaces of their own.
    rest = MOTTO.sub("   ", NATIONAL.sub("   ", line.raw.replace("\u00a0", " ")))
    match = NUMBER.search(rest)
    if match and facts.symbol is None:
        facts.number = int(match.group("number")) if match.group("number") else None
        facts.symbol = match.group("symbol").strip(".-/")
        rest = rest[: match.start()] + "   " + rest[match.end() :]
    match = DATE.search(rest)
    if match and facts.year is None:
        facts.place = clean_line(CELL_SPLIT.split(match.group("place"))[-1]).strip(" ,.-") or None
        facts.day, facts.month, facts.year = match.group("day"), match.group("month"), match.group("year")
        rest = rest[: match.start()] + "   " + rest[match.end() :]
    for cell in CELL_SPLIT.split(rest):
        cell = clean_line(cell).strip(" -–—_")
        if not cell:
            continue
        if is_upper(cell):
            facts.names.append(cell)
        else:
            used = False
            reading.unplaced.append(cell)
    return used


def _join_split_dates(reading: Reading, lines: list[Line]) -> None:
    """A place or date that goes on at the next line ("Đồng Tháp," then
    "ngày 01 tháng 12 năm 2025"; "..., ngày 01 tháng 12" then "năm 2025"),
    in a cell of its own or the last cell of a row, is joined on the first
    line; the part taken leaves the next line."""
    filled = [line for line in lines if line.text]
    for line, following in zip(filled, filled[1:], strict=False):
        last = [c for c in CELL_SPLIT.split(line.raw.strip()) if c.strip()][-1:]
        if not last or not (PLACE_ALONE.match(last[0].strip()) or DATE_WITHOUT_YEAR.search(last[0])):
            continue
        goes_on = next((c for c in CELL_SPLIT.split(following.raw.strip()) if c.strip()), "")
        if not DATE_GOES_ON.match(goes_on) or NATIONAL.search(goes_on):
            continue
        line.raw = f"{line.raw.rstrip()} {goes_on}"
        following.raw = following.raw.replace(goes_on, " ", 1)
        line.text, following.text = clean_line(line.raw), clean_line(following.raw).strip(" |")
        if not following.text:
            reading.consumed.add(following.index)


def _join_wrapped_names(names: list[str]) -> list[str]:
    """ "ỦY BAN NHÂN DÂN" / "XÃ VĨNH LỢI" is one name wrapped in two lines, and
    so is "ỦY BAN NHÂN DÂN XÃ PHÚ" / "HÒA ĐÔNG": a line that opens with
    neither a body nor a unit goes on with the name above it."""
    joined: list[str] = []
    for name in names:
        above = joined[-1] if joined else ""
        unit = UNIT_WORD.match(name) and not re.search(r"\b(?:XÃ|HUYỆN|TỈNH|PHƯỜNG|QUẬN)\b", above)
        if joined and (unit or not (UNIT_WORD.match(name) or ORGANIZATION.match(name))):
            joined[-1] = f"{joined[-1]} {name}"
        else:
            joined.append(name)
    return joined


def read_title(layout: Layout, inline: str, lines: list[Line], *, typed: bool) -> tuple[str, list[Line]]:
    """The trích yếu: the short centred lines right after "KẾ HOẠCH", up to
    a blank line, a legal basis, a heading or a sentence of the body. A
    title may wrap onto a line that starts with a capital ("Hợp tác xã").
    Without a type line (`typed` False) only the first line can be the title.
    Returns the title and the lines after it."""
    parts = [inline] if inline else []
    pos = 0
    while pos < len(lines) and not lines[pos].text and not parts:
        pos += 1
    while pos < len(lines) and len(parts) < 4:
        text = lines[pos].text
        if not text:
            if parts and layout.blanks_mean_breaks:
                break
            pos += 1
            continue
        # A title may itself begin "Thực hiện ..." ("Thực hiện Đề án ..."); a legal basis
        # never comes before the title, so on the first line only "Căn cứ" ends it.
        basis = re.match(r"^Căn\s+cứ\b", text) if not parts else BASIS.match(text)
        starts_body = basis or ROMAN_HEADING.match(text) or NUMBERED.match(text) or DASH.match(text)
        if starts_body or RECIPIENTS.match(text) or "|" in text or len(text) > 200:
            break
        if parts and (FINAL_PUNCT.search(parts[-1]) or (len(text) >= layout.width * 0.9 and text[:1].isupper())):
            break
        if not parts and not typed and FINAL_PUNCT.search(text):
            break
        parts.append(text)
        pos += 1
        if not typed:
            break
    return " ".join(parts).strip(), lines[pos:] if parts else lines
