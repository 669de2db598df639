from django import template

from cooperatives.memberships import is_reviewer as _is_reviewer
from cooperatives.memberships import member_organization_ids
from reports import access as report_access

register = template.Library()


@register.simple_tag
def inbox_unread(user) -> int | None:
    """Unread documents of the user's organisations for the navbar; None
    for a user with no membership (no inbox link at all)."""
    if not getattr(user, "is_authenticated", False) or not member_organization_ids(user):
        return None
    return report_access.inbox_unread_count(user)


@register.filter
def is_reviewer(user) -> bool:
    """Whether the navbar shows the district dashboard."""
    return _is_reviewer(user)


@register.simple_tag
def notifications_unread(user) -> int | None:
    """Unread notifications for the bell; None for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return None
    return report_access.notifications_unread_count(user)
