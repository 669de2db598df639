"""The "Thành viên" pages: a leader sees and changes the members of the
organisations they manage, within the roles they may give, and nothing else."""

import functools

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory
from django.utils import timezone

from conftest import _user
from cooperatives.models import AccountEvent, Membership
from cooperatives.people import accounts, invitations

Role = Membership.Role


def members_url(org):
    return f"/members/{org.pk}/"


def test_anonymous_is_sent_to_sign_in(cast, orgs, client):
    response = client.get(members_url(orgs["htx_a"]))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_someone_who_manages_nothing_gets_404(cast, orgs, login):
    client = login(cast["staff_a"])
    assert client.get("/members/").status_code == 404
    assert client.get(members_url(orgs["htx_a"])).status_code == 404


def test_a_commune_chairman_chooses_between_the_commune_and_its_cooperative(cast, orgs, login):
    client = login(cast["approver_a"])
    html = client.get("/members/").content.decode()
    assert "UBND xã Vĩnh Lợi" in html and "HTX NN Vĩnh Lợi" in html and "Phú Tân" not in html
    response = client.get("/members/", {"org": orgs["htx_a"].pk})
    assert response["Location"] == members_url(orgs["htx_a"])
    # Another commune's id in the choice is ignored, not followed.
    assert client.get("/members/", {"org": orgs["htx_b"].pk}).status_code == 200


def test_the_members_page_shows_each_member_with_roles_last_sign_in_and_state(cast, orgs, login):
    staff = cast["staff_a"]
    staff.first_name, staff.last_name, staff.email = "Lê Thị", "Hoa", "hoa@example.vn"
    staff.last_login = timezone.make_aware(timezone.datetime(2026, 3, 4, 7, 5))
    staff.save()
    _user("htx_moi", orgs["htx_a"], Role.REPORTER)
    client = login(cast["approver_a"])
    html = client.get(members_url(orgs["htx_a"])).content.decode()
    assert "Lê Thị Hoa" in html and "hoa@example.vn" in html
    assert "04/03/2026 07:05" in html
    assert "chưa đăng nhập" in html
    assert "Báo cáo tiến độ" in html and "đang hoạt động" in html


