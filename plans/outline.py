"""The one numbered outline of a plan.

The plan page, the PDF and the DOCX all render this structure, so they can
never disagree about numbering or text. Numbering follows Decree 30/2020:
sections "I.", items "1.", points "a)" in the Vietnamese alphabet.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip

# Decree 30, Appendix I: points are lettered in the order of the Vietnamese
# alphabet, which has đ and no f, j, w, z.
VIETNAMESE_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

_MARK = re.compile(r"^([-–+])\s+(.*)$")


def roman(number: int) -> str:
    out = []
    for value, numeral in ROMAN:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


def letter(index: int) -> str:
    """0 -> 'a', 4 -> 'đ'; past 'y' the letters double ('aa')."""
    n = len(VIETNAMESE_LETTERS)
    return VIETNAMESE_LETTERS[index % n] * (index // n + 1)


@dataclass
class Para:
    text: str
    level: int = 0  # 0 paragraph, 1 "- " item, 2 "+ " item

    @property
    def marker(self) -> str:
        return {1: "-", 2: "+"}.get(self.level, "")


@dataclass
class Item:
    number: str
    title: str = ""
    paras: list[Para] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)


@dataclass
class Section:
    number: str
    heading: str
    paras: list[Para] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    key: str = ""


@dataclass
class TableRow:
    cells: list[str]
    group: bool = False  # a grouping row, one cell across the table


@dataclass
class Appendix:
    """An appendix as printed: after the signature, on a new page."""

    label: str  # "PHỤ LỤC", or "PHỤ LỤC II" when there are several
    title: str
    paras: list[Para] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    note: list[Para] = field(default_factory=list)
    key: str = ""  # "tasks" for the plan's own "Phân công thực hiện"

    @property
    def landscape(self) -> bool:
        """A table of five columns or more is printed across a landscape page."""
        return len(self.columns) >= 5


@dataclass
class Outline:
    legal_bases: list[str]
    preamble: list[Para]
    sections: list[Section]
    closing: list[Para]
    recipients: list[str]
    signer_lines: list[str]
    signer_name: str
    appendices: list[Appendix] = field(default_factory=list)


def numbered_item(number: str, title: str, body: str, children: list[Item] | None = None) -> Item:
    """An item of the outline. Without a title, the number leads its first
    paragraph ("2. Tạo điều kiện ...") rather than standing alone on a line."""
    paras = parse_body(body)
    title = title.strip()
    if number and not title and paras and paras[0].level == 0:
        paras[0] = Para(f"{number} {paras[0].text}")
        number = ""
    return Item(number, title, paras, children or [])


def parse_body(text: str) -> list[Para]:
    """Plain text with two marks: a blank line ends a paragraph, a line that
    starts with "- " (or "+ " one level down) is a dash item. Single line
    breaks inside a paragraph are soft, so hard-wrapped text reads whole."""
    paras: list[Para] = []
    current: Para | None = None
    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = " ".join(raw.split())
        if not line:
            current = None
            continue
        match = _MARK.match(line)
        if match:
            current = Para(match.group(2), 2 if match.group(1) == "+" else 1)
            paras.append(current)
        elif current is None:
            current = Para(line)
            paras.append(current)
        else:
            current.text = f"{current.text} {line}"
    return paras


def _with_ending(text: str, ending: str) -> str:
    return re.sub(r"[\s.;,]+$", "", text.strip()) + ending


def legal_basis_lines(texts: list[str]) -> list[str]:
    """Decree 30: each legal basis ends with ';', the last with '.'."""
    texts = [" ".join(t.split()) for t in texts if t.strip()]
    return [_with_ending(t, "." if i == len(texts) - 1 else ";") for i, t in enumerate(texts)]


def recipient_lines(recipients) -> list[str]:
    """'- Phòng NN&PTNT (để báo cáo);' ... '- Lưu: VT, VP.'"""
    labels = []
    for r in recipients:
        label = " ".join(r.label.split())
        if r.purpose:
            label = f"{label} ({r.purpose.strip()})"
        labels.append(label)
    return [f"- {_with_ending(label, '.' if i == len(labels) - 1 else ';')}" for i, label in enumerate(labels)]


def build_outline(plan) -> Outline:
    """Turn a plan's rows into the numbered outline.

    Reads the prefetched relations (`legal_bases`, `objectives`, `tasks`,
    `solutions` with `children`, `extra_sections`, `recipients`): callers
    prefetch them so this costs no query per item.
    """
    return Outline(
        legal_bases=legal_basis_lines([b.text for b in plan.legal_bases.all()]),
        preamble=parse_body(plan.preamble),
        sections=_sections(plan),
        closing=parse_body(plan.closing),
        recipients=recipient_lines(plan.recipients.all()),
        signer_lines=signer_lines(plan.signer_authority, plan.signer_title),
        signer_name=plan.signer_name.strip(),
    )


# "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" typed on one line is two lines of the block.
_AUTHORITY_BREAK = re.compile(r"\s+(?=(?:TM|KT|TL|TUQ|Q)\.\s*\S)")


def signer_lines(authority: str, title: str) -> list[str]:
    """The lines of the signature block above the signature, upper case:
    each authority (TM./KT./Q./TL./TUQ.) on its line, then the title."""
    lines = []
    for text in [*authority.splitlines(), *title.splitlines()]:
        lines += [part.strip().upper() for part in _AUTHORITY_BREAK.split(text.upper()) if part.strip()]
    return lines


def _sections(plan) -> list[Section]:
    """The standard sections in their order, each free section after the
    standard one its `after` names ("start" = before the objectives); an
    empty section takes no number."""
    extras: dict[str, list[Section]] = {}
    for extra in plan.extra_sections.all():
        extras.setdefault(extra.after or "funding", []).append(
            Section("", extra.heading, parse_body(extra.body), key="extra")
        )
    ordered = [*extras.pop("start", [])]
    for key, section in _standard_sections(plan):
        ordered += [section, *extras.pop(key, [])]
    for rest in extras.values():  # an unknown value: at the end rather than lost
        ordered += rest
    sections = [section for section in ordered if section.paras or section.items]
    for i, section in enumerate(sections, 1):
        section.number = f"{roman(i)}."
    return sections


def _standard_sections(plan) -> list[tuple[str, Section]]:
    objectives = list(plan.objectives.all())
    numbered = any(o.title.strip() for o in objectives)
    top_solutions = [s for s in plan.solutions.all() if s.parent_id is None]
    return [
        (
            "objectives",
            Section(
                "",
                plan.objectives_heading,
                key="objectives",
                items=[
                    numbered_item(f"{i}." if numbered else "", o.title, o.body) for i, o in enumerate(objectives, 1)
                ],
            ),
        ),
        (
            "tasks",
            Section(
                "",
                plan.tasks_heading,
                key="tasks",
                # Listed only in the appendix "Phân công thực hiện", the tasks leave the body.
                items=[]
                if plan.task_listing == "appendix"
                else [numbered_item(f"{i}.", t.title, t.body) for i, t in enumerate(plan.tasks.all(), 1)],
            ),
        ),
        ("solutions", Section("", plan.solutions_heading, key="solutions", items=_solution_items(top_solutions))),
        ("funding", Section("", plan.funding_heading, parse_body(plan.funding_body), key="funding")),
    ]


def _solution_items(solutions) -> list[Item]:
    """Solutions numbered 1., 2., their sub-solutions lettered a), b) as in the seed's III.2."""
    return [
        numbered_item(
            f"{i}.",
            s.title,
            s.body,
            [numbered_item(f"{letter(j)})", c.title, c.body) for j, c in enumerate(s.children.all())],
        )
        for i, s in enumerate(solutions, 1)
    ]


