"""In Chromium at 360 px: the demo's cooperative staff open "Việc của tôi"
and see this year's tasks, each with its state in colour and words; the
2021 tasks are one tap away, under their year, the done ones folded."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from plans import access, services
from plans.models import Plan
from plans.progress import tasks_progress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"
# The badge colours of site.css, as the browser computes them.
BACKGROUNDS = {
    "Quá hạn": "rgb(176, 42, 55)",
    "Có nguy cơ chậm": "rgb(255, 193, 7)",
    "Đang thực hiện": "rgb(11, 94, 215)",
    "Chưa bắt đầu": "rgb(92, 99, 106)",
    "Hoàn thành trễ hạn": "rgb(181, 71, 8)",
    "Hoàn thành đúng hạn": "rgb(20, 108, 67)",
}


@pytest.fixture
def demo_with_this_years_plan_issued():
    """The demo, with this year's plan of UBND xã Vĩnh Lợi issued by its
    chairman (the demo leaves it approved, for the chairman to issue)."""
    call_command("seed_demo", password=PASSWORD, stdout=open("/dev/null", "w"))
    users = get_user_model().objects
    plan = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=timezone.localdate().year)
    services.plan_issue(plan=plan, user=users.get(username="chutich_vinhloi"), deliver=False)
    return plan


def test_staff_see_this_years_tasks_first_with_their_state_in_colour_and_words(
    demo_with_this_years_plan_issued, phone_page, browser_login
):
    staff = get_user_model().objects.get(username="htx_vinhloi")
    year = timezone.localdate().year
    expected = [tp.state_label for tp in tasks_progress(access.current_my_tasks(staff))]
    assert len(expected) == 4

    browser_login(phone_page, staff, PASSWORD)
    phone_page.goto("/my-tasks/")

    open_cards = phone_page.locator("ul.my-tasks").first.locator(":scope > li")
    assert open_cards.count() == 4
    for i, state in enumerate(expected):
        card = open_cards.nth(i)
        assert f"({year})" in card.inner_text()
        badge = card.locator(".task-state")
        assert badge.inner_text().strip() == state
        assert badge.evaluate("el => getComputedStyle(el).backgroundColor") == BACKGROUNDS[state]
        assert badge.locator("svg").is_visible()  # a shape beside the word, not colour alone
    # The 2021 tasks are not on the page, but their year is, beside the current ones.
    assert phone_page.get_by_text("(2021)").count() == 0
    years = phone_page.locator("nav ul.my-tasks-years")
    assert years.get_by_role("link", name="Hiện hành").get_attribute("aria-current") == "page"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    years.get_by_role("link", name="2021").click()
    phone_page.wait_for_url("**/my-tasks/?year=2021")
    assert years.get_by_role("link", name="2021").get_attribute("aria-current") == "page"
    open_cards = phone_page.locator("ul.my-tasks").first.locator(":scope > li")
    assert open_cards.locator(".task-state").all_inner_texts() == ["Quá hạn", "Quá hạn"]
    folded = phone_page.locator("details.my-tasks-folded")
    assert "Đã hoàn thành (2)" in folded.locator("summary").inner_text()
    assert not folded.get_by_text("(2021)").first.is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    folded.locator("summary").click()
    assert folded.get_by_text("(2021)").first.is_visible()
    assert folded.locator(".task-state", has_text="Hoàn thành đúng hạn").count() == 2
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    # The filters keep the year and narrow to one state; and say how to undo it.
    phone_page.get_by_text("Lọc theo kế hoạch, năm, tình trạng").click()
    assert phone_page.locator("#id_year").input_value() == "2021"
    phone_page.select_option("#id_state", label="Hoàn thành đúng hạn")
    phone_page.get_by_role("button", name="Lọc").click()
    assert phone_page.locator(".task-state").all_inner_texts() == ["Hoàn thành đúng hạn", "Hoàn thành đúng hạn"]
    assert phone_page.get_by_role("link", name="Bỏ lọc").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    # A year typed wrong is answered in words, over the current tasks.
    phone_page.goto("/my-tasks/?year=hai-nghin")
    assert "“hai-nghin” không phải là một năm" in phone_page.locator(".alert-warning").inner_text()
    assert phone_page.locator("ul.my-tasks").first.locator(":scope > li").count() == 4
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
