"""`user|administers_units`: whether the navigation shows "Tổ chức"
(cooperatives/orgadmin/), asked once per request."""

from django import template

from cooperatives.people.rules import is_administrator

register = template.Library()


@register.filter
def administers_units(user) -> bool:
    if not user.is_authenticated:
        return False
    return is_administrator(user)
