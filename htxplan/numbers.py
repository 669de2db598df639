"""Numbers written the Vietnamese way, for every app's pages."""

from __future__ import annotations


def vn_number(value) -> str:
    """12.50 -> '12,5': Vietnamese decimal comma, no trailing zeros."""
    if value is None or value == "":
        return ""
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
