import datetime

from django.utils import timezone

from plans.models import Plan, ProgressUpdate


def make_issued_plan(orgs, coops, title, due_days, year=None):
    today = timezone.localdate()
    plan = Plan.objects.create(
        issuer=orgs["ubnd_a"],
        year=year or today.year,
        title=title,
        issuer_name="ỦY BAN NHÂN DÂN XÃ VĨNH LỢI",
        symbol="KH-UBND",
        place="Vĩnh Lợi",
        status=Plan.Status.ISSUED,
        number=Plan.objects.count() + 10,
        issued_on=today - datetime.timedelta(days=5),
    )
    for i, days in enumerate(due_days):
        plan.tasks.create(
            position=i,
            title=f"{title} – nhiệm vụ {i + 1}",
            cooperative=coops["a"],
            due_on=today + datetime.timedelta(days=days) if days is not None else None,
        )
    return plan


def test_staff_see_their_tasks_across_issued_plans_soonest_due_first(cast, login, orgs, coops, plan_a):
    make_issued_plan(orgs, coops, "Kế hoạch liên kết", [20, None])
    make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [5, -3])

    response = login(cast["staff_a"]).get("/my-tasks/")

    titles = [tp.task.title for tp in response.context["rows"]]
    assert titles == [
        "Kế hoạch tập huấn – nhiệm vụ 2",
        "Kế hoạch tập huấn – nhiệm vụ 1",
        "Kế hoạch liên kết – nhiệm vụ 1",
        "Kế hoạch liên kết – nhiệm vụ 2",  # no due date: last
    ]
    assert plan_a.tasks.get().title not in response.content.decode()  # plan_a is a draft


def test_each_task_shows_its_status_badge_percent_and_late_flag(cast, login, orgs, coops):
    plan = make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [-3])
    ProgressUpdate.objects.create(
        task=plan.tasks.get(),
        reported_on=timezone.localdate(),
        percent=35,
        status=ProgressUpdate.Status.IN_PROGRESS,
        work_done="Đã mở 1 lớp.",
        author=cast["staff_a"],
    )
    html = login(cast["staff_a"]).get("/my-tasks/").content.decode()
    assert "Quá hạn" in html and "task-state-overdue" in html
    assert "35%" in html
    assert f"/tasks/{plan.tasks.get().pk}/progress/new" in html


def test_another_cooperatives_tasks_are_not_listed(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch tập huấn", [5])
    response = login(cast["staff_b"]).get("/my-tasks/")
    assert response.context["rows"] == []
    assert "Hiện chưa có nhiệm vụ nào" in response.content.decode()


def test_the_navbar_links_my_tasks_for_cooperative_staff_only(cast, login, db):
    assert 'href="/my-tasks/"' in login(cast["staff_a"]).get("/").content.decode()
    assert 'href="/my-tasks/"' not in login(cast["editor_a"]).get("/").content.decode()


def test_officials_get_an_explanation_instead_of_a_list(cast, login, db):
    assert "dành cho nhân viên hợp tác xã" in login(cast["reviewer"]).get("/my-tasks/").content.decode()


def test_the_page_fits_a_360px_phone_and_its_queries_do_not_grow(
    cast, login, orgs, coops, django_assert_max_num_queries
):
    for i in range(6):
        make_issued_plan(orgs, coops, f"Kế hoạch {i}", [i, i + 1, i + 2])
    client = login(cast["staff_a"])
    with django_assert_max_num_queries(8):
        response = client.get("/my-tasks/")
    assert len(response.context["rows"]) == 18
    assert 'name="viewport" content="width=device-width' in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get("/my-tasks/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
