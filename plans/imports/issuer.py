"""The header a file leaves out, taken from the issuer the editor chose."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

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
        filled.append(_("tên cơ quan"))
    if not header.get("parent") and issuer.parent_id and not result.data.get("symbol"):
        header["parent"] = issuer.parent.short_name.upper()
        filled.append(_("cơ quan chủ quản"))
    if not header.get("abbreviation"):
        header["abbreviation"] = issuer.abbreviation
    if not result.data.get("place"):
        result.data["place"] = re.sub(
            r"^(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh)\s+", "", issuer.unit.name, flags=re.I
        )
        filled.append(_("địa danh"))
    if not result.data.get("symbol"):
        result.data["symbol"] = f"KH-{issuer.abbreviation}"
        filled.append(_("ký hiệu"))
    if filled:
        result.warnings.append(
            _("Tệp không ghi %(missing)s: đã lấy theo %(issuer)s. Hãy kiểm tra lại sau khi lưu.")
            % {"missing": ", ".join(filled), "issuer": issuer.short_name}
        )
