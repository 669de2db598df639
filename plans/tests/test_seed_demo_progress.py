"""seed_demo's 2021 progress of the seed plan (issue 4)."""

import datetime
from decimal import Decimal

from django.core.management import call_command

from plans.models import Plan, ProgressUpdate
from plans.progress import plan_progress


def seed():
    call_command("seed_demo", password="demo-pass-123", stdout=open("/dev/null", "w"))
    return Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)


def test_the_demo_has_2021_progress_by_the_cooperative_on_all_four_tasks(db):
    plan = seed()
    updates = ProgressUpdate.objects.filter(task__plan=plan)
    assert {u.task.position for u in updates} == {0, 1, 2, 3}
    assert {u.author.username for u in updates} == {"htx_vinhloi"}
    assert all(u.reported_on.year == 2021 for u in updates)
    drone = plan.tasks.get(position=1)
    assert [(u.reported_on, u.indicator_value) for u in drone.updates.order_by("reported_on")] == [
        (datetime.date(2021, 4, 20), Decimal(8)),
        (datetime.date(2021, 7, 15), Decimal(28)),
        (datetime.date(2021, 10, 25), Decimal(52)),
    ]


def test_the_demo_progress_shows_done_late_and_quiet_tasks(db):
    progress = plan_progress(seed(), today=datetime.date(2022, 1, 15))
    # Latest percents 70, 100, 45, 100 with equal weights.
    assert progress.percent == (70 + 100 + 45 + 100) / 4
    assert progress.counts["done"] == 2
    assert [tp.task.position for tp in progress.late] == [0, 2]
    assert [tp.task.position for tp in progress.stale] == [0, 2]


def test_running_the_seed_again_adds_no_update(db):
    seed()
    count = ProgressUpdate.objects.count()
    seed()
    assert ProgressUpdate.objects.count() == count == 10
