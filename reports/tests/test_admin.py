"""The back office: an issued report is as frozen in the admin as on the pages."""

import datetime

import pytest
from django.urls import reverse

from reports import services
from reports.models import ProgressReport


@pytest.fixture
def report_issued_through_services(draft_report, cast):
    services.report_submit(report=draft_report, user=cast["editor_a"])
    services.report_approve(report=draft_report, user=cast["approver_a"])
    return services.report_issue(report=draft_report, user=cast["approver_a"], issued_on=datetime.date(2022, 6, 2))


def test_issued_report_cannot_be_deleted_in_the_admin(login, superuser, report_issued_through_services):
    url = reverse("admin:reports_progressreport_delete", args=[report_issued_through_services.pk])

    response = login(superuser).post(url, {"post": "yes"})

    assert response.status_code == 403
    assert ProgressReport.objects.filter(
        pk=report_issued_through_services.pk, status=ProgressReport.Status.ISSUED
    ).exists()


def test_report_status_is_shown_but_not_editable_in_the_admin(login, superuser, draft_report):
    html = login(superuser).get(reverse("admin:reports_progressreport_change", args=[draft_report.pk])).content
    html = html.decode()

    assert 'name="status"' not in html
    assert 'name="number"' not in html
    assert "Dự thảo" in html


def test_report_list_in_the_admin_reads_a_fixed_number_of_queries(
    login, superuser, plan_with_updates, cast, django_assert_max_num_queries
):
    for day in range(1, 8):
        services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, day), user=cast["editor_a"])
    client = login(superuser)

    with django_assert_max_num_queries(10):
        html = client.get(reverse("admin:reports_progressreport_changelist")).content.decode()

    assert html.count("UBND xã Vĩnh Lợi") >= 7
