from plans.models import Plan


def make_plans(orgs, n):
    for i in range(n):
        Plan.objects.create(issuer=orgs["ubnd_a"], year=2022, title=f"Kế hoạch {i}", issuer_name="X", place="Y")


def test_dashboard_lists_only_visible_plans(plan_a, cast, login, orgs):
    Plan.objects.create(issuer=orgs["ubnd_b"], year=2022, title="Kế hoạch của xã Phú Tân", issuer_name="X", place="Y")
    html = login(cast["editor_a"]).get("/").content.decode()
    assert plan_a.title in html
    assert "Kế hoạch của xã Phú Tân" not in html
    html = login(cast["reviewer"]).get("/").content.decode()
    assert plan_a.title in html and "Kế hoạch của xã Phú Tân" in html


def test_dashboard_and_list_query_counts_do_not_grow(cast, login, orgs, django_assert_max_num_queries):
    make_plans(orgs, 40)
    client = login(cast["reviewer"])
    # The work queue, the bell and the unread documents included.
    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(13):  # the bell's unread count included
        assert client.get("/plans/").status_code == 200


def test_anonymous_dashboard_redirects_to_login(client, db):
    assert client.get("/").status_code == 302


def test_login_page_is_in_vietnamese(client, db):
    html = client.get("/login/").content.decode()
    assert "Đăng nhập" in html and 'lang="vi"' in html


def test_a_task_due_within_days_and_not_started_is_listed_at_risk(plan_under_way, cast, login):
    import datetime

    from django.utils import timezone

    task = plan_under_way.tasks.get()
    task.due_on = timezone.localdate() + datetime.timedelta(days=3)
    task.save(update_fields=["due_on"])
    html = login(cast["editor_a"]).get("/").content.decode()
    section = html[html.index('id="can-chu-y"') :]
    assert "Có nguy cơ chậm (1)" in section and task.title in section


def test_a_late_task_of_a_past_year_stops_counting_and_one_due_this_year_counts(plan_under_way, cast, login):
    import datetime

    from django.utils import timezone

    task = plan_under_way.tasks.get()
    task.start_on, task.due_on = datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)  # plan_a is of 2022
    task.save(update_fields=["start_on", "due_on"])
    html = login(cast["editor_a"]).get("/").content.decode()
    assert "Quá hạn (" not in html and "Nhiệm vụ quá hạn trong các kế hoạch bạn theo dõi" not in html
    year = timezone.localdate().year
    assert f"Kế hoạch từ năm {year} và nhiệm vụ còn hạn trong năm {year}" not in html  # no current plan: no card
    # The same plan's task still due this year, now past its day: it is late, and said so.
    task.start_on, task.due_on = None, max(datetime.date(year, 1, 1), timezone.localdate() - datetime.timedelta(days=1))
    task.save(update_fields=["start_on", "due_on"])
    html = login(cast["editor_a"]).get("/").content.decode()
    if task.due_on < timezone.localdate():
        assert "Quá hạn (1)" in html and task.title in html
    assert f"Kế hoạch từ năm {year} và nhiệm vụ còn hạn trong năm {year}" in html
    assert "/plans/?status=issued" in html


def test_the_chairman_sees_the_approved_plan_waiting_for_his_issue(plan_a, cast, login):
    from plans.models import Plan

    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.APPROVED)
    html = login(cast["approver_a"]).get("/").content.decode()
    assert "Kế hoạch đã duyệt, chờ bạn ban hành" in html and "Không có việc nào đang chờ bạn" not in html
