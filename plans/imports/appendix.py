"""The appendices (phụ lục) at the end of a plan, split off before the foot
is read: "PHỤ LỤC I", "PHỤ LỤC: Danh mục nhiệm vụ", or a table's heading
("PHÂN CÔNG THỰC HIỆN") after the signer, each with its title and the line
"(Kèm theo Kế hoạch số ... của ...)", which is form: the document prints its
own. A table of tasks becomes the plan's tasks; any other appendix is kept
as one: its title, the text before its table, the table (grouping rows as
one cell), the text after it.

Tables come as the readers give them: a row a line, cells joined by " | ",
a row one cell spans written "text |"; or, from a PDF, one cell a line,
which is read only where it is clearly a table of tasks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.imports.blocks import blocks
from plans.imports.foot import AUTHORITY, PLACEHOLDER, find_foot, looks_like_name
from plans.imports.items import flatten
from plans.imports.layout import Line, Reading
from plans.imports.patterns import CELL_SPLIT, CLOSING, FINAL_PUNCT, RECIPIENTS, is_upper
from plans.imports.tasks import TaskTable, cells_of, sentence_case, table_columns

LABEL = re.compile(r"^phụ\s+lục(?:\s+(?:số\s*)?(?P<num>[IVXL]{1,6}|\d{1,3}|[A-Z])(?!\w))?", re.IGNORECASE)
ATTACHED = re.compile(r"^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b", re.IGNORECASE)
OWN_PLAN = re.compile(r"\bkế\s+hoạch\b", re.IGNORECASE)
SIGNER_TITLE = re.compile(r"^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|BÍ\s+THƯ|GIÁM\s+ĐỐC|TRƯỞNG\s+\S+)$")
NUMBER_HEADING = re.compile(r"^(?:STT|TT|Số\s+TT)\.?$", re.IGNORECASE)
ROW_NUMBER = re.compile(r"^\d+\.?$")
GROUP_LINE = re.compile(r"^(?:[IVXL]{1,6}|[A-ZĐ])(?:\s*[.)]\s*\S.*)?$")
MAX_COLUMNS = 12  # what an appendix prints (plans/models/appendix.py)
HEAD_LINES = 4  # the title and the "Kèm theo" line of an appendix fit in this many lines


def appendix_heading(text: str) -> tuple[str, str] | None:
    """The label ("PHỤ LỤC I") and the title written after it, when the line
    opens an appendix; None for a sentence ("Phụ lục kèm theo Kế hoạch này.")."""
    match = LABEL.match(text)
    if not match or len(text) > 200:
        return None
    label, rest = text[: match.end()].strip(), text[match.end() :]
    if not rest.strip():
        return label, ""
    if rest.lstrip()[:1] in (":", ".", "-", "–", "—"):
        title = rest.lstrip().lstrip(":.-–— ").strip()
    elif rest[:1] == " " and (rest.strip()[:1].isupper() or rest.strip()[:1] == "("):
        title = rest.strip()
    else:
        return None
    if title[:1].islower() or title.endswith((",", ";")) or (title.endswith(".") and not is_upper(title)):
        return None
    return label, title


def split_appendices(lines: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """The lines of the plan itself, and those of each appendix. An appendix
    starts after the body ends (the closing, "Nơi nhận" or the signer), or
    anywhere its heading is followed by the "Kèm theo" line or a table."""
    end = _body_end(lines)
    starts: list[int] = []
    for k in range(end or 0, len(lines)):
        text = lines[k].text
        if not text:
            continue
        head = appendix_heading(text)
        if head and ((end is not None and is_upper(head[0])) or _confirmed(lines, k)):
            starts.append(k)
        elif end is None:
            continue
        elif ATTACHED.match(text) and not (starts and _in_head(lines, starts[-1], k)):
            starts.append(_title_above(lines, k, starts[-1] if starts else end))
        elif not starts and "|" in text and table_columns(cells_of(text)):
            starts.append(_title_above(lines, k, end))
    if not starts:
        return lines, []
    first, foot = starts[0], []
    # A foot written after the appendices ("Nơi nhận" under the last table) is still the plan's.
    if not any(RECIPIENTS.match(line.text) for line in lines[:first]):
        if any(RECIPIENTS.match(line.text) for line in lines[first:]):
            at = first + find_foot(lines[first:])
            lines, foot = lines[:at], lines[at:]
            starts = [s for s in starts if s < at]
    bounds = [*starts, len(lines)]
    return lines[:first] + foot, [lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _body_end(lines: list[Line]) -> int | None:
    for k, line in enumerate(lines):
        text = line.text
        if text and (RECIPIENTS.match(text) or CLOSING.match(text) or AUTHORITY.match(CELL_SPLIT.split(text)[0])):
            return k
    return None


def _filled_after(lines: list[Line], k: int, n: int = HEAD_LINES) -> list[str]:
    return [line.text for line in lines[k + 1 :] if line.text][:n]


def _confirmed(lines: list[Line], k: int) -> bool:
    """A heading followed by the "Kèm theo" line or by a table within a few lines."""
    return any(ATTACHED.match(text) or "|" in text for text in _filled_after(lines, k))


def _in_head(lines: list[Line], start: int, k: int) -> bool:
    """Whether line k still belongs to the head (title, "Kèm theo") of the appendix opened at `start`."""
    between = [line.text for line in lines[start + 1 : k] if line.text]
    return len(between) < HEAD_LINES and all("|" not in text and len(text) <= 200 for text in between)


def _title_above(lines: list[Line], k: int, floor: int) -> int:
    """Where the title of an appendix without "PHỤ LỤC" starts: the lines in
    capitals above line k, not the signer's."""
    start, taken = k, 0
    for pos in range(k - 1, floor, -1):
        text = lines[pos].text
        if not text:
            continue
        signer = AUTHORITY.match(text) or PLACEHOLDER.match(text) or SIGNER_TITLE.match(text)
        if taken == 3 or signer or "|" in text or not is_upper(text) or len(text) > 200:
            break
        if taken and looks_like_name(text) and not any(c.isdigit() for c in text):
            break  # the signer's name in capitals
        start, taken = pos, taken + 1
    return start


