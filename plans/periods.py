"""The time of a task as a plan writes it ("Quý II/2026", "Trước 30/6/2026",
"6 tháng đầu năm", "Thường xuyên") read as the days it spans.

Pure functions, no database: the importer reads a task table's time column
with them, and the task form can fill the dates from what an editor types.
A text that names no time it can read gives (None, None), never an error.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

FIRST_YEAR, LAST_YEAR = 2000, 2100
ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}
QUARTER = r"(?:IV|I{1,3}|[1-4])"
# Words joining the parts of a list or a range: "Quý I, II", "Tháng 3 - tháng 6", "Quý III và IV".
JOIN = r"\s*(?:,|;|-|–|—|và|đến|tới|&)\s*"
YEAR = r"(?:\s*(?:/|-|năm)\s*(?P<year>\d{4}))?"
_PARTS = [
    # "ngày 15 tháng 12 năm 2026"
    ("day", r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})(?:\s*năm\s*(?P<year>\d{4}))?"),
    # "31/12/2026", "31.12.2026", "15/12"
    ("day", r"(?<![\d/])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<year>\d{4}))?(?![\d/])"),
    # "6 tháng đầu năm 2026", "6 tháng cuối năm"
    ("half", r"(?P<n>\d{1,2})\s*tháng\s*(?P<side>đầu|cuối)\s*năm(?:\s*(?P<year>\d{4}))?"),
    ("quarter", rf"quý\s*(?P<list>{QUARTER}(?:{JOIN}(?:quý\s*)?{QUARTER})*)\b{YEAR}"),
    ("month", rf"tháng\s*(?P<list>\d{{1,2}}(?:{JOIN}(?:tháng\s*)?\d{{1,2}})*)\b{YEAR}"),
    # "6/2026": a month and its year without the word "tháng"
    ("month", r"(?<![\d/])(?P<list>\d{1,2})\s*/\s*(?P<year>\d{4})(?![\d/])"),
    ("year", r"(?<![\d/])(?P<year>(?:19|20|21)\d\d)(?![\d/])"),
]


def _alternation() -> re.Pattern[str]:
    """One pattern for all the parts, the i-th named "k<i>", its groups "<name>_<i>"."""
    parts = []
    for i, (_, pattern) in enumerate(_PARTS):
        pattern = re.sub(r"\?P<(\w+)>", rf"?P<\1_{i}>", pattern).replace("(?P=sep)", f"(?P=sep_{i})")
        parts.append(f"(?P<k{i}>{pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


PART = _alternation()
# The whole year, whichever it is: "Thường xuyên", "Hằng năm", "Cả năm", "Trong năm".
WHOLE_YEAR = re.compile(
    r"thường\s+xuyên|h[ằà]ng\s+(?:năm|quý|tháng)|định\s+kỳ|cả\s+năm|trong\s+năm|suốt\s+năm|liên\s+tục|năm\s+\d{4}",
    re.IGNORECASE,
)
# A deadline: only the last day is named ("Trước 31/12", "Hoàn thành trước 30/6", "Chậm nhất ngày 15/12").
DEADLINE = re.compile(
    r"^(?:hoàn\s+thành\s+|xong\s+|báo\s+cáo\s+)?(?:trước|chậm\s+nhất|muộn\s+nhất|hạn|đến|tới)\b", re.IGNORECASE
)
SINCE = re.compile(r"^(?:bắt\s+đầu\s+)?từ\b", re.I)
UNTIL = re.compile(r"\b(?:đến|tới)\b|\s[-–—]\s", re.I)


@dataclass
class _Span:
    """One time the text names, its year perhaps still to be found."""

    kind: str  # "day", "half", "quarter", "month", "year"
    values: list[int]  # the days, months or quarters named; for "day" [day, month]
    year: int | None
    side: str = ""  # "đầu" or "cuối" for a half

    def bounds(self, year: int) -> tuple[datetime.date | None, datetime.date | None]:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None, None
        if self.kind == "day":
            day = _date(year, self.values[1], self.values[0])
            return day, day
        if self.kind == "year":
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if self.kind == "half":
            months = self.values[0]
            if not 1 <= months <= 12:
                return None, None
            first, last = (1, months) if self.side == "đầu" else (13 - months, 12)
            return _date(year, first, 1), _month_end(year, last)
        first, last = min(self.values), max(self.values)
        if self.kind == "quarter":
            first, last = 3 * first - 2, 3 * last
        if not (1 <= first and last <= 12):
            return None, None
        return _date(year, first, 1), _month_end(year, last)


def period_dates(text: str, year: int | None) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and the last day of the time `text` names, `year` being the
    plan's, for what the text leaves without a year.

    "Quý II/2026" is 1 April to 30 June; "Tháng 3 - tháng 6/2026" and "Quý
    I, II/2026" span their parts; "Thường xuyên", "Hằng năm", "Năm 2026" are
    the whole year; "Trước 31/12/2026", a date alone, "Hoàn thành trước 30/6"
    name only the last day (start None), "Từ tháng 3/2026" only the first.
    Anything unreadable, impossible (31/02) or outside 2000-2100 is None."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    if not text:
        return None, None
    spans = _spans(text)
    if not spans:
        if WHOLE_YEAR.search(text) and year is not None:
            return _Span("year", [], year).bounds(year)
        return None, None
    _fill_years(spans, year)
    bounds = [span.bounds(span.year) for span in spans if span.year is not None]
    starts = [start for start, _ in bounds if start]
    ends = [end for _, end in bounds if end]
    start, due = (min(starts) if starts else None), (max(ends) if ends else None)
    if start and due and start > due:
        return None, due  # "Từ tháng 11 đến tháng 2": a range this reading cannot place
    if SINCE.match(text) and not UNTIL.search(text):
        return start, None
    only_days = all(span.kind == "day" for span in spans) and len(spans) == 1
    if (DEADLINE.match(text) and not SINCE.match(text)) or only_days:
        return None, due
    return start, due


def whole_year(start: datetime.date | None, due: datetime.date | None) -> bool:
    """Whether the dates are 1 January to 31 December of one year: what an
    ongoing task ("Thường xuyên") spans, which the plan's year already says."""
    if not (start and due):
        return False
    return start.year == due.year and (start.month, start.day, due.month, due.day) == (1, 1, 12, 31)


