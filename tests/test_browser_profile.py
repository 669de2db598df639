"""A person handed a one-time password on paper signs in, is sent to choose
their own, reaches the dashboard, and finds one session on their profile."""

from urllib.parse import urlparse

import pytest

from conftest import PASSWORD
from cooperatives.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW = "mat-khau-cua-rieng-toi-7"


def test_a_one_time_password_is_changed_at_the_first_sign_in(phone_page, cast):
    user = cast["staff_a"]
    Profile.objects.create(user=user, must_change_password=True)
    page = phone_page
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/password/**")
    assert "Bạn đang dùng mật khẩu một lần" in page.locator("main").inner_text()
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.click("form button[type=submit].btn-success")
    page.wait_for_url(lambda url: "/account/password/" not in url)
    assert urlparse(page.url).path == "/"  # the dashboard
    assert "Đã đổi mật khẩu." in page.locator("main").inner_text()
    page.screenshot(path="/tmp/profile_dashboard.png")
    page.goto("/account/")
    page.screenshot(path="/tmp/profile_page.png", full_page=True)
    sessions = page.locator("#sessions .list-group-item")
    assert sessions.count() == 1
    assert "phiên này" in sessions.first.inner_text()
    assert page.locator("#sessions").get_by_role("button", name="Đăng xuất ở các nơi khác").count() == 0
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not Profile.objects.get(user=user).must_change_password
