"""The tasks of a plan: numbered items or paragraphs of the "Nhiệm vụ"
section, with the lead unit and partners their text names, or the rows of a
table of tasks (in the body, or the appendix "Phân công thực hiện") with its
columns for the lead, the partners, the time, the output and the note, its
grouping rows ("I. CỦNG CỐ TỔ CHỨC") and the columns the model has no field
for, kept by their heading."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plans.imports.blocks import Block
from plans.imports.items import paragraph_items, split_items, split_title, with_points
from plans.imports.layout import Reading
from plans.imports.patterns import is_upper, roman_value
from plans.imports.sections import ABBREVIATIONS
from plans.periods import period_dates, whole_year

LEAD = re.compile(r"^(?:-\s*)?(?:Đơn\s+vị\s+)?(?:chủ\s+trì)(?:\s+thực\s+hiện)?\s*:\s*(?P<value>.+)$", re.IGNORECASE)
PARTNERS = re.compile(
    r"^(?:-\s*)?(?:Đơn\s+vị\s+)?(?:phối\s+hợp)(?:\s+thực\s+hiện)?\s*:\s*(?P<value>.+)$", re.IGNORECASE
)
# The columns of a table of tasks, recognised by the words of their heading;
# the first pattern a heading matches names it, "other" columns are kept by
# their heading in the task's "extra".
TABLE_COLUMNS = [
    ("number", re.compile(r"^(?:STT|TT|Số\s+TT|Số\s+thứ\s+tự)\.?$", re.IGNORECASE)),
    ("partners", re.compile(r"phối\s+hợp", re.IGNORECASE)),
    ("lead", re.compile(r"chủ\s+trì|^(?:cơ\s+quan|đơn\s+vị|bộ\s+phận|người|trách\s+nhiệm)\b(?!\s+tính)", re.I)),
    ("period", re.compile(r"thời\s+(?:gian|hạn|điểm)|tiến\s+độ|hoàn\s+thành", re.IGNORECASE)),
    ("product", re.compile(r"sản\s+phẩm|kết\s+quả|hình\s+thức", re.IGNORECASE)),
    ("note", re.compile(r"ghi\s+chú", re.IGNORECASE)),
    ("other", re.compile(r"kinh\s+phí|nguồn\s+(?:vốn|kinh)|dự\s+toán|địa\s+(?:điểm|bàn)|quy\s+mô", re.IGNORECASE)),
    ("title", re.compile(r"nội\s+dung|nhiệm\s+vụ|công\s+việc|hoạt\s+động", re.IGNORECASE)),
]
# The second of two time columns, when the first says when to start.
PERIOD_END = re.compile(r"hoàn\s+thành|kết\s+thúc|\bhạn\b|\bđến\b", re.IGNORECASE)
# What a grouping row starts with: "I.", "A.", "1." (a sub-group), or nothing.
GROUP_MARKER = re.compile(r"^(?:(?P<roman>[IVXL]{1,6})|(?P<letter>[A-ZĐ])|(?P<arabic>\d+))\s*[.):/–-]\s*(?=\S)")
# What the number column holds: "1", "1.2", "IV", "a)".
ROW_MARKER = re.compile(r"\d+(?:\.\d+)*\.?|[IVXL]{1,6}\.?|[a-zđA-ZĐ][.)]?")
# "Các ngành, đoàn thể xã", "Các cơ quan, đơn vị": a short plural goes on after its comma.
GENERIC = re.compile(r"^[Cc]ác\s+\S+(?:\s+\S+)?$")
UNIT_ONLY = re.compile(r"^(?:thị\s+trấn|phường|thị\s+xã|xã|đặc\s+khu)$", re.IGNORECASE)
# The limits of the task's fields (plans/models/plan.py).
MAX_LEAD, MAX_PERIOD, MAX_GROUP, LONG_TITLE = 200, 200, 300, 300


def section_tasks(
    reading: Reading, blocks: list[Block], *, year: int | None
) -> tuple[list[dict[str, Any]], list[Block]]:
    """The tasks of the section, and the intro written before them."""
    table_tasks, blocks = _task_table(reading, blocks, year)
    intro, items = split_items(blocks)
    tasks = []
    # Without numbered items each paragraph is a task, unless a table holds
    # the tasks: the text before it is then the intro.
    if not items and not table_tasks:
        for body in paragraph_items(intro):
            title, rest = split_title(body.removeprefix("- ").removeprefix("+ "))
            tasks.append(new_task(title, rest))
        intro = []
    tasks += [new_task(item["title"], with_points(item)) for item in items]
    return tasks + table_tasks, intro


def new_task(title: str, body: str) -> dict[str, Any]:
    lead, partners = "", []
    for para in body.split("\n\n"):
        para = para.strip()
        if match := LEAD.match(para):
            lead = match.group("value").strip(" .;")
        elif match := PARTNERS.match(para):
            partners = split_partners(match.group("value"))
    return {
        "title": title,
        "body": body,
        "lead": lead[:MAX_LEAD],
        "partners": partners,
        "cooperative": None,
        "start": None,
        "due": None,
        "indicator": None,
        "weight": 1,
    }


def split_partners(text: str) -> list[str]:
    """The units of a partners cell: one a line or separated by ";" or ",";
    a unit's own dash stays ("Phòng Tài chính - Kế hoạch"), and so does "các
    xã, thị trấn"."""
    parts: list[str] = []
    for part in re.split(r"[;,\n]", text):
        part = part.strip().lstrip("-–•+ ").strip(" .")
        if not part:
            continue
        if parts and (UNIT_ONLY.match(part) or (part[:1].islower() and GENERIC.match(parts[-1]))):
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    return parts


