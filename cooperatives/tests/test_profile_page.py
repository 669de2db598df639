"""Everyone's own profile page: details saved and shown, bad input refused
with what was typed kept, the language chosen applied at once."""

import pytest

from cooperatives.models import AccountEvent, Profile

URL = "/account/"


def _post(client, **changes):
    data = {
        "first_name": "Nguyễn Văn",
        "last_name": "An",
        "email": "an@vinhloi.vn",
        "phone": "0912 345 678",
        "language": "",
    }
    return client.post(URL, data | changes)


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_profile_is_saved_and_shown(login, cast):
    user = cast["staff_a"]
    client = login(user)
    response = _post(client)
    assert response.status_code == 302
    html = client.get(URL).content.decode()
    assert "Đã lưu hồ sơ." in html
    assert 'value="Nguyễn Văn"' in html and 'value="0912 345 678"' in html
    user.refresh_from_db()
    assert user.get_full_name() == "Nguyễn Văn An"
    assert Profile.objects.get(user=user).phone == "0912 345 678"


def test_the_page_shows_the_roles_and_organisations(login, cast):
    html = login(cast["approver_a"]).get(URL).content.decode()
    assert "Ủy ban nhân dân xã Vĩnh Lợi" in html or "UBND xã Vĩnh Lợi" in html
    assert "Phê duyệt, ban hành" in html
    assert 'href="/account/two-factor/"' in html
    assert 'href="/notifications/settings/"' in html
    assert "Gửi thư ngay" in html  # the summary of the notification choices


def test_a_changed_email_is_recorded(login, cast):
    user = cast["staff_a"]
    _post(login(user), email="moi@vinhloi.vn")
    event = AccountEvent.objects.get(action=AccountEvent.Action.EMAIL_CHANGED, subject=user)
    assert "moi@vinhloi.vn" in event.detail


@pytest.mark.parametrize("phone", ["0912-345-678", "12345", "+84 9123 456 789 12", "091234567a", "84+912345678"])
def test_a_bad_phone_is_refused_and_the_rest_is_kept(login, cast, phone):
    user = cast["staff_a"]
    client = login(user)
    response = _post(client, phone=phone, first_name="Trần Thị")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Số điện thoại chỉ gồm chữ số và khoảng trắng" in html
    assert 'value="Trần Thị"' in html and 'value="an@vinhloi.vn"' in html
    user.refresh_from_db()
    assert user.first_name == ""


@pytest.mark.parametrize("phone", ["0912345678", "+84 912 345 678", "0299 3822 123", "912345678", ""])
def test_vietnamese_numbers_are_accepted(login, cast, phone):
    assert _post(login(cast["staff_a"]), phone=phone).status_code == 302


def test_a_bad_email_is_refused_and_the_rest_is_kept(login, cast):
    client = login(cast["staff_a"])
    response = _post(client, email="an@", phone="0912 345 678")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Địa chỉ thư điện tử chưa đúng" in html
    assert 'value="0912 345 678"' in html and 'value="an@"' in html
    assert not Profile.objects.filter(user=cast["staff_a"]).exists()


def test_english_chosen_on_the_profile_switches_the_interface(login, cast):
    client = login(cast["staff_a"])
    response = _post(client, language="en")
    assert response.cookies["django_language"].value == "en"
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Dashboard" in html
    # The profile wins over the cookie: a browser without it is in English too.
    client.cookies.pop("django_language")
    assert 'lang="en"' in client.get("/").content.decode()


def test_the_footer_switch_changes_the_language_chosen_on_the_profile(login, cast):
    client = login(cast["staff_a"])
    _post(client, language="en")
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert Profile.objects.get(user=cast["staff_a"]).language == "vi"
    assert 'lang="vi"' in client.get("/").content.decode()


def test_following_the_browser_again_brings_vietnamese_back(login, cast):
    client = login(cast["staff_a"])
    _post(client, language="en")
    _post(client, language="")
    assert 'lang="vi"' in client.get("/").content.decode()


def test_saving_the_profile_keeps_the_footer_switch_of_a_browser_following_it(login, cast):
    client = login(cast["staff_a"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = _post(client, language="")
    assert "django_language" not in response.cookies
    assert 'lang="en"' in client.get("/").content.decode()
