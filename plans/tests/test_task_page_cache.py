"""A task's page is cached as HTML (plans/progress/views.py): a repeat view
costs a few queries, and an update logged, a page of older updates, a new
right or the plan replaced shows on the very next view."""

import pytest

from cooperatives.models import Membership
from plans.models import Plan
from plans.tests.test_my_tasks import make_issued_plan, report
from reports.tests.test_rollup_cache import _get, _without_tokens

pytestmark = pytest.mark.django_db


def test_a_repeat_view_costs_a_few_queries_and_an_update_shows_at_once(cast, login, orgs, coops):
    task = make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30]).tasks.get()
    report(task, cast["staff_a"], 30)
    client = login(cast["staff_a"])
    url = f"/tasks/{task.pk}/"
    first, cold = _get(client, url)
    again, warm = _get(client, url)
    assert _without_tokens(again) == _without_tokens(first) and "Cập nhật tiến độ" in again
    # Session, user, memberships, the task, the versions and the navbar's counts.
    assert warm <= 6 < cold, (cold, warm)

    update = report(task, cast["staff_a"], 80)
    update.work_done = "Đã tập huấn cho 40 thành viên."
    update.save()
    html = _get(client, url)[0]
    assert "Đã tập huấn cho 40 thành viên." in html and "80%" in html


def test_the_pages_of_older_updates_are_cached_apart(cast, login, orgs, coops):
    task = make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30]).tasks.get()
    for day in range(25):
        update = report(task, cast["staff_a"], day, days_ago=30 - day)
        update.work_done = f"Báo cáo số {day + 1}."
        update.save()
    client = login(cast["staff_a"])
    newest, oldest = _get(client, f"/tasks/{task.pk}/")[0], _get(client, f"/tasks/{task.pk}/?page=2")[0]
    assert "Báo cáo số 25." in newest and "Báo cáo số 1." not in newest
    assert "Báo cáo số 1." in oldest and "Báo cáo số 25." not in oldest


def test_the_cached_page_follows_the_readers_rights_and_the_plans_state(cast, login, orgs, coops):
    plan = make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30])
    task = plan.tasks.get()
    reviewer = login(cast["reviewer"])
    assert "Cập nhật tiến độ" not in _get(reviewer, f"/tasks/{task.pk}/")[0]

    # Made an editor of the commune, the same person may log progress on the next view.
    Membership.objects.create(user=cast["reviewer"], organization=orgs["ubnd_a"], role=Membership.Role.EDITOR)
    assert "Cập nhật tiến độ" in _get(login(cast["reviewer"]), f"/tasks/{task.pk}/")[0]

    # The plan back to a draft (an amendment's replaced text): no more logging.
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    staff = login(cast["staff_a"])
    html = staff.get(f"/tasks/{task.pk}/")
    assert html.status_code == 404 or "Cập nhật tiến độ" not in html.content.decode()


def test_an_author_renamed_signs_the_updates_with_the_new_name_on_the_next_view(cast, login, orgs, coops):
    task = make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30]).tasks.get()
    report(task, cast["staff_a"], 30)
    client = login(cast["editor_a"])
    assert "htx_a" in _get(client, f"/tasks/{task.pk}/")[0]
    cast["staff_a"].first_name, cast["staff_a"].last_name = "Cường", "Lê Văn"
    cast["staff_a"].save()
    assert "Cường Lê Văn" in _get(client, f"/tasks/{task.pk}/")[0]
