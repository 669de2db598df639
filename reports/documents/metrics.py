"""How wide a line of text is set in the documents' font, measured with the
shipped Liberation Serif (Times New Roman's metrics), so the PDF and the
DOCX size rules and table columns alike."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from PIL import ImageFont


@cache
def _face(bold: bool) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(Path(settings.BASE_DIR, "static", "fonts", name)), 100)


def text_width_mm(text: str, size: float, *, bold: bool = False) -> float:
    """Width of a line set in Liberation Serif (Times New Roman's metrics)."""
    points = _face(bold).getlength(text) * size / 100
    return points * 25.4 / 72
