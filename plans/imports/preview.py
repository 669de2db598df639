"""What the preview page shows of an import, between the upload and the
save: the source with its repairs marked, the structured result with the
mended words marked, the list of repairs and the warnings."""

from __future__ import annotations

import datetime
import re
from collections import Counter
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from plans.imports.textrepair import Repair

KIND_LABELS = {"txt": gettext_lazy("Văn bản (.txt)"), "docx": "Word (.docx)", "json": "JSON (htxplan.plan/1)"}


def preview_context(stored: dict[str, Any]) -> dict[str, Any]:
    """What the preview page shows, from an import kept between the two
    steps: the source cut into plain and repaired pieces (left), the
    structured result (right), the list of repairs and the warnings."""
    repairs = [Repair(**r) for r in stored["repairs"]]
    data = stored["data"]
    return {
        "data": data,
        "marked": _marked(data, _Marker(repairs, stored.get("text", ""))),
        "pieces": _pieces(stored["source"], repairs),
        "repairs": repairs,
        "warnings": stored.get("warnings", []),
        "kind_label": str(KIND_LABELS.get(stored.get("kind", ""), "")),
        "encoding": stored.get("encoding", ""),
        "name": stored.get("name", ""),
        "counts": {
            "legal_bases": len(data.get("legal_bases") or []),
            "objectives": len((data.get("objectives") or {}).get("items") or []),
            "tasks": len((data.get("tasks") or {}).get("items") or []),
            "solutions": len((data.get("solutions") or {}).get("items") or []),
            "recipients": len(data.get("recipients") or []),
            "appendices": len(data.get("appendices") or []) + (1 if _tasks_apart(data) else 0),
        },
        "tasks_apart": _tasks_apart(data),
        "task_appendix_title": (data.get("task_appendix") or {}).get("title") or "",
    }


def _pieces(source: str, repairs: list[Repair]) -> list[dict[str, Any]]:
    """The source cut into plain pieces and the pieces a repair changed."""
    pieces: list[dict[str, Any]] = []
    cursor = 0
    for repair in sorted((r for r in repairs if r.line), key=lambda r: r.position):
        start, end = repair.position, repair.position + len(repair.before)
        if start < cursor or end > len(source):
            continue
        if start > cursor:
            pieces.append({"text": source[cursor:start], "repair": None})
        pieces.append({"text": source[start:end], "repair": repair})
        cursor = end
    pieces.append({"text": source[cursor:], "repair": None})
    return pieces


