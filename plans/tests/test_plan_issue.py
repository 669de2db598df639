import datetime

import pytest
from django.utils import timezone

from plans.models import Plan


@pytest.fixture
def approved(plan_a):
    plan_a.recipients.create(position=0, label="Phòng NN&PTNT")
    plan_a.recipients.create(position=1, label="Lưu: VT, VP", is_archive=True)
    Plan.objects.filter(pk=plan_a.pk).update(year=timezone.localdate().year, status=Plan.Status.APPROVED)
    plan_a.refresh_from_db()
    return plan_a


def issue_url(plan):
    return f"/plans/{plan.pk}/issue/"


def test_issuing_asks_for_confirmation_and_a_date_before_taking_a_number(approved, cast, login):
    html = login(cast["approver_a"]).get(issue_url(approved)).content.decode()
    assert "Số đã cấp không bao giờ được thu hồi" in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    assert "Phòng NN&amp;PTNT" in html and "Xác nhận ban hành" in html
    approved.refresh_from_db()
    assert approved.status == Plan.Status.APPROVED and approved.number is None


def test_the_chosen_date_is_written_on_the_plan(approved, cast, login):
    day = timezone.localdate().replace(month=1, day=2)
    response = login(cast["approver_a"]).post(issue_url(approved), {"issued_on": day.isoformat()}, follow=True)
    approved.refresh_from_db()
    assert approved.status == Plan.Status.ISSUED and approved.issued_on == day and approved.number == 1
    assert f"ngày 02 tháng 01 năm {day.year}" in response.content.decode()


def test_a_date_in_the_future_is_refused_and_nothing_is_issued(approved, cast, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(cast["approver_a"]).post(issue_url(approved), {"issued_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "Ngày ban hành không được ở tương lai." in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == Plan.Status.APPROVED and approved.number is None


def test_a_date_outside_the_plans_year_is_refused_beside_the_field(approved, cast, login):
    response = login(cast["approver_a"]).post(issue_url(approved), {"issued_on": "2001-05-05"})
    assert response.status_code == 400
    assert "không thuộc năm của kế hoạch" in response.content.decode()
    approved.refresh_from_db()
    assert approved.number is None


def test_the_confirmation_page_is_only_for_the_approver(approved, cast, login, client):
    assert client.get(issue_url(approved)).status_code == 302
    assert login(cast["editor_b"]).get(issue_url(approved)).status_code == 404
    assert login(cast["editor_a"]).get(issue_url(approved)).status_code == 403
    assert login(cast["reviewer"]).get(issue_url(approved)).status_code == 403


def test_a_plan_not_yet_approved_sends_the_approver_back_with_a_message(plan_a, cast, login):
    response = login(cast["approver_a"]).get(issue_url(plan_a), follow=True)
    assert "Chỉ kế hoạch đã được duyệt mới có thể ban hành." in response.content.decode()


def test_the_issue_asks_for_the_signers_name_and_prints_it_under_the_signature(approved, cast, login):
    from reports.tests.readback import pdf_text

    chairman = cast["approver_a"]
    chairman.first_name, chairman.last_name = "Nguyễn Văn", "Hùng"
    chairman.save()
    client = login(chairman)
    html = client.get(issue_url(approved)).content.decode()
    # The approver's own name is proposed while the plan names nobody.
    assert "Họ tên người ký" in html and 'value="Nguyễn Văn Hùng"' in html

    client.post(issue_url(approved), {"issued_on": "", "signer_name": "  Trần   Thị Lan "})

    approved.refresh_from_db()
    assert approved.status == Plan.Status.ISSUED and approved.signer_name == "Trần Thị Lan"
    assert "Trần Thị Lan" in pdf_text(client.get(f"/plans/{approved.pk}/pdf").content)


def test_a_name_already_on_the_plan_is_proposed_and_an_empty_one_keeps_it(approved, cast, login):
    Plan.objects.filter(pk=approved.pk).update(signer_name="Lê Văn Tám")
    client = login(cast["approver_a"])
    assert 'value="Lê Văn Tám"' in client.get(issue_url(approved)).content.decode()

    client.post(issue_url(approved), {"issued_on": "", "signer_name": ""})

    approved.refresh_from_db()
    assert approved.status == Plan.Status.ISSUED and approved.signer_name == "Lê Văn Tám"
