"""The commune's chairman invites a staff member of the commune's
cooperative; the newcomer opens the link in a browser of their own,
chooses a password and lands on the dashboard, signed in."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from cooperatives.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Lua-mua-2026-tot"


def test_a_chairman_invites_and_the_newcomer_accepts_in_another_browser(
    cast, orgs, page, browser_login, _browser, live_server
):
    browser_login(page, cast["approver_a"])
    page.goto("/members/")
    page.get_by_role("link", name="HTX NN Vĩnh Lợi").click()
    page.get_by_role("link", name="Mời qua thư điện tử").click()
    page.fill("#id_email", "an@example.vn")
    page.fill("#id_full_name", "Nguyễn Văn An")
    page.get_by_label("Báo cáo tiến độ").check()
    page.get_by_role("button", name="Gửi lời mời").click()
    page.get_by_text("Đã gửi thư mời tới an@example.vn.").wait_for()
    link = page.input_value("#invitation-link")
    page.get_by_role("link", name="Về danh sách thành viên").click()
    assert "an@example.vn" in page.locator(".invitations").inner_text()

    newcomer = _browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", base_url=live_server.url)
    try:
        other = newcomer.new_page()
        other.goto(urlsplit(link).path)
        assert "HTX NN Vĩnh Lợi" in other.content()
        assert other.input_value("#id_full_name") == "Nguyễn Văn An"
        other.fill("#id_username", "nguyenvanan")
        other.fill("#id_password1", NEW_PASSWORD)
        other.fill("#id_password2", NEW_PASSWORD)
        other.get_by_role("button", name="Tạo tài khoản và đăng nhập").click()
        other.get_by_text("Chào mừng Nguyễn Văn An! Bạn đã tham gia HTX NN Vĩnh Lợi.").wait_for()
        assert urlsplit(other.url).path == "/"
        # The link works once.
        response = other.goto(urlsplit(link).path)
        assert response.status == 410 and "đã được dùng" in other.content()
    finally:
        newcomer.close()
    user = get_user_model().objects.get(username="nguyenvanan")
    assert list(user.memberships.values_list("organization", "role")) == [(orgs["htx_a"].pk, Membership.Role.REPORTER)]
    page.reload()
    assert "Nguyễn Văn An" in page.locator(".members").inner_text()
