"""The back office: an issued plan is as frozen in the admin as on the pages."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from plans import services
from plans.models import NumberRegister, Plan, Task


@pytest.fixture
def plan_issued_as_01(plan_a, cast):
    """plan_a submitted, approved and issued through the services: its
    history holds every step and the register gave it number 01 of 2022."""
    plan_a.recipients.create(position=0, label="Lưu: VT", is_archive=True)
    services.plan_submit(plan=plan_a, user=cast["editor_a"])
    services.plan_approve(plan=plan_a, user=cast["approver_a"])
    return services.plan_issue(plan=plan_a, user=cast["approver_a"], issued_on=datetime.date(2022, 1, 5))


def test_issued_plan_cannot_be_reverted_to_a_version_before_its_issue(login, superuser, plan_issued_as_01):
    before_issue = plan_issued_as_01.history.filter(status=Plan.Status.APPROVED).first()
    url = reverse("admin:plans_plan_simple_history", args=[plan_issued_as_01.pk, before_issue.history_id])

    data = {k: v for k, v in model_to_dict(before_issue.instance).items() if v is not None and k != "id"}
    data["cooperatives"] = [c.pk for c in data["cooperatives"]]
    data["title"] = "Đổi sau khi ban hành"

    response = login(superuser).post(url, data)

    assert response.status_code == 403
    plan_issued_as_01.refresh_from_db()
    assert plan_issued_as_01.status == Plan.Status.ISSUED
    assert plan_issued_as_01.number == 1
    assert plan_issued_as_01.title == "Củng cố, nâng chất hoạt động hợp tác xã năm 2022"


def test_task_of_an_issued_plan_cannot_be_changed_in_the_admin(login, superuser, plan_issued_as_01):
    task = plan_issued_as_01.tasks.get()
    url = reverse("admin:plans_task_change", args=[task.pk])

    response = login(superuser).post(url, {"title": "Đổi", "plan": plan_issued_as_01.pk, "position": 0, "weight": 1})

    assert response.status_code == 403
    task.refresh_from_db()
    assert task.title == "Phun thuốc bằng drone"


def test_task_cannot_be_added_to_an_issued_plan_in_the_admin(login, superuser, plan_issued_as_01):
    response = login(superuser).post(
        reverse("admin:plans_task_add"), {"title": "Thêm lén", "plan": plan_issued_as_01.pk, "position": 5, "weight": 1}
    )

    assert response.status_code == 200  # the form again, with the error
    assert not Task.objects.filter(title="Thêm lén").exists()


def test_plan_status_is_not_editable_in_the_admin(login, superuser, plan_a):
    html = login(superuser).get(reverse("admin:plans_plan_change", args=[plan_a.pk])).content.decode()

    assert 'name="status"' not in html
    assert "Dự thảo" in html


def test_number_register_cannot_be_deleted(login, superuser, plan_issued_as_01):
    register = NumberRegister.objects.get(issuer=plan_issued_as_01.issuer)
    client = login(superuser)

    response = client.post(reverse("admin:plans_numberregister_delete", args=[register.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert NumberRegister.objects.filter(pk=register.pk, last_number=1).exists()


def test_plan_list_in_the_admin_reads_a_fixed_number_of_queries(
    login, superuser, plan_a, django_assert_max_num_queries
):
    client = login(superuser)
    for year in range(2023, 2030):
        plan = Plan.objects.create(issuer=plan_a.issuer, year=year, title=f"Kế hoạch năm {year}", place="Vĩnh Lợi")
        plan.tasks.create(position=0, title=f"Nhiệm vụ năm {year}", weight=1)
    for url in ("admin:plans_plan_changelist", "admin:plans_task_changelist", "admin:plans_remark_changelist"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(url)).status_code == 200
