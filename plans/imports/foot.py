"""The foot of a plan: "Nơi nhận" (the recipients) and the signature block
(authority "TM. ỦY BAN NHÂN DÂN", title "CHỦ TỊCH", the signer's name),
read however the extraction laid them out: side by side as the cells of a
flattened table, one column after the other, or the signer above "Nơi nhận"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from plans.imports.layout import Line, Reading
from plans.imports.patterns import CELL_SPLIT, DASH, FINAL_PUNCT, RECIPIENTS, UNIT_WORD, clean_line, is_upper

AUTHORITY = re.compile(r"^(?:TM|KT|Q|TL|TUQ|T\.M|K\.T)\s*\.\s*\S")
# "Q. CHỦ TỊCH" (acting chairman) is the signer's own title, not an authority above it.
ACTING = re.compile(r"^Q\s*\.\s*\S")
ON_BEHALF = re.compile(r"^T\.?M\s*\.")
# What a signer's title opens with; capitals after "TM. ..." that open otherwise go on with its name.
TITLE = re.compile(
    r"^(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|TRƯỞNG|GIÁM\s+ĐỐC|BÍ\s+THƯ|CHÁNH|TỔNG|CỤC\s+TRƯỞNG|HIỆU\s+TRƯỞNG|"
    r"THỦ\s+TRƯỞNG|ỦY\s+VIÊN|UỶ\s+VIÊN|KẾ\s+TOÁN|THƯỜNG\s+TRỰC|ĐỘI\s+TRƯỞNG|ẤP\s+TRƯỞNG)\b"
)
# The family names most Vietnamese carry: a line in capitals opening with one is a name, not a title.
SURNAMES = set(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trương Lâm Mai Tô Hà Tạ "
    "Châu Cao Lương Quách Thái Trịnh Lưu Kiều Triệu Văn Vương Từ Chu Âu Đào Đàm Thân Tăng Mạc Hứa Khổng La Lục "
    "Nông Tôn Diệp Giang Quan Ông Phùng Hầu Lại Kim Doãn Thạch Danh Lữ Ninh Tống Vi Nghiêm Bạch Khúc Tiêu Lò "
    "Giáp Kha Tất Cù Viên Hàn Mã Nhan Tào Cung Phí Trang Dư Ung".split()
)
NAME_PART = re.compile(r"^[^\W\d_][\w]*(?:\s+[^\W\d_][\w]*)?$")
PLACEHOLDER = re.compile(
    r"^[(\[]?\s*(?:đã\s+ký|ký\s*(?:tên)?\s*,?\s*(?:đóng\s+dấu)?|ký,?\s*ghi\s+rõ\s+họ\s+tên.*)\s*[)\]]?$", re.I
)


def find_foot(lines: list[Line]) -> int:
    """Where the foot starts: at the last "Nơi nhận" (or the signer block
    above it), else at an authority line near the end, else nowhere."""
    for pos in range(len(lines) - 1, -1, -1):
        if RECIPIENTS.match(lines[pos].text):
            return _signer_above(lines, pos)
    start = max(0, len(lines) - 15)
    for pos in range(start, len(lines)):
        first_cell = CELL_SPLIT.split(lines[pos].text)[0] if lines[pos].text else ""
        if AUTHORITY.match(first_cell) or AUTHORITY.match(lines[pos].text):
            return pos
    return len(lines)


def _signer_above(lines: list[Line], pos: int) -> int:
    """Some extractions give the right column first: the signer block
    sits above "Nơi nhận". Its lines belong to the foot too."""
    start = pos
    for k in range(pos - 1, max(-1, pos - 12), -1):
        text = lines[k].text
        if not text:
            continue
        if AUTHORITY.match(text):
            start = k
        elif not (is_upper(text) or PLACEHOLDER.match(text) or looks_like_name(text)):
            break
    return start


def parse_foot(reading: Reading, lines: list[Line]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The recipients and the signer."""
    foot = _Foot()
    for line in lines:
        if not line.text:
            continue
        cells = [clean_line(c) for c in CELL_SPLIT.split(line.raw.replace("\u00a0", " ").strip())]
        for col, cell in enumerate(cells):
            if cell and not foot.take(cell, col, len(cells)):
                reading.unplaced.append(cell)
        reading.consumed.add(line.index)
    authority, title = foot.authority, foot.title
    # Capitals without "TM."/"KT.": the last line is the title, those above it the authority.
    if title and not authority and len(title) > 1:
        authority, title = title[:-1], title[-1:]
    return foot.recipients, {"authority": "\n".join(authority), "title": "\n".join(title), "name": foot.name}


