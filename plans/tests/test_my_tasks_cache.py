""" "Việc của tôi" is cached as HTML (plans/progress/views.py): a repeat view
reads it from the cache, and whatever changes what it lists (an update
logged, a plan issued, a task given to another cooperative, the language,
the reader) is seen on the very next view."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cooperatives.models import Cooperative, Membership, Organization
from plans.models import Plan
from plans.tests.test_my_tasks import make_issued_plan, report
from reports.tests.test_rollup_cache import _get, _without_tokens

pytestmark = pytest.mark.django_db
MY_TASKS = "/my-tasks/"


def _other(user) -> Client:
    """A second browser, signed in as someone else."""
    client = Client()
    client.force_login(user)
    return client


def _percent(html: str, title: str) -> str:
    """The percent the card of the task titled `title` shows."""
    card = html[html.index(title) :]
    return re.search(r"(\d+)\s*%", card).group(1)


def test_a_repeat_view_is_the_same_page_from_the_cache(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30, 60])
    client = login(cast["staff_a"])
    first, cold = _get(client, MY_TASKS)
    again, warm = _get(client, MY_TASKS)
    assert _without_tokens(again) == _without_tokens(first) and "Kế hoạch năm nay – nhiệm vụ 2" in again
    # Session, user, memberships, the units' versions and the navbar's counts.
    assert warm <= 5 < cold, (cold, warm)


def test_an_update_logged_shows_its_percent_on_the_next_view(cast, login, orgs, coops):
    plan = make_issued_plan(orgs, coops, "Kế hoạch năm nay", [30])
    client = login(cast["staff_a"])
    report(plan.tasks.get(), cast["staff_a"], 20)
    assert _percent(_get(client, MY_TASKS)[0], "Kế hoạch năm nay – nhiệm vụ 1") == "20"
    report(plan.tasks.get(), cast["staff_a"], 65)
    assert _percent(_get(client, MY_TASKS)[0], "Kế hoạch năm nay – nhiệm vụ 1") == "65"

    # Done, it folds away under "Đã hoàn thành".
    report(plan.tasks.get(), cast["staff_a"], 100)
    html = _get(client, MY_TASKS)[0]
    assert "Đã hoàn thành (1)" in html and "Không có nhiệm vụ nào đang mở" in html


def test_a_plan_issued_and_a_task_given_away_show_on_the_next_view(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch cũ", [30])
    client = login(cast["staff_a"])
    assert "Kế hoạch mới" not in _get(client, MY_TASKS)[0]

    newer = make_issued_plan(orgs, coops, "Kế hoạch mới", [45])
    assert "Kế hoạch mới – nhiệm vụ 1" in _get(client, MY_TASKS)[0]

    # The task moved to another cooperative leaves this one's list, and shows on theirs.
    task = newer.tasks.get()
    task.cooperative = coops["b"]
    task.save()
    assert "Kế hoạch mới – nhiệm vụ 1" not in _get(client, MY_TASKS)[0]
    assert "Kế hoạch mới – nhiệm vụ 1" in _get(_other(cast["staff_b"]), MY_TASKS)[0]

    # Replaced by an issued amendment, the old plan's tasks leave the list.
    amendment = make_issued_plan(orgs, coops, "Kế hoạch sửa đổi", [50])
    amendment.supersedes = Plan.objects.get(title="Kế hoạch cũ")
    amendment.save()
    html = _get(client, MY_TASKS)[0]
    assert "Kế hoạch sửa đổi – nhiệm vụ 1" in html and "Kế hoạch cũ – nhiệm vụ 1" not in html


def test_the_cached_list_follows_the_language_the_filters_and_the_reader(cast, login, orgs, coops):
    make_issued_plan(orgs, coops, "Kế hoạch năm nay", [-3, 30])
    client = login(cast["staff_a"])
    vietnamese = _get(client, MY_TASKS)[0]
    client.cookies["django_language"] = "en"
    english = _get(client, MY_TASKS)[0]
    del client.cookies["django_language"]
    assert "Việc của tôi" in vietnamese and "My tasks" in english and "Việc của tôi" not in english

    overdue = _get(client, "/my-tasks/?state=overdue")[0]
    assert "Kế hoạch năm nay – nhiệm vụ 1" in overdue and "Kế hoạch năm nay – nhiệm vụ 2" not in overdue

    # The staff of another cooperative of the same commune (the same units,
    # so the same versions) get their own list, not this one from the cache.
    neighbour = Organization.objects.create(
        name="Hợp tác xã Nông nghiệp Láng Giềng", short_name="HTX Láng Giềng",
        kind=Organization.Kind.COOPERATIVE, unit=orgs["htx_a"].unit,
    )  # fmt: skip
    Cooperative.objects.create(organization=neighbour)
    staff = get_user_model().objects.create_user(username="htx_lang_gieng")
    Membership.objects.create(user=staff, organization=neighbour, role=Membership.Role.REPORTER)
    assert "Kế hoạch năm nay" in _get(client, MY_TASKS)[0]
    theirs = _get(_other(staff), MY_TASKS)[0]
    assert "Kế hoạch năm nay" not in theirs and "Hiện chưa có nhiệm vụ nào của hợp tác xã bạn" in theirs
