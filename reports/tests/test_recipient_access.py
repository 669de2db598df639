"""Recipients read the documents sent to them; an organisation not on the list gets 404."""

import pytest

from plans.models import Plan

pytestmark = pytest.mark.django_db


def urls(plan) -> list[str]:
    return [f"/plans/{plan.pk}/", f"/plans/{plan.pk}/pdf", f"/plans/{plan.pk}/docx"]


def test_an_organisation_not_on_the_list_gets_404_on_the_document(approved_plan, issue, login, elsewhere):
    issue(approved_plan)
    client = login(elsewhere["user"])
    for url in urls(approved_plan):
        assert client.get(url).status_code == 404, url


def test_a_recipient_organisation_reads_the_issued_plan_page_pdf_and_docx(approved_plan, issue, login, elsewhere, cast):
    approved_plan.recipients.create(position=5, label="Sở Tài chính", organization=elsewhere["org"])
    issue(approved_plan)
    client = login(elsewhere["user"])
    page = client.get(f"/plans/{approved_plan.pk}/")
    assert page.status_code == 200 and approved_plan.title in page.content.decode()
    assert client.get(f"/plans/{approved_plan.pk}/pdf").content.startswith(b"%PDF")
    assert client.get(f"/plans/{approved_plan.pk}/docx").content.startswith(b"PK")
    # Reading is all: no delivery table, no workflow buttons, no editing.
    assert 'id="noi-nhan"' not in page.content.decode()
    assert client.get(f"/plans/{approved_plan.pk}/edit/").status_code in (403, 404)


def test_a_recipient_does_not_see_the_plan_before_it_is_issued(approved_plan, login, elsewhere):
    approved_plan.recipients.create(position=5, label="Sở Tài chính", organization=elsewhere["org"])
    assert approved_plan.status == Plan.Status.APPROVED
    client = login(elsewhere["user"])
    for url in urls(approved_plan):
        assert client.get(url).status_code == 404, url


def test_the_archive_line_opens_the_plan_to_no_one(approved_plan, issue, login, elsewhere):
    approved_plan.recipients.create(position=5, label="Lưu", organization=elsewhere["org"], is_archive=True)
    issue(approved_plan)
    assert login(elsewhere["user"]).get(f"/plans/{approved_plan.pk}/").status_code == 404
