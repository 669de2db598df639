"""A district administrator creates communes and organisations with their
first leaders; nobody else reaches these pages."""

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD, _user
from cooperatives.models import AccountEvent, AdministrativeUnit, Cooperative, Membership, Organization

Role = Membership.Role
Kind = Organization.Kind


@pytest.fixture
def administrator(orgs):
    return _user("quantri_huyen", orgs["office"], Role.ADMINISTRATOR)


def commune_post(client, follow=False, **extra):
    district = AdministrativeUnit.objects.get(code="942")
    data = {
        "parent": district.pk,
        "code": "31519",
        "name": "Vĩnh Hải",
        "email": "ubnd.vinhhai@example.gov.vn",
        "identifier_code": "H12.31",
    }
    data.update(extra)
    return client.post(reverse("orgadmin:commune-new"), data, follow=follow)


def test_the_list_shows_the_district_then_each_commune_with_members_and_leaders(cast, orgs, administrator, login):
    page = login(administrator).get(reverse("orgadmin:organization-list")).content.decode()
    assert page.index("Huyện Châu Thành") < page.index("Xã Phú Tân") < page.index("Xã Vĩnh Lợi")
    assert "UBND xã Vĩnh Lợi" in page and "HTX NN Phú Tân" in page and "phongnn@example.gov.vn" in page
    assert "chutich_a" in page  # the approver leads UBND xã Vĩnh Lợi
    for link in ("Thêm tổ chức", "Thêm xã mới", "Nhập người dùng từ Excel"):
        assert link in page
    assert "Tỉnh Sóc Trăng" not in page


@pytest.mark.parametrize("who", ["approver_a", "editor_a", "reviewer", "outsider"])
def test_those_who_administer_nothing_are_refused_every_page(cast, orgs, login, who):
    client = login(cast[who])
    for name, args in [
        ("organization-list", []),
        ("commune-new", []),
        ("organization-new", []),
        ("organization-edit", [orgs["ubnd_a"].pk]),
        ("people-import", []),
        ("people-import-template", []),
    ]:
        assert client.get(reverse(f"orgadmin:{name}", args=args)).status_code in (403, 404), name
    assert commune_post(client).status_code == 403
    assert not AdministrativeUnit.objects.filter(code="31519").exists()


