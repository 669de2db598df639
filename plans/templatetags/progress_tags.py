from django import template
from django.utils.safestring import mark_safe

from cooperatives.memberships import is_reporter as _is_reporter
from htxplan.numbers import vn_number
from plans.progress.rollup import TaskState

register = template.Library()


@register.filter
def is_reporter(user) -> bool:
    """Whether the navbar shows "Việc của tôi" (cooperative staff)."""
    return getattr(user, "is_authenticated", False) and _is_reporter(user)


# 12.50 -> '12,5' (the registry's tags offer it too).
register.filter("vn_number", vn_number)


# Each state's look: the colour (site.css, "Task state") and a shape of its
# own, so that the state reads without colour too; the word always shows.
# The shapes are drawn in a 16 x 16 box with the text's colour.
_STATE_ICONS = {
    # A circle with a tick.
    TaskState.DONE_ON_TIME: '<circle cx="8" cy="8" r="6.25"/><path d="M5.2 8.2l1.9 1.9 3.7-4"/>',
    # A clock: done, but after the deadline.
    TaskState.DONE_LATE: '<circle cx="8" cy="8" r="6.25"/><path d="M8 4.6V8l2.4 1.6"/>',
    # A half-filled circle: under way.
    TaskState.IN_PROGRESS: (
        '<circle cx="8" cy="8" r="6.25"/><path d="M8 1.75a6.25 6.25 0 0 1 0 12.5z" fill="currentColor"/>'
    ),
    # An empty dashed circle: nothing yet.
    TaskState.NOT_STARTED: '<circle cx="8" cy="8" r="6.25" stroke-dasharray="2.6 2.3"/>',
    # A warning triangle.
    TaskState.AT_RISK: '<path d="M8 1.9l6.5 11.6h-13z"/><path d="M8 6.2v3.3M8 11.6v.1"/>',
    # A stop sign (octagon) with an exclamation mark.
    TaskState.OVERDUE: (
        '<path d="M5.5 1.75h5l3.75 3.75v5l-3.75 3.75h-5l-3.75-3.75v-5z"/><path d="M8 4.7v3.9M8 11.1v.1"/>'
    ),
}


@register.inclusion_tag("plans/includes/_task_state.html")
def task_state(state: str, count: int | None = None) -> dict:
    """The badge of a task's state (TaskState): the same colour, shape and
    word on every page. `{% task_state tp.state %}`, or with a count for
    the plan's totals: `{% task_state state count=n %}`."""
    state = TaskState(state)
    return {"state": state.value, "label": state.label, "icon": mark_safe(_STATE_ICONS[state]), "count": count}
