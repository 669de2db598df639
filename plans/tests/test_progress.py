import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan, ProgressUpdate
from plans.progress import latest_updates, plan_progress, plans_progress

Status = ProgressUpdate.Status
D = datetime.date


@pytest.fixture
def plan_of_three_tasks(plan_a, cast, coops):
    """plan_a issued on 05/01/2022 with three tasks of weights 1, 2 and 3."""
    plan_a.status = Plan.Status.ISSUED
    plan_a.number = 1
    plan_a.issued_on = D(2022, 1, 5)
    plan_a.save()
    t1 = plan_a.tasks.get()
    t1.due_on = D(2022, 6, 30)
    t1.save()
    t2 = plan_a.tasks.create(
        position=1, title="Liên kết tiêu thụ", cooperative=coops["a"], weight=2, due_on=D(2022, 12, 31)
    )
    t3 = plan_a.tasks.create(position=2, title="Tập huấn", cooperative=coops["a"], weight=3, due_on=D(2022, 3, 31))
    return plan_a, [t1, t2, t3]


def log(task, user, day, percent, **extra):
    return ProgressUpdate.objects.create(
        task=task,
        reported_on=day,
        percent=percent,
        status=Status.for_percent(percent),
        work_done="Đã làm",
        author=user,
        **extra,
    )


def test_plan_percent_is_the_weighted_mean_of_the_latest_update_of_each_task(plan_of_three_tasks, cast):
    plan, (t1, t2, t3) = plan_of_three_tasks
    staff = cast["staff_a"]
    log(t1, staff, D(2022, 2, 1), 10)
    log(t1, staff, D(2022, 3, 1), 40)  # newest of task 1
    log(t2, staff, D(2022, 3, 1), 50)
    log(t3, staff, D(2022, 2, 15), 100)

    progress = plan_progress(plan, today=D(2022, 3, 10))

    # (1*40 + 2*50 + 3*100) / (1 + 2 + 3) = 440 / 6
    assert progress.percent == pytest.approx(440 / 6)
    assert [tp.percent for tp in progress.tasks] == [40, 50, 100]
    assert progress.counts[Status.IN_PROGRESS] == 2
    assert progress.counts[Status.DONE] == 1
    assert progress.counts[Status.NOT_STARTED] == 0


def test_a_task_without_updates_counts_as_not_started_at_zero_percent(plan_of_three_tasks, cast):
    plan, (t1, t2, t3) = plan_of_three_tasks
    log(t3, cast["staff_a"], D(2022, 2, 1), 60)

    progress = plan_progress(plan, today=D(2022, 2, 2))

    assert progress.percent == pytest.approx(3 * 60 / 6)
    assert progress.counts[Status.NOT_STARTED] == 2
    assert progress.tasks[0].latest is None
    assert progress.tasks[0].status == "not_started"


def test_a_plan_without_tasks_is_at_zero_percent(plan_a):
    plan_a.tasks.all().delete()
    progress = plan_progress(plan_a)
    assert progress.percent == 0
    assert progress.tasks == []


def test_as_of_ignores_updates_reported_after_that_date(plan_of_three_tasks, cast):
    plan, (t1, *_rest) = plan_of_three_tasks
    log(t1, cast["staff_a"], D(2022, 2, 1), 20)
    log(t1, cast["staff_a"], D(2022, 4, 1), 70)

    assert latest_updates([t1], as_of=D(2022, 3, 1))[t1.pk].percent == 20
    assert latest_updates([t1])[t1.pk].percent == 70
    assert latest_updates([t1], as_of=D(2022, 1, 1)) == {}


def test_two_updates_on_one_day_the_later_recorded_wins(plan_of_three_tasks, cast):
    plan, (t1, *_rest) = plan_of_three_tasks
    log(t1, cast["staff_a"], D(2022, 2, 1), 20)
    second = log(t1, cast["staff_a"], D(2022, 2, 1), 30)
    assert latest_updates([t1])[t1.pk] == second


def test_a_task_past_its_due_date_and_not_done_is_late(plan_of_three_tasks, cast):
    plan, (t1, t2, t3) = plan_of_three_tasks
    log(t1, cast["staff_a"], D(2022, 6, 20), 100)  # due 30/06, done: never late
    log(t3, cast["staff_a"], D(2022, 3, 20), 80)  # due 31/03, not done

    on_due_day = plan_progress(plan, today=D(2022, 3, 31))
    day_after = plan_progress(plan, today=D(2022, 4, 1))
    much_later = plan_progress(plan, today=D(2022, 7, 1))

    assert on_due_day.late == []
    assert [tp.task for tp in day_after.late] == [t3]
    assert [tp.task for tp in much_later.late] == [t3]


def test_a_task_is_stale_after_30_days_without_an_update(plan_of_three_tasks, cast):
    plan, (t1, t2, t3) = plan_of_three_tasks
    log(t1, cast["staff_a"], D(2022, 2, 1), 30)
    log(t2, cast["staff_a"], D(2022, 2, 20), 30)
    log(t3, cast["staff_a"], D(2022, 1, 10), 100)  # done: never stale

    progress = plan_progress(plan, today=D(2022, 3, 3))  # 30 days after 1 Feb

    assert [tp.task for tp in progress.stale] == [t1]


def test_a_task_never_updated_is_stale_30_days_after_the_plan_was_issued(plan_of_three_tasks):
    plan, tasks = plan_of_three_tasks
    assert plan_progress(plan, today=D(2022, 2, 3)).stale == []  # 29 days after 05/01
    assert len(plan_progress(plan, today=D(2022, 2, 4)).stale) == 3


def test_stale_days_come_from_settings(plan_of_three_tasks, cast, settings):
    settings.PROGRESS_STALE_DAYS = 7
    plan, (t1, *_rest) = plan_of_three_tasks
    log(t1, cast["staff_a"], D(2022, 2, 1), 30)
    assert t1 in [tp.task for tp in plan_progress(plan, today=D(2022, 2, 8)).stale]


def test_a_plan_that_is_not_issued_has_no_stale_tasks(plan_a):
    assert plan_progress(plan_a, today=D(2030, 1, 1)).stale == []


def test_latest_updates_take_a_constant_number_of_queries(plan_of_three_tasks, cast):
    plan, tasks = plan_of_three_tasks
    for t in tasks:
        for day in (1, 2, 3):
            log(t, cast["staff_a"], D(2022, 2, day), day * 10)
    with CaptureQueriesContext(connection) as ctx:
        latest = latest_updates(tasks)
    assert len(ctx.captured_queries) == 1
    assert {pk: u.percent for pk, u in latest.items()} == {t.pk: 30 for t in tasks}


def test_many_plans_progress_in_two_queries(plan_of_three_tasks, cast, orgs, coops):
    plan, tasks = plan_of_three_tasks
    other = Plan.objects.create(issuer=orgs["ubnd_b"], year=2022, title="Kế hoạch B", issuer_name="X", place="Phú Tân")
    other_task = other.tasks.create(position=0, title="Nhiệm vụ B", cooperative=coops["b"], weight=1)
    log(other_task, cast["staff_b"], D(2022, 2, 1), 25)
    log(tasks[0], cast["staff_a"], D(2022, 2, 1), 60)

    with CaptureQueriesContext(connection) as ctx:
        result = plans_progress(Plan.objects.filter(pk__in=[plan.pk, other.pk]), today=D(2022, 2, 2))
    assert len(ctx.captured_queries) == 3  # plans, tasks, latest updates (no task done: no completion days)
    assert result[other.pk].percent == 25
    assert result[plan.pk].percent == pytest.approx(60 / 6)
