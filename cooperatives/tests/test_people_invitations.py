"""Invitations: the leader invites by e-mail, the link makes one account
once, before it expires, while the inviter may still give its roles."""

import datetime
import hashlib
import re
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cooperatives.models import AccountEvent, Invitation, Membership
from cooperatives.people import accounts, invitations
from plans.models import Plan, ProgressUpdate

Role = Membership.Role
User = get_user_model()
NEW_PASSWORD = "Lua-mua-2026-tot"


def invite(client, org, email="an@example.vn", roles=(Role.REPORTER,), **extra):
    data = {"email": email, "full_name": "Nguyễn Văn An", "roles": list(roles), **extra}
    return client.post(f"/members/{org.pk}/invite/", data, follow=True)


def link_path(html: str) -> str:
    return re.search(r'value="http://127\.0\.0\.1:8000(/invitations/[^"/]+/)"', html).group(1)


def accept_data(**overrides):
    data = {
        "full_name": "Nguyễn Văn An",
        "username": "nguyenvanan",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "phone": "0911 222 333",
    }
    data.update(overrides)
    return data


@pytest.fixture
def invited(cast, orgs, login):
    """chutich_a has invited an@example.vn to the cooperative; the path of the link."""
    response = invite(login(cast["approver_a"]), orgs["htx_a"])
    return link_path(response.content.decode())


def test_inviting_sends_a_vietnamese_mail_and_shows_the_link_once(cast, orgs, login, settings):
    settings.INVITATION_DAYS = 3
    client = login(cast["approver_a"])
    response = invite(client, orgs["htx_a"])
    html = response.content.decode()
    assert "Đã gửi thư mời tới an@example.vn." in html
    path = link_path(html)
    token = path.split("/")[2]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in invitation.token_hash
    assert invitation.roles == [Role.REPORTER] and invitation.invited_by == cast["approver_a"]
    assert abs(invitation.expires_at - timezone.now() - datetime.timedelta(days=3)) < datetime.timedelta(minutes=1)
    (message,) = mail.outbox
    assert message.to == ["an@example.vn"]
    assert message.subject == "Lời mời tham gia HTX NN Vĩnh Lợi trên HTX Plan"
    assert "http://127.0.0.1:8000" + path in message.body and "Báo cáo tiến độ" in message.body
    event = AccountEvent.objects.get()
    assert (event.action, event.actor, event.organization) == ("invited", cast["approver_a"], orgs["htx_a"])
    # The link is not shown again.
    again = client.get(f"/members/{orgs['htx_a'].pk}/invited/", follow=True).content.decode()
    assert token not in again
    members = client.get(f"/members/{orgs['htx_a'].pk}/").content.decode()
    assert "an@example.vn" in members and "Thu hồi" in members and "mời tham gia" in members


