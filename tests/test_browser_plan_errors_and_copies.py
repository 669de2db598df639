"""In the browser: a refused save is summed up at the top of the page, in
sight and focused, with what was typed kept."""

import pytest
from playwright.sync_api import expect

from plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_31000_character_funding_text_is_refused_in_sight_and_kept(page, browser_login, cast, plan_a):
    funding = ("Kinh phí từ ngân sách xã và vốn đối ứng của HTX. " * 700)[:30_999] + "."
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
