"""In the browser: a refused save is summed up at the top of the page, in
sight and focused, with what was typed kept; and copying a plan to a year
that already has its draft offers to open that draft instead."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from plans.models import MAX_BODY_CHARS, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_funding_text_past_the_limit_is_refused_in_sight_and_kept(page, browser_login, cast, plan_a):
    funding = ("Kinh phí từ ngân sách xã và vốn đối ứng của HTX. " * 4200)[: MAX_BODY_CHARS + 999] + "."
    browser_login(page, cast["editor_a"])
    page.goto(f"/plans/{plan_a.pk}/edit/")
    page.fill("#id_funding_body", funding)
    page.locator("#phan-kinh-phi").get_by_role("button", name="Lưu thông tin chung").click()
    page.wait_for_load_state()

    summary = page.locator("#form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("Chưa lưu được")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    link = summary.get_by_role("link", name="Kinh phí")
    expect(link).to_have_attribute("href", "#id_funding_body")
    link.click()
    expect(page.locator("#id_funding_body")).to_be_in_viewport()
    assert page.locator("#id_funding_body").input_value() == funding
    assert Plan.objects.get(pk=plan_a.pk).funding_body == ""


def test_copying_again_offers_to_open_the_draft_made_the_first_time(page, browser_login, cast, plan_a):
    year = timezone.localdate().year  # plan_a is of 2022: an old plan is copied to this year
    browser_login(page, cast["editor_a"])
    page.goto(plan_a.get_absolute_url())
    page.get_by_role("link", name="Sao chép sang năm sau").click()
    expect(page.locator("#id_year")).to_have_value(str(year))
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.wait_for_url(re.compile(r"/plans/\d+/edit/$"))
    draft = Plan.objects.get(copied_from=plan_a)
    assert draft.year == year

    page.goto(plan_a.get_absolute_url())
    page.get_by_role("link", name="Sao chép sang năm sau").click()
    expect(page.locator(".live-plans")).to_contain_text(f"UBND xã Vĩnh Lợi đã có kế hoạch năm {year}:")
    page.get_by_role("link", name="Mở dự thảo này").click()
    page.wait_for_url(f"**/plans/{draft.pk}/edit/")
    assert Plan.objects.filter(copied_from=plan_a).count() == 1
