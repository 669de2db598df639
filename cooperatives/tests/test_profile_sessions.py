"""Where a person is signed in, and ending those sessions: their own only."""

import datetime

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD
from cooperatives.models import AccountEvent, SignInRecord
from cooperatives.profile.records import device_describe

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"


def _signed_in(user, agent: str = "") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post("/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _record(client) -> SignInRecord:
    return SignInRecord.objects.get(session_key=client.session.session_key)


def test_devices_are_named_from_the_browser():
    assert device_describe(ANDROID_CHROME) == "Chrome trên Android"
    assert device_describe(IPHONE_SAFARI) == "Safari trên iPhone"
    assert device_describe(WINDOWS_FIREFOX) == "Firefox trên Windows"
    assert device_describe("") == "Trình duyệt không rõ"


def test_the_profile_lists_each_sign_in_and_marks_this_one(cast):
    user = cast["staff_a"]
    phone = _signed_in(user, ANDROID_CHROME)
    _signed_in(user, WINDOWS_FIREFOX)
    html = phone.get("/account/").content.decode()
    assert "Chrome trên Android" in html and "Firefox trên Windows" in html
    assert html.count("phiên này") == 1
    assert "Đăng xuất ở các nơi khác" in html
    assert _record(phone).ip == "127.0.0.1"


def test_sign_out_elsewhere_ends_the_other_sessions_only(cast):
    user = cast["staff_a"]
    here, elsewhere = _signed_in(user, ANDROID_CHROME), _signed_in(user, WINDOWS_FIREFOX)
    someone_else = _signed_in(cast["staff_b"])
    response = here.post("/account/sessions/sign-out-elsewhere/")
    assert response.status_code == 302
    assert here.get("/").status_code == 200
    assert elsewhere.get("/")["Location"].startswith("/login/")
    assert someone_else.get("/").status_code == 200
    assert AccountEvent.objects.filter(action=AccountEvent.Action.SIGNED_OUT_ELSEWHERE, subject=user).count() == 1
    # A second click ends nothing and records nothing.
    here.post("/account/sessions/sign-out-elsewhere/")
    assert AccountEvent.objects.filter(action=AccountEvent.Action.SIGNED_OUT_ELSEWHERE).count() == 1


def test_one_other_session_is_signed_out_from_its_row(cast):
    user = cast["staff_a"]
    here, phone, office = _signed_in(user), _signed_in(user, ANDROID_CHROME), _signed_in(user, WINDOWS_FIREFOX)
    response = here.post(f"/account/sessions/{_record(phone).pk}/sign-out/")
    assert response.status_code == 302
    assert phone.get("/")["Location"].startswith("/login/")
    assert office.get("/").status_code == 200
    assert "Đã đăng xuất phiên trên Chrome trên Android." in here.get("/account/").content.decode()


def test_another_user_cannot_sign_out_your_session(cast):
    mine = _signed_in(cast["staff_a"])
    theirs = _signed_in(cast["staff_b"])
    response = theirs.post(f"/account/sessions/{_record(mine).pk}/sign-out/")
    assert response.status_code == 404
    assert mine.get("/").status_code == 200


def test_ending_sessions_is_post_only(cast):
    client = _signed_in(cast["staff_a"])
    assert client.get("/account/sessions/sign-out-elsewhere/").status_code == 405
    assert client.get(f"/account/sessions/{_record(client).pk}/sign-out/").status_code == 405


def test_signing_out_removes_the_record_and_gone_sessions_are_pruned(cast):
    user = cast["staff_a"]
    left, expired, here = _signed_in(user), _signed_in(user), _signed_in(user)
    left.post("/logout/")
    Session.objects.filter(session_key=expired.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert SignInRecord.objects.filter(user=user).count() == 2
    html = here.get("/account/").content.decode()
    assert "Đăng xuất ở các nơi khác" not in html  # only this session is left
    assert list(SignInRecord.objects.filter(user=user)) == [_record(here)]


def _record_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [query["sql"] for query in queries if "signinrecord" in query["sql"]]


def test_last_seen_is_written_at_most_every_five_minutes(cast):
    client = _signed_in(cast["staff_a"])
    record = _record(client)
    assert _record_queries(client, "/") == []
    session = client.session
    session["_htx_seen"] -= 301
    session.save()
    written = _record_queries(client, "/")
    assert len(written) == 1 and written[0].startswith("UPDATE")
    assert _record(client).last_seen_at > record.last_seen_at
    assert _record_queries(client, "/") == []


def test_a_session_older_than_the_records_gets_one_at_its_next_request(cast):
    client = _signed_in(cast["staff_a"])
    SignInRecord.objects.all().delete()
    session = client.session
    del session["_htx_seen"]
    session.save()
    client.get("/")
    assert _record(client).user == cast["staff_a"]
