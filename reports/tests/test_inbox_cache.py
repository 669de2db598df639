"""The inbox's list is cached as HTML (reports/distribution/views.py): a
repeat view costs the counts, every delivery added, read, confirmed or
deleted shows on the next view, and the confirm buttons of a cached list
carry the reader's own CSRF token, so they work from any browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cooperatives.models import Membership
from cooperatives.twofactor.testing import signed_in
from plans.models import Plan
from reports.models import Delivery

pytestmark = pytest.mark.django_db


def _browser(user) -> Client:
    """A browser of its own, which checks CSRF tokens as a real one does."""
    return signed_in(Client(enforce_csrf_checks=True), user)


def _confirm_token(html: str, delivery: Delivery) -> str:
    form = html[html.index(f'action="/inbox/{delivery.pk}/confirm/"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_a_cached_list_confirms_from_another_browser_with_its_own_token(delivered, cast):
    first, second = _browser(cast["reviewer"]), _browser(cast["reviewer"])
    html = first.get("/inbox/").content.decode()
    cached = second.get("/inbox/").content.decode()  # the same list, from the cache
    assert _confirm_token(html, delivered) != _confirm_token(cached, delivered)

    token = _confirm_token(cached, delivered)
    response = second.post(f"/inbox/{delivered.pk}/confirm/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    delivered.refresh_from_db()
    assert delivered.confirmed_by == cast["reviewer"]

    # Confirmed, the next view of either browser says so and offers no button.
    for browser in (first, second):
        html = browser.get("/inbox/").content.decode()
        assert "Đã nhận" in html and f'action="/inbox/{delivered.pk}/confirm/"' not in html


def test_a_delivery_added_read_or_deleted_shows_on_the_next_view(delivered, cast, orgs, approved_plan):
    client = _browser(cast["reviewer"])
    assert "Mới" in client.get("/inbox/").content.decode()

    client.get(f"/inbox/{delivered.pk}/open")
    html = client.get("/inbox/").content.decode()
    assert "Mới</span>" not in html and approved_plan.title in html

    newer = Plan.objects.create(
        issuer=orgs["ubnd_b"], year=2024, title="Kế hoạch vừa gửi đến", issuer_name="UBND", place="Phú Tân",
        status=Plan.Status.ISSUED, number=7, issued_on=approved_plan.issued_on,
    )  # fmt: skip
    added = Delivery.objects.create(plan=newer, organization=delivered.organization)
    html = client.get("/inbox/").content.decode()
    assert "Kế hoạch vừa gửi đến" in html and "Mới</span>" in html

    added.delete()
    assert "Kế hoạch vừa gửi đến" not in client.get("/inbox/").content.decode()


def test_the_cached_list_follows_the_reader_and_the_language(delivered, cast, approved_plan):
    client = _browser(cast["reviewer"])
    vietnamese = client.get("/inbox/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/inbox/").content.decode()
    assert "Xác nhận đã nhận" in vietnamese and "Xác nhận đã nhận" not in english

    # A member of another organisation, with nothing delivered, sees an empty inbox.
    stranger = get_user_model().objects.create_user(username="htx_khac")
    Membership.objects.create(user=stranger, organization=cast["staff_b"].memberships.get().organization,
                              role=Membership.Role.REPORTER)  # fmt: skip
    html = _browser(stranger).get("/inbox/").content.decode()
    assert approved_plan.title not in html and "Chưa có văn bản nào được gửi đến cơ quan của bạn." in html
