"""Issuing asks for a recent second factor; a leader resets a member's lost device."""

import time

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import _user, authenticator_for, second_factor_pass, signed_in, totp_code
from cooperatives.models import AccountEvent, Membership
from cooperatives.twofactor.devices import VERIFIED_AT_KEY, recovery_codes_make
from plans.models import Plan


@pytest.fixture
def approved(plan_a):
    Plan.objects.filter(pk=plan_a.pk).update(year=timezone.localdate().year, status=Plan.Status.APPROVED)
    plan_a.refresh_from_db()
    return plan_a


def issue_url(plan):
    return f"/plans/{plan.pk}/issue/"


def test_an_approver_without_a_device_cannot_issue(approved, cast, client):
    client.force_login(cast["approver_a"])
    assert client.get(issue_url(approved))["Location"].startswith("/account/two-factor/setup/")
    response = client.post(issue_url(approved), {"issued_on": timezone.localdate().isoformat()})
    assert response["Location"] == "/account/two-factor/setup/"
    approved.refresh_from_db()
    assert approved.status == Plan.Status.APPROVED and approved.number is None


def test_a_stale_code_is_asked_again_before_issuing_and_then_the_plan_is_issued(approved, cast, login, settings):
    settings.SECOND_FACTOR_FRESH_MINUTES = 15
    client = login(cast["approver_a"])
    session = client.session
    session[VERIFIED_AT_KEY] = time.time() - 16 * 60
    session.save()
    response = client.get(issue_url(approved), follow=True)
    assert response.redirect_chain[-1][0] == f"/login/code/?next=%2Fplans%2F{approved.pk}%2Fissue%2F"
    html = response.content.decode()
    assert "Xác nhận lại mã xác thực trước khi ban hành" in html and "Xác nhận lại mã xác thực" in html
    # Sending the form straight away is stopped the same way.
    posted = client.post(issue_url(approved), {"issued_on": timezone.localdate().isoformat()})
    assert posted["Location"].startswith("/login/code/")
    device = TOTPDevice.objects.get(user=cast["approver_a"])
    answer = client.post("/login/code/", {"code": totp_code(device), "next": issue_url(approved)})
    assert answer["Location"] == issue_url(approved)
    client.post(issue_url(approved), {"issued_on": timezone.localdate().isoformat()})
    approved.refresh_from_db()
    assert approved.status == Plan.Status.ISSUED and approved.number == 1


def test_a_recent_code_issues_without_asking(approved, cast, login):
    client = login(cast["approver_a"])
    client.post(issue_url(approved), {"issued_on": timezone.localdate().isoformat()})
    approved.refresh_from_db()
    assert approved.status == Plan.Status.ISSUED


@pytest.fixture
def staff_with_device(cast):
    authenticator_for(cast["staff_a"])
    recovery_codes_make(cast["staff_a"])
    return cast["staff_a"]


def reset_url(org, user):
    return f"/members/{org.pk}/{user.pk}/two-factor-reset/"


def test_the_communes_chairman_resets_a_cooperative_members_lost_device(staff_with_device, cast, orgs, login):
    client = login(cast["approver_a"])
    url = reset_url(orgs["htx_a"], staff_with_device)
    assert "Đặt lại" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Đã đặt lại xác thực hai lớp của htx_a" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff_with_device).exists()
    assert not StaticDevice.objects.filter(user=staff_with_device).exists()
    event = AccountEvent.objects.get(action=AccountEvent.Action.TWO_FACTOR_RESET)
    assert (event.actor, event.subject, event.organization) == (cast["approver_a"], staff_with_device, orgs["htx_a"])
    client.post(url)  # a second click changes and records nothing
    assert AccountEvent.objects.filter(action=AccountEvent.Action.TWO_FACTOR_RESET).count() == 1


def test_another_communes_leader_gets_404_and_the_device_stays(staff_with_device, orgs, client):
    other = _user("chutich_b", orgs["ubnd_b"], Membership.Role.APPROVER)
    signed_in(client, other)
    url = reset_url(orgs["htx_a"], staff_with_device)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    # Nor through an organisation they lead, for someone not a member of it.
    assert client.post(reset_url(orgs["ubnd_b"], staff_with_device)).status_code == 404
    assert TOTPDevice.objects.filter(user=staff_with_device).exists() and not AccountEvent.objects.exists()


def test_a_member_after_a_reset_who_needs_it_sets_up_again(cast, orgs, login):
    chairman_client = login(cast["approver_a"])
    second = _user("chutich_a2", orgs["ubnd_a"], Membership.Role.APPROVER)
    authenticator_for(second)
    chairman_client.post(reset_url(orgs["ubnd_a"], second))
    other = Client()
    other.force_login(second)
    assert other.get("/")["Location"] == "/account/two-factor/setup/"


def test_turning_off_is_only_for_those_who_need_none(staff_with_device, cast, login):
    client = login(cast["staff_a"])
    second_factor_pass(client, staff_with_device)
    assert "Tắt xác thực hai lớp" in client.get("/account/two-factor/").content.decode()
    client.post("/account/two-factor/disable/")
    assert not TOTPDevice.objects.filter(user=staff_with_device).exists()
    assert client.get("/").status_code == 200
    approver = login(cast["approver_a"])
    assert "không thể tắt" in approver.get("/account/two-factor/").content.decode()
    approver.post("/account/two-factor/disable/")
    assert TOTPDevice.objects.filter(user=cast["approver_a"], confirmed=True).exists()


def test_new_recovery_codes_replace_the_old(cast, login):
    client = login(cast["approver_a"])
    old = recovery_codes_make(cast["approver_a"])
    html = client.post("/account/two-factor/recovery-codes/", follow=True).content.decode()
    assert "In mã dự phòng" in html and old[0] not in html
    assert StaticDevice.objects.get(user=cast["approver_a"]).token_set.count() == 10
