"""Numbers written the Vietnamese way, for every app's pages."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


def vn_number(value) -> str:
    """12.50 -> '12,5': Vietnamese decimal comma, no trailing zeros."""
    if value is None or value == "":
        return ""
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class AmountField(forms.DecimalField):
    """An amount in đồng, typed as people write it: 3.200.000.000,
    3 200 000 000, 3200000000 or with "đ"/"đồng" after it; shown grouped
    the Vietnamese way when the form is opened again."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Hãy nhập số tiền bằng chữ số, ví dụ 3.200.000.000 (số đồng, không có phần lẻ)."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)
        self.error_messages["min_value"] = _("Số tiền không được âm.")

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s*(đồng|đ)\s*$", "", value.strip(), flags=re.IGNORECASE)
            value = re.sub(r"[\s.\u00a0]", "", value)
            if value and not re.fullmatch(r"-?\d+", value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return f"{int(value):,}".replace(",", ".")  # the Vietnamese grouping, whatever the locale's formats say
        return value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        return attrs
