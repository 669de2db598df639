"""The header a file leaves out, taken from the issuer the editor chose."""

from __future__ import annotations

import re

from plans.imports.readers import ImportResult


def fill_header_from_issuer(result: ImportResult, issuer) -> None:
    """A file without its header (the seed starts at "KẾ HOẠCH") takes the
    header lines from the organisation chosen as issuer; the preview says so.
    `issuer` is a cooperatives Organization, read by its attributes only:
    this package stays clear of the models."""
    if result.kind == "json":
        return
    header = result.data["issuer"]
    filled = []
    if not header.get("name"):
        header["name"] = issuer.name.upper()
        filled.append("tên cơ quan")
    if not header.get("parent") and issuer.parent_id and not result.data.get("symbol"):
        header["parent"] = issuer.parent.short_name.upper()
        filled.append("cơ quan chủ quản")
    if not header.get("abbreviation"):
        header["abbreviation"] = issuer.abbreviation
    if not result.data.get("place"):
        result.data["place"] = re.sub(
            r"^(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh)\s+", "", issuer.unit.name, flags=re.I
        )
        filled.append("địa danh")
    if not result.data.get("symbol"):
        result.data["symbol"] = f"KH-{issuer.abbreviation}"
        filled.append("ký hiệu")
    if filled:
        result.warnings.append(
            f"Tệp không ghi {', '.join(filled)}: đã lấy theo {issuer.short_name}. Hãy kiểm tra lại sau khi lưu."
        )
