"""seed_demo's 2021 progress of the seed plan (issue 4)."""

import datetime
import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans.models import Plan, ProgressUpdate
from plans.progress import TaskState, plan_progress


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


def test_the_demo_shows_no_contradictory_task(db, client):
    plan = seed()
    for update in ProgressUpdate.objects.all():
        assert update.status == ProgressUpdate.Status.for_percent(update.percent), update
    progress = plan_progress(plan, today=datetime.date(2022, 1, 15))
    assert [(tp.percent, tp.state) for tp in progress.tasks] == [
        (70, TaskState.OVERDUE),
        (100, TaskState.DONE_ON_TIME),  # 25/10/2021, due 31/12/2021
        (45, TaskState.OVERDUE),
        (100, TaskState.DONE_ON_TIME),
    ]
    # What the district reads on the plan page: every row's word agrees with its percent.
    client.force_login(get_user_model().objects.get(username="phongnn_chauthanh"))
    html = client.get(plan.get_absolute_url()).content.decode()
    rows = re.findall(r"<tr[^>]*>\s*<td><a href=\"/tasks/.*?</tr>", html, re.S)
    assert len(rows) == 4
    for row in rows:
        percent = int(re.search(r'<div class="small fw-semibold">(\d+)%</div>', row).group(1))
        words = set(re.findall(r"</svg>([^<]+)</span>", row))
        assert len(words) == 1
        (word,) = words
        assert word.startswith("Hoàn thành") == (percent == 100), (percent, word)
        assert word != "Chưa bắt đầu" or percent == 0
