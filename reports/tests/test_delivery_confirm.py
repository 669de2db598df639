""" "Đã nhận": a recipient confirms receipt once, whoever clicks and however often."""

import pytest
from django.contrib.auth import get_user_model

from cooperatives.models import Membership
from reports import distribution

pytestmark = pytest.mark.django_db


def test_confirming_records_who_and_when(delivered, cast, login):
    html = login(cast["reviewer"]).post(f"/inbox/{delivered.pk}/confirm/", follow=True).content.decode()
    assert "Đã xác nhận đã nhận văn bản." in html
    delivered.refresh_from_db()
    assert delivered.confirmed_by == cast["reviewer"] and delivered.confirmed_at is not None
    assert delivered.first_read_by == cast["reviewer"]
    assert f'action="/inbox/{delivered.pk}/confirm/"' not in html  # the button gives way to "Đã nhận"


def test_confirming_twice_records_one_confirmation(delivered, cast, login):
    colleague = get_user_model().objects.create_user(username="phongnn_2", first_name="Lan")
    Membership.objects.create(user=colleague, organization=delivered.organization, role=Membership.Role.REVIEWER)
    login(cast["reviewer"]).post(f"/inbox/{delivered.pk}/confirm/")
    delivered.refresh_from_db()
    first = delivered.confirmed_at
    login(cast["reviewer"]).post(f"/inbox/{delivered.pk}/confirm/")
    html = login(colleague).post(f"/inbox/{delivered.pk}/confirm/", follow=True).content.decode()
    assert "Văn bản này đã được xác nhận trước đó (phongnn," in html
    delivered.refresh_from_db()
    assert (delivered.confirmed_by, delivered.confirmed_at) == (cast["reviewer"], first)
    _again, confirmed_now = distribution.delivery_confirm(delivery=delivered, user=colleague)
    assert confirmed_now is False


def test_only_members_of_the_recipient_confirm(delivered, cast, login, client, elsewhere):
    url = f"/inbox/{delivered.pk}/confirm/"
    client.logout()
    assert client.post(url)["Location"].startswith("/login/")
    for user in (cast["outsider"], cast["editor_b"], cast["approver_a"], elsewhere["user"]):
        assert login(user).post(url).status_code == 404
    assert login(cast["reviewer"]).get(url).status_code == 405
    delivered.refresh_from_db()
    assert delivered.confirmed_at is None
