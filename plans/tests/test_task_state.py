"""A task's state against its deadline, from its percent and its dates, and
the one badge that shows it everywhere."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from plans.models import Plan, ProgressUpdate
from plans.progress import TaskState, plan_progress
from plans.progress.rollup import completed_on

D = datetime.date
TODAY = D(2022, 6, 1)


@pytest.fixture
def plan(plan_a):
    """plan_a issued on 05/01/2022; its tasks get their dates in each test."""
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=1, issued_on=D(2022, 1, 5))
    plan_a.refresh_from_db()
    plan_a.tasks.all().delete()
    return plan_a


def task_with(plan, user, *, start=None, due=None, updates=()):
    """A task and its updates, given as (day, percent)."""
    task = plan.tasks.create(position=plan.tasks.count(), title="Nhiệm vụ", start_on=start, due_on=due)
    for day, percent in updates:
        ProgressUpdate.objects.create(
            task=task, reported_on=day, percent=percent, status=ProgressUpdate.Status.for_percent(percent),
            work_done="Đã làm.", author=user,
        )  # fmt: skip
    return task


def state_of(plan, today=TODAY):
    (tp,) = plan_progress(plan, today=today).tasks
    return tp.state


@pytest.mark.parametrize(
    ("dates", "updates", "state"),
    [
        # Done by its due date, or done with no due date at all.
        ({"due": D(2022, 6, 30)}, [(D(2022, 5, 20), 100)], TaskState.DONE_ON_TIME),
        ({}, [(D(2022, 5, 20), 100)], TaskState.DONE_ON_TIME),
        # Done, but reported done after its due date.
        ({"due": D(2022, 3, 31)}, [(D(2022, 3, 20), 60), (D(2022, 4, 12), 100)], TaskState.DONE_LATE),
        # Not done, past the due date, whatever its percent.
        ({"due": D(2022, 5, 31)}, [(D(2022, 5, 30), 95)], TaskState.OVERDUE),
        ({"due": D(2022, 5, 31)}, [], TaskState.OVERDUE),
        # Under way and ahead of its time: 2/12 of the time gone, 40% done.
        ({"start": D(2022, 4, 1), "due": D(2023, 4, 1)}, [(D(2022, 5, 1), 40)], TaskState.IN_PROGRESS),
        # Nothing done and hardly any of its time gone.
        ({"start": D(2022, 5, 20), "due": D(2022, 12, 31)}, [], TaskState.NOT_STARTED),
        ({"due": None}, [], TaskState.NOT_STARTED),
        # Under way, with no due date: never late, never at risk.
        ({"due": None}, [(D(2022, 2, 1), 10)], TaskState.IN_PROGRESS),
    ],
)
def test_each_state_of_a_constructed_task(plan, cast, dates, updates, state):
    task_with(plan, cast["staff_a"], updates=updates, **dates)
    assert state_of(plan) == state


def test_a_task_at_0_percent_due_in_30_days_with_most_of_its_time_gone_is_at_risk(plan, cast):
    task_with(plan, cast["staff_a"], start=D(2022, 1, 5), due=D(2022, 7, 1))
    assert state_of(plan) == TaskState.AT_RISK


def test_work_lagging_time_by_more_than_the_margin_is_at_risk(plan, cast, settings):
    # 01/01 -> 31/12/2022 (364 days); on 01/06, 151 days gone: 41.5% of the time.
    task_with(plan, cast["staff_a"], start=D(2022, 1, 1), due=D(2022, 12, 31), updates=[(D(2022, 5, 1), 22)])
    assert state_of(plan) == TaskState.IN_PROGRESS  # 19.5 points behind: within the margin of 20
    settings.PROGRESS_AT_RISK_MARGIN = 15
    assert state_of(plan) == TaskState.AT_RISK


def test_a_deadline_near_is_at_risk_however_far_along(plan, cast, settings):
    task_with(plan, cast["staff_a"], start=D(2022, 1, 5), due=D(2022, 6, 8), updates=[(D(2022, 5, 31), 95)])
    assert state_of(plan, today=D(2022, 5, 31)) == TaskState.IN_PROGRESS  # 8 days left
    assert state_of(plan, today=D(2022, 6, 1)) == TaskState.AT_RISK  # 7 days left
    assert state_of(plan, today=D(2022, 6, 8)) == TaskState.AT_RISK  # the due day itself
    assert state_of(plan, today=D(2022, 6, 9)) == TaskState.OVERDUE
    settings.PROGRESS_AT_RISK_DAYS = 3
    assert state_of(plan, today=D(2022, 6, 1)) == TaskState.IN_PROGRESS


def test_a_task_without_its_own_start_counts_its_time_from_the_plans_issue(plan, cast):
    # Issued 05/01, due 05/07: on 01/06, 147 of 181 days gone (81%), 50% done.
    task_with(plan, cast["staff_a"], due=D(2022, 7, 5), updates=[(D(2022, 5, 1), 50)])
    (tp,) = plan_progress(plan, today=TODAY).tasks
    assert round(tp.time_gone) == 81
    assert tp.state == TaskState.AT_RISK


def test_more_evidence_after_the_deadline_does_not_make_a_task_done_late(plan, cast):
    task_with(plan, cast["staff_a"], due=D(2022, 3, 31), updates=[(D(2022, 3, 30), 100), (D(2022, 4, 20), 100)])
    (tp,) = plan_progress(plan, today=TODAY).tasks
    assert (tp.state, tp.completed_on) == (TaskState.DONE_ON_TIME, D(2022, 3, 30))


def test_a_task_reopened_and_finished_after_its_deadline_is_done_late(plan, cast):
    task_with(
        plan,
        cast["staff_a"],
        due=D(2022, 3, 31),
        updates=[(D(2022, 3, 30), 100), (D(2022, 4, 2), 80), (D(2022, 4, 20), 100)],
    )
    assert state_of(plan) == TaskState.DONE_LATE


def test_completed_on_is_the_first_100_since_the_last_report_below_it():
    assert completed_on([]) is None
    assert completed_on([(D(2022, 1, 1), 50)]) is None
    assert completed_on([(D(2022, 1, 1), 100), (D(2022, 2, 1), 100)]) == D(2022, 1, 1)
    assert completed_on([(D(2022, 1, 1), 100), (D(2022, 2, 1), 90), (D(2022, 3, 1), 100)]) == D(2022, 3, 1)


def test_the_work_status_always_follows_the_percent(plan, cast):
    task_with(plan, cast["staff_a"], due=D(2022, 12, 31), updates=[(D(2022, 5, 1), 100)])
    task_with(plan, cast["staff_a"], due=D(2022, 12, 31), updates=[(D(2022, 5, 1), 1)])
    task_with(plan, cast["staff_a"], due=D(2022, 12, 31))
    progress = plan_progress(plan, today=TODAY)
    assert [(tp.percent, tp.status, tp.is_done) for tp in progress.tasks] == [
        (100, "done", True),
        (1, "in_progress", False),
        (0, "not_started", False),
    ]


def render_badge(state, count=None) -> str:
    template = Template("{% load progress_tags %}{% task_state state count=count %}")
    return template.render(Context({"state": state, "count": count}))


def test_every_state_has_its_word_its_own_shape_and_its_colour_class():
    shapes = set()
    for state in TaskState:
        html = render_badge(state.value)
        assert f'class="task-state task-state-{state.value}"' in html
        assert html.rstrip().endswith(f"{state.label}</span>")
        assert 'aria-hidden="true"' in html
        shapes.add(re.search(r"<svg[^>]*>(.*)</svg>", html).group(1))
    assert len(shapes) == len(TaskState)
    assert '<strong class="task-state-count">3</strong>' in render_badge("overdue", 3)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_each_badge_colour_has_enough_contrast_for_its_text():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text(encoding="utf-8")
    for state in TaskState:
        rule = re.search(rf"\.task-state-{state.value} \{{([^}}]*)\}}", css).group(1)
        background = re.search(r"background: (#[0-9a-f]{6})", rule).group(1)
        text = re.search(r"(?<!-)color: (#[0-9a-f]{6})", rule)
        light, dark = sorted([_luminance(background), _luminance(text.group(1) if text else "#ffffff")], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, state
