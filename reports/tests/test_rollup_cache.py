"""The cached roll-ups (cooperatives/versions.py): a repeat view of the
dashboard, /district/ and the summary is read from the cache, and any write
to what they show is seen on the very next view."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cooperatives.models import AdministrativeUnit, CooperativeRating
from plans.models import Plan, ProgressUpdate
from reports.tests import test_district
from reports.tests.test_district import YEAR, make_plan

# The district page's own data: commune A with an issued plan, a late task and a report; commune B a draft.
district_data = test_district.district_data

pytestmark = pytest.mark.django_db


def _get(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _without_tokens(html: str) -> str:
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _finish(task, user) -> None:
    ProgressUpdate.objects.create(
        task=task, reported_on=datetime.date(YEAR, 2, 1), percent=100, status="done", work_done="Đã bay thử.",
        author=user,
    )  # fmt: skip


def test_a_repeat_view_of_the_district_page_is_read_from_the_cache_and_a_new_update_shows_at_once(
    district_data, cast, login
):
    client = login(cast["reviewer"])
    first, cold = _get(client, "/district/")
    again, warm = _get(client, "/district/")
    assert _without_tokens(again) == _without_tokens(first) and "1 nhiệm vụ trễ hạn" in first
    assert warm < cold, (cold, warm)

    _finish(district_data["late"], cast["staff_a"])
    after, _ = _get(client, "/district/")
    assert "1 nhiệm vụ trễ hạn" not in after and "0 nhiệm vụ trễ hạn" in after
    assert 'aria-valuenow="100"' in after


def test_a_new_rating_and_a_new_plan_show_on_the_cached_district_page(district_data, cast, login, coops, orgs):
    client = login(cast["reviewer"])
    _get(client, "/district/")
    CooperativeRating.objects.create(cooperative=coops["b"], year=YEAR - 1, rating="good")
    plan = make_plan(orgs["ubnd_b"], number=7, title="Kế hoạch mới của xã Phú Tân")
    html, _ = _get(client, "/district/")
    assert f"xếp loại {YEAR - 1}: Tốt" in html
    assert f'href="/plans/{plan.pk}/"' in html


def test_the_cached_summary_counts_a_plan_the_moment_it_is_issued(district_data, cast, login):
    client = login(cast["reviewer"])
    url = f"/reports/summary/?year={YEAR}"
    before, _ = _get(client, url)
    draft = district_data["draft"]
    draft.status, draft.number, draft.issued_on = Plan.Status.ISSUED, 3, datetime.date(YEAR, 2, 2)
    draft.save()
    after, _ = _get(client, url)
    assert before != after
    assert "03/KH-UBND" in after and "03/KH-UBND" not in before


def test_the_summary_pdf_is_found_by_the_cached_summary_and_changes_with_the_data(district_data, cast, login):
    client = login(cast["reviewer"])
    url = f"/reports/summary.pdf?year={YEAR}"
    first = client.get(url).content
    with CaptureQueriesContext(connection) as repeat:
        assert client.get(url).content == first
    # The summary is not built again: no query reads the plans' tasks or updates.
    tables = " ".join(q["sql"] for q in repeat.captured_queries)
    assert "plans_progressupdate" not in tables and "plans_task" not in tables
    _finish(district_data["late"], cast["staff_a"])
    assert client.get(url).content != first


def test_the_dashboard_late_count_follows_a_new_update_after_a_cached_view(district_data, cast, login):
    client = login(cast["editor_a"])
    before, _ = _get(client, "/")
    assert "Quá hạn (1)" in before
    _finish(district_data["late"], cast["staff_a"])
    after, _ = _get(client, "/")
    assert "Quá hạn (0)" in after or "Quá hạn (" not in after


def test_a_write_bumps_its_own_commune_only_and_a_rolled_back_write_bumps_nothing(district_data, cast, units):
    a, b = units["a"], units["b"]
    a.refresh_from_db()
    b.refresh_from_db()
    _finish(district_data["late"], cast["staff_a"])
    a_after, b_after = (AdministrativeUnit.objects.get(pk=u.pk).data_version for u in (a, b))
    assert a_after > a.data_version and b_after == b.data_version

    with pytest.raises(RuntimeError), transaction.atomic():
        district_data["plan"].tasks.create(position=5, title="Bỏ dở")
        raise RuntimeError
    assert AdministrativeUnit.objects.get(pk=a.pk).data_version == a_after


def test_saving_a_unit_loaded_earlier_never_takes_its_version_back(units):
    stale = AdministrativeUnit.objects.get(pk=units["a"].pk)
    AdministrativeUnit.objects.filter(pk=stale.pk).update(data_version=41)
    stale.name = "Xã Vĩnh Lợi (mới)"
    stale.save()
    fresh = AdministrativeUnit.objects.get(pk=stale.pk)
    assert fresh.name == "Xã Vĩnh Lợi (mới)" and fresh.data_version == 42


def test_a_cache_that_cannot_be_reached_costs_the_cache_not_the_page(district_data, cast, login):
    client = login(cast["reviewer"])
    broken = mock.patch("cooperatives.versions.cache.get", side_effect=ConnectionError("Redis đã tắt"))
    with broken, mock.patch("cooperatives.versions.cache.set", side_effect=ConnectionError("Redis đã tắt")):
        html, _ = _get(client, "/district/")
        summary, _ = _get(client, f"/reports/summary/?year={YEAR}")
        dashboard, _ = _get(client, "/")
    assert "1 nhiệm vụ trễ hạn" in html and "Xã Vĩnh Lợi" in summary and dashboard


def test_two_reviewers_never_share_a_cached_page(district_data, cast, login, client, orgs):
    from django.contrib.auth import get_user_model

    from cooperatives.models import Membership

    login(cast["reviewer"]).get("/district/")
    outsider = get_user_model().objects.create_user(username="phong_khac", password="x-y-z-12345")
    # A reviewer of commune B only: the same communes' versions, another scope.
    Membership.objects.create(user=outsider, organization=orgs["ubnd_b"], role=Membership.Role.REVIEWER)
    client.force_login(outsider)
    html = client.get("/district/").content.decode()
    assert "Xã Phú Tân" in html and "Xã Vĩnh Lợi" not in html
