"""“Sao chép sang năm sau” on the demo: the page proposes a year, offers the
draft that year already has instead of making another, and an old plan is
proposed for this year rather than for a year long gone."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from plans import services
from plans.models import Plan

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def demo(seed_plan, login):
    """The demo's 2021 plan (issued 01/KH-UBND), this year's plan of the same
    commune (approved), and its editor signed in."""
    current = Plan.objects.get(issuer=seed_plan.issuer, year=THIS_YEAR)
    client = login(get_user_model().objects.get(username="canbo_vinhloi"))
    return {"old": seed_plan, "current": current, "client": client}


def copy_url(plan):
    return f"/plans/{plan.pk}/copy/"


def proposed_year(html: str) -> str:
    return re.search(r'<input[^>]*name="year"[^>]*value="(\d+)"', html).group(1)


def test_the_plan_page_opens_the_copy_page_instead_of_copying_at_once(demo):
    html = demo["client"].get(demo["current"].get_absolute_url()).content.decode()
    assert f'<a class="btn btn-outline-secondary btn-sm" href="{copy_url(demo["current"])}">' in html
    assert f'action="{copy_url(demo["current"])}"' not in html


def test_copying_this_years_plan_proposes_next_year_and_makes_its_draft(demo):
    client, current = demo["client"], demo["current"]
    html = client.get(copy_url(current)).content.decode()
    assert proposed_year(html) == str(THIS_YEAR + 1)
    assert "đã có kế hoạch năm" not in html and "Tạo dự thảo" in html
    response = client.post(copy_url(current), {"year": THIS_YEAR + 1})
    draft = Plan.objects.get(copied_from=current)
    assert response["Location"] == f"/plans/{draft.pk}/edit/"
    assert (draft.year, draft.status, draft.additional_reason) == (THIS_YEAR + 1, Plan.Status.DRAFT, "")


def test_copying_again_offers_to_open_the_draft_and_a_second_needs_a_reason(demo):
    client, current = demo["client"], demo["current"]
    client.post(copy_url(current), {"year": THIS_YEAR + 1})
    draft = Plan.objects.get(copied_from=current)
    Plan.objects.filter(pk=draft.pk).update(version=2)  # edited since: no double click

    html = client.get(copy_url(current)).content.decode()
    assert f"UBND xã Vĩnh Lợi đã có kế hoạch năm {THIS_YEAR + 1}:" in html
    assert f'<a class="btn btn-sm btn-primary ms-1" href="/plans/{draft.pk}/edit/">Mở dự thảo này</a>' in html
    assert 'name="additional_reason"' in html and "Vẫn sao chép thành kế hoạch bổ sung" in html

    response = client.post(copy_url(current), {"year": THIS_YEAR + 1})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được" in html and '<a href="#id_additional_reason" class="alert-link">' in html
    assert "Mỗi cơ quan chỉ có một kế hoạch mỗi năm" in html and f'href="/plans/{draft.pk}/edit/"' in html
    assert Plan.objects.filter(copied_from=current).count() == 1

    response = client.post(copy_url(current), {"year": THIS_YEAR + 1, "additional_reason": "Kế hoạch bổ sung về OCOP"})
    extra = Plan.objects.get(copied_from=current, additional_reason="Kế hoạch bổ sung về OCOP")
    assert response["Location"] == f"/plans/{extra.pk}/edit/"
    html = client.get(extra.get_absolute_url()).content.decode()
    assert "<strong>Kế hoạch bổ sung:</strong> Kế hoạch bổ sung về OCOP" in html


def test_an_old_plan_is_proposed_for_this_year_and_this_years_plan_is_offered(demo):
    client, old, current = demo["client"], demo["old"], demo["current"]
    html = client.get(copy_url(old)).content.decode()
    assert proposed_year(html) == str(THIS_YEAR)
    assert f'<a class="btn btn-sm btn-outline-primary ms-1" href="/plans/{current.pk}/">Mở kế hoạch này</a>' in html
    # Refused without a reason: the 2021 plan does not make a second plan of this year.
    response = client.post(copy_url(old), {"year": THIS_YEAR})
    assert response.status_code == 400
    assert Plan.objects.filter(issuer=old.issuer, year=THIS_YEAR).count() == 1


def test_the_proposed_year_can_be_changed_and_task_dates_follow_it(demo):
    client, old = demo["client"], demo["old"]
    year = THIS_YEAR + 2
    response = client.post(copy_url(old), {"year": year})
    draft = Plan.objects.get(issuer=old.issuer, year=year)
    assert response["Location"] == f"/plans/{draft.pk}/edit/"
    assert {(t.start_on.year, t.due_on.year) for t in draft.tasks.all()} == {(year, year)}
    assert draft.title == f"Củng cố, nâng chất hoạt động hợp tác xã năm {year}"


@pytest.mark.parametrize("year", ["", "abc", "1999", "2101"])
def test_a_bad_year_is_refused_beside_the_field(demo, year):
    response = demo["client"].post(copy_url(demo["old"]), {"year": year})
    html = response.content.decode()
    assert response.status_code == 400 and 'href="#id_year"' in html
    assert re.search(r"Hãy ghi năm của kế hoạch mới|Năm phải là một số|Năm phải trong khoảng 2000–2100", html)
    assert Plan.objects.filter(issuer=demo["old"].issuer).count() == 2


@pytest.mark.parametrize(
    ("source", "today", "proposed"),
    [
        (2026, datetime.date(2026, 11, 1), 2027),
        (2021, datetime.date(2026, 3, 1), 2026),
        (2025, datetime.date(2026, 1, 2), 2026),
        (2028, datetime.date(2026, 6, 1), 2029),
    ],
)
def test_the_year_proposed_is_the_next_or_this_one(source, today, proposed):
    assert services.copy_year_proposal(Plan(year=source), today=today) == proposed


def test_only_the_issuers_editors_reach_the_copy_page(demo, login, client):
    old = demo["old"]
    for username, status in (("chutich_vinhloi", 403), ("phongnn_chauthanh", 403)):
        assert login(get_user_model().objects.get(username=username)).get(copy_url(old)).status_code == status
        assert client.post(copy_url(old), {"year": THIS_YEAR + 3}).status_code == status
    client.logout()
    assert client.get(copy_url(old))["Location"].startswith("/login/")
    assert not Plan.objects.filter(year=THIS_YEAR + 3).exists()
