"""Task dates outside the plan's year: saved, but warned of beside the field,
on the item and before the plan is submitted."""

import datetime

import pytest

from plans.models import Plan, Task


@pytest.fixture
def plan_2027(ready):
    """`ready` (a task and a recipient) moved to 2027."""
    Plan.objects.filter(pk=ready.pk).update(year=2027)
    ready.refresh_from_db()
    return ready


def task_in(plan, start, due):
    return Task(plan=plan, title="Tập huấn", start_on=start, due_on=due)


@pytest.mark.parametrize(
    ("start", "due", "fields"),
    [
        ("2019-01-01", "2035-12-31", {"start_on", "due_on"}),
        ("2027-01-01", "2027-12-31", set()),
        ("2026-10-01", "2027-03-31", set()),  # preparation in the last quarter of the year before
        ("2026-09-30", "2027-03-31", {"start_on"}),
        ("2027-02-01", "2028-01-01", {"due_on"}),
        ("2027-02-01", "2026-12-31", {"due_on"}),
        (None, None, set()),
    ],
)
def test_the_plans_period_is_its_year_and_a_start_in_the_last_quarter_before(plan_2027, start, due, fields):
    def day(value):
        return datetime.date.fromisoformat(value) if value else None

    assert set(task_in(plan_2027, day(start), day(due)).date_warnings) == fields


def test_a_task_dated_2019_to_2035_is_saved_and_warned_of_on_the_item(plan_2027, cast, login):
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_2027.pk}/parts/task/add/",
        {"version": 1, "new-task-title": "Tập huấn", "new-task-start_on": "2019-01-01",
         "new-task-due_on": "2035-12-31", "new-task-weight": 1},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    html = response.content.decode()
    task = plan_2027.tasks.get(title="Tập huấn")
    assert (task.start_on, task.due_on) == (datetime.date(2019, 1, 1), datetime.date(2035, 12, 31))
    assert "⚠ Ngày bắt đầu 01/01/2019 nằm ngoài thời gian của kế hoạch năm 2027 (01/01/2027–31/12/2027" in html
    assert "⚠ Hạn hoàn thành 31/12/2035 nằm ngoài thời gian của kế hoạch năm 2027" in html


def test_the_edit_form_of_such_a_task_warns_beside_the_date(plan_2027, cast, login):
    task = plan_2027.tasks.get()
    Task.objects.filter(pk=task.pk).update(start_on="2019-01-01", due_on="2027-06-30")
    client = login(cast["editor_a"])
    html = client.get(f"/plans/{plan_2027.pk}/parts/task/{task.pk}/", HTTP_HX_REQUEST="true").content.decode()
    hint = html[html.index(f'id="id_task-{task.pk}-start_on_helptext"') :][:300]
    assert "⚠ Ngày bắt đầu 01/01/2019 nằm ngoài thời gian của kế hoạch năm 2027" in hint
    assert f'aria-describedby="id_task-{task.pk}-start_on_helptext"' in html
    assert f'id="id_task-{task.pk}-due_on_helptext"' not in html  # the due date is within the year
    # And on the whole edit page, without htmx.
    assert "⚠ Ngày bắt đầu 01/01/2019 nằm ngoài" in client.get(f"/plans/{plan_2027.pk}/edit/").content.decode()


def test_submit_lists_the_warnings_first_and_a_second_click_submits(plan_2027, cast, login):
    task = plan_2027.tasks.get()
    Task.objects.filter(pk=task.pk).update(start_on="2019-01-01", due_on="2035-12-31")
    client = login(cast["editor_a"])
    response = client.post(f"/plans/{plan_2027.pk}/submit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lưu ý trước khi trình: 2 chỗ cần xem lại." in html
    assert "Nhiệm vụ 1 “Phun thuốc bằng drone”: Ngày bắt đầu 01/01/2019 nằm ngoài" in html
    assert "Nhiệm vụ 1 “Phun thuốc bằng drone”: Hạn hoàn thành 31/12/2035 nằm ngoài" in html
    assert f'href="/plans/{plan_2027.pk}/edit/#section-task"' in html
    assert Plan.objects.get(pk=plan_2027.pk).status == Plan.Status.DRAFT

    response = client.post(f"/plans/{plan_2027.pk}/submit/", {"confirm": "1"}, follow=True)
    assert "Đã trình kế hoạch, chờ lãnh đạo duyệt." in response.content.decode()
    assert Plan.objects.get(pk=plan_2027.pk).status == Plan.Status.SUBMITTED


def test_a_plan_with_its_dates_in_its_year_is_submitted_at_once(plan_2027, cast, login):
    Task.objects.filter(plan=plan_2027).update(start_on="2027-01-05", due_on="2027-12-31")
    response = login(cast["editor_a"]).post(f"/plans/{plan_2027.pk}/submit/")
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan_2027.pk).status == Plan.Status.SUBMITTED