# Collective bodies whose name is set on a line of its own above the place,
# as the official templates do ("ỦY BAN NHÂN DÂN" / "XÃ VĨNH LỢI").
_BODY_NAMES = (
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "ĐẢNG ỦY",
    "BAN CHẤP HÀNH",
    "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM",
    "HỢP TÁC XÃ",
    "PHÒNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    "PHÒNG KINH TẾ",
)


def issuer_lines(name: str) -> list[str]:
    """The issuer's name in upper case, broken after the body's name rather
    than wherever the 67.5 mm column happens to end."""
    name = " ".join((name or "").split()).upper()
    for body in _BODY_NAMES:
        if name.startswith(body + " "):
            return [body, name[len(body) + 1 :]]
    return [name] if name else []


def number_line(number: int | None, symbol: str) -> str:
    """'Số: 05/KH-UBND'; a draft leaves room for the number: 'Số:     /KH-UBND'."""
    if number is None:
        return f"Số:      /{symbol}"
    return f"Số: {number:02d}/{symbol}"


def date_line(place: str, day: datetime.date | None) -> str:
    """Decree 30: a leading zero on days below 10, and on the month only for
    January and February ('ngày 29 tháng 6 năm 2019')."""
    if day is None:
        return f"{place}, ngày      tháng      năm"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def plan_text_prefetches() -> list:
    """The prefetches that build_outline and plan_to_dict need, in one place."""
    from django.db.models import Prefetch

    from plans.models import Recipient, Solution, Task

    return [
        "legal_bases",
        "appendices",
        "objectives",
        "extra_sections",
        Prefetch("tasks", queryset=Task.objects.select_related("cooperative__organization")),
        Prefetch("solutions", queryset=Solution.objects.prefetch_related("children")),
        Prefetch("recipients", queryset=Recipient.objects.select_related("organization")),
    ]


def prefetch_plan_text(queryset):
    return queryset.prefetch_related(*plan_text_prefetches())


def load_plan_text(plan) -> None:
    """The same relations loaded on a plan already fetched (what is loaded already is kept)."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([plan], *plan_text_prefetches())