def test_anonymous_is_sent_to_sign_in(db):
    from django.test import Client

    response = Client().get(reverse("orgadmin:organization-list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_administrator_creates_a_commune_with_its_first_leader(cast, orgs, administrator, login, client):
    response = commune_post(
        login(administrator),
        leader_full_name="Trần Thị Bình",
        leader_username="chutich_vinhhai",
        leader_email="binh@example.gov.vn",
        leader_phone="0912000111",
    )
    assert response.status_code == 302 and response["Location"] == reverse("orgadmin:cards")
    unit = AdministrativeUnit.objects.get(code="31519")
    assert (unit.name, unit.level, unit.parent) == ("Xã Vĩnh Hải", "commune", orgs["ubnd_huyen"].unit)
    committee = Organization.objects.get(unit=unit)
    assert (committee.name, committee.short_name, committee.abbreviation, committee.kind) == (
        "Ủy ban nhân dân xã Vĩnh Hải",
        "UBND xã Vĩnh Hải",
        "UBND",
        Kind.PEOPLES_COMMITTEE,
    )
    assert committee.parent == orgs["ubnd_huyen"] and committee.identifier_code == "H12.31"
    leader = get_user_model().objects.get(username="chutich_vinhhai")
    assert leader.get_full_name() == "Trần Thị Bình" and leader.profile.must_change_password
    assert list(leader.memberships.values_list("organization", "role")) == [(committee.pk, Role.APPROVER)]
    assert AccountEvent.objects.filter(action="organization_created", organization=committee).exists()

    cards = client.get(reverse("orgadmin:cards")).content.decode()
    assert "Phiếu tài khoản" in cards and "chutich_vinhhai" in cards and "Ủy ban nhân dân xã Vĩnh Hải" in cards
    assert "http://testserver/login/" in cards or "/login/" in cards
    password = cards.split('account-card-password">')[1].split("<")[0].strip()
    assert authenticate(RequestFactory().post("/"), username="chutich_vinhhai", password=password) == leader
    # Shown once.
    again = client.get(reverse("orgadmin:cards"), follow=True).content.decode()
    assert password not in again and "chỉ hiện một lần" in again


def test_a_commune_without_a_leader_suggests_the_import(cast, orgs, administrator, login):
    response = commune_post(login(administrator), follow=True)
    page = response.content.decode()
    assert "UBND xã Vĩnh Hải chưa có người quản lý" in page and "Phê duyệt, ban hành" in page
    assert not get_user_model().objects.filter(memberships__organization__short_name="UBND xã Vĩnh Hải").exists()


def test_a_taken_code_or_username_refuses_the_whole_commune(cast, orgs, administrator, login):
    client = login(administrator)
    AdministrativeUnit.objects.filter(pk=orgs["ubnd_a"].unit_id).update(code="31516")
    page = commune_post(client, code="31516").content.decode()
    assert "Mã đơn vị hành chính “31516” đã có." in page
    page = commune_post(client, code="abc<>").content.decode()
    assert "Mã xã gồm đúng 5 chữ số" in page and "“abc&lt;&gt;” không phải" in page
    page = commune_post(client, leader_full_name="Ai Đó", leader_username="chutich_a").content.decode()
    assert "đã có người dùng" in page
    assert not AdministrativeUnit.objects.filter(code="31519").exists()
    assert not Organization.objects.filter(short_name="UBND xã Vĩnh Hải").exists()


def test_a_new_cooperative_gets_its_registry_row_and_a_director(cast, orgs, administrator, login):
    response = login(administrator).post(
        reverse("orgadmin:organization-new"),
        {
            "name": "Hợp tác xã Dịch vụ Nông nghiệp Phú Tân 2",
            "short_name": "HTX DV Phú Tân 2",
            "abbreviation": "HTX",
            "kind": Kind.COOPERATIVE,
            "unit": orgs["ubnd_b"].unit_id,
            "parent": orgs["ubnd_b"].pk,
            "registration_code": "4200123456",
            "founded_on": "2024-03-01",
            "leader_full_name": "Lê Văn Cường",
            "leader_username": "giamdoc_pt2",
        },
    )
    assert response.status_code == 302
    organization = Organization.objects.get(short_name="HTX DV Phú Tân 2")
    assert Cooperative.objects.get(organization=organization).registration_code == "4200123456"
    roles = set(Membership.objects.filter(user__username="giamdoc_pt2").values_list("role", flat=True))
    assert roles == {Role.DIRECTOR, Role.REPORTER}


def test_units_and_governing_bodies_outside_the_district_are_refused(cast, orgs, administrator, login, units):
    other = AdministrativeUnit.objects.create(code="95", name="Tỉnh Bạc Liêu", level="province")
    foreign = Organization.objects.create(
        name="UBND tỉnh BL", short_name="UBND BL", kind=Kind.PEOPLES_COMMITTEE, unit=other
    )
    client = login(administrator)
    base = {"name": "Phòng Kinh tế", "short_name": "Phòng KT", "kind": Kind.SPECIALISED_OFFICE}
    page = client.post(reverse("orgadmin:organization-new"), base | {"unit": other.pk}).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in page
    page = client.post(
        reverse("orgadmin:organization-new"), base | {"unit": units["district"].pk, "parent": foreign.pk}
    ).content.decode()
    assert "Hãy chọn một lựa chọn hợp lệ" in page
    assert not Organization.objects.filter(short_name="Phòng KT").exists()
    assert client.get(reverse("orgadmin:organization-edit", args=[foreign.pk])).status_code == 404


def test_the_administrator_edits_an_organisation_and_it_is_recorded(cast, orgs, coops, administrator, login):
    htx = orgs["htx_a"]
    response = login(administrator).post(
        reverse("orgadmin:organization-edit", args=[htx.pk]),
        {
            "name": htx.name,
            "short_name": "HTX NN Vĩnh Lợi",
            "abbreviation": "HTX",
            "kind": Kind.OTHER,  # ignored: the kind stays
            "unit": htx.unit_id,
            "email": "htx.vinhloi@example.vn",
            "identifier_code": "",
            "registration_code": "2200999",
            "founded_on": "2020-11-20",
        },
    )
    assert response.status_code == 302
    htx.refresh_from_db()
    assert (htx.email, htx.kind, htx.cooperative.registration_code) == (
        "htx.vinhloi@example.vn",
        Kind.COOPERATIVE,
        "2200999",
    )
    event = AccountEvent.objects.filter(organization=htx).latest("at")
    assert event.actor == administrator and "Thư điện tử" in event.detail


def test_the_nav_filter_knows_who_administers(cast, administrator):
    from cooperatives.templatetags.orgadmin import administers_units

    assert administers_units(administrator)
    assert not administers_units(cast["approver_a"])


def test_a_province_administrator_may_hang_a_commune_on_the_province(cast, orgs, units, login):
    office = Organization.objects.create(
        name="Sở NN", short_name="Sở NN", kind=Kind.SPECIALISED_OFFICE, unit=units["province"]
    )
    admin = _user("quantri_tinh", office, Role.ADMINISTRATOR)
    response = commune_post(login(admin), parent=units["province"].pk)
    assert response.status_code == 302
    assert AdministrativeUnit.objects.get(code="31519").parent == units["province"]
    assert PASSWORD


def test_the_pages_read_in_english_too(cast, orgs, administrator, login, settings):
    client = login(administrator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("orgadmin:organization-list")).content.decode()
    assert "Import users from Excel" in page and "Add a new commune" in page
    assert "Add the commune" in client.get(reverse("orgadmin:commune-new")).content.decode()


def test_the_list_costs_the_same_queries_however_many_organisations(
    cast, orgs, units, administrator, login, django_assert_max_num_queries
):
    client = login(administrator)
    client.get(reverse("orgadmin:organization-list"))
    with django_assert_max_num_queries(12) as counted:
        client.get(reverse("orgadmin:organization-list"))
    before = len(counted.captured_queries)
    for number in range(5):
        organization = Organization.objects.create(
            name=f"Tổ hợp tác {number}", short_name=f"THT {number}", kind=Kind.OTHER, unit=units["a"]
        )
        Membership.objects.create(user=_user(f"ql{number}"), organization=organization, role=Role.REVIEWER)
    with django_assert_max_num_queries(before):
        client.get(reverse("orgadmin:organization-list"))
