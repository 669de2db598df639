"""The plan page shows the appendices as the PDF prints them, from the same
partial; on a phone a wide table scrolls sideways inside its own box."""

import re

import pytest

from plans.models import Plan
from reports.tests.appendix_plans import ATTACHED, COLUMNS, GROUPS, task_title, with_task_list
from reports.tests.test_plan_appendices_pdf import WORKS

PASSWORD = "phone-pass-123"


def plan_with_appendices(plan: Plan, tasks: int = 12) -> Plan:
    plan = with_task_list(plan, tasks=tasks)
    plan.appendices.create(position=0, title="Danh mục công trình", body="Các công trình năm 2022.", table=WORKS)
    return plan


def test_the_plan_page_shows_each_appendix_after_the_signature(plan_a, cast, login):
    plan = plan_with_appendices(plan_a)
    html = login(cast["editor_a"]).get(plan.get_absolute_url()).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    order = [
        "Nơi nhận:",
        "PHỤ LỤC I",
        "PHÂN CÔNG THỰC HIỆN",
        ATTACHED,
        " ".join(COLUMNS),
        f"I. {GROUPS[0]}",
        task_title(1),
        task_title(12),
        "PHỤ LỤC II",
        "DANH MỤC CÔNG TRÌNH",
        "Các công trình năm 2022.",
        "Đường đal ấp 3",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, [p for p, i in zip(order, positions, strict=True) if i == -1]
    assert positions == sorted(positions)
    assert f'<td colspan="5">I. {GROUPS[0]}</td>' in html
    assert html.count('<div class="doc-table-box">') == 2


def test_a_plan_without_appendices_shows_none(plan_a, cast, login):
    html = login(cast["editor_a"]).get(plan_a.get_absolute_url()).content.decode()
    assert "doc-appendix" not in html and "PHỤ LỤC" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_wide_table_scrolls_inside_its_box_and_the_page_does_not(
    plan_a, cast, phone_page, browser_login
):
    plan = plan_with_appendices(plan_a, tasks=4)
    editor = cast["editor_a"]
    editor.set_password(PASSWORD)
    editor.save()
    browser_login(phone_page, editor, PASSWORD)
    phone_page.goto(plan.get_absolute_url())
    boxes = phone_page.locator(".doc-table-box")
    wide = boxes.first
    wide.scroll_into_view_if_needed()
    assert wide.evaluate("el => el.scrollWidth > el.clientWidth")
    assert wide.evaluate("el => getComputedStyle(el).overflowX") == "auto"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    # The narrow table of three columns fits as it is.
    assert boxes.nth(1).evaluate("el => el.scrollWidth <= el.clientWidth")
    assert wide.get_by_text(task_title(4)).count() == 1
