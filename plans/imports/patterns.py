"""The marks of a plan's layout that several stages of the parser read:
numbering, the sentences that open or end a part, table cells. A pattern
only one stage reads lives with that stage."""

from __future__ import annotations

import re

from plans.outline import roman

ROMAN_HEADING = re.compile(r"^(?:PHẦN\s+|Phần\s+)?(?P<num>[IVXL]{1,6})\s*[.)/:–-]\s*(?P<text>\S.*)?$")
# An item's number has any length ("100."); "(?![\d,])": a wrapped line may start with
# "5.000 m2" or "1,5 ha", which is no item.
NUMBERED = re.compile(r"^(?P<num>\d+)\s*[.)](?![\d,])\s*(?P<text>\S.*)?$")
# "1.1.", "10.12.3.", "100.1": a part of an item at any depth, not a figure ("1.240 ha").
SUB_NUMBERED = re.compile(r"^(?!\d{1,3}(?:\.\d{3})+(?![.\d]))\d+(?:\.\d+)+\.?\s+\S")
LETTERED = re.compile(r"^(?P<letter>[a-zđ])\s*[.)]\s+(?P<text>\S.*)$")
DASH = re.compile(r"^(?P<mark>[-–—•·∙▪●○◦*])\s*(?P<text>\S.*)$")
PLUS = re.compile(r"^\+\s*(?P<text>\S.*)$")
BASIS = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Xét|Theo\s+đề\s+nghị)\b")
CLOSING = re.compile(r"^Trên\s+đây\b")
RECIPIENTS = re.compile(r"^N[ơo]i\s+nh[ậa]n\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
UNIT_WORD = re.compile(r"^(?:XÃ|HUYỆN|TỈNH|PHƯỜNG|THỊ\s+TRẤN|THỊ\s+XÃ|THÀNH\s+PHỐ|QUẬN|ĐẶC\s+KHU)\b")
# The words a body's name opens with ("ỦY BAN NHÂN DÂN", "UBND", "ĐẢNG ỦY", "PHÒNG ..."): a line
# in capitals that opens with none of them nor with a unit goes on with the name above it.
ORGANIZATION = re.compile(
    r"^(?:(?:ỦY|UỶ)\s+BAN|UBND|HĐND|HỘI\s+ĐỒNG|ĐẢNG\s+(?:ỦY|UỶ|BỘ)|(?:HUYỆN|TỈNH|THÀNH|QUẬN|THỊ)\s+(?:ỦY|UỶ)|"
    r"SỞ|PHÒNG|BAN|BỘ|CỤC|CHI\s+CỤC|TỔNG\s+CỤC|TRUNG\s+TÂM|LIÊN\s+MINH|HỢP\s+TÁC\s+XÃ|HTX|MẶT\s+TRẬN|"
    r"VĂN\s+PHÒNG|TRƯỜNG|TRẠM|CÔNG\s+AN|CHÍNH\s+PHỦ|HỘI|ĐOÀN|LIÊN\s+ĐOÀN|QUỸ|NGÂN\s+HÀNG|CÔNG\s+TY)\b"
)
# The words a part of a plan opens with: a line in capitals opening with them is a heading of its own,
# never the second line of the heading above it.
PART_OPENING = re.compile(
    r"^(?:(?:CÁC|NHỮNG|NHÓM)\s+)?(?:MỤC\s+TIÊU|MỤC\s+ĐÍCH|YÊU\s+CẦU|NHIỆM\s+VỤ|NỘI\s+DUNG|GIẢI\s+PHÁP|"
    r"KINH\s+PHÍ|NGUỒN\s+KINH\s+PHÍ|TỔ\s+CHỨC\s+THỰC\s+HIỆN|KẾT\s+QUẢ|CHỈ\s+TIÊU|PHÂN\s+CÔNG)\b"
)
# A line that opens with a marker of its own ("A.", "II.", "3)"): never the end of the heading above it.
OWN_MARKER = re.compile(r"^(?:[A-ZĐ]|[IVXL]{1,6}|\d+)\s*[.)/:–-]")
CELL_SPLIT = re.compile(r"\s*[|\t]\s*|\s{3,}")
FINAL_PUNCT = re.compile(r"[.:;!?]['\"”’)]*$")

# Text copied out of Word: a tab follows a list number ("1.<tab>Nội dung"),
# and separates the cells of a table row ("1<tab>Rà soát<tab>Phòng Kinh tế").
LEADING_MARKER_TAB = re.compile(r"^\s*((?:[IVXL]{1,6}|\d+(?:\.\d+)*|[a-zđ])\s*[.)]|[-–—•·+*])\t+")


def clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").strip()
    line = LEADING_MARKER_TAB.sub(r"\1 ", line)
    # The tabs left separate cells: written as the "|" of a flattened table.
    line = re.sub(r"\s*\t[\t ]*", " | ", line)
    return " ".join(line.split())


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral, -1 for one written the wrong way ("IIII")."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, c in enumerate(numeral):
        v = values[c]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total if roman(total) == numeral else -1
