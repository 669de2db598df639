"""What the preview page shows of an import, between the upload and the
save: the source with its repairs marked, the structured result with the
mended words marked, the list of repairs and the warnings."""

from __future__ import annotations

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
        },
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


def _marked(data: dict[str, Any], marker: _Marker) -> dict[str, Any]:
    """The text fields of the result as HTML with the mended words marked."""
    html = marker.html

    def item(entry: dict[str, Any]) -> dict[str, Any]:
        out = {"title": html(entry.get("title") or ""), "body": html(entry.get("body") or "")}
        out["children"] = [item(c) for c in entry.get("children") or []]
        out["lead"] = entry.get("lead") or ""
        return out

    # In the order of the document: the marker counts the words as it goes.
    return {
        "title": html(data.get("title") or ""),
        "legal_bases": [html(b) for b in data.get("legal_bases") or []],
        "preamble": html(data.get("preamble") or ""),
        "objectives": [item(o) for o in (data.get("objectives") or {}).get("items") or []],
        "tasks": [item(t) for t in (data.get("tasks") or {}).get("items") or []],
        "solutions": [item(x) for x in (data.get("solutions") or {}).get("items") or []],
        "funding": html((data.get("funding") or {}).get("body") or ""),
        "extra_sections": [
            {"heading": e.get("heading") or "", "body": html(e.get("body") or "")}
            for e in data.get("extra_sections") or []
        ],
        "closing": html(data.get("closing") or ""),
    }
