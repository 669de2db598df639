"""The progress panel of the plan page and the flags of the dashboard."""

import datetime

from django.utils import timezone

from plans.models import Plan, ProgressUpdate

Status = ProgressUpdate.Status


def add_task(plan, coops, title, weight, due_days):
    return plan.tasks.create(
        position=plan.tasks.count(),
        title=title,
        cooperative=coops["a"],
        weight=weight,
        due_on=timezone.localdate() + datetime.timedelta(days=due_days),
    )


def update(task, user, days_ago, percent):
    return ProgressUpdate.objects.create(
        task=task,
        reported_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        percent=percent,
        status=Status.for_percent(percent),
        work_done="…",
        author=user,
    )


def test_the_plan_page_shows_the_weighted_mean_of_the_latest_updates(plan_under_way, cast, login, coops):
    drone = plan_under_way.tasks.get()  # weight 1
    link = add_task(plan_under_way, coops, "Liên kết tiêu thụ lúa", 3, 60)
    update(drone, cast["staff_a"], 20, 90)
    update(drone, cast["staff_a"], 2, 50)  # the latest counts, not the highest
    update(link, cast["staff_a"], 3, 20)

    response = login(cast["editor_a"]).get(plan_under_way.get_absolute_url())

    # (1 × 50 + 3 × 20) / (1 + 3) = 27.5
    html = response.content.decode()
    assert "Tiến độ thực hiện" in html
    assert "27,5%" in html
    # Both a quarter or less through their time and further along than that: in progress.
    assert 'task-state-in_progress">' in html and 'Đang thực hiện <strong class="task-state-count">2</strong>' in html


def test_late_and_quiet_tasks_are_flagged_on_the_plan_page(plan_under_way, cast, login, coops):
    late = add_task(plan_under_way, coops, "Tập huấn kỹ thuật", 1, -2)
    update(late, cast["staff_a"], 1, 40)
    quiet = add_task(plan_under_way, coops, "Xây dựng nhãn hiệu", 1, 90)
    update(quiet, cast["staff_a"], 45, 10)

    html = login(cast["reviewer"]).get(plan_under_way.get_absolute_url()).content.decode()

    assert 'Quá hạn <strong class="task-state-count">1</strong>' in html
    assert "1 nhiệm vụ lâu chưa cập nhật" in html
    assert html.count('class="table-danger"') == 1


def test_a_draft_plan_has_no_progress_panel(plan_a, cast, login):
    assert "Tiến độ thực hiện" not in login(cast["editor_a"]).get(plan_a.get_absolute_url()).content.decode()


def test_the_plan_page_queries_do_not_grow_with_tasks(
    plan_under_way, cast, login, coops, django_assert_max_num_queries
):
    client = login(cast["reviewer"])
    for i in range(10):
        update(add_task(plan_under_way, coops, f"Nhiệm vụ {i}", 1, 30), cast["staff_a"], 1, i * 10)
    with django_assert_max_num_queries(25):
        assert client.get(plan_under_way.get_absolute_url()).status_code == 200


def test_the_dashboard_lists_late_and_quiet_tasks_the_user_may_open(plan_under_way, cast, login, coops, orgs):
    late = add_task(plan_under_way, coops, "Tập huấn kỹ thuật canh tác", 1, -2)
    other = Plan.objects.create(
        issuer=orgs["ubnd_b"],
        year=plan_under_way.year,
        title="Kế hoạch Phú Tân",
        issuer_name="X",
        place="Phú Tân",
        status=Plan.Status.ISSUED,
        number=1,
        issued_on=plan_under_way.issued_on,
    )
    other.cooperatives.add(coops["a"], coops["b"])
    other.tasks.create(position=0, title="Nhiệm vụ của HTX Phú Tân", cooperative=coops["b"], due_on=late.due_on)

    reviewer_html = login(cast["reviewer"]).get("/").content.decode()
    staff_html = login(cast["staff_a"]).get("/").content.decode()

    assert "Cần chú ý" in reviewer_html
    assert "Tập huấn kỹ thuật canh tác" in reviewer_html and "Nhiệm vụ của HTX Phú Tân" in reviewer_html
    assert "Tập huấn kỹ thuật canh tác" in staff_html
    assert "Nhiệm vụ của HTX Phú Tân" not in staff_html  # another cooperative's task
