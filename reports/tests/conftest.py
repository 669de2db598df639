import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conftest import signed_in
from cooperatives.models import AdministrativeUnit, Membership, Organization
from plans.models import Plan, ProgressUpdate
from reports.models import Delivery


@pytest.fixture
def user_named(django_user_model):
    return lambda username: django_user_model.objects.get(username=username)


@pytest.fixture
def plan_with_updates(plan_a, cast):
    """plan_a issued as 04/KH-UBND with two tasks, one with an indicator and two updates."""
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=4, issued_on=datetime.date(2022, 1, 6))
    plan_a.refresh_from_db()
    plan_a.recipients.create(position=0, label="Phòng NN&PTNT huyện", purpose="để báo cáo")
    plan_a.recipients.create(position=1, label="Lưu: VT, VP", is_archive=True)
    task = plan_a.tasks.get()
    task.indicator_name = "diện tích phun bằng drone"
    task.indicator_target = Decimal("200")
    task.indicator_unit = "ha"
    task.due_on = datetime.date(2022, 6, 30)
    task.save()
    second = plan_a.tasks.create(position=1, title="Tập huấn thành viên", due_on=datetime.date(2022, 3, 31))
    ProgressUpdate.objects.create(
        task=task,
        reported_on=datetime.date(2022, 5, 2),
        percent=40,
        status="on_track",
        work_done="Đã phun 80 ha lúa vụ Hè Thu.",
        indicator_value=Decimal("80.50"),
        author=cast["staff_a"],
    )
    ProgressUpdate.objects.create(
        task=task,
        reported_on=datetime.date(2022, 7, 1),
        percent=90,
        status="on_track",
        work_done="Sau ngày báo cáo.",
        author=cast["staff_a"],
    )
    # What the report tests build on: the tasks in their order, the updates on the first only.
    assert [(t, t.updates.count()) for t in plan_a.tasks.all()] == [(task, 2), (second, 0)]
    return plan_a


@pytest.fixture
def draft_report(plan_with_updates, cast):
    from reports import services

    return services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])


# --- Distribution (issue 6) -------------------------------------------------------
# `approved_plan` is commune A's plan of this year, approved and waiting to be
# issued, with four recipient lines: the district office (which has an e-mail
# address), the cooperative (which has none), a line typed as free text and the
# archive line.


@pytest.fixture
def approved_plan(plan_a, orgs):
    year = timezone.localdate().year
    Plan.objects.filter(pk=plan_a.pk).update(
        status=Plan.Status.APPROVED, year=year, title=f"Củng cố, nâng chất hoạt động hợp tác xã năm {year}"
    )
    plan_a.refresh_from_db()
    plan_a.recipients.create(position=0, label="Phòng NN&PTNT", organization=orgs["office"], purpose="để báo cáo")
    plan_a.recipients.create(position=1, label="HTX NN Vĩnh Lợi", organization=orgs["htx_a"])
    plan_a.recipients.create(position=2, label="TT. Đảng ủy xã")
    plan_a.recipients.create(position=3, label="Lưu: VT, VP", is_archive=True)
    return plan_a


@pytest.fixture
def issue(client, cast, django_capture_on_commit_callbacks):
    """Issue a plan through the page as the chairman of commune A; the
    e-mails queued at commit run at once (the immediate task backend)."""

    def _issue(plan, user=None):
        signed_in(client, user or cast["approver_a"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/plans/{plan.pk}/issue/", follow=True)
        plan.refresh_from_db()
        return response

    return _issue


@pytest.fixture
def delivered(approved_plan, issue, orgs):
    """approved_plan issued through the page: the district office's delivery."""
    issue(approved_plan)
    return Delivery.objects.get(plan=approved_plan, organization=orgs["office"])


@pytest.fixture
def elsewhere(db):
    """An organisation outside the district, with a member: it sees commune
    A's plans only when it is on their recipient list."""
    unit = AdministrativeUnit.objects.create(code="95", name="Tỉnh Bạc Liêu", level="province")
    org = Organization.objects.create(
        name="Sở Tài chính tỉnh Bạc Liêu",
        short_name="Sở Tài chính Bạc Liêu",
        abbreviation="STC",
        kind=Organization.Kind.SPECIALISED_OFFICE,
        unit=unit,
        email="stc@example.gov.vn",
    )
    user = get_user_model().objects.create_user(username="stc_baclieu")
    Membership.objects.create(user=user, organization=org, role=Membership.Role.EDITOR)
    return {"org": org, "user": user}