class _Marker:
    """Puts in <mark> exactly the words the repair mended: the n-th "việc"
    of the text is marked only if the n-th "việc" was a repair. It counts
    the words across calls, so the fields must come in the order of the
    document, which is the order the parser read them in."""

    def __init__(self, repairs: list[Repair], text: str) -> None:
        # Where each mended word sits in the repaired text.
        repaired_at: dict[str, set[int]] = {}
        shift = 0
        for repair in sorted((r for r in repairs if r.line), key=lambda r: r.position):
            if repair.kind in ("tone", "typo") and repair.after.strip():
                repaired_at.setdefault(repair.after, set()).add(repair.position + shift)
            shift += len(repair.after) - len(repair.before)
        self.patterns = {word: re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") for word in repaired_at}
        self.wanted = {
            word: {n for n, m in enumerate(pattern.finditer(text)) if m.start() in repaired_at[word]}
            for word, pattern in self.patterns.items()
        }
        self.seen: Counter[str] = Counter()

    def html(self, value: str) -> str:
        spans = []
        for word, pattern in self.patterns.items():
            for match in pattern.finditer(value):
                if self.seen[word] in self.wanted[word]:
                    spans.append((match.start(), match.end()))
                self.seen[word] += 1
        out, cursor = [], 0
        for start, end in sorted(spans):
            if start < cursor:
                continue
            out += [escape(value[cursor:start]), f'<mark class="import-repair">{escape(value[start:end])}</mark>']
            cursor = end
        out.append(escape(value[cursor:]))
        return mark_safe("".join(out).replace("\n", "<br>"))


def _tasks_apart(data: dict[str, Any]) -> bool:
    """Whether the document lists the tasks as an appendix after the signature."""
    return (data.get("task_appendix") or {}).get("listing") == "appendix"


def _marked(data: dict[str, Any], marker: _Marker) -> dict[str, Any]:
    """The text fields of the result as HTML with the mended words marked,
    in the order of the document: the marker counts the words as it goes."""
    html = marker.html

    def item(entry: dict[str, Any]) -> dict[str, Any]:
        out = {"title": html(entry.get("title") or ""), "body": html(entry.get("body") or "")}
        out["children"] = [item(c) for c in entry.get("children") or []]
        out["lead"] = entry.get("lead") or ""
        return out

    tasks = (data.get("tasks") or {}).get("items") or []
    apart = _tasks_apart(data)
    marked = {
        "title": html(data.get("title") or ""),
        "legal_bases": [html(b) for b in data.get("legal_bases") or []],
        "preamble": html(data.get("preamble") or ""),
        "objectives": [item(o) for o in (data.get("objectives") or {}).get("items") or []],
        "tasks": [] if apart else [_task(t, html) for t in tasks],
        "solutions": [item(x) for x in (data.get("solutions") or {}).get("items") or []],
        "funding": html((data.get("funding") or {}).get("body") or ""),
        "extra_sections": [
            {"heading": e.get("heading") or "", "body": html(e.get("body") or "")}
            for e in data.get("extra_sections") or []
        ],
        "closing": html(data.get("closing") or ""),
    }
    if apart:
        marked["tasks"] = [_task(t, html) for t in tasks]
    marked["task_columns"] = _task_columns(tasks)
    marked["task_groups"] = _task_groups(marked["tasks"], marked["task_columns"]["extra"])
    marked["appendices"] = [_appendix(a, html) for a in data.get("appendices") or []]
    return marked


def _task(entry: dict[str, Any], html) -> dict[str, Any]:
    """A task with the columns of a task list: group, lead, partners, time, output, note, the others."""
    return {
        "title": html(entry.get("title") or ""),
        "body": html(entry.get("body") or ""),
        "group": entry.get("group") or "",
        "lead": html(entry.get("lead") or ""),
        "partners": html("; ".join(entry.get("partners") or [])),
        "period": html(entry.get("period") or ""),
        "dates": _dates(entry.get("start"), entry.get("due")),
        # A task of a table in the body says its time in its text already.
        "period_apart": bool(entry.get("period")) and entry["period"] not in (entry.get("body") or ""),
        "product": html(entry.get("product") or ""),
        "extra": {label: html(str(value)) for label, value in (entry.get("extra") or {}).items()},
        "note": html(entry.get("note") or ""),
    }


def _dates(start: str | None, due: str | None) -> str:
    """The days read from the time as written: "01/04/2026 – 30/06/2026", "– 31/12/2026"."""

    def day(value: str | None) -> str:
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""
        except ValueError:
            return value or ""

    return f"{day(start)} – {day(due)}".strip() if start or due else ""


def _task_groups(tasks: list[dict[str, Any]], labels: list[str]) -> list[dict[str, Any]]:
    """The tasks cut where their group changes, numbered on across the
    groups, each with its cells under the other columns' `labels`."""
    groups: list[dict[str, Any]] = []
    for number, task in enumerate(tasks, 1):
        if not groups or groups[-1]["group"] != task["group"]:
            groups.append({"group": task["group"], "start": number, "tasks": []})
        task["number"] = number
        task["extra_cells"] = [task["extra"].get(label, "") for label in labels]
        groups[-1]["tasks"].append(task)
    return groups


def _task_columns(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """Which optional columns the task table shows: output, note, and the
    others by their heading, where some task fills them."""
    labels: list[str] = []
    for task in tasks:
        labels += [label for label in task.get("extra") or {} if label not in labels]
    product = any((t.get("product") or "").strip() for t in tasks)
    note = any((t.get("note") or "").strip() for t in tasks)
    return {"product": product, "note": note, "extra": labels, "count": 5 + product + note + len(labels)}


def _appendix(entry: dict[str, Any], html) -> dict[str, Any]:
    columns = [str(c) for c in entry.get("columns") or []]
    rows = []
    for row in entry.get("rows") or []:
        cells = [html(str(c)) for c in row]
        group = len(cells) == 1 and len(columns) > 1
        rows.append({"group": group, "cells": cells if group else cells + [""] * (len(columns) - len(cells))})
    return {
        "title": html(entry.get("title") or ""),
        "body": html(entry.get("body") or ""),
        "columns": columns,
        "rows": rows,
        "note": html(entry.get("note") or ""),
    }