def has_task_table(blocks: list[Block]) -> bool:
    return any(b.kind == "row" and table_columns(cells_of(b.text)) for b in blocks)


def cells_of(text: str) -> list[str]:
    """The cells of a row line; "text |" (a row one cell spans) is one cell."""
    cells = [cell.strip() for cell in text.split("|")]
    if len(cells) > 1 and cells[0] and not any(cells[1:]) and text.rstrip().endswith("|"):
        return cells[:1]
    return cells


def table_columns(headings: list[str]) -> list[str] | None:
    """The meaning of each column of a header row, or None when the row is
    not the header of a table of tasks (it needs the task, and the lead or the time)."""
    columns: list[str] = []
    for cell in headings:
        name = next((name for name, pattern in TABLE_COLUMNS if pattern.search(cell)), "other")
        if name == "period" and "period" in columns and PERIOD_END.search(cell):
            name = "period_end"  # "Thời gian bắt đầu" | "Thời gian hoàn thành"
        columns.append(name if name not in columns or name == "other" else "other")
    if "title" in columns and ("lead" in columns or "period" in columns):
        return columns
    return None


def _task_table(reading: Reading, blocks: list[Block], year: int | None) -> tuple[list[dict[str, Any]], list[Block]]:
    """A table of tasks in the body (STT | Nội dung | Đơn vị chủ trì | Đơn vị
    phối hợp | Thời gian thực hiện): each row becomes a task; a table that
    cannot be read so stays text, as written. A line between two rows is a
    grouping row a Word table spanned."""
    start = next((k for k, b in enumerate(blocks) if b.kind == "row" and table_columns(cells_of(b.text))), None)
    if start is None:
        return [], blocks
    header = blocks[start]
    end = start + 1
    while end < len(blocks) and (blocks[end].kind == "row" or _between_rows(blocks, end)):
        end += 1
    rows = [cells_of(b.text) if b.kind == "row" else [b.raw] for b in blocks[start + 1 : end]]
    tasks = TaskTable(cells_of(header.text), year, in_body=True).read(rows)
    if tasks is None:
        return [], blocks
    for block in blocks[start:end]:
        reading.consumed.update(block.lines)
    return tasks, blocks[:start] + blocks[end:]


def _between_rows(blocks: list[Block], k: int) -> bool:
    """A line of text followed by a row: a grouping row a Word table spanned."""
    return k + 1 < len(blocks) and blocks[k + 1].kind == "row" and len(blocks[k].lines) == 1


@dataclass
class _Level:
    kind: str  # "roman", "letter", "arabic" or "" (no marker)
    name: str
    number: str
    row: list[str]
    used: bool = False  # a task was read under it


