"""The tasks of a plan: numbered items or paragraphs of the "Nhiệm vụ"
section, with the lead unit and partners their text names, or the rows of a
table of tasks with its columns for the lead, the partners and the time."""

from __future__ import annotations

import datetime
import re
from typing import Any

from plans.imports.blocks import Block
from plans.imports.items import paragraph_items, split_items, split_title, with_points
from plans.imports.layout import Reading
from plans.imports.patterns import roman_value

LEAD = re.compile(r"^(?:-\s*)?(?:Đơn\s+vị\s+)?(?:chủ\s+trì)(?:\s+thực\s+hiện)?\s*:\s*(?P<value>.+)$", re.IGNORECASE)
PARTNERS = re.compile(
    r"^(?:-\s*)?(?:Đơn\s+vị\s+)?(?:phối\s+hợp)(?:\s+thực\s+hiện)?\s*:\s*(?P<value>.+)$", re.IGNORECASE
)
# The columns of a table of tasks, recognised by the words of its header cells.
TABLE_COLUMNS = [
    ("number", re.compile(r"^(?:STT|TT|Số\s+TT)\.?$", re.IGNORECASE)),
    ("lead", re.compile(r"chủ\s+trì", re.IGNORECASE)),
    ("partners", re.compile(r"phối\s+hợp", re.IGNORECASE)),
    ("due", re.compile(r"thời\s+(?:gian|hạn)|tiến\s+độ|hoàn\s+thành", re.IGNORECASE)),
    ("result", re.compile(r"sản\s+phẩm|kết\s+quả|ghi\s+chú", re.IGNORECASE)),
    ("title", re.compile(r"nội\s+dung|nhiệm\s+vụ|công\s+việc|hoạt\s+động", re.IGNORECASE)),
]
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


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
            partners = [p.strip(" .") for p in re.split(r"[;,]", match.group("value")) if p.strip(" .")]
    return {
        "title": title,
        "body": body,
        "lead": lead[:200],
        "partners": partners,
        "cooperative": None,
        "start": None,
        "due": None,
        "indicator": None,
        "weight": 1,
    }


def _task_table(reading: Reading, blocks: list[Block], year: int | None) -> tuple[list[dict[str, Any]], list[Block]]:
    """A table of tasks (STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp |
    Thời gian thực hiện): each row becomes a task with its lead unit,
    partners and due date. The header row is recognised by its words;
    a table without one stays text, as written."""
    start = next((k for k, b in enumerate(blocks) if b.kind == "row" and _table_columns(b.text)), None)
    if start is None:
        return [], blocks
    header = blocks[start]
    columns = _table_columns(header.text)
    end = start + 1
    while end < len(blocks) and blocks[end].kind == "row":
        end += 1
    tasks = []
    for row in blocks[start + 1 : end]:
        cells = [c.strip() for c in row.text.split("|")]
        task = _table_task(cells, columns, year)
        if task is None:  # a row that is no task (a sub-heading across the table): kept as text
            return [], blocks
        tasks.append(task)
        reading.consumed.update(row.lines)
    reading.consumed.update(header.lines)
    return tasks, blocks[:start] + blocks[end:]


def _table_columns(row: str) -> list[str] | None:
    """The meaning of each column of a header row, or None when the row is
    not the header of a table of tasks (it needs the task and the lead)."""
    columns = []
    for cell in (c.strip() for c in row.split("|")):
        name = next((name for name, pattern in TABLE_COLUMNS if pattern.search(cell)), "other")
        columns.append(name if name not in columns else "other")
    if "title" in columns and ("lead" in columns or "due" in columns):
        return columns
    return None


def _table_task(cells: list[str], columns: list[str], year: int | None) -> dict[str, Any] | None:
    if len(cells) != len(columns):
        return None
    row = {name: cell for name, cell in zip(columns, cells, strict=True) if name != "other"}
    others = [cell for name, cell in zip(columns, cells, strict=True) if name == "other" and cell]
    if not row.get("title"):
        return None
    body = []
    if row.get("result"):
        body.append(row["result"])
    body += others
    # The time as written stays in the text: "Quý II/2025" says more than a date.
    if row.get("due"):
        body.append(f"Thời gian thực hiện: {row['due']}")
    task = new_task(row["title"], "\n\n".join(body))
    task["lead"] = row.get("lead", "").strip(" .;")[:200]
    task["partners"] = [p.strip(" .") for p in re.split(r"[;,]", row.get("partners", "")) if p.strip(" .-")]
    task["due"] = due_date(row.get("due", ""), year)
    return task


def due_date(text: str, year: int | None) -> str | None:
    """The last day a time cell allows: "30/6/2025", "Tháng 6/2025",
    "Quý II năm 2025"; None for "Thường xuyên" or anything unclear."""
    text = text.strip()
    found: list[datetime.date] = []
    for match in re.finditer(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", text):
        day, month, y = (int(g) for g in match.groups())
        try:
            found.append(datetime.date(y, month, day))
        except ValueError:
            pass
    if not found:
        pattern = r"(tháng|quý)\s*([IV]{1,3}|\d{1,2})(?:\s*(?:/|năm)\s*(\d{4}))?"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            unit, value, y = match.group(1).lower(), match.group(2), match.group(3) or year
            number = roman_value(value) if value.isalpha() else int(value)
            if not y:
                continue
            if unit == "quý" and number in QUARTER_END:
                month, day = QUARTER_END[number]
            elif unit == "tháng" and 1 <= number <= 12:
                month = number
                day = (datetime.date(int(y) + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
            else:
                continue
            found.append(datetime.date(int(y), month, day))
    return max(found).isoformat() if found else None
