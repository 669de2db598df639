"""The registry's list and profile: who sees which cooperative, what the
rows show, filters, and a query count that does not grow with the rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Cooperative, CooperativeRating, OcopGroup, OcopProduct, Organization
from plans.models import Plan

LIST = "/cooperatives/"


def _product(coop, name="Gạo thơm", stars=4, **fields):
    return OcopProduct.objects.create(
        cooperative=coop, name=name, group=OcopGroup.objects.get(code="thuc-pham"), stars=stars, **fields
    )


def test_anonymous_is_sent_to_login(client, coops):
    for url in (LIST, f"/cooperatives/{coops['a'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_commune_official_sees_only_the_communes_cooperatives(login, cast, coops):
    coops["a"].member_count = 62
    coops["a"].save()
    html = login(cast["editor_a"]).get(LIST).content.decode()
    assert "HTX NN Vĩnh Lợi" in html and "HTX NN Phú Tân" not in html
    assert "62" in html
    assert 'href="/cooperatives/"' in html  # the menu item


def test_district_officer_sees_every_commune(login, cast):
    html = login(cast["reviewer"]).get(LIST).content.decode()
    assert "HTX NN Vĩnh Lợi" in html and "HTX NN Phú Tân" in html


def test_outsider_has_no_menu_item_and_an_empty_list(login, cast):
    client = login(cast["outsider"])
    html = client.get(LIST).content.decode()
    assert "HTX NN" not in html
    assert 'href="/cooperatives/"' not in client.get("/").content.decode()


def test_another_communes_cooperative_is_404(login, cast, coops):
    client = login(cast["editor_a"])
    assert client.get(f"/cooperatives/{coops['b'].pk}/").status_code == 404
    assert client.get(f"/cooperatives/{coops['b'].pk}/edit/").status_code == 404
    assert login(cast["staff_a"]).get(f"/cooperatives/{coops['b'].pk}/").status_code == 404


def test_the_list_shows_the_latest_rating_and_products(login, cast, coops):
    CooperativeRating.objects.create(cooperative=coops["a"], year=2020, rating="not_rated")
    CooperativeRating.objects.create(
        cooperative=coops["a"], year=2021, rating="fair", score=Decimal("72.5"), size_class="small"
    )
    _product(coops["a"], stars=4)
    _product(coops["a"], name="Mật ong", stars=3)
    html = login(cast["reviewer"]).get(LIST).content.decode()
    assert "Khá" in html and "72,5 điểm" in html and "Nhỏ" in html
    assert "2 sản phẩm" in html and "★★★★☆" in html


def test_filters_by_commune_status_and_rating(login, cast, coops, units):
    CooperativeRating.objects.create(cooperative=coops["b"], year=2021, rating="good")
    client = login(cast["reviewer"])
    html = client.get(LIST, {"commune": units["a"].pk}).content.decode()
    assert "HTX NN Vĩnh Lợi" in html and "HTX NN Phú Tân" not in html
    html = client.get(LIST, {"rating": "good"}).content.decode()
    assert "HTX NN Phú Tân" in html and "HTX NN Vĩnh Lợi" not in html
    html = client.get(LIST, {"rating": "none"}).content.decode()
    assert "HTX NN Vĩnh Lợi" in html and "HTX NN Phú Tân" not in html
    html = client.get(LIST, {"status": "dissolved"}).content.decode()
    assert "Không có hợp tác xã nào phù hợp." in html


def _more_cooperatives(units, n):
    for i in range(n):
        org = Organization.objects.create(
            name=f"Hợp tác xã {i}", short_name=f"HTX thêm {i}", kind=Organization.Kind.COOPERATIVE, unit=units["a"]
        )
        coop = Cooperative.objects.create(organization=org, founded_on=datetime.date(2019, 1, 1))
        CooperativeRating.objects.create(cooperative=coop, year=2021, rating="good", score=85)
        _product(coop)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_cooperatives(login, cast, units):
    client = login(cast["reviewer"])
    _more_cooperatives(units, 1)
    few = _count(client, LIST)
    _more_cooperatives(units, 6)
    assert _count(client, LIST) == few


@pytest.mark.parametrize("who", ["editor_a", "staff_a"])
def test_profile_query_count_does_not_grow(login, cast, coops, plan_a, who):
    coop = coops["a"]
    client = login(cast[who])
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=1, issued_on="2022-01-05")
    _product(coop)
    url = f"/cooperatives/{coop.pk}/?year=2022"
    few = _count(client, url)
    for i in range(5):
        plan_a.tasks.create(position=i + 1, title=f"Việc {i}", cooperative=coop, weight=1)
        _product(coop, name=f"Sản phẩm {i}")
    assert _count(client, url) == few


def test_the_profile_shows_plans_tasks_and_products(login, cast, coops, plan_a):
    product = _product(coops["a"], name="Gạo thơm Vĩnh Lợi")
    task = plan_a.tasks.get()
    task.ocop_product = product
    task.save()
    html = login(cast["editor_a"]).get(f"/cooperatives/{coops['a'].pk}/").content.decode()
    assert plan_a.title in html and "Phun thuốc bằng drone" in html
    assert "Gạo thơm Vĩnh Lợi" in html and f"/cooperatives/ocop/{product.pk}/" in html
    assert "Sửa hồ sơ" in html


def test_the_plan_page_names_its_cooperatives_with_their_rating(login, cast, coops, plan_a):
    CooperativeRating.objects.create(cooperative=coops["a"], year=2021, rating="fair", score=70)
    html = login(cast["editor_a"]).get(f"/plans/{plan_a.pk}/").content.decode()
    assert "Hợp tác xã được hỗ trợ" in html
    assert f'href="/cooperatives/{coops["a"].pk}/"' in html and "Khá" in html


def test_the_plan_editor_shows_each_cooperatives_latest_rating(login, cast, coops, plan_a):
    CooperativeRating.objects.create(cooperative=coops["a"], year=2021, rating="good", score=85)
    html = login(cast["editor_a"]).get(f"/plans/{plan_a.pk}/edit/").content.decode()
    assert "HTX NN Vĩnh Lợi — Tốt (2021)" in html
