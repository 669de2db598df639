"""On a fresh demo, every cooperative page the demo people open answers:
the registry, each profile, each year's rating (the demo's confirmed years,
whose history has no person), the OCOP products and the rating summary."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from cooperatives.models import Cooperative, OcopProduct
from cooperatives.twofactor.testing import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", password="demo-pass-123", stdout=open("/dev/null", "w"))


def _client(username: str) -> Client:
    return signed_in(Client(), get_user_model().objects.get(username=username))


@pytest.mark.parametrize("username", ["htx_vinhloi", "canbo_vinhloi", "phongnn_chauthanh", "canbo_xa2"])
def test_every_cooperative_page_of_the_demo_answers_for_its_people(seeded, username):
    client = _client(username)
    listing = client.get("/cooperatives/")
    assert listing.status_code == 200
    seen = [c for c in Cooperative.objects.all() if f'href="/cooperatives/{c.pk}/"' in listing.content.decode()]
    assert seen, f"{username} sees no cooperative"
    for coop in seen:
        name = coop.organization.short_name
        profile = client.get(f"/cooperatives/{coop.pk}/")
        assert profile.status_code == 200 and name in profile.content.decode()
        for year in (2020, 2021):
            page = client.get(f"/cooperatives/{coop.pk}/ratings/{year}/")
            assert page.status_code == 200, (username, coop, year, page.status_code)
            assert name in page.content.decode() and str(year) in page.content.decode()
        for product in OcopProduct.objects.filter(cooperative=coop):
            page = client.get(f"/cooperatives/ocop/{product.pk}/")
            assert page.status_code == 200 and product.name in page.content.decode()


def test_the_2020_page_of_vinh_loi_says_not_rated_and_why(seeded):
    coop = Cooperative.objects.get(organization__short_name__contains="Vĩnh Lợi")
    html = _client("canbo_vinhloi").get(f"/cooperatives/{coop.pk}/ratings/2020/").content.decode()
    assert "Hoạt động chưa đủ 12 tháng trong năm đánh giá" in html and "20/11/2020" in html


def _history(html: str) -> str:
    return html[html.index("Lịch sử thay đổi") :]


def test_an_edit_of_the_demo_profile_tells_only_what_changed_and_from_what(seeded):
    from cooperatives.registry.services import cooperative_update, proposal_accept, proposal_create

    coop = Cooperative.objects.get(organization__short_name__contains="Vĩnh Lợi")
    editor = get_user_model().objects.get(username="canbo_vinhloi")
    cooperative_update(cooperative=coop, user=editor, version=coop.version, fields={"member_count": 126})
    history = _history(_client("canbo_vinhloi").get(f"/cooperatives/{coop.pk}/").content.decode())
    assert 'số thành viên: <span class="text-muted">62</span> → 126' in history
    first_event = history[: history.index("</ul>")]
    assert "giám đốc" not in first_event and "doanh thu" not in first_event

    staff = get_user_model().objects.get(username="htx_vinhloi")
    proposal = proposal_create(cooperative=coop, user=staff, fields={"member_count": 135})
    proposal_accept(proposal=proposal, user=editor)
    html = _client("canbo_vinhloi").get(f"/cooperatives/{coop.pk}/").content.decode()
    assert "135 → 135" not in html.replace('<span class="text-muted">', "").replace("</span>", "")
    assert 'số thành viên: <span class="text-muted">126</span> → 135' in _history(html)
