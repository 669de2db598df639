from django import template

from cooperatives.memberships import is_reporter as _is_reporter

register = template.Library()


@register.filter
def is_reporter(user) -> bool:
    """Whether the navbar shows "Việc của tôi" (cooperative staff)."""
    return getattr(user, "is_authenticated", False) and _is_reporter(user)


@register.filter
def vn_number(value) -> str:
    """12.50 -> '12,5': Vietnamese decimal comma, no trailing zeros."""
    if value is None or value == "":
        return ""
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
