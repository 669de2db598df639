"""The plan page's cached parts (its official document, its progress) change
with the very write that changes them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import ProgressUpdate
from plans.services.parts import plan_part_update


def test_a_task_edit_shows_on_the_plan_page_at_once(plan_a, cast, login):
    client = login(cast["editor_a"])
    task = plan_a.tasks.get()
    assert task.title in client.get(plan_a.get_absolute_url()).content.decode()

    plan_a.refresh_from_db()
    plan_part_update(part=task, user=cast["editor_a"], version=plan_a.version, fields={"title": "Nhiệm vụ đã sửa"})

    html = client.get(plan_a.get_absolute_url()).content.decode()
    assert "Nhiệm vụ đã sửa" in html
    assert task.title not in html


def test_a_progress_update_shows_on_the_plan_page_at_once(plan_under_way, cast, login):
    client = login(cast["editor_a"])
    assert "0,0%" in client.get(plan_under_way.get_absolute_url()).content.decode()

    ProgressUpdate.objects.create(
        task=plan_under_way.tasks.get(),
        reported_on=timezone.localdate() - datetime.timedelta(days=1),
        percent=40,
        status=ProgressUpdate.Status.for_percent(40),
        work_done="Phun thuốc 20 ha.",
        author=cast["staff_a"],
    )

    assert "40,0%" in client.get(plan_under_way.get_absolute_url()).content.decode()


def test_a_repeat_view_of_the_plan_page_reads_neither_its_text_nor_its_progress(plan_under_way, cast, login):
    client = login(cast["reviewer"])
    client.get(plan_under_way.get_absolute_url())
    with CaptureQueriesContext(connection) as repeat:
        html = client.get(plan_under_way.get_absolute_url()).content.decode()

    tables = " ".join(q["sql"] for q in repeat.captured_queries)
    assert '"plans_legalbasis"' not in tables and '"plans_objective"' not in tables
    assert '"plans_progressupdate"' not in tables
    assert plan_under_way.tasks.get().title in html