@dataclass
class Appendices:
    """What the appendices give the plan."""

    tasks: list[dict[str, Any]] | None = None  # the tasks of the task list, if one was read
    task_title: str = ""
    entries: list[dict[str, Any]] = field(default_factory=list)  # the interchange "appendices"


def read_appendices(
    reading: Reading, parts: list[list[Line]], *, year: int | None, take_tasks: bool, names: tuple[str, ...] = ()
) -> Appendices:
    """The appendices as interchange data: the first table of tasks is the
    plan's task list (unless `take_tasks` is False, the body holding one).
    `names` are proper names (the place) a title in capitals keeps capitalised."""
    out = Appendices()
    for lines in parts:
        label, title, lines = _head(reading, lines)
        title = _with_names(sentence_case(title), names) if title else sentence_case(label) or "Phụ lục"
        table = _pipe_table(lines) or _cell_table(lines)
        if table is None:
            out.entries.append(_entry(reading, title, lines, [], [], []))
            continue
        start, end, headings, rows = table
        tasks, reader = None, TaskTable(headings, year)
        if take_tasks and out.tasks is None and table_columns(headings):
            tasks = reader.read(rows)
        if tasks is None:
            out.entries.append(_entry(reading, title, lines[:start], headings, rows, lines[end:]))
            continue
        out.tasks, out.task_title = tasks, title[:300]
        # Every cell of the table is in a task (the numbers are markers) but a grouping row no task came under.
        unused = reader.unused_groups
        reading.consumed.update(line.index for line in lines[start:end] if _row_of(line.text) not in unused)
        _task_list_text(reading, out, title, lines[:start], lines[end:])
        message = ngettext(
            "Đọc được %(n)s nhiệm vụ từ phụ lục “%(title)s”.",
            "Đọc được %(n)s nhiệm vụ từ phụ lục “%(title)s”.",
            len(tasks),
        )
        reading.warnings.append(message % {"n": len(tasks), "title": title})
    return out


def _with_names(text: str, names: tuple[str, ...]) -> str:
    """'... trên địa bàn xã phú lợi' -> '... trên địa bàn xã Phú Lợi'."""
    for name in names:
        if name and len(name) > 2:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda _match, n=name: n, text, flags=re.IGNORECASE)
    return text


def _head(reading: Reading, lines: list[Line]) -> tuple[str, str, list[Line]]:
    """The label, the title and the lines after the head of an appendix;
    the label and the "Kèm theo" line are form, consumed."""
    pos = next((k for k, line in enumerate(lines) if line.text), len(lines))
    label, title = "", []
    if pos < len(lines) and (head := appendix_heading(lines[pos].text)):
        label, inline = head
        title += [inline] if inline else []
        reading.consumed.add(lines[pos].index)
        pos += 1
    attached = False
    while pos < len(lines):
        text = lines[pos].text
        if not text:
            pos += 1
            continue
        if attached and title and not ATTACHED.match(text):
            break
        if ATTACHED.match(text) and not attached:
            end = _attached_end(lines, pos)
            if not OWN_PLAN.search(" ".join(line.text for line in lines[pos : end + 1])):
                break  # attached to another document: content, kept in the text
            reading.consumed.update(line.index for line in lines[pos : end + 1])
            attached, pos = True, end + 1
            continue
        if "|" in text or len(title) >= HEAD_LINES or len(text) > 200 or NUMBER_HEADING.match(text):
            break
        following = _filled_after(lines, pos, 1)
        form_next = bool(following) and (ATTACHED.match(following[0]) or "|" in following[0])
        if is_upper(text) or (not title and not FINAL_PUNCT.search(text) and form_next):
            title.append(text)
            pos += 1
            continue
        break
    return label, " ".join(title), lines[pos:]


