import pytest

from plans import services
from plans.models import Plan


@pytest.fixture
def plans(orgs, coops, cast, plan_a):
    other = services.plan_create(
        user=cast["editor_b"],
        issuer=orgs["ubnd_b"],
        year=2021,
        title="Phát triển đồng lúa ở Đông Hải",
        cooperatives=[coops["b"]],
    )
    services.plan_part_add(plan=plan_a, user=cast["editor_a"], kind="task", version=None, fields={"title": "Tập huấn"})
    return plan_a, other


@pytest.mark.parametrize(
    "query, found",
    [
        ("hop tac xa", "a"),
        ("HỢP TÁC XÃ", "a"),
        ("dong hai", "b"),
        ("Đông hải", "b"),
        ("tap huan", "a"),
        ("phu tan", "b"),
    ],
)
def test_search_ignores_accents_and_case(plans, cast, login, query, found):
    html = login(cast["reviewer"]).get("/plans/", {"q": query}).content.decode()
    plan_a, other = plans
    expected, unexpected = (plan_a, other) if found == "a" else (other, plan_a)
    assert expected.title in html and unexpected.title not in html


def test_filters_by_year_status_cooperative_and_issuer(plans, cast, login, coops, orgs):
    plan_a, other = plans
    client = login(cast["reviewer"])
    for params, shown in [
        ({"year": 2021}, other),
        ({"status": "draft", "issuer": orgs["ubnd_a"].pk}, plan_a),
        ({"cooperative": coops["b"].pk}, other),
    ]:
        html = client.get("/plans/", params).content.decode()
        hidden = plan_a if shown is other else other
        assert shown.title in html and hidden.title not in html, params


def test_commune_official_sees_only_the_communes_plans_and_a_create_button(plans, cast, login):
    html = login(cast["editor_a"]).get("/plans/").content.decode()
    assert plans[0].title in html and plans[1].title not in html
    assert "Soạn kế hoạch mới" in html
    assert "Soạn kế hoạch mới" not in login(cast["reviewer"]).get("/plans/").content.decode()


def test_bad_filter_values_are_ignored(plans, cast, login):
    response = login(cast["reviewer"]).get("/plans/", {"year": "abc", "issuer": "99999"})
    assert response.status_code == 200


def test_list_is_paginated_and_keeps_the_filters(orgs, cast, login):
    for i in range(30):
        Plan.objects.create(issuer=orgs["ubnd_a"], year=2022, title=f"KH {i}", issuer_name="X", place="Y")
    html = login(cast["reviewer"]).get("/plans/", {"year": 2022}).content.decode()
    assert "Trang 1/2" in html and "year=2022&amp;page=2" in html


def test_list_query_count_does_not_grow(orgs, coops, cast, login, django_assert_max_num_queries):
    client = login(cast["reviewer"])
    for i in range(40):
        plan = Plan.objects.create(issuer=orgs["ubnd_a"], year=2000 + i, title=f"KH {i}", issuer_name="X", place="Y")
        plan.cooperatives.add(coops["a"])
    with django_assert_max_num_queries(12):
        assert client.get("/plans/", {"q": "kh", "status": "draft"}).status_code == 200
