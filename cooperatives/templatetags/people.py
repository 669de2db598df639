"""Template filters of people and accounts (cooperatives/people/)."""

from django import template

from cooperatives.memberships import memberships
from cooperatives.people.rules import LEADER_ROLES

register = template.Library()


@register.filter
def manages_members(user) -> bool:
    """Whether the navbar shows "Thành viên": the user leads an organisation
    (every way of managing members in rules.managed_organizations starts
    from a leader's role), read from the memberships already loaded for the
    page, without a query of its own."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or any(m.role in LEADER_ROLES for m in memberships(user))
