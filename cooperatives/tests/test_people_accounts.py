"""Leaders manage their own organisation's members within its roles; every
change is recorded; a member who leaves keeps their name on their work."""

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from conftest import PASSWORD, _user
from cooperatives.models import AccountEvent, Membership
from cooperatives.people import accounts
from cooperatives.people.rules import managed_organizations, may_grant, needs_second_factor

Role = Membership.Role


@pytest.fixture
def admin_district(orgs):
    return _user("quantri_huyen", orgs["office"], Role.ADMINISTRATOR)


def test_a_commune_chairman_manages_the_commune_and_its_cooperatives_only(cast, orgs):
    managed = set(managed_organizations(cast["approver_a"]).values_list("short_name", flat=True))
    assert managed == {"UBND xã Vĩnh Lợi", "HTX NN Vĩnh Lợi"}
    assert not managed_organizations(cast["editor_a"]).exists()
    assert not managed_organizations(cast["staff_a"]).exists()


def test_a_district_administrator_manages_every_organisation_of_the_district(cast, orgs, admin_district):
    managed = set(managed_organizations(admin_district).values_list("short_name", flat=True))
    assert {
        "UBND xã Vĩnh Lợi",
        "UBND xã Phú Tân",
        "HTX NN Vĩnh Lợi",
        "HTX NN Phú Tân",
        "Phòng NN&PTNT huyện",
    } <= managed


def test_a_leader_cannot_grant_a_role_the_organisation_may_not_hold(cast, orgs):
    chairman = cast["approver_a"]
    assert may_grant(chairman, orgs["htx_a"], Role.REPORTER)
    assert not may_grant(chairman, orgs["htx_a"], Role.APPROVER)
    assert not may_grant(chairman, orgs["ubnd_a"], Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as refused:
        accounts.account_create(actor=chairman, organization=orgs["htx_a"], roles=[Role.APPROVER], username="moi")
    assert "HTX NN Vĩnh Lợi không giao được vai trò Phê duyệt, ban hành" in str(refused.value)
    assert not Membership.objects.filter(user__username="moi").exists()


def test_a_leader_cannot_touch_another_organisations_members(cast, orgs):
    chairman = cast["approver_a"]
    with pytest.raises(PermissionDenied):
        accounts.member_remove(actor=chairman, organization=orgs["htx_b"], user=cast["staff_b"])
    with pytest.raises(PermissionDenied):
        accounts.roles_set(actor=chairman, organization=orgs["ubnd_b"], user=cast["editor_b"], roles=[Role.APPROVER])
    with pytest.raises(PermissionDenied):
        accounts.account_create(actor=chairman, organization=orgs["ubnd_b"], roles=[Role.EDITOR], username="x")
    assert Membership.objects.filter(user=cast["staff_b"], organization=orgs["htx_b"]).exists()


def test_an_account_with_a_one_time_password_must_change_it_and_is_recorded(cast, orgs):
    user, password = accounts.account_create(
        actor=cast["approver_a"],
        organization=orgs["htx_a"],
        roles=[Role.DIRECTOR],
        username="giamdoc_vinhloi",
        first_name="Trần Văn",
        last_name="Bình",
        phone="0909 123 456",
    )
    assert (
        len(password) == 12
        and authenticate(RequestFactory().post("/"), username="giamdoc_vinhloi", password=password) == user
    )
    assert user.profile.must_change_password and user.profile.phone == "0909 123 456"
    # A director also reports progress.
    assert sorted(accounts.organization_roles(user, orgs["htx_a"])) == [Role.DIRECTOR, Role.REPORTER]
    event = AccountEvent.objects.get()
    assert (event.action, event.actor_name, event.subject_name, event.organization) == (
        "account_created",
        "chutich_a",
        "Trần Văn Bình",
        orgs["htx_a"],
    )


def test_a_taken_username_is_refused_in_vietnamese(cast, orgs):
    with pytest.raises(ValidationError) as refused:
        accounts.account_create(
            actor=cast["approver_a"], organization=orgs["htx_a"], roles=[Role.REPORTER], username="HTX_A"
        )
    assert "Tên đăng nhập “HTX_A” đã có người dùng." in str(refused.value)


def test_a_member_who_leaves_cannot_sign_in_and_their_name_stays(cast, orgs):
    staff = cast["staff_a"]
    locked = accounts.member_remove(actor=cast["approver_a"], organization=orgs["htx_a"], user=staff)
    staff.refresh_from_db()
    assert locked and not staff.is_active
    assert authenticate(RequestFactory().post("/"), username="htx_a", password=PASSWORD) is None
    actions = list(AccountEvent.objects.order_by("id").values_list("action", "subject_name"))
    assert actions == [("member_removed", "htx_a"), ("account_deactivated", "htx_a")]


def test_the_last_leader_cannot_be_removed_or_demoted(cast, orgs):
    chairman = cast["approver_a"]
    with pytest.raises(ValidationError, match="phải còn ít nhất một người quản lý thành viên"):
        accounts.roles_set(actor=chairman, organization=orgs["ubnd_a"], user=chairman, roles=[Role.EDITOR])
    second = _user("phochutich_a", orgs["ubnd_a"], Role.APPROVER)
    accounts.roles_set(actor=chairman, organization=orgs["ubnd_a"], user=chairman, roles=[Role.EDITOR])
    assert accounts.organization_roles(chairman, orgs["ubnd_a"]) == [Role.EDITOR]
    assert accounts.organization_roles(second, orgs["ubnd_a"]) == [Role.APPROVER]


def test_only_an_administrator_above_grants_the_administrator_role(cast, orgs, admin_district):
    head = _user("truongphong", orgs["office"], Role.HEAD)
    assert not may_grant(head, orgs["office"], Role.ADMINISTRATOR)
    assert may_grant(head, orgs["office"], Role.REVIEWER)
    assert may_grant(admin_district, orgs["office"], Role.ADMINISTRATOR)


def test_approvers_and_administrators_need_a_second_factor(cast, admin_district):
    assert needs_second_factor(cast["approver_a"]) and needs_second_factor(admin_district)
    assert not needs_second_factor(cast["editor_a"]) and not needs_second_factor(cast["staff_a"])


def test_a_cooperatives_director_can_leave_while_the_communes_chairman_manages_it(cast, orgs):
    chairman = cast["approver_a"]
    director, _password = accounts.account_create(
        actor=chairman, organization=orgs["htx_a"], roles=[Role.DIRECTOR], username="giamdoc_a"
    )
    accounts.roles_set(actor=chairman, organization=orgs["htx_a"], user=director, roles=[Role.REPORTER])
    assert accounts.organization_roles(director, orgs["htx_a"]) == [Role.REPORTER]
    assert accounts.member_remove(actor=chairman, organization=orgs["htx_a"], user=director)
