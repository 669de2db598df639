import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_official_signs_in_and_reads_the_plan(page, browser_login, cast, plan_a):
    page.goto(plan_a.get_absolute_url())
    assert "/login/" in page.url
    browser_login(page, cast["editor_a"])
    page.goto(plan_a.get_absolute_url())
    assert page.locator("h1.doc-type").inner_text() == "KẾ HOẠCH"
    assert page.locator(".doc-subject").inner_text() == plan_a.title


def test_another_communes_official_gets_not_found(page, browser_login, cast, plan_a):
    browser_login(page, cast["editor_b"])
    response = page.goto(plan_a.get_absolute_url())
    assert response.status == 404