def test_another_organisations_members_cannot_be_touched(cast, orgs, login):
    client = login(cast["approver_a"])
    other = orgs["htx_b"]
    staff_b = cast["staff_b"]
    for url in (
        members_url(other),
        f"/members/{other.pk}/invite/",
        f"/members/{other.pk}/new/",
        f"/members/{other.pk}/{staff_b.pk}/roles/",
        f"/members/{other.pk}/{staff_b.pk}/remove/",
        f"/members/{other.pk}/{staff_b.pk}/password/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"roles": [Role.REPORTER]}).status_code == 404, url
    # A member of another organisation, reached through one the leader manages.
    assert client.post(f"/members/{orgs['htx_a'].pk}/{staff_b.pk}/remove/").status_code == 404
    assert Membership.objects.filter(user=staff_b, organization=other).exists()
    assert not AccountEvent.objects.exists()


def test_a_tampered_role_is_refused_and_nothing_is_made(cast, orgs, login):
    client = login(cast["approver_a"])
    data = {"username": "moi", "full_name": "Nguyễn Văn Mới", "roles": [Role.APPROVER]}
    response = client.post(f"/members/{orgs['htx_a'].pk}/new/", data)
    assert response.status_code == 200
    assert "Vai trò “approver” không giao được ở tổ chức này." in response.content.decode()
    assert not get_user_model().objects.filter(username="moi").exists()
    response = client.post(f"/members/{orgs['htx_a'].pk}/{cast['staff_a'].pk}/roles/", {"roles": [Role.EDITOR]})
    assert "không giao được" in response.content.decode()
    assert accounts.organization_roles(cast["staff_a"], orgs["htx_a"]) == [Role.REPORTER]


def test_the_form_offers_only_the_roles_the_leader_may_give(cast, orgs, login):
    client = login(cast["approver_a"])
    html = client.get(f"/members/{orgs['htx_a'].pk}/new/").content.decode()
    assert 'value="reporter"' in html and 'value="director"' in html
    assert 'value="approver"' not in html and 'value="editor"' not in html


def test_an_account_with_a_one_time_password_shows_its_card_once(cast, orgs, login):
    client = login(cast["approver_a"])
    data = {
        "username": "giamdoc",
        "full_name": "Trần Văn Bình",
        "email": "binh@example.vn",
        "phone": "0909 123 456",
        "roles": [Role.DIRECTOR],
    }
    response = client.post(f"/members/{orgs['htx_a'].pk}/new/", data, follow=True)
    html = response.content.decode()
    assert "Phiếu tài khoản" in html and "Hợp tác xã Nông nghiệp Vĩnh Lợi" in html and "Trần Văn Bình" in html
    assert response["Cache-Control"].startswith("max-age=0")
    password = response.context["card"]["password"]
    assert password in html and "http://127.0.0.1:8000/login/" in html
    user = get_user_model().objects.get(username="giamdoc")
    assert authenticate(RequestFactory().post("/"), username="giamdoc", password=password) == user
    assert user.get_full_name() == "Trần Văn Bình" and user.profile.must_change_password
    again = client.get(f"/members/{orgs['htx_a'].pk}/card/", follow=True).content.decode()
    assert password not in again and "Phiếu tài khoản chỉ hiện một lần" in again


def test_a_service_refusal_is_shown_on_the_form(cast, orgs, login):
    client = login(cast["approver_a"])
    data = {"username": cast["staff_b"].username.upper(), "full_name": "Ai Đó", "roles": [Role.REPORTER]}
    html = client.post(f"/members/{orgs['htx_a'].pk}/new/", data).content.decode()
    assert "Tên đăng nhập “HTX_B” đã có người dùng." in html


def test_roles_are_changed_and_recorded(cast, orgs, login):
    client = login(cast["approver_a"])
    staff = cast["staff_a"]
    response = client.post(f"/members/{orgs['htx_a'].pk}/{staff.pk}/roles/", {"roles": [Role.DIRECTOR]}, follow=True)
    assert "Đã lưu vai trò" in response.content.decode()
    assert sorted(accounts.organization_roles(staff, orgs["htx_a"])) == [Role.DIRECTOR, Role.REPORTER]
    assert "đổi vai trò" in response.content.decode()


def test_removing_a_member_locks_them_and_says_so(cast, orgs, login):
    client = login(cast["approver_a"])
    staff = cast["staff_a"]
    confirm = client.get(f"/members/{orgs['htx_a'].pk}/{staff.pk}/remove/").content.decode()
    assert "tài khoản sẽ bị khóa" in confirm
    response = client.post(f"/members/{orgs['htx_a'].pk}/{staff.pk}/remove/", follow=True)
    assert "Tài khoản không còn thuộc tổ chức nào nên đã bị khóa." in response.content.decode()
    staff.refresh_from_db()
    assert not staff.is_active
    # A second click finds nobody to remove.
    assert client.post(f"/members/{orgs['htx_a'].pk}/{staff.pk}/remove/").status_code == 404


def test_the_leader_has_no_remove_button_on_their_own_row_and_cannot_post_it(cast, orgs, login):
    chairman = cast["approver_a"]
    client = login(chairman)
    html = client.get(members_url(orgs["ubnd_a"])).content.decode()
    assert f"/members/{orgs['ubnd_a'].pk}/{chairman.pk}/remove/" not in html
    assert f"/members/{orgs['ubnd_a'].pk}/{cast['editor_a'].pk}/remove/" in html
    response = client.post(f"/members/{orgs['ubnd_a'].pk}/{chairman.pk}/remove/", follow=True)
    assert "Bạn không tự cho mình thôi tham gia được" in response.content.decode()
    assert Membership.objects.filter(user=chairman, organization=orgs["ubnd_a"]).exists()


def test_a_new_one_time_password_is_shown_on_a_card(cast, orgs, login):
    client = login(cast["approver_a"])
    staff = cast["staff_a"]
    response = client.post(f"/members/{orgs['htx_a'].pk}/{staff.pk}/password/", follow=True)
    password = response.context["card"]["password"]
    assert password in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(password) and staff.profile.must_change_password


def test_the_account_log_shows_on_the_page_and_is_paged(cast, orgs, login):
    chairman = cast["approver_a"]
    for n in range(23):
        accounts.event_record(
            actor=chairman, action=AccountEvent.Action.PASSWORD_RESET, organization=orgs["htx_a"], detail=f"lần {n}"
        )
    accounts.event_record(
        actor=chairman, action=AccountEvent.Action.INVITED, organization=orgs["htx_b"], detail="o-xa-khac"
    )
    client = login(chairman)
    html = client.get(members_url(orgs["htx_a"])).content.decode()
    assert "lần 22" in html and "cấp lại mật khẩu" in html and "chutich_a" in html
    assert "o-xa-khac" not in html
    assert "1 / 2" in html
    assert "lần 0" in client.get(members_url(orgs["htx_a"]), {"page": 2}).content.decode()


@pytest.fixture
def admin_district(orgs):
    return _user("quantri_huyen", orgs["office"], Role.ADMINISTRATOR)


def test_the_district_administrator_sees_every_organisation_grouped_by_unit(cast, orgs, admin_district, login):
    html = login(admin_district).get("/members/").content.decode()
    for name in ("Huyện Châu Thành", "Xã Vĩnh Lợi", "Xã Phú Tân", "HTX NN Phú Tân", "UBND xã Vĩnh Lợi"):
        assert name in html


def test_the_nav_filter_tells_who_manages_members(cast, admin_district, superuser):
    from cooperatives.templatetags.people import manages_members

    assert manages_members(cast["approver_a"]) and manages_members(admin_district) and manages_members(superuser)
    assert not manages_members(cast["staff_a"]) and not manages_members(cast["editor_a"])
    assert not manages_members(cast["outsider"])


def test_the_members_page_query_count_does_not_grow_with_members(cast, orgs, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast["approver_a"])
    url = members_url(orgs["htx_a"])
    invite = functools.partial(
        invitations.invitation_create, actor=cast["approver_a"], organization=orgs["htx_a"], roles=[Role.REPORTER]
    )
    invite(email="dau@example.vn")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        member = _user(f"thanhvien{n}", orgs["htx_a"], Role.REPORTER)
        accounts.event_record(
            actor=cast["approver_a"], action="roles_changed", organization=orgs["htx_a"], subject=member
        )
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_a_member_with_an_authenticator_can_have_it_reset_from_the_members_page(cast, orgs, login):
    from cooperatives.twofactor.testing import authenticator_for

    authenticator_for(cast["staff_a"])
    html = login(cast["approver_a"]).get(f"/members/{orgs['htx_a'].pk}/").content.decode()
    assert "Có xác thực hai lớp" in html
    assert f"/members/{orgs['htx_a'].pk}/{cast['staff_a'].pk}/two-factor-reset/" in html