@dataclass
class _Foot:
    """The foot as read so far, cell by cell."""

    recipients: list[dict[str, Any]] = field(default_factory=list)
    authority: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    name: str = ""
    open_recipient: bool = False  # the last recipient's line did not end: the next may go on with it
    signed: bool = False  # "(Đã ký)" was met
    name_col: int = 0

    def take(self, cell: str, col: int, width: int) -> bool:
        """Places one cell, the col-th of the `width` cells of its line;
        False when it belongs nowhere. The order of the tests matters: both
        columns of the foot share its lines, and what a cell is depends on
        what came before it (capitals after "TM. ..." are the signer's title)."""
        if match := RECIPIENTS.match(cell):
            if match.group("rest"):
                self.add_recipients(match.group("rest").lstrip("-–• ").strip())
            return True
        if PLACEHOLDER.match(cell):
            self.signed = True
            return True
        if self._take_authority(cell):
            return True
        dash = DASH.match(cell)
        if dash and not (col > 0 and width > 1 and self.authority):
            self.add_recipients(dash.group("text"))
            return True
        if self._take_signer(cell, col, width):
            return True
        if self.open_recipient and self.recipients and col == 0:
            last = self.recipients.pop()
            self.add_recipients(f"{last['label']} {cell}")
            return True
        if not self.authority and not self.recipients and is_upper(cell):
            self.title.append(cell)
            return True
        return False

    def _take_authority(self, cell: str) -> bool:
        """ "TM. ...", "KT. ..." and the lines they wrap onto ("TM. ỦY BAN NHÂN DÂN" / "XÃ VĨNH LỢI")."""
        if ACTING.match(cell) and not self.title:
            self.title.append(cell)
            return True
        if AUTHORITY.match(cell):
            self.authority.append(cell)
            return True
        if not (self.authority and not self.title and is_upper(cell)):
            return False
        wrapped = ON_BEHALF.match(self.authority[-1]) and not TITLE.match(cell) and not is_surname(cell)
        if UNIT_WORD.match(cell) or wrapped:
            self.authority[-1] = f"{self.authority[-1]} {cell}"
            return True
        return False

    def _take_signer(self, cell: str, col: int, width: int) -> bool:
        """The signer's title and name, each possibly over two lines."""
        if self.authority and not self.title and is_upper(cell) and not self.name:
            self.title.append(cell)
            return True
        if self.authority and self.title and not self.name and is_upper(cell) and not is_surname(cell):
            self.title[-1] = f"{self.title[-1]} {cell}"  # "PHÓ CHỦ TỊCH" / "THƯỜNG TRỰC"
            return True
        # After the signature ("Đã ký") a name is the signer's, whatever the column before it left open.
        free = col > 0 or not self.open_recipient or (self.signed and width == 1)
        if (self.authority or self.title) and not self.name and looks_like_name(cell) and free:
            self.name, self.name_col = (cell.title() if is_upper(cell) else cell), col
            return True
        if self.name and col == self.name_col and len(self.name.split()) <= 3 and NAME_PART.match(cell):
            self.name = f"{self.name} {cell.title() if is_upper(cell) else cell}"  # "Nguyễn Lê Hoàng" / "Phương"
            return True
        return False

    def add_recipients(self, text: str) -> None:
        # Several recipients on one line: "- UBND huyện; - Phòng Kinh tế; - Lưu: VT."
        for part in text.split(";"):
            label = clean_line(part).strip(" ,.").lstrip("-–—•+ ").strip()
            if not label:
                continue
            self.recipients.append(_recipient(label))
        self.open_recipient = not FINAL_PUNCT.search(text.strip()) and bool(self.recipients)


def _recipient(label: str) -> dict[str, Any]:
    purpose = ""
    match = re.match(r"^(?P<label>.*\S)\s*\((?P<purpose>[^()]{2,60})\)$", label)
    if match:
        label, purpose = match.group("label").strip(), match.group("purpose").strip()
    archive = bool(re.match(r"^Lưu\b", label, re.IGNORECASE))
    if archive:
        label = re.sub(r"^Lưu\s*:?\s*", "Lưu: ", label, flags=re.IGNORECASE).strip()
    return {
        "label": label[:200],
        "organization": None if archive else label[:200],
        "purpose": purpose,
        "archive": archive,
    }


def is_surname(text: str) -> bool:
    """Whether the text opens with a family name ("NGUYỄN THÀNH NHÂN", not "THƯỜNG TRỰC")."""
    first = text.split()[0] if text.split() else ""
    return first.title() in SURNAMES


def looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or any(c.isdigit() for c in text):
        return False
    return all(w[:1].isupper() and w.replace(".", "").isalpha() for w in words)
