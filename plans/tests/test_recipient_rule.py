"""Whom an editor may put on a plan's Nơi nhận (cooperatives/addressing.py):
the commune's own bodies and cooperatives, the bodies above it, the
committees below a district, and common recipients an administrator marked;
another commune's bodies never, whatever the form, the import or the
delivery table is sent."""

import pytest

from cooperatives.addressing import addressable_organizations
from cooperatives.models import AdministrativeUnit, Organization
from plans.interchange.export import plan_to_dict
from plans.interchange.load import plan_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_department(units):
    return Organization.objects.create(
        name="Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng", short_name="Sở NN&MT", kind="specialised_office",
        unit=units["province"],
    )  # fmt: skip


def test_the_commune_addresses_its_own_bodies_and_those_above_not_another_commune(orgs, province_department):
    allowed = set(addressable_organizations(orgs["ubnd_a"]))
    assert {orgs["htx_a"], orgs["office"], province_department} <= allowed
    assert orgs["ubnd_b"] not in allowed and orgs["htx_b"] not in allowed and orgs["ubnd_a"] not in allowed


def test_a_common_recipient_is_open_to_every_issuer(orgs, units):
    other_province = AdministrativeUnit.objects.create(code="95", name="Tỉnh Bạc Liêu", level="province")
    alliance = Organization.objects.create(
        name="Liên minh Hợp tác xã Việt Nam", short_name="Liên minh HTX VN", kind="other", unit=other_province
    )
    assert alliance not in addressable_organizations(orgs["ubnd_a"])
    alliance.is_common_recipient = True
    alliance.save()
    assert alliance in addressable_organizations(orgs["ubnd_a"])


def test_a_district_addresses_the_committees_of_its_communes(orgs):
    allowed = set(addressable_organizations(orgs["office"]))
    assert orgs["ubnd_a"] in allowed and orgs["ubnd_b"] in allowed
    assert orgs["htx_b"] not in allowed  # a cooperative of a commune goes through its commune


def test_the_editor_cannot_post_another_communes_committee_as_recipient(plan_a, orgs, cast, login):
    response = login(cast["editor_a"]).post(
        f"/plans/{plan_a.pk}/parts/recipient/add/",
        {"version": plan_a.version, "new-recipient-organization": orgs["ubnd_b"].pk, "new-recipient-label": ""},
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not plan_a.recipients.filter(organization=orgs["ubnd_b"]).exists()
    page = login(cast["editor_a"]).get(f"/plans/{plan_a.pk}/edit/").content.decode()
    assert f'<option value="{orgs["office"].pk}">' in page and f'<option value="{orgs["ubnd_b"].pk}">' not in page


def test_the_service_refuses_it_too(plan_a, orgs, cast):
    from django.core.exceptions import ValidationError

    from plans import services

    with pytest.raises(ValidationError) as refused:
        services.plan_part_add(
            plan=plan_a, user=cast["editor_a"], kind="recipient", version=None,
            fields={"organization": orgs["ubnd_b"], "label": "UBND xã Phú Tân"},
        )  # fmt: skip
    assert "không thuộc các cơ quan UBND xã Vĩnh Lợi được gửi văn bản" in str(refused.value)


def test_an_imported_line_naming_another_commune_stays_text(plan_a, orgs, cast, login):
    data = plan_to_dict(plan_a)
    data["recipients"] = [{"label": "UBND xã Phú Tân", "organization": orgs["ubnd_b"].short_name},
                          {"label": "Phòng NN", "organization": orgs["office"].short_name}]  # fmt: skip
    plan = plan_import(data=data, issuer=orgs["ubnd_a"], user=cast["editor_a"], year=plan_a.year + 1)
    lines = {r.label: r.organization_id for r in plan.recipients.all()}
    assert lines == {"UBND xã Phú Tân": None, "Phòng NN": orgs["office"].pk}