def _spans(text: str) -> list[_Span]:
    spans = []
    for match in PART.finditer(text):
        index = int(next(name for name, value in match.groupdict().items() if value and name.startswith("k"))[1:])
        kind = _PARTS[index][0]
        suffix = f"_{index}"
        found = {k.removesuffix(suffix): v for k, v in match.groupdict().items() if k.endswith(suffix)}

        def group(name: str, found: dict[str, str | None] = found) -> str | None:
            return found.get(name)

        year = int(group("year")) if group("year") else None
        if kind == "day":
            spans.append(_Span("day", [int(group("d")), int(group("m"))], year))
        elif kind == "half":
            spans.append(_Span("half", [int(group("n"))], year, group("side").lower()))
        elif kind == "year":
            spans.append(_Span("year", [], year))
        else:
            found = re.findall(QUARTER if kind == "quarter" else r"\d{1,2}", _strip_words(group("list")), re.I)
            values = [_number(value) for value in found]
            spans.append(_Span(kind, values, year))
    return spans


def _strip_words(text: str) -> str:
    return re.sub(r"quý|tháng|và|đến|tới", " ", text, flags=re.IGNORECASE)


def _number(value: str) -> int:
    return ROMAN_QUARTERS.get(value.upper(), 0) if value.isalpha() else int(value)


def _fill_years(spans: list[_Span], year: int | None) -> None:
    """A part without its year takes the year written after it ("Tháng 3 -
    tháng 6/2026"), else the one before it, else the plan's."""
    for k, span in enumerate(spans):
        if span.year is None:
            later = next((s.year for s in spans[k + 1 :] if s.year is not None), None)
            earlier = next((s.year for s in reversed(spans[:k]) if s.year is not None), None)
            span.year = later or earlier or year


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_end(year: int, month: int) -> datetime.date | None:
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, calendar.monthrange(year, month)[1])
