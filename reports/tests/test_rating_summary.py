"""The rating summary of a district or province: counts, list, change from
last year, who may see it, and the cache."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Membership, Organization
from reports.ratings.summary import build_rating_summary

Rating = CooperativeRating.Rating


def url(kind: str = "/", unit: str = "942", year: str = "2021") -> str:
    return f"/cooperatives/ratings/summary{kind}?unit={unit}&year={year}"


def coop_in(unit, name: str, **fields) -> Cooperative:
    org = Organization.objects.create(name=name, short_name=name, kind=Organization.Kind.COOPERATIVE, unit=unit)
    return Cooperative.objects.create(organization=org, **fields)


@pytest.fixture
def rated(coops, units, cast):
    """2021: Vĩnh Lợi good 85.0 small (fair in 2020), Phú Tân not rated with its
    reason (weak in 2020), HTX Dịch vụ Vĩnh Lợi average 55.5 micro (good in 2020),
    HTX Mới no result at all; a dissolved cooperative with nothing is left out."""
    rate = CooperativeRating.objects.create
    rate(cooperative=coops["a"], year=2021, rating=Rating.GOOD, score=Decimal("85.0"), size_class="small")
    rate(cooperative=coops["a"], year=2020, rating=Rating.FAIR, score=Decimal("70.0"), size_class="small")
    rate(cooperative=coops["b"], year=2021, rating=Rating.NOT_RATED, note="Hoạt động chưa đủ 12 tháng")
    rate(cooperative=coops["b"], year=2020, rating=Rating.WEAK, score=Decimal("40.0"))
    service = coop_in(units["a"], "HTX Dịch vụ Vĩnh Lợi")
    rate(cooperative=service, year=2021, rating=Rating.AVERAGE, score=Decimal("55.5"), size_class="micro")
    rate(cooperative=service, year=2020, rating=Rating.GOOD, score=Decimal("81.0"), size_class="micro")
    coop_in(units["b"], "HTX Mới")
    coop_in(units["b"], "HTX Đã giải thể", status=Cooperative.Status.DISSOLVED)
    return units["district"]


def test_counts_per_category_and_size_class_come_from_the_confirmed_rows(rated):
    summary = build_rating_summary(unit=rated, year=2021)
    assert summary.counts() == {"good": 1, "fair": 0, "average": 1, "weak": 0, "not_rated": 1, "missing": 1}
    cross = {line["code"]: line["cells"] for line in summary.cross}
    # Sizes: micro, small, medium, large, unknown.
    assert cross["good"] == [0, 1, 0, 0, 0]
    assert cross["average"] == [1, 0, 0, 0, 0]
    assert cross["not_rated"] == [0, 0, 0, 0, 1]
    assert cross["missing"] == [0, 0, 0, 0, 1]
    assert summary.size_totals == [1, 1, 0, 0, 2]
    assert [r.cooperative for r in summary.rows] == [
        "HTX Mới",
        "HTX NN Phú Tân",
        "HTX Dịch vụ Vĩnh Lợi",
        "HTX NN Vĩnh Lợi",
    ]


def test_change_from_last_year_marks_each_cooperative_and_counts_both_years(rated):
    summary = build_rating_summary(unit=rated, year=2021)
    by_name = {r.cooperative: r for r in summary.rows}
    assert (by_name["HTX NN Vĩnh Lợi"].previous, by_name["HTX NN Vĩnh Lợi"].change_mark) == ("fair", "▲")
    assert (by_name["HTX Dịch vụ Vĩnh Lợi"].previous, by_name["HTX Dịch vụ Vĩnh Lợi"].change_mark) == ("good", "▼")
    # Not rated this year: no up or down beside last year's "weak".
    assert by_name["HTX NN Phú Tân"].change is None
    assert summary.counts(previous=True) == {
        "good": 1,
        "fair": 1,
        "average": 0,
        "weak": 1,
        "not_rated": 0,
        "missing": 1,
    }
    assert summary.moves == {"up": 1, "down": 1, "same": 0}


def test_the_page_shows_the_tables_the_list_and_the_reason(rated, cast, login):
    response = login(cast["reviewer"]).get(url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Kết quả đánh giá, phân loại hợp tác xã năm 2021",
        "Chưa có kết quả",
        "Chưa đánh giá",
        "Hoạt động chưa đủ 12 tháng",
        "85,0",  # the Vietnamese decimal comma
        "Siêu nhỏ",
        "Xã Phú Tân",
        "▲",
        "▼",
        'class="table-responsive',
    ):
        assert text in html, text
    assert "HTX Đã giải thể" not in html


def test_the_page_opens_on_last_year_and_the_reviewers_district(rated, cast, login):
    from reports.ratings.views import default_rating_year

    html = login(cast["reviewer"]).get("/cooperatives/ratings/summary/").content.decode()
    assert f"hợp tác xã năm {default_rating_year()}" in html
    assert "Huyện Châu Thành" in html


@pytest.mark.parametrize("who", ["editor_a", "approver_a", "staff_a", "outsider"])
def test_commune_and_cooperative_users_get_404(rated, cast, login, who):
    client = login(cast[who])
    for kind in ("/", ".pdf", ".xlsx"):
        assert client.get(url(kind)).status_code == 404
    assert client.get("/cooperatives/ratings/summary/").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(url(".xlsx"))
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


@pytest.fixture
def other_district(units):
    """A second district of the province, with one rated cooperative."""
    district = AdministrativeUnit.objects.create(
        code="943", name="Huyện Kế Sách", level="district", parent=units["province"]
    )
    commune = AdministrativeUnit.objects.create(code="C9", name="Xã An Mỹ", level="commune", parent=district)
    coop = coop_in(commune, "HTX An Mỹ")
    CooperativeRating.objects.create(cooperative=coop, year=2021, rating=Rating.FAIR, score=Decimal("66.0"))
    return district


def test_another_district_is_404_for_a_district_reviewer(rated, other_district, cast, login):
    client = login(cast["reviewer"])
    assert client.get(url(unit="943")).status_code == 404
    assert client.get(url(".pdf", unit="94")).status_code == 404
    assert "HTX An Mỹ" not in client.get(url()).content.decode()


def test_a_provincial_reviewer_sees_every_district_grouped(rated, other_district, units, login):
    office = Organization.objects.create(
        name="Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng", short_name="Sở NN&MT", abbreviation="SNNMT",
        kind=Organization.Kind.SPECIALISED_OFFICE, unit=units["province"],
    )  # fmt: skip
    user = get_user_model().objects.create_user("so_nn")
    Membership.objects.create(user=user, organization=office, role=Membership.Role.REVIEWER)
    html = login(user).get("/cooperatives/ratings/summary/?year=2021").content.decode()
    assert "Tỉnh Sóc Trăng" in html
    html = html.split("Danh sách hợp tác xã")[1]
    assert (
        html.index("Huyện Châu Thành")
        < html.index("Xã Phú Tân")
        < html.index("Huyện Kế Sách")
        < html.index("HTX An Mỹ")
    )
    summary = build_rating_summary(unit=units["province"], year=2021)
    assert [d for d, _rows in summary.groups] == ["Huyện Châu Thành", "Huyện Kế Sách"]
    assert summary.counts()["fair"] == 1


def test_a_bad_year_is_explained_in_vietnamese(rated, cast, login):
    client = login(cast["reviewer"])
    response = client.get(url(".pdf", year="hai"))
    assert response.status_code == 400 and "Năm “hai” không hợp lệ" in response.content.decode()
    assert "Năm “1999” không hợp lệ" in client.get(url(year="1999")).content.decode()


def test_a_newly_confirmed_rating_is_shown_at_once_despite_the_cache(rated, cast, login):
    client = login(cast["reviewer"])
    assert "45,5" not in client.get(url()).content.decode()
    newcomer = Cooperative.objects.get(organization__short_name="HTX Mới")
    # What the district's confirmation writes: the commune's version moves with it.
    CooperativeRating.objects.create(cooperative=newcomer, year=2021, rating=Rating.WEAK, score=Decimal("45.5"))
    html = client.get(url()).content.decode()
    assert "45,5" in html
    summary_row = html.split("HTX Mới")[1][:600]
    assert "Yếu" in summary_row
