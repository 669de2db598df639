"""The dashboard's body is cached as HTML (plans/dashboard.py): a repeat view
reads it from the cache with a handful of queries, and whatever changes what
it shows (a plan submitted, a notification, a deadline, a new commune, the
language) is seen on the very next view."""

import datetime

import pytest
from django.utils import timezone

from cooperatives.models import AdministrativeUnit, Membership
from plans.models import Plan
from reports.models import Notification, PlanDeadline
from reports.tests import test_district
from reports.tests.test_rollup_cache import _get, _without_tokens

district_data = test_district.district_data

pytestmark = pytest.mark.django_db


def _queue_line(html: str, label: str) -> str:
    """The badge of one line of "Việc cần xử lý", or "" when the line is not shown."""
    start = html.find(f"<span>{label}")
    if start < 0:
        return ""
    badge = html.index('fs-6">', start) + len('fs-6">')
    return html[badge : html.index("<", badge)]


def test_a_repeat_view_is_read_from_the_cache_and_costs_a_handful_of_queries(district_data, cast, login):
    client = login(cast["editor_a"])
    first, cold = _get(client, "/")
    again, warm = _get(client, "/")
    assert _without_tokens(again) == _without_tokens(first)
    assert "Việc cần xử lý" in again and "Kế hoạch gần đây" in again
    # Session, user, memberships, the units seen, their versions and the navbar's counts.
    assert warm <= 6 < cold, (cold, warm)


def test_a_plan_submitted_shows_in_the_approvers_queue_at_once(district_data, cast, login, orgs):
    client = login(cast["approver_a"])
    before, _ = _get(client, "/")
    waiting = _queue_line(before, "Kế hoạch chờ bạn duyệt")
    plan = test_district.make_plan(orgs["ubnd_a"], status=Plan.Status.SUBMITTED, title="Kế hoạch vừa trình")
    after, _ = _get(client, "/")
    assert _queue_line(after, "Kế hoạch chờ bạn duyệt") == str(int(waiting or 0) + 1)
    assert f'href="/plans/{plan.pk}/"' in after


def test_a_new_notification_and_its_reading_show_in_the_queue_at_once(district_data, cast, login):
    user = cast["editor_a"]
    client = login(user)
    assert _queue_line(_get(client, "/")[0], "Thông báo chưa xem") == ""
    note = Notification.objects.create(user=user, kind=Notification.Kind.RETURNED, subject="Kế hoạch A", url="/")
    assert _queue_line(_get(client, "/")[0], "Thông báo chưa xem") == "1"
    note.read_at = timezone.now()
    note.save()
    assert _queue_line(_get(client, "/")[0], "Thông báo chưa xem") == ""


def test_a_deadline_set_and_a_new_commune_show_on_the_reviewers_dashboard_at_once(district_data, cast, login, units):
    year = timezone.localdate().year
    client = login(cast["reviewer"])
    before, _ = _get(client, "/")
    no_deadline = f"Chưa đặt hạn trình kế hoạch năm {year} cho các xã"
    missing = f"Xã chưa có kế hoạch ban hành năm {year}"
    assert no_deadline in before
    communes = int(_queue_line(before, missing))

    PlanDeadline.objects.create(unit=units["district"], year=year, due_on=datetime.date(year, 1, 31))
    after_deadline, _ = _get(client, "/")
    assert no_deadline not in after_deadline

    AdministrativeUnit.objects.create(code="C1", name="Xã Mới", level="commune", parent=units["district"])
    assert int(_queue_line(_get(client, "/")[0], missing)) == communes + 1


def test_the_cached_body_follows_the_language_and_the_memberships(district_data, cast, login, orgs):
    user = cast["editor_a"]
    test_district.make_plan(orgs["ubnd_a"], status=Plan.Status.SUBMITTED, title="Kế hoạch vừa trình")
    client = login(user)
    vietnamese, _ = _get(client, "/")
    client.cookies["django_language"] = "en"
    english, _ = _get(client, "/")
    assert "Việc cần xử lý" in vietnamese and "Việc cần xử lý" not in english
    del client.cookies["django_language"]

    # Made an approver too: the approver's line appears on the next view.
    assert "Kế hoạch chờ bạn duyệt" not in vietnamese
    Membership.objects.create(user=user, organization=orgs["ubnd_a"], role=Membership.Role.APPROVER)
    client = login(user)  # an approver signs in with a second factor
    assert _queue_line(_get(client, "/")[0], "Kế hoạch chờ bạn duyệt") == "1"
