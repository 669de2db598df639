"""A new password keeps this session, ends the others and lifts the
one-time password's lock on every other page."""

import pytest
from django.test import Client

from conftest import PASSWORD
from cooperatives.models import AccountEvent, Profile, SignInRecord

URL = "/account/password/"
NEW = "mot-mat-khau-rieng-2024"


def _signed_in(user) -> Client:
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _change(client, old=PASSWORD, new=NEW, **extra):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new, **extra})


@pytest.fixture
def one_time(cast):
    user = cast["staff_a"]
    Profile.objects.create(user=user, must_change_password=True)
    return user


def test_a_new_password_signs_out_the_other_sessions_and_keeps_this_one(cast):
    user = cast["staff_a"]
    here, elsewhere = _signed_in(user), _signed_in(user)
    assert SignInRecord.objects.filter(user=user).count() == 2
    response = _change(here)
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert "Đã đăng xuất 1 phiên ở nơi khác." in here.get("/account/").content.decode()
    assert here.get("/").status_code == 200
    response = elsewhere.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert SignInRecord.objects.filter(user=user).count() == 1
    assert AccountEvent.objects.filter(action=AccountEvent.Action.PASSWORD_CHANGED, subject=user).count() == 1


def test_a_wrong_old_password_changes_nothing(cast):
    user = cast["staff_a"]
    client = _signed_in(user)
    response = _change(client, old="khong-dung")
    assert response.status_code == 400
    assert "form-errors" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_one_time_password_sends_every_page_to_the_password_page(one_time, plan_a):
    client = _signed_in(one_time)
    for url in ("/", "/account/", plan_a.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(URL)
    html = client.get(URL).content.decode()
    assert html.count("Bạn đang dùng mật khẩu một lần; hãy đặt mật khẩu của riêng bạn.") == 1
    assert "Đặt mật khẩu của riêng bạn" in html


def test_the_pages_a_one_time_password_still_reaches(one_time):
    client = _signed_in(one_time)
    assert client.get(URL).status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.post("/i18n/setlang/", {"language": "vi", "next": URL}).status_code == 302
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_htmx_request_is_sent_to_the_password_page_whole(one_time):
    response = _signed_in(one_time).get("/notifications/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == URL


def test_the_new_password_lifts_the_lock_and_goes_back_to_the_page_asked_for(one_time, plan_a):
    client = _signed_in(one_time)
    sent = client.get(plan_a.get_absolute_url())["Location"]
    response = client.post(
        sent, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW, "next": plan_a.get_absolute_url()}
    )
    assert response["Location"] == plan_a.get_absolute_url()
    assert not Profile.objects.get(user=one_time).must_change_password
    assert client.get("/").status_code == 200


def test_without_a_page_asked_for_the_new_password_leads_to_the_dashboard(one_time):
    client = _signed_in(one_time)
    response = _change(client, next="https://example.com/")
    assert response["Location"] == "/"


def test_an_account_without_a_profile_changes_its_password(cast):
    user = cast["editor_a"]
    assert _change(_signed_in(user)).status_code == 302
    assert Profile.objects.get(user=user).must_change_password is False


def test_the_one_time_password_cannot_be_kept_as_the_new_one(one_time):
    client = _signed_in(one_time)
    response = _change(client, new=PASSWORD)
    assert response.status_code == 400
    assert "Mật khẩu mới phải khác mật khẩu đang dùng" in response.content.decode()
    one_time.profile.refresh_from_db()
    assert one_time.profile.must_change_password
    # Still held on the password page.
    assert client.get("/")["Location"].startswith(URL)


def test_signing_out_says_nothing_of_lost_work(cast):
    client = _signed_in(cast["editor_a"])
    page = client.post("/logout/", follow=True).content.decode()
    assert "Phiên đăng nhập đã hết hạn" not in page
