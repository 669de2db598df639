"""Signing in under attack and with a lost password: failures are counted
per user name and per address (django-axes), the locked-out person is told
in Vietnamese when to try again, an administrator can lift the lock, and a
password is reset by e-mail with Django's own views."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from conftest import signed_in
from htxplan.signin import client_address

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-dung-2026"


@pytest.fixture
def official(db):
    return get_user_model().objects.create_user(
        username="canbo_vinhloi", password=PASSWORD, email="canbo@vinhloi.gov.vn", first_name="Lan"
    )


def _sign_in(client, username, password, address="10.0.0.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_and_the_page_says_when_to_try_again(client, official):
    for _ in range(4):
        assert _sign_in(client, "canbo_vinhloi", "sai-mat-khau").status_code == 200
    locked = _sign_in(client, "canbo_vinhloi", "sai-mat-khau")
    assert locked.status_code == 429
    # Even the right password is refused now, from this address or another one.
    for address in ("10.0.0.7", "10.9.9.9"):
        response = _sign_in(client, "canbo_vinhloi", PASSWORD, address=address)
        assert response.status_code == 429 and not _signed_in(client)
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page and "5 lần đăng nhập sai liên tiếp" in page
    ends = timezone.localtime(timezone.now() + datetime.timedelta(minutes=15))
    assert "Hãy thử lại sau 15 phút" in page or "Hãy thử lại sau 14 phút" in page
    assert re.search(r"từ \d\d:\d\d ngày " + ends.strftime("%d/%m/%Y"), page)
    assert 'href="/password-reset/"' in page


def test_one_address_guessing_many_accounts_is_locked_too(client, official):
    for i in range(5):
        _sign_in(client, f"nguoi_{i}", "doan-mo", address="10.1.1.1")
    assert _sign_in(client, "canbo_vinhloi", PASSWORD, address="10.1.1.1").status_code == 429
    # The official at another address is not kept out by someone else's guessing.
    assert _sign_in(client, "canbo_vinhloi", PASSWORD, address="10.2.2.2").status_code == 302
    assert _signed_in(client)


def test_the_lock_ends_after_the_cool_off_and_a_success_clears_the_count(client, official):
    for _ in range(5):
        _sign_in(client, "canbo_vinhloi", "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _sign_in(client, "canbo_vinhloi", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, "canbo_vinhloi", "sai")
    assert _sign_in(client, "canbo_vinhloi", PASSWORD).status_code == 302


def test_an_administrator_sees_the_lock_in_the_admin_and_lifts_it(client, official):
    for _ in range(5):
        _sign_in(client, "canbo_vinhloi", "sai")
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.gov.vn", "quan-tri-mat-khau-1")
    signed_in(client, admin)
    listing = client.get("/admin/axes/accessattempt/").content.decode()
    assert "canbo_vinhloi" in listing
    attempt = AccessAttempt.objects.get(username="canbo_vinhloi")
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    client.logout()
    assert _sign_in(client, "canbo_vinhloi", PASSWORD).status_code == 302


def test_a_forwarded_address_counts_only_behind_the_tls_proxy(settings):
    request = RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.BEHIND_TLS_PROXY = False
    assert client_address(request) == "127.0.0.1"  # a client cannot pick the address it is counted under
    settings.BEHIND_TLS_PROXY = True
    assert client_address(request) == "203.0.113.9"  # the hop the proxy itself appended


def test_a_lost_password_is_reset_by_e_mail_once(client, official, settings):
    settings.SITE_URL = "https://htxplan.example.gov.vn"
    response = client.post("/password-reset/", {"email": "canbo@vinhloi.gov.vn"}, follow=True)
    assert "Hãy kiểm tra hộp thư" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "HTX Plan: đặt lại mật khẩu" and "Kính gửi Lan" in message.body
    assert "Tên đăng nhập: canbo_vinhloi" in message.body
    link = re.search(r"https://htxplan\.example\.gov\.vn(/password-reset/\S+/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    new = "mat-khau-moi-dat-lai-7"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    official.refresh_from_db()
    assert official.check_password(new)

    again = client.get(link, follow=True).content.decode()
    assert "không còn dùng được" in again


def test_an_unknown_address_sends_nothing_and_tells_nothing_and_help_says_whom_to_ask(client, official, settings):
    settings.SUPPORT_CONTACT = "Phòng Nông nghiệp huyện Châu Thành, 0299 3822 xxx"
    response = client.post("/password-reset/", {"email": "ai-do@example.com"}, follow=True)
    assert "Hãy kiểm tra hộp thư" in response.content.decode() and not mail.outbox
    login_page = client.get("/login/").content.decode()
    assert 'href="/password-reset/"' in login_page and 'href="/login/help/"' in login_page
    help_page = client.get("/login/help/").content.decode()
    assert "Phòng Nông nghiệp huyện Châu Thành, 0299 3822 xxx" in help_page
    assert "tạm khóa 15 phút" in help_page


def test_signing_in_to_ones_own_account_never_clears_the_count_of_another(client, official):
    own = get_user_model().objects.create_user(username="htx_vinhloi", password="mat-khau-htx-2026")
    for _ in range(4):
        _sign_in(client, "canbo_vinhloi", "doan-mo")
    assert _sign_in(client, own.username, "mat-khau-htx-2026").status_code == 302
    client.logout()
    # The fifth guess at the official's password locks it, as if nobody had signed in between.
    assert _sign_in(client, "canbo_vinhloi", "doan-mo", address="10.3.3.3").status_code == 429
    assert _sign_in(client, "canbo_vinhloi", PASSWORD, address="10.4.4.4").status_code == 429


def test_the_lock_ends_at_a_fixed_time_whatever_is_tried_meanwhile(client, official):
    for _ in range(5):
        _sign_in(client, "canbo_vinhloi", "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=10))
    for _ in range(3):
        locked = _sign_in(client, "canbo_vinhloi", "sai")
        assert locked.status_code == 429
    # Still five minutes to go, not fifteen again.
    assert "Hãy thử lại sau 5 phút" in locked.content.decode()
    last = AccessAttempt.objects.get(username="canbo_vinhloi").attempt_time
    assert timezone.now() - last > datetime.timedelta(minutes=9)


def test_a_new_password_lifts_the_lock_as_the_page_says(client, official, settings):
    for _ in range(5):
        _sign_in(client, "canbo_vinhloi", "sai", address="10.5.5.5")
    client.post("/password-reset/", {"email": "canbo@vinhloi.gov.vn"})
    link = re.search(r"(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "mat-khau-moi-sau-khoa-8"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert _sign_in(client, "canbo_vinhloi", new, address="10.6.6.6").status_code == 302
