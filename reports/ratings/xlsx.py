"""The rating summary as a spreadsheet: the counts on one sheet, the list on
another; numbers as numbers, Vietnamese whatever the reader's language."""

from __future__ import annotations

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.ratings.summary import RatingSummary

LIST_COLUMNS = [
    ("STT", 6),
    ("Huyện", 20),
    ("Xã, phường", 22),
    ("Hợp tác xã", 34),
    ("Tổng điểm", 10),
    ("Xếp loại", 14),
    ("Quy mô", 12),
    ("Xếp loại năm trước", 16),
    ("Thay đổi", 9),
    ("Ghi chú (lý do chưa đánh giá)", 40),
]


def _bold_row(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _header(sheet, names: list[str], widths: list[int] | None = None) -> None:
    sheet.append(names)
    row = sheet.max_row
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E2EFDA")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, width in enumerate(widths or [], 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def rating_xlsx(summary: RatingSummary) -> bytes:
    with translation.override("vi"):
        workbook = Workbook()
        _counts_sheet(workbook.active, summary)
        _list_sheet(workbook.create_sheet("Danh sách"), summary)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _counts_sheet(sheet, summary: RatingSummary) -> None:
    sheet.title = "Số lượng"
    sheet.append([f"Kết quả đánh giá, phân loại hợp tác xã năm {summary.year} – {summary.unit.name}"])
    _bold_row(sheet, 1)
    sheet.append([f"Lập ngày {summary.made_on:%d/%m/%Y}"])
    sheet.append([])
    _header(sheet, ["Xếp loại", *summary.size_labels, "Cộng"], [22, 12, 12, 12, 12, 14, 12])
    for line in summary.cross:
        sheet.append([line["label"], *line["cells"], line["total"]])
    sheet.append(["Cộng", *summary.size_totals, len(summary.rows)])
    _bold_row(sheet, sheet.max_row)
    sheet.append([])
    _header(sheet, ["Xếp loại", f"Năm {summary.year - 1}", f"Năm {summary.year}", "Tăng (+), giảm (-)"])
    for line in summary.comparison:
        sheet.append([line["label"], line["before"], line["now"], line["diff"]])
    sheet.append(["Cộng", len(summary.rows), len(summary.rows), 0])
    _bold_row(sheet, sheet.max_row)
    moves = summary.moves
    sheet.append([])
    for label, value in (("Lên loại", moves["up"]), ("Xuống loại", moves["down"]), ("Giữ loại", moves["same"])):
        sheet.append([label, value])


# The change of category from last year, in words a reader of the sheet needs no key for.
CHANGE_WORDS = {1: "Lên loại", -1: "Xuống loại", 0: "Giữ loại"}


def _list_sheet(sheet, summary: RatingSummary) -> None:
    _header(sheet, [name for name, _width in LIST_COLUMNS], [width for _name, width in LIST_COLUMNS])
    sheet.freeze_panes = "A2"
    for index, row in enumerate(summary.rows, 1):
        sheet.append(
            [
                index,
                row.district or (None if summary.is_province else summary.unit.name),
                row.commune,
                row.cooperative,
                float(row.score) if row.score is not None else None,
                row.category_label,
                row.size_label if row.size_class else None,
                row.previous_label,
                CHANGE_WORDS.get(row.change),
                row.note or None,
            ]
        )
        sheet.cell(row=sheet.max_row, column=5).number_format = "0.0"
        sheet.cell(row=sheet.max_row, column=10).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.auto_filter.ref = sheet.dimensions