def test_a_mail_server_that_refuses_leaves_the_link_to_hand_over(cast, orgs, login, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(invitations, "send_mail", refuse)
    html = invite(login(cast["approver_a"]), orgs["htx_a"]).content.decode()
    assert "Chưa gửi được thư tới an@example.vn." in html and link_path(html)
    assert Invitation.objects.count() == 1


def test_a_second_invitation_to_the_same_address_names_the_pending_one(cast, orgs, login, invited):
    html = invite(login(cast["approver_a"]), orgs["htx_a"], email="AN@example.vn").content.decode()
    assert "an@example.vn đã có lời mời đang chờ (chutich_a mời lúc" in html
    assert Invitation.objects.count() == 1


def test_a_tampered_role_in_an_invitation_is_refused(cast, orgs, login):
    html = invite(login(cast["approver_a"]), orgs["htx_a"], roles=[Role.APPROVER]).content.decode()
    assert "Vai trò “approver” không giao được ở tổ chức này." in html
    assert not Invitation.objects.exists() and not mail.outbox


def test_accepting_makes_the_account_signs_in_and_welcomes(cast, orgs, client, invited):
    page = client.get(invited).content.decode()
    assert "HTX NN Vĩnh Lợi" in page and "Báo cáo tiến độ" in page and "chutich_a mời bạn" in page
    response = client.post(invited, accept_data(), follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Chào mừng Nguyễn Văn An! Bạn đã tham gia HTX NN Vĩnh Lợi." in response.content.decode()
    user = User.objects.get(username="nguyenvanan")
    assert response.context["user"] == user
    assert user.email == "an@example.vn" and user.profile.phone == "0911 222 333"
    assert not user.profile.must_change_password and user.check_password(NEW_PASSWORD)
    assert accounts.organization_roles(user, orgs["htx_a"]) == [Role.REPORTER]
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at
    event = AccountEvent.objects.get(action="invitation_accepted")
    # The one who accepted did it; the inviter is named in the detail.
    assert (event.actor, event.subject, event.subject_name) == (user, user, "Nguyễn Văn An")
    assert event.detail == "mời bởi chutich_a; Báo cáo tiến độ"


def test_a_used_link_fails_with_its_reason_and_makes_nothing(cast, orgs, client, invited):
    client.post(invited, accept_data())
    client.logout()
    for method in (client.get, client.post):
        response = method(invited, accept_data(username="nguoikhac"))
        assert response.status_code == 410
        html = response.content.decode()
        assert "đã được dùng để tạo tài khoản" in html and "gửi một đường dẫn mới" in html
    assert not User.objects.filter(username="nguoikhac").exists()


def test_an_expired_link_fails_with_its_reason(cast, orgs, client, invited):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(invited, accept_data())
    assert response.status_code == 410 and "Đường dẫn mời này đã hết hạn." in response.content.decode()
    assert not User.objects.filter(username="nguyenvanan").exists()


def test_a_revoked_link_fails_with_its_reason(cast, orgs, login, invited):
    client = login(cast["approver_a"])
    invitation = Invitation.objects.get()
    response = client.post(f"/members/{orgs['htx_a'].pk}/invitations/{invitation.pk}/revoke/", follow=True)
    assert "Đã thu hồi lời mời gửi an@example.vn." in response.content.decode()
    # A second click changes nothing.
    client.post(f"/members/{orgs['htx_a'].pk}/invitations/{invitation.pk}/revoke/")
    assert AccountEvent.objects.filter(action="invitation_revoked").count() == 1
    client.logout()
    response = client.post(invited, accept_data())
    assert response.status_code == 410 and "Lời mời này đã bị thu hồi." in response.content.decode()
    assert not User.objects.filter(username="nguyenvanan").exists()


def test_an_unknown_link_is_404_with_a_message(db, client):
    response = client.get("/invitations/khong-co-that/")
    assert response.status_code == 404 and "Không tìm thấy lời mời này" in response.content.decode()


def test_another_organisations_invitation_cannot_be_revoked(cast, orgs, login, invited):
    invitation = Invitation.objects.get()
    response = login(cast["approver_a"]).post(f"/members/{orgs['ubnd_a'].pk}/invitations/{invitation.pk}/revoke/")
    assert response.status_code == 404
    assert Invitation.objects.get().revoked_at is None


def test_bad_passwords_are_refused_in_vietnamese_and_keep_the_form(cast, orgs, client, invited):
    html = client.post(invited, accept_data(password1="12345678", password2="12345678")).content.decode()
    assert "Mật khẩu này hoàn toàn bằng số" in html or "Mật khẩu này quá phổ biến" in html
    html = client.post(invited, accept_data(password2="khac-han")).content.decode()
    assert "Hai lần nhập mật khẩu không giống nhau." in html and 'value="nguyenvanan"' in html
    html = client.post(invited, accept_data(username="htx_a")).content.decode()
    assert "Tên đăng nhập “htx_a” đã có người dùng." in html
    assert not Invitation.objects.get().accepted_at


def test_an_inviter_who_lost_their_role_cannot_have_it_given(cast, orgs, client, invited):
    Membership.objects.filter(user=cast["approver_a"]).delete()
    response = client.post(invited, accept_data())
    html = response.content.decode()
    assert "chutich_a không còn giao được những vai trò này ở HTX NN Vĩnh Lợi" in html
    assert not User.objects.filter(username="nguyenvanan").exists()
    assert not Invitation.objects.get().accepted_at


def test_the_invited_staff_member_logs_progress_and_keeps_their_name_after_leaving(
    cast, orgs, client, login, plan_a, invited
):
    # plan_a issued ten days ago, as plans/tests/conftest.py's plan_under_way.
    plan_a.status, plan_a.number = Plan.Status.ISSUED, 3
    plan_a.issued_on = timezone.localdate() - datetime.timedelta(days=10)
    plan_a.save()
    task = plan_a.tasks.get()
    client.post(invited, accept_data())
    form = client.get(f"/tasks/{task.pk}/progress/new")
    assert form.status_code == 200
    data = {
        "submission_token": str(form.context["form"]["submission_token"].value()),
        "reported_on": timezone.localdate().isoformat(),
        "percent": "30",
        "work_done": "Phun 10 ha lúa tại ấp Phú Thành.",
    }
    response = client.post(f"/tasks/{task.pk}/progress/new", data, follow=True)
    assert "Đã lưu cập nhật tiến độ." in response.content.decode()
    newcomer = User.objects.get(username="nguyenvanan")
    assert ProgressUpdate.objects.get().author == newcomer

    leader = login(cast["approver_a"])
    leader.post(f"/members/{orgs['htx_a'].pk}/{newcomer.pk}/remove/")
    newcomer.refresh_from_db()
    assert not newcomer.is_active
    html = leader.get(f"/tasks/{task.pk}/").content.decode()
    assert "Phun 10 ha lúa tại ấp Phú Thành." in html and "Nguyễn Văn An" in html


@pytest.mark.django_db(transaction=True)
def test_two_accepts_of_one_link_at_once_make_one_account(cast, orgs):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time anyway (immediate transactions)")
    invitation, _token = invitations.invitation_create(
        actor=cast["approver_a"], organization=orgs["htx_a"], email="an@example.vn", roles=[Role.REPORTER]
    )
    results = []

    def accept(username):
        try:
            invitations.invitation_accept(
                invitation=invitation, username=username, full_name="An", password=NEW_PASSWORD
            )
            results.append("made")
        except invitations.InvitationClosed as closed:
            results.append(closed.state)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(f"an{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["made", "used"]
    assert User.objects.filter(username__startswith="an").count() == 1


def test_a_second_accept_through_the_service_finds_the_link_used(cast, orgs):
    invitation, _token = invitations.invitation_create(
        actor=cast["approver_a"], organization=orgs["htx_a"], email="an@example.vn", roles=[Role.REPORTER]
    )
    invitations.invitation_accept(invitation=invitation, username="an1", full_name="An", password=NEW_PASSWORD)
    with pytest.raises(invitations.InvitationClosed) as closed:
        invitations.invitation_accept(invitation=invitation, username="an2", full_name="An", password=NEW_PASSWORD)
    assert closed.value.state == "used" and not User.objects.filter(username="an2").exists()


def test_an_address_an_account_already_uses_is_not_invited_again(cast, orgs, login):
    from cooperatives.people.invitations import invitation_create

    cast["staff_b"].email = "htx.b@example.vn"
    cast["staff_b"].save()
    with pytest.raises(ValidationError) as refused:
        invitation_create(
            actor=cast["approver_a"], organization=orgs["htx_a"], email="HTX.B@example.vn", roles=[Role.REPORTER]
        )
    assert "đã là của tài khoản “htx_b”" in str(refused.value)
    assert not Invitation.objects.exists()


def test_a_phone_that_is_not_a_number_is_refused_when_accepting(client, invited):
    response = client.post(invited, accept_data(phone="abc-xyz"))
    assert "Số điện thoại chỉ gồm chữ số và khoảng trắng" in response.content.decode()
    assert not User.objects.filter(username="nguyenvanan").exists()
