"""An approver signs in, sets up two-factor sign-in on a phone and lands on the dashboard."""

import base64
import re

import pytest
from django_otp.oath import TOTP

from conftest import PASSWORD

pytestmark = pytest.mark.browser


def code_from_secret(secret: str) -> str:
    """What the authenticator app shows for the secret typed in by hand."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key).token():06d}"


def test_an_approver_sets_up_two_factor_sign_in_and_lands_on_the_dashboard(phone_page, cast, live_server):
    page = phone_page
    page.goto("/login/")
    page.fill("#id_username", cast["approver_a"].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/account/two-factor/setup/" in url)
    assert page.locator(".twofactor-qr svg").is_visible()
    secret = page.locator("#twofactor-secret").inner_text().strip()
    assert re.fullmatch(r"([A-Z2-7]{4} ?)+", secret)
    page.fill("#id_code", code_from_secret(secret))
    page.click("text=Xác nhận và bật")
    page.wait_for_url(lambda url: "/account/two-factor/recovery-codes/" in url)
    assert page.locator("#recovery-codes li").count() == 10
    assert page.locator("button[data-print]").is_visible()
    # Nothing runs off the side of a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("text=Tôi đã cất mã, tiếp tục")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").first.is_visible()
    # Signed in with the second factor: other pages open too.
    page.goto("/plans/")
    assert page.url == f"{live_server.url}/plans/"
