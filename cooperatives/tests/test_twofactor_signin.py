"""Two-factor sign-in: the code after the password, set-up, recovery codes, the limit."""

import datetime
import re

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, authenticator_for, totp_code
from cooperatives.models import AccountEvent
from cooperatives.twofactor.devices import CODE_FAILURE_LIMIT, recovery_codes_make

CODE = "/login/code/"
SETUP = "/account/two-factor/setup/"


def password_sign_in(client, user):
    response = client.post("/login/", {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    return response


def test_an_approver_without_a_device_is_sent_to_set_up_and_can_use_no_page(cast, client):
    response = password_sign_in(client, cast["approver_a"])
    assert response.redirect_chain[-1][0] == SETUP
    assert "bắt buộc xác thực hai lớp" in response.content.decode()
    assert client.get("/plans/")["Location"] == SETUP + "?next=%2Fplans%2F"
    assert client.post("/logout/")["Location"] == "/login/"


def test_setting_up_with_the_code_from_the_app_turns_it_on(cast, client):
    approver = cast["approver_a"]
    password_sign_in(client, approver)
    html = client.get(SETUP).content.decode()
    assert "<svg" in html and "Google Authenticator" in html
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    secret = re.search(r'id="twofactor-secret">([A-Z2-7 ]+)<', html).group(1)
    assert all(len(group) == 4 for group in secret.split())
    assert client.get(SETUP).content.decode().count(secret) == 1  # a reload keeps the same secret
    response = client.post(SETUP, {"code": totp_code(device)}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/two-factor/recovery-codes/")
    html = response.content.decode()
    codes = re.findall(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>", html)
    assert len(codes) == 10 and "In mã dự phòng" in html
    device.refresh_from_db()
    assert device.confirmed and StaticToken.objects.filter(device__user=approver).count() == 10
    assert AccountEvent.objects.filter(action=AccountEvent.Action.TWO_FACTOR_ENABLED, subject=approver).count() == 1
    assert client.get("/").status_code == 200  # the session counts as verified
    # Shown once only.
    assert client.get("/account/two-factor/recovery-codes/")["Location"] == "/account/two-factor/"


def test_a_wrong_code_at_set_up_is_refused_and_nothing_is_turned_on(cast, client):
    password_sign_in(client, cast["approver_a"])
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=cast["approver_a"])
    wrong = f"{(int(totp_code(device)) + 1) % 1000000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 400 and "Mã chưa đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not AccountEvent.objects.exists()
    assert client.get("/")["Location"] == SETUP


def test_signing_in_with_a_device_asks_for_the_code_before_anything_else(cast, client):
    device = authenticator_for(cast["staff_a"])  # set up by choice: asked for all the same
    response = password_sign_in(client, cast["staff_a"])
    assert response.redirect_chain[-1][0] == CODE and "Nhập mã xác thực" in response.content.decode()
    assert client.get("/my-tasks/")["Location"] == CODE + "?next=%2Fmy-tasks%2F"
    wrong = client.post(CODE, {"code": "000000" if totp_code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "Mã chưa đúng" in wrong.content.decode()
    assert "nhập hơi nhanh" in client.post(CODE, {"code": totp_code(device)}).content.decode()
    _age_last_failure(device, 5)
    response = client.post(CODE, {"code": totp_code(device), "next": "/my-tasks/"})
    assert response["Location"] == "/my-tasks/"
    assert client.get("/my-tasks/").status_code == 200


def test_a_code_page_next_elsewhere_goes_to_the_dashboard(cast, client):
    device = authenticator_for(cast["staff_a"])
    password_sign_in(client, cast["staff_a"])
    response = client.post(CODE, {"code": totp_code(device), "next": "https://example.com/"})
    assert response["Location"] == "/"


def test_a_recovery_code_works_once(cast, client):
    user = cast["approver_a"]
    authenticator_for(user)
    code = recovery_codes_make(user)[0]
    password_sign_in(client, user)
    response = client.post(CODE, {"kind": "recovery", "code": code.upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/" and "còn 9 mã" in response.content.decode()
    client.post("/logout/")
    password_sign_in(client, user)
    again = client.post(CODE, {"kind": "recovery", "code": code})
    assert again.status_code == 400 and "Mã chưa đúng hoặc đã dùng rồi" in again.content.decode()
    assert client.get("/")["Location"] == CODE


def _age_last_failure(device, seconds):
    device.refresh_from_db()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp - datetime.timedelta(seconds=seconds)
    )


def test_codes_cannot_be_guessed_past_the_limit(cast, client):
    user = cast["approver_a"]
    device = authenticator_for(user)
    password_sign_in(client, user)
    right = totp_code(device)
    wrong = "123456" if right != "123456" else "654321"
    for _attempt in range(CODE_FAILURE_LIMIT):
        response = client.post(CODE, {"code": wrong})
        assert response.status_code == 400
        _age_last_failure(device, 60)  # a person types again after a while
    assert "hãy đợi 15 phút" in response.content.decode()
    # Even the right code is not checked now, nor a recovery code.
    response = client.post(CODE, {"code": right})
    assert response.status_code == 400 and "sai mã 5 lần liền" in response.content.decode()
    assert "hãy đợi 14 phút" in response.content.decode()
    assert client.get("/")["Location"] == CODE
    _age_last_failure(device, 15 * 60)
    assert client.post(CODE, {"code": right})["Location"] == "/"


def test_a_user_who_needs_none_and_has_none_is_not_held(cast, client):
    password_sign_in(client, cast["editor_a"])
    assert client.get("/").status_code == 200
    assert client.get(CODE)["Location"] == "/"


@pytest.mark.parametrize("path", ["/healthz", "/password-reset/", "/login/help/"])
def test_open_pages_stay_open_while_the_code_is_owed(cast, client, path):
    password_sign_in(client, cast["approver_a"])
    assert client.get(path).status_code == 200
