import pytest

from cooperatives.models import Membership, Organization
from plans.models import Plan


@pytest.fixture
def recipient_member(orgs, cast):
    """A member of the district finance office, which is on the plan's Nơi nhận
    but supervises no commune."""
    finance = Organization.objects.create(
        name="Phòng Tài chính – Kế hoạch", short_name="Phòng TC-KH", kind="specialised_office", unit=orgs["office"].unit
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="taichinh", password="x")
    Membership.objects.create(user=user, organization=finance, role=Membership.Role.REPORTER)
    return user, finance


def test_a_recipient_reads_the_issued_plan_and_its_task_timelines(plan_a, recipient_member, login):
    user, finance = recipient_member
    plan_a.recipients.create(position=0, label="Phòng TC-KH", organization=finance)
    task = plan_a.tasks.get()
    client = login(user)
    assert client.get(plan_a.get_absolute_url()).status_code == 404  # still a draft
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=1, issued_on="2022-01-05")
    assert client.get(plan_a.get_absolute_url()).status_code == 200
    response = client.get(f"/tasks/{task.pk}/")
    assert response.status_code == 200 and task.title in response.content.decode()


def test_an_organisation_not_on_the_list_gets_404_on_the_tasks(plan_a, recipient_member, login):
    user, _finance = recipient_member
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=1, issued_on="2022-01-05")
    task = plan_a.tasks.get()
    assert login(user).get(f"/tasks/{task.pk}/").status_code == 404
