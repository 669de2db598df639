"""`user|administers_units`: whether the navigation shows "Tổ chức"
(cooperatives/orgadmin/), asked once per request."""

from django import template

from cooperatives.people.rules import administered_units

register = template.Library()


@register.filter
def administers_units(user) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_htx_administers_units", None)
    if cached is None:
        cached = administered_units(user).exists()
        user._htx_administers_units = cached
    return cached