@dataclass
class _Groups:
    """The grouping rows met so far, one per level: a level is a kind of
    marker ("I.", "A.", "1.", none), in the order the table first uses them."""

    levels: list[_Level] = field(default_factory=list)
    unused: list[list[str]] = field(default_factory=list)  # grouping rows no task came under
    nested: bool = False  # the tasks under the last "1." group are numbered "1.1", "1.2"

    def enter(self, text: str, row: list[str]) -> None:
        match = GROUP_MARKER.match(text)
        kind = next((k for k, v in match.groupdict().items() if v), "") if match else ""
        name = sentence_case(text[match.end() :] if match else text).strip(" .:;")
        kinds = [level.kind for level in self.levels]
        if kind in kinds:
            self._leave(kinds.index(kind))
        self.levels.append(_Level(kind, name, match.group(kind) if match and kind else "", row))
        self.nested = False

    def task(self, number: str) -> str:
        """The group of a task numbered `number`: a "1." group ends where its "1.x" tasks do."""
        if self.levels and self.levels[-1].kind == "arabic" and number:
            if number.startswith(f"{self.levels[-1].number}."):
                self.nested = True
            elif self.nested:
                self._leave(len(self.levels) - 1)
                self.nested = False
        for level in self.levels:
            level.used = True
        return " — ".join(level.name for level in self.levels if level.name)[:MAX_GROUP]

    def close(self) -> None:
        self._leave(0)

    def _leave(self, depth: int) -> None:
        self.unused += [level.row for level in self.levels[depth:] if not level.used]
        del self.levels[depth:]


class TaskTable:
    """The rows of a table of tasks read as tasks: grouping rows set the
    group of the rows below, a row continuing the one above (an empty number,
    a cell wrapped by a PDF) joins it, a numbering row "(1) | (2)" is form."""

    def __init__(self, headings: list[str], year: int | None, *, in_body: bool = False) -> None:
        self.headings = [" ".join(h.split()) for h in headings]
        self.columns = table_columns(self.headings) or []
        self.year = year
        self.in_body = in_body  # a body table's tasks also say their columns in the body, as before
        self.form_rows: list[list[str]] = []  # the rows read as form: numbering, a repeated header, a second header
        self.unused_groups: list[list[str]] = []  # grouping rows without a task under them: their words are in no task

    def read(self, rows: list[list[str]]) -> list[dict[str, Any]] | None:
        """The tasks, or None when the rows are no table of tasks (a row without a task)."""
        width = len(self.columns)
        if not width:
            return None
        # Rows of form: empty, the numbering of the columns, the header a PDF repeats on each page.
        kept = [row for row in rows if any(row) and not _numbering(row) and row != self.headings]
        self.form_rows = [row for row in rows if row not in kept]
        rows = self._without_subheader(kept)
        groups, found = _Groups(), []
        for k, row in enumerate(rows):
            if self._grouping(row, rows[k + 1 :]):
                groups.enter(self._group_text(row), row)
                continue
            short, row = len(row) < width, _fit(row, width)
            if found and self._continues(row, found[-1][1], short=short):
                found[-1] = (found[-1][0], self._joined(found[-1][1], row))
            else:
                found.append((groups.task(self.cell(row, "number")), row))
        groups.close()
        self.unused_groups = groups.unused
        tasks = [self._task(group, row) for group, row in found]
        return tasks if tasks and all(tasks) else None

    def cell(self, row: list[str], name: str) -> str:
        k = self.columns.index(name) if name in self.columns else len(row)
        return row[k] if k < len(row) else ""

    def _without_subheader(self, rows: list[list[str]]) -> list[list[str]]:
        """A second header row (" | | Tổng số | Ngân sách") names the columns under a merged heading."""
        if not rows or len(rows[0]) != len(self.columns) or self.cell(rows[0], "number") or self.cell(rows[0], "title"):
            return rows
        top = ""
        for k, sub in enumerate(rows[0]):
            top = self.headings[k] or top
            if sub:
                self.headings[k] = f"{top} - {sub}"
        self.form_rows.append(rows[0])
        return rows[1:]

    def _group_text(self, row: list[str]) -> str:
        number, title = self.cell(row, "number").rstrip("."), self.cell(row, "title")
        if len(row) > 1 and number and title and number != title:
            return f"{number}. {title}"
        return " ".join(c for c in dict.fromkeys(row) if c)

    def _grouping(self, row: list[str], below: list[list[str]]) -> bool:
        filled = [c for c in row if c]
        if len(row) == 1 or (len(set(filled)) == 1 and len(filled) > 1):
            return True
        number, title = self.cell(row, "number"), self.cell(row, "title")
        rest = [c for c, name in zip(row, self.columns, strict=False) if c and name not in ("number", "title")]
        if rest or not title:
            return False
        if re.fullmatch(r"[IVXL]{1,6}|[A-ZĐ]", number.rstrip(".")):
            return True
        if number and re.fullmatch(r"\d+\.?", number):
            after = next((self.cell(r, "number") for r in below if len(r) > 1), "")
            return after.startswith(f"{number.rstrip('.')}.")  # "1" heads "1.1", "1.2"
        return not number and "number" in self.columns and (is_upper(title) or bool(GROUP_MARKER.match(title)))

    def _continues(self, row: list[str], above: list[str], *, short: bool) -> bool:
        """A row without a number of its own whose task cell is empty or goes
        on mid-sentence; or a row short of cells with text where the number
        goes (a PDF lost its columns where a page break cut it)."""
        if number := self.cell(row, "number"):
            return short and not ROW_MARKER.fullmatch(number)
        title = self.cell(row, "title")
        if not title or title[:1].islower():
            return True
        # A few cells under a numbered row: the rest of a row a page break cut.
        return bool(self.cell(above, "number")) and sum(map(bool, row)) < sum(map(bool, above)) / 2

    def _joined(self, above: list[str], row: list[str]) -> list[str]:
        out = []
        for upper, lower in zip(above, row, strict=True):
            if not lower or lower == upper:  # a merged cell repeats the text above
                out.append(upper)
            else:
                out.append(f"{upper} {lower}".strip())
        return out

    def _task(self, group: str, row: list[str]) -> dict[str, Any] | None:
        title = self.cell(row, "title")
        if not title:
            return None
        body: list[str] = []
        if len(title) > LONG_TITLE:
            title, rest = split_title(title)
            body.append(rest)
        task = new_task(title, "")
        lead, period = self.cell(row, "lead").strip(" .;"), self.cell(row, "period")
        if len(lead) > MAX_LEAD:
            body.append(f"Đơn vị chủ trì: {lead}")
        if len(period) > MAX_PERIOD:
            body.append(f"Thời gian thực hiện: {period}")
        start, due = period_dates(period, self.year)
        if end := self.cell(row, "period_end"):
            due = period_dates(end, self.year)[1] or due
            period = f"{period} – {end}" if period else end
        if whole_year(start, due):  # "Thường xuyên", "Năm 2026": the plan's year says it
            start = due = None
        extra = self._extra(row)
        task.update(
            group=group,
            lead=_cut(lead, MAX_LEAD),
            partners=split_partners(self.cell(row, "partners")),
            period=_cut(period, MAX_PERIOD),
            start=start.isoformat() if start else None,
            due=due.isoformat() if due else None,
            product=self.cell(row, "product"),
            note=self.cell(row, "note"),
            extra=extra,
        )
        if self.in_body:
            body += [task["product"], *(v for v in extra.values() if v), task["note"]]
            # The time as written stays in the text: "Quý II/2025" says more than a date.
            body.append(f"Thời gian thực hiện: {period}" if period else "")
        task["body"] = "\n\n".join(part for part in body if part)
        return _in_column_order(task, self.columns)

    def _extra(self, row: list[str]) -> dict[str, str]:
        extra: dict[str, str] = {}
        for k, (name, cell) in enumerate(zip(self.columns, row, strict=True)):
            # A number is a marker the document writes again; anything else in its column is content.
            if name == "other" or (name == "number" and cell and not ROW_MARKER.fullmatch(cell)):
                label = self.headings[k] or f"Cột {k + 1}"
                extra[label if label not in extra else f"{label} ({k + 1})"] = cell
        return extra


