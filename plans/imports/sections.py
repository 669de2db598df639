"""The body cut into its parts: the front matter before the first section
(legal bases "Căn cứ ..."/"Thực hiện ...", the preamble), the sections under
their headings ("I. MỤC TIÊU", "1. NHIỆM VỤ" or a heading in capitals on a
line of its own), and the closing sentence "Trên đây là ..." after the last."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plans.imports.blocks import Block
from plans.imports.patterns import CLOSING, is_upper

SECTION_KEYS = [
    ("objectives", re.compile(r"^(?:các\s+|những\s+)?(?:mục\s+tiêu|mục\s+đích|yêu\s+cầu)")),
    ("tasks", re.compile(r"^(?:các\s+|những\s+)?(?:nhiệm\s+vụ|nội\s+dung|chỉ\s+tiêu)")),
    ("solutions", re.compile(r"^(?:các\s+|những\s+)?(?:nhóm\s+)?giải\s+pháp")),
    ("funding", re.compile(r"^(?:nguồn\s+)?kinh\s+phí")),
]
ABBREVIATIONS = {"HTX", "UBND", "HĐND", "MTTQ", "NN&PTNT", "OCOP", "NTM", "KH", "VN", "THT", "TW", "ĐU"}
# Several legal bases typed as one paragraph: "Căn cứ A; Căn cứ B; Thực hiện C."
BASES_SPLIT = re.compile(r"(?<=;)\s+(?=(?:Căn\s+cứ|Thực\s+hiện|Xét|Theo\s+đề\s+nghị)\b)")
# "A. MỤC ĐÍCH, YÊU CẦU", "2. NHIỆM VỤ": the marker of a section heading without a Roman numeral.
HEADING_MARKER = re.compile(r"^(?:[A-ZĐ]|\d{1,2})\s*[.)]\s+")


@dataclass
class Section:
    heading: str
    key: str  # "objectives", "tasks", "solutions", "funding" or "extra"
    blocks: list[Block] = field(default_factory=list)
    inline: str = ""  # text on the heading line after "Heading:"


def section_key(heading: str) -> str:
    """'objectives', 'tasks', 'solutions', 'funding' or 'extra' for a heading."""
    text = " ".join(heading.lower().split())
    for key, pattern in SECTION_KEYS:
        if pattern.match(text):
            return key
    return "extra"


def split_sections(blocks: list[Block]) -> tuple[list[Block], list[Section]]:
    """The blocks before the first section, and the sections."""
    front: list[Block] = []
    sections: list[Section] = []
    for block in blocks:
        if block.kind == "roman":
            sections.append(_section(block.text))
        elif sections:
            sections[-1].blocks.append(block)
        else:
            front.append(block)
    if not sections:
        front, sections = _sections_without_numerals(front)
    return front, sections


def _sections_without_numerals(front: list[Block]) -> tuple[list[Block], list[Section]]:
    """Plans that number their sections "1. MỤC TIÊU" or not at all
    ("MỤC ĐÍCH, YÊU CẦU" on a line of its own)."""
    sections: list[Section] = []
    kept: list[Block] = []

    def candidate(block: Block) -> bool:
        return block.kind in ("num", "text") and is_upper(block.text) and len(block.text.split()) >= 2

    keyed = [b for b in front if candidate(b) and section_key(HEADING_MARKER.sub("", b.text)) != "extra"]
    if not keyed:
        return front, []
    # Once some headings are known, the other lines in capitals are headings too ("TỔ CHỨC THỰC HIỆN").
    headings = {id(b) for b in front if candidate(b) and len(b.text) <= 100}
    for block in front:
        if id(block) in headings:
            sections.append(_section(HEADING_MARKER.sub("", block.text)))
        elif sections:
            sections[-1].blocks.append(block)
        else:
            kept.append(block)
    return kept, sections


def _section(text: str) -> Section:
    heading, inline = _split_heading(text)
    return Section(_sentence_case(heading), section_key(heading), inline=inline)


def _split_heading(text: str) -> tuple[str, str]:
    """'Kinh phí hoạt động: Theo sự phân bổ ...' -> heading and its text."""
    text = text.strip()
    match = re.match(r"^(?P<head>[^:]{2,90}?)\s*:\s*(?P<rest>.*)$", text)
    if match:
        return match.group("head").strip(), match.group("rest").strip()
    return text.rstrip(" .:"), ""


def _sentence_case(text: str) -> str:
    """'MỤC ĐÍCH, YÊU CẦU' -> 'Mục đích, yêu cầu' (keeping HTX, UBND ...)."""
    if not is_upper(text):
        return text
    words = [w if w.strip(",.;:()") in ABBREVIATIONS else w.lower() for w in text.split()]
    out = " ".join(words)
    return out[:1].upper() + out[1:]


def split_closing(front: list[Block], sections: list[Section]) -> tuple[list[Block], list[Block]]:
    """Takes the closing ("Trên đây là kế hoạch ...") off the end of the last
    section, or of the front matter when there is no section. Returns the
    front matter and the closing blocks."""
    if sections:
        last = sections[-1]
        for k, block in enumerate(last.blocks):
            if block.kind == "text" and CLOSING.match(block.text):
                closing = last.blocks[k:]
                last.blocks = last.blocks[:k]
                return front, closing
        return front, []
    for k, block in enumerate(front):
        if CLOSING.match(block.text):
            return front[:k], front[k:]
    return front, []


def split_front(front: list[Block]) -> tuple[list[str], list[str]]:
    """The legal bases and the paragraphs of the preamble."""
    legal_bases, preamble = [], []
    for block in front:
        if block.kind == "basis" and not preamble:
            legal_bases += _split_bases(block.text)
        else:
            preamble.append(block.raw)
    # A last basis that ends in ":" ("Thực hiện ..., UBND xã xây dựng kế hoạch như sau:")
    # introduces the plan: it is the preamble.
    if legal_bases and not preamble and legal_bases[-1].rstrip().endswith(":") and len(legal_bases) > 1:
        preamble.append(legal_bases.pop())
    return legal_bases, preamble


def _split_bases(text: str) -> list[str]:
    """One legal basis per "Căn cứ"/"Thực hiện": a paragraph holding several,
    separated by ";", is cut there (never inside a basis that merely cites)."""
    return [part.strip() for part in BASES_SPLIT.split(text) if part.strip()]
