"""Reading rendered documents back, as a person (or a printer) would see them.

PDF geometry comes from poppler (`pdftotext -bbox`) and the baselines from
pypdf's text matrices; sizes are in points with the origin at the top left.
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from html import unescape

import pypdf

MM = 72 / 25.4  # points per millimetre
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    words: list[Word]

    def line_of(self, first_word: str, *, right_of: float = 0, left_of: float = 10_000) -> list[Word]:
        """The words on the line that starts with `first_word`, within the given x range."""
        start = next(w for w in self.words if w.text == first_word and right_of <= w.x0 < left_of)
        return [w for w in self.words if abs(w.y0 - start.y0) < 2 and start.x0 - 1 <= w.x0 and w.x1 <= left_of]

    def span(self, words: list[Word]) -> tuple[float, float]:
        return min(w.x0 for w in words), max(w.x1 for w in words)


def _poppler(tool: list[str], data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run([*tool, handle.name, "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(data: bytes) -> list[Page]:
    html = _poppler(["pdftotext", "-bbox"], data)
    pages = []
    for width, height, body in _PAGE.findall(html):
        words = [
            Word(unicodedata.normalize("NFC", unescape(text)), float(a), float(b), float(c), float(d))
            for a, b, c, d, text in _WORD.findall(body)
        ]
        pages.append(Page(float(width), float(height), words))
    return pages


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", _poppler(["pdftotext", "-enc", "UTF-8"], data))


def pdf_fonts(data: bytes) -> list[dict[str, str]]:
    """pdffonts rows: name, type, emb."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        out = subprocess.run(["pdffonts", handle.name], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name, type (1-2 words), encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4]})
    return rows


def embedded_font_programs(data: bytes) -> list[bytes]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    programs = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            programs.append(descriptor["/FontFile2"].get_data())
    return programs


def baselines(data: bytes, page: int = 0) -> dict[str, float]:
    """The baseline (points from the top) of each text run's first words."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    height = float(reader.pages[page].mediabox.height)
    found: dict[str, float] = {}

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            y = cm[3] * tm[5] + cm[5]
            found.setdefault(unicodedata.normalize("NFC", text.strip())[:20], height - y)

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def words_of(text: str) -> set[str]:
    """Words without their punctuation, case-folded (headings are upper case in the document)."""
    text = unicodedata.normalize("NFC", text)
    return {w.strip(".,;:()“”\"'!?").casefold() for w in text.split() if w.strip(".,;:()“”\"'!?-–")}
