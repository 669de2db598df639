"""The issuer's delivery table on the plan page, and delivering a free-text recipient line later."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Organization
from reports.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def distributed_plan(approved_plan, issue):
    issue(approved_plan)
    return approved_plan


def test_the_issuer_sees_delivered_mailed_downloaded_and_confirmed(distributed_plan, cast, login, orgs):
    office = Delivery.objects.get(plan=distributed_plan, organization=orgs["office"])
    reviewer = login(cast["reviewer"])
    reviewer.get(f"/inbox/{office.pk}/pdf")
    reviewer.post(f"/inbox/{office.pk}/confirm/")
    office.refresh_from_db()

    html = login(cast["approver_a"]).get(distributed_plan.get_absolute_url()).content.decode()
    table = html[html.index('id="noi-nhan"') :]
    assert "Đã gửi 2 cơ quan · 1 đã xác nhận" in table
    assert "Phòng NN&amp;PTNT huyện" in table and "HTX NN Vĩnh Lợi" in table
    assert "Đã gửi thư" in table and "phongnn@example.gov.vn" in table
    assert "Không gửi thư (cơ quan chưa có địa chỉ)" in table
    assert "Tải PDF: phongnn" in table
    assert "Đã nhận" in table and office.confirmed_at.astimezone().strftime("%d/%m/%Y") in table
    assert "Chưa xác nhận" in table  # the cooperative


def test_the_editors_see_the_table_and_readers_do_not(distributed_plan, cast, login):
    assert 'id="noi-nhan"' in login(cast["editor_a"]).get(distributed_plan.get_absolute_url()).content.decode()
    for who in ("reviewer", "staff_a"):
        assert 'id="noi-nhan"' not in login(cast[who]).get(distributed_plan.get_absolute_url()).content.decode()


def test_a_plan_not_yet_issued_has_no_table(approved_plan, cast, login):
    assert 'id="noi-nhan"' not in login(cast["approver_a"]).get(approved_plan.get_absolute_url()).content.decode()


def test_the_free_text_line_waits_with_a_choice_of_organisations(distributed_plan, cast, login, orgs):
    html = login(cast["editor_a"]).get(distributed_plan.get_absolute_url()).content.decode()
    table = html[html.index('id="noi-nhan"') :]
    assert "Nơi nhận chưa được gửi" in table and "TT. Đảng ủy xã" in table
    # Whom the commune may address (cooperatives/addressing.py): its own cooperative, the district's bodies.
    assert f'<option value="{orgs["htx_a"].pk}">HTX NN Vĩnh Lợi</option>' in table
    assert f'<option value="{orgs["office"].pk}">' in table
    assert f'<option value="{orgs["htx_b"].pk}">' not in table  # another commune's cooperative
    assert f'<option value="{orgs["ubnd_b"].pk}">' not in table  # another commune's committee
    assert f'<option value="{orgs["ubnd_a"].pk}">' not in table  # not the issuer itself


def test_linking_the_free_text_line_delivers_the_plan_then(
    distributed_plan, cast, login, orgs, django_capture_on_commit_callbacks
):
    party = Organization.objects.create(
        name="Đảng ủy xã Vĩnh Lợi", short_name="Đảng ủy xã Vĩnh Lợi", kind="party_committee", unit=orgs["ubnd_a"].unit,
        email="danguy@example.vn",
    )  # fmt: skip
    line = distributed_plan.recipients.get(label="TT. Đảng ủy xã")
    client = login(cast["editor_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/plans/{distributed_plan.pk}/deliveries/", {"recipient": line.pk, "organization": party.pk}, follow=True
        )
    assert "Đã gửi kế hoạch cho Đảng ủy xã Vĩnh Lợi." in response.content.decode()
    delivery = Delivery.objects.get(plan=distributed_plan, organization=party)
    assert delivery.label == "TT. Đảng ủy xã" and delivery.email_status == Delivery.EmailStatus.SENT
    line.refresh_from_db()
    assert line.organization == party and line.label == "TT. Đảng ủy xã"  # the document's line is unchanged
    assert line.history.first().history_user == cast["editor_a"]
    # The party committee's members now read the plan.
    assert "Nơi nhận chưa được gửi" not in response.content.decode()


def test_linking_needs_an_organisation(distributed_plan, cast, login):
    line = distributed_plan.recipients.get(label="TT. Đảng ủy xã")
    html = login(cast["editor_a"]).post(
        f"/plans/{distributed_plan.pk}/deliveries/", {"recipient": line.pk}, follow=True
    )
    assert "Hãy chọn cơ quan nhận." in html.content.decode()
    assert Delivery.objects.filter(plan=distributed_plan).count() == 2


def test_the_archive_line_cannot_be_delivered(distributed_plan, cast, login, orgs):
    archive = distributed_plan.recipients.get(is_archive=True)
    html = login(cast["editor_a"]).post(
        f"/plans/{distributed_plan.pk}/deliveries/",
        {"recipient": archive.pk, "organization": orgs["htx_a"].pk},
        follow=True,
    )
    assert "Dòng lưu văn bản không gửi cho cơ quan nào." in html.content.decode()


def test_only_the_issuer_links_recipients(distributed_plan, cast, login, orgs, client):
    line = distributed_plan.recipients.get(label="TT. Đảng ủy xã")
    url, data = f"/plans/{distributed_plan.pk}/deliveries/", {"recipient": line.pk, "organization": orgs["htx_a"].pk}
    client.logout()
    assert client.post(url, data)["Location"].startswith("/login/")
    assert login(cast["outsider"]).post(url, data).status_code == 404
    assert login(cast["editor_b"]).post(url, data).status_code == 404
    assert login(cast["reviewer"]).post(url, data).status_code == 403
    line.refresh_from_db()
    assert line.organization is None


def test_the_plan_page_queries_do_not_grow_with_deliveries(distributed_plan, cast, login, orgs):
    client = login(cast["approver_a"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(distributed_plan.get_absolute_url())
        return len(ctx.captured_queries)

    def add(i: int) -> None:
        org = Organization.objects.create(
            name=f"Cơ quan {i}", short_name=f"Cơ quan {i}", kind="other", unit=orgs["ubnd_a"].unit
        )
        distributed_plan.recipients.create(position=10 + i, label=org.short_name, organization=org)
        delivery = Delivery.objects.create(plan=distributed_plan, organization=org, label=org.short_name)
        delivery.downloads.create(user=cast["reviewer"], format="pdf")

    add(0)
    few = queries()
    for i in range(1, 6):
        add(i)
    assert queries() == few