def _attached_end(lines: list[Line], pos: int) -> int:
    """The last line of "(Kèm theo ...)", which may wrap."""
    if not lines[pos].text.startswith("(") or ")" in lines[pos].text:
        return pos
    for k in range(pos + 1, min(pos + 3, len(lines))):
        if ")" in lines[k].text:
            return k
    return pos


def _pipe_table(lines: list[Line]) -> tuple[int, int, list[str], list[list[str]]] | None:
    """The first table of rows written with "|": where it starts and ends,
    its header and its rows. A line between two rows is a row one cell spans."""
    start = next((k for k, line in enumerate(lines) if "|" in line.text), None)
    if start is None:
        return None
    end = k = start + 1
    while k < len(lines):
        text = lines[k].text
        if "|" in text:
            end = k + 1
        elif text:
            if not ("|" in lines[k - 1].text and k + 1 < len(lines) and "|" in lines[k + 1].text):
                break
            end = k + 1
        k += 1
    rows = [cells_of(line.text) if "|" in line.text else [line.text] for line in lines[start + 1 : end] if line.text]
    return start, end, cells_of(lines[start].text), rows


def _cell_table(lines: list[Line]) -> tuple[int, int, list[str], list[list[str]]] | None:
    """A table of tasks a PDF gave one cell a line: the headings from "TT"
    on, then rows opened by their number, grouping rows by "I", "II" ...
    Read only when every row has a cell for every column (a cell's text may
    wrap onto lines that start in lower case)."""
    filled = [k for k, line in enumerate(lines) if line.text]
    first = next((n for n, k in enumerate(filled) if NUMBER_HEADING.match(lines[k].text)), None)
    if first is None:
        return None
    n, headings = first, []
    while n < len(filled) and len(headings) < MAX_COLUMNS:
        text = lines[filled[n]].text
        if headings and (ROW_NUMBER.match(text) or GROUP_LINE.match(text)):
            break
        headings.append(text)
        n += 1
    columns = table_columns(headings)
    if not columns or any(len(h) > 80 for h in headings):
        return None
    rows, complete, used = _cell_rows([lines[k].text for k in filled[n:]], len(headings))
    if not (rows and complete):
        return None  # a row short of cells: not clearly a table
    return filled[first], filled[n + used - 1] + 1, headings, rows


def _cell_rows(texts: list[str], width: int) -> tuple[list[list[str]], bool, int]:
    """The rows of a one-cell-a-line table, whether each has all its cells,
    and how many of the texts the table took."""
    rows: list[list[str]] = []
    row: list[str] | None = None  # the row being filled
    used = 0
    for k, text in enumerate(texts):
        if row is not None and len(row) > 1 and text[:1].islower():
            row[-1] = f"{row[-1]} {text}"  # a cell wrapped onto the next line
        elif row is not None and len(row) < width:
            row.append(text)
        elif ROW_NUMBER.match(text):
            row = [text]
            rows.append(row)
        elif GROUP_LINE.match(text):
            row = None
            rows.append([text])
        elif rows and len(rows[-1]) == 1 and re.fullmatch(r"[IVXL]{1,6}|[A-ZĐ]", rows[-1][0]):
            rows[-1] = [f"{rows[-1][0]}. {text}"]  # "I" on a line, the group's name on the next
        else:
            break
        used = k + 1
    return rows, all(len(r) in (1, width) for r in rows), used


def _row_of(text: str) -> list[str]:
    return cells_of(text) if "|" in text else [text]


def _text(reading: Reading, lines: list[Line]) -> str:
    return flatten(blocks(lines, reading.layout))


def _entry(
    reading: Reading,
    title: str,
    before: list[Line],
    columns: list[str],
    rows: list[list[str]],
    after: list[Line],
) -> dict[str, Any]:
    """An appendix as the plan keeps it; a table wider than an appendix prints stays text, as written."""
    body, note = _text(reading, before), _text(reading, after)
    if len(columns) > MAX_COLUMNS:
        table = "\n".join([" | ".join(columns), *(" | ".join(row) for row in rows)])
        body, columns, rows = "\n\n".join(p for p in (body, table) if p), [], []
        reading.warnings.append(
            _("Bảng của phụ lục “%(title)s” có hơn %(max)s cột; bảng được giữ nguyên dạng văn bản.")
            % {"title": title, "max": MAX_COLUMNS}
        )
    width = len(columns)
    rows = [row if len(row) <= width else [*row[: width - 1], " ".join(row[width - 1 :])] for row in rows]
    return {"title": title[:500], "body": body, "columns": columns, "rows": rows, "note": note}


def _task_list_text(reading: Reading, out: Appendices, title: str, before: list[Line], after: list[Line]) -> None:
    """The text around the table of the task list: the task list has no place
    for it, so it is kept as an appendix of its own, for the editor to move."""
    if not any(line.text for line in [*before, *after]):
        return
    out.entries.append(_entry(reading, title, before, [], [], after))
    reading.warnings.append(
        _("Đoạn văn trong phụ lục nhiệm vụ “%(title)s” được giữ thành một phụ lục riêng cùng tên.") % {"title": title}
    )
