"""How wide a line of text is set in the documents' font, measured with the
shipped Liberation Serif (Times New Roman's metrics), so the PDF and the
DOCX size rules and table columns alike."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from PIL import ImageFont


@cache
def _face(bold: bool) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(Path(settings.BASE_DIR, "static", "fonts", name)), 100)


# A table's columns are measured from every word of every cell
# (reports/documents/tables.py): ten thousand measures for a 200-task plan,
# most of them the same few hundred words and cells again.
@lru_cache(maxsize=4096)
def _length(text: str, bold: bool) -> float:
    return _face(bold).getlength(text)


def text_width_mm(text: str, size: float, *, bold: bool = False) -> float:
    """Width of a line set in Liberation Serif (Times New Roman's metrics)."""
    points = _length(text, bold) * size / 100
    return points * 25.4 / 72
