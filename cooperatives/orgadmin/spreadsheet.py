"""The people's spreadsheet (XLSX) read into plain rows, and its template.
Nothing here touches the database: the checks against accounts,
organisations and roles are in importing.py.

An upload is refused before openpyxl opens it unless it is a real XLSX: a
zip holding a workbook, small, and not a zip bomb (its parts are summed
uncompressed before anything is read)."""

from __future__ import annotations

import io
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# Each account costs a password hash (~0.3 s): a hundred keeps the import
# within a request and the database's write lock short.
MAX_ROWS = 100
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FIELDS = ("full_name", "username", "email", "phone", "organization", "roles")
REQUIRED = ("full_name", "username", "organization", "roles")
# The headers as written in the template, then the other spellings accepted (folded, see fold()).
HEADERS = {
    "full_name": ("Họ và tên", "ho ten", "ten", "full name", "name"),
    "username": ("Tên đăng nhập", "username", "tai khoan", "ten tai khoan"),
    "email": ("Thư điện tử", "email", "e-mail", "thu dien tu", "dia chi thu dien tu"),
    "phone": ("Điện thoại", "so dien thoai", "dien thoai di dong", "phone"),
    "organization": ("Tổ chức", "co quan", "don vi", "co quan, to chuc", "organization"),
    "roles": ("Vai trò", "vai tro", "roles", "role"),
}
EXAMPLE = ("Nguyễn Văn An", "nguyenvanan", "an@example.gov.vn", "0912345678", "UBND xã Vĩnh Lợi", "Soạn thảo")


def fold(text) -> str:
    """Lower case, without diacritics (đ as d), single spaces: how headers,
    organisations and roles are compared."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.lower().split())


def _header_lookup() -> dict[str, str]:
    return {fold(spelling): field for field, spellings in HEADERS.items() for spelling in spellings}


def upload_check(upload) -> bytes:
    """The upload's bytes if it is a real XLSX of an acceptable size."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp lớn quá (%(size)s MB); tối đa %(max)s MB. Hãy tách danh sách thành nhiều tệp.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if not data:
        raise ValidationError(_("Tệp trống, không có gì để nhập."))
    not_xlsx = ValidationError(
        _("Tệp này không phải bảng tính Excel .xlsx. Hãy mở nó bằng Excel rồi lưu lại dạng “Excel Workbook (.xlsx)”.")
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise not_xlsx from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise not_xlsx
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(_("Tệp có nội dung quá lớn để đọc. Hãy tách danh sách thành nhiều tệp."))
    return data


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _columns(header_row) -> dict[str, int]:
    lookup = _header_lookup()
    columns: dict[str, int] = {}
    for index, value in enumerate(header_row):
        field = lookup.get(fold(value))
        if field and field not in columns:
            columns[field] = index
    missing = [HEADERS[field][0] for field in REQUIRED if field not in columns]
    if missing:
        raise ValidationError(
            _("Dòng đầu của bảng tính thiếu cột %(columns)s. Hãy dùng tệp mẫu: các cột %(all)s.")
            % {"columns": ", ".join(f"“{name}”" for name in missing), "all": ", ".join(h[0] for h in HEADERS.values())}
        )
    return columns


def rows_read(data: bytes) -> list[dict]:
    """The rows of the first sheet below its headers, each a dict of FIELDS
    and `line`, its line number in the sheet; blank rows skipped."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise ValidationError(_("Không đọc được bảng tính này; tệp có thể bị hỏng. Hãy lưu lại bằng Excel.")) from None
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            raise ValidationError(_("Bảng tính trống, không có dòng tiêu đề nào."))
        columns = _columns(header)
        rows = []
        for line, values in enumerate(lines, start=2):
            cells = {field: _cell_text(values[i]) if i < len(values) else "" for field, i in columns.items()}
            if not any(cells.values()):
                continue
            if len(rows) == MAX_ROWS:
                raise ValidationError(
                    _("Tệp có hơn %(max)s người; hãy tách thành nhiều tệp, mỗi tệp tối đa %(max)s người.")
                    % {"max": MAX_ROWS}
                )
            rows.append({"line": line} | {field: cells.get(field, "") for field in FIELDS})
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("Bảng tính chỉ có dòng tiêu đề, chưa có người nào để nhập."))
    return rows


def template_build(organizations: list[tuple[str, str, str]], roles: list[tuple[str, str]]) -> bytes:
    """The template: the headers and one example row, and two sheets to look
    things up: the organisations (short name, name, identifier code) and
    the roles (label, code)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Người dùng")
    sheet.append([spellings[0] for spellings in HEADERS.values()])
    sheet.append(list(EXAMPLE))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (26, 18, 26, 14, 30, 30), strict=True):
        sheet.column_dimensions[column].width = width
    lookup = workbook.create_sheet(_("Tổ chức"))
    lookup.append([_("Tên ngắn"), _("Tên đầy đủ"), _("Mã định danh")])
    for row in organizations:
        lookup.append(list(row))
    role_sheet = workbook.create_sheet(_("Vai trò"))
    role_sheet.append([_("Vai trò"), _("Mã")])
    for row in roles:
        role_sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
