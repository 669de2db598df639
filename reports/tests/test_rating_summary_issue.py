"""Issuing the rating summary as a numbered Báo cáo from the register."""

import pytest
from django.contrib.auth import get_user_model

from cooperatives.models import CooperativeRating, Membership
from plans.models import NumberRegister
from reports.ratings.records import RatingReport
from reports.tests import test_rating_summary as base
from reports.tests.readback import pdf_text

rated = base.rated
url = base.url


@pytest.fixture
def head(orgs):
    """The head of the district office: its approver."""
    user = get_user_model().objects.create_user("truongphong")
    Membership.objects.create(user=user, organization=orgs["office"], role=Membership.Role.APPROVER)
    Membership.objects.create(user=user, organization=orgs["office"], role=Membership.Role.REVIEWER)
    return user


def test_the_head_issues_a_numbered_report_whose_content_is_frozen(rated, head, orgs, login, coops):
    client = login(head)
    assert "Ban hành thành báo cáo" in client.get(url()).content.decode()
    response = client.post(
        "/cooperatives/ratings/summary/issue/?unit=942&year=2021", {"signer_name": "Nguyễn Văn A"}, follow=True
    )
    record = RatingReport.objects.get()
    assert (record.issuer, record.year, record.number, record.symbol) == (orgs["office"], 2021, 1, "BC-PNN")
    assert NumberRegister.objects.get(issuer=orgs["office"]).last_number == 1
    assert "Đã ban hành báo cáo số 01/BC-PNN" in response.content.decode()
    # A later correction changes the summary, not the issued report.
    corrected = CooperativeRating.objects.get(cooperative=coops["a"], year=2021)
    corrected.rating, corrected.score = "weak", 45
    corrected.save()
    text = " ".join(pdf_text(client.get(f"/cooperatives/ratings/reports/{record.pk}.pdf").content).split())
    assert "Số: 01/BC-PNN" in text and "Nguyễn Văn A" in text and "DỰ THẢO" not in text
    assert "85,0" in text and "45,0" not in text
    # Issued again with a result changed: the next number.
    client.post("/cooperatives/ratings/summary/issue/?unit=942&year=2021")
    assert sorted(RatingReport.objects.values_list("number", flat=True)) == [1, 2]


def test_a_second_click_on_an_unchanged_summary_takes_no_second_number(rated, head, login):
    client = login(head)
    client.post("/cooperatives/ratings/summary/issue/?unit=942&year=2021")
    response = client.post("/cooperatives/ratings/summary/issue/?unit=942&year=2021", follow=True)
    assert "đã được ban hành thành báo cáo số 01/BC-PNN" in response.content.decode()
    assert RatingReport.objects.count() == 1


def test_a_reviewer_who_is_not_the_head_may_not_issue(rated, cast, login):
    client = login(cast["reviewer"])
    assert "Ban hành thành báo cáo" not in client.get(url()).content.decode()
    assert client.post("/cooperatives/ratings/summary/issue/?unit=942&year=2021").status_code == 403
    assert not RatingReport.objects.exists()


def test_an_issued_report_is_404_outside_its_district(rated, head, cast, login):
    login(head).post("/cooperatives/ratings/summary/issue/?unit=942&year=2021")
    record = RatingReport.objects.get()
    assert login(cast["editor_a"]).get(f"/cooperatives/ratings/reports/{record.pk}.pdf").status_code == 404
    assert login(cast["reviewer"]).get(f"/cooperatives/ratings/reports/{record.pk}.pdf").status_code == 200
