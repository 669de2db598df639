"""The safety net under the parser: every word of the input must be
somewhere in the result, so that nothing of a plan is lost on import."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from plans.imports.layout import Reading

WORD = re.compile(r"\w+")
# Numbering markers are structure, not words the result must repeat.
MARKER = re.compile(r"^(?:(?:PHẦN\s+)?[IVXL]{1,6}\s*[.)/:–-]|\d+\s*[.)]|[a-zđA-ZĐ]\s*[.)])\s*")


def words_of(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(unicodedata.normalize("NFC", text))]


def data_words(value: Any) -> list[str]:
    """Every word in the strings (and numbers) of an interchange dict."""
    if isinstance(value, str):
        return words_of(value)
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        return words_of(str(value))
    if isinstance(value, dict):
        return [w for key, v in value.items() if key != "format" for w in data_words(v)]
    if isinstance(value, list):
        return [w for v in value for w in data_words(v)]
    return []


def keep_every_word(reading: Reading, data: dict[str, Any]) -> None:
    """A line any of whose words is missing from the result goes, whole,
    into the unplaced text."""
    have = Counter(data_words(data)) + Counter(w for text in reading.unplaced for w in words_of(text))
    for line in reading.lines:
        if line.index in reading.consumed or not line.text:
            continue
        need = Counter(words_of(MARKER.sub("", line.text)))
        if need - have:
            reading.unplaced.append(line.text)
            have += need
        have -= need