def sentence_case(text: str) -> str:
    """'CỦNG CỐ TỔ CHỨC HTX' -> 'Củng cố tổ chức HTX'; Roman numerals, figures and abbreviations stay."""
    text = " ".join(text.split())
    if not is_upper(text):
        return text
    words = []
    for word in text.split():
        bare = word.strip(',.;:()"“”')
        numeral = bool(re.fullmatch(r"[IVXL]+", bare)) and roman_value(bare) > 0
        keep = bare in ABBREVIATIONS or numeral or any(c.isdigit() for c in bare)
        words.append(word if keep else word.lower())
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def _numbering(row: list[str]) -> bool:
    """The row under the header that numbers the columns: "(1) | (2) | (3)"."""
    filled = [c for c in row if c]
    return len(filled) > 2 and all(re.fullmatch(r"\(?\d{1,2}\)?|\([A-Z]\)", c) for c in filled)


def _fit(row: list[str], width: int) -> list[str]:
    """A row cut to the header's width: missing cells empty, extra ones joined into the last."""
    if len(row) <= width:
        return row + [""] * (width - len(row))
    return row[: width - 1] + [" ".join(c for c in row[width - 1 :] if c)]


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].strip()


def _in_column_order(task: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The task's keys in the order its table gave the columns, as the document reads."""
    order = ["group", "title", "body"]
    for name in columns:
        key = {"other": "extra"}.get(name, name)
        if key == "period":
            order += ["period", "start", "due"]
        elif key in task and key not in order:
            order.append(key)
    return {key: task[key] for key in [*order, *(k for k in task if k not in order)] if key in task}
