"""A form sent after the session ended says so and loses nothing silently."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_htmx_save_after_sign_out_gets_401_with_a_message_not_the_login_page(client, plan_a):
    url = reverse("plans:plan-part-add", args=[plan_a.pk, "objective"])

    response = client.post(url, {"new-objective-title": "Mục tiêu"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 401
    text = response.content.decode()
    assert "Phiên đăng nhập đã hết hạn" in text
    assert "<form" not in text
    assert plan_a.objectives.count() == 0


def test_plain_save_after_sign_out_is_explained_on_the_login_page(client, plan_a):
    url = reverse("plans:plan-edit", args=[plan_a.pk])

    response = client.post(url, {"title": "Tiêu đề mới"}, follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "nội dung vừa gửi chưa được lưu" in response.content.decode()


def test_opening_a_page_signed_out_just_asks_to_sign_in(client, plan_a):
    response = client.get(reverse("plans:plan-edit", args=[plan_a.pk]), follow=True)

    assert "nội dung vừa gửi chưa được lưu" not in response.content.decode()
