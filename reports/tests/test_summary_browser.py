"""In Chromium at 360 px: the district summary reads on a phone (no sideways
scrolling, the chart's text at a readable size, every number on screen)."""

import pytest

from plans.models import Plan
from reports.tests.districts import add_communes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2022

# Every text of the chart, with its rendered size and box.
CHART_TEXT = """() => [...document.querySelectorAll(
    '.summary-figure figcaption, .summary-bar > span:not([aria-hidden])')]
  .map(el => { const r = el.getBoundingClientRect();
               return {text: el.innerText, size: parseFloat(getComputedStyle(el).fontSize),
                       left: r.left, right: r.right}; })"""
NUMBERS = """() => [...document.querySelectorAll('.summary-table td.num, .summary-table tfoot th')]
  .filter(el => el.innerText.trim())
  .map(el => { const r = el.getBoundingClientRect(); return {text: el.innerText, left: r.left, right: r.right}; })"""


@pytest.fixture
def district(units, orgs, cast):
    add_communes(units["district"], 12, year=YEAR, author=cast["staff_a"], long_names=True)
    Plan.objects.create(
        issuer=orgs["ubnd_b"], year=YEAR, title="Dự thảo kế hoạch của xã Phú Tân", issuer_name="UBND XÃ PHÚ TÂN",
        place="Phú Tân", status=Plan.Status.SUBMITTED,
    )  # fmt: skip
    return units["district"]


def test_the_summary_reads_on_a_360_px_phone(district, cast, phone_page, browser_login):
    browser_login(phone_page, cast["reviewer"])
    phone_page.goto(f"/reports/summary/?unit=942&year={YEAR}")
    assert phone_page.get_by_text("Dự thảo / chưa ban hành", exact=True).is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360

    texts = phone_page.evaluate(CHART_TEXT)
    assert len([t for t in texts if "Xã Vĩnh Lợi Đông Nam Bộ" in t["text"]]) == 12
    small = [t for t in texts if t["size"] < 10]
    assert not small, small[:3]
    outside = [t for t in texts if t["left"] < 0 or t["right"] > 360]
    assert not outside, outside[:3]

    # Each row is a card: its numbers, named, are on the screen without scrolling sideways.
    numbers = phone_page.evaluate(NUMBERS)
    assert len(numbers) >= 12 * 4
    assert not [n for n in numbers if n["left"] < 0 or n["right"] > 360], numbers[:3]
    card = phone_page.locator(".summary-table tbody tr", has_text="Tam Tứ 000")
    assert card.locator("td.num").nth(0).inner_text() == "3"
    labels = card.locator("td.num").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels == ['"Nhiệm vụ: "', '"Hoàn thành: "', '"Chậm, quá hạn: "', '"Tiến độ: "']


def test_the_summary_keeps_its_table_on_a_wide_screen(district, cast, page, browser_login):
    browser_login(page, cast["reviewer"])
    page.goto(f"/reports/summary/?unit=942&year={YEAR}")
    header = page.locator(".summary-table:not(.summary-table-pending) thead th").last
    assert header.is_visible() and header.inner_text() == "Tiến độ"
    box = header.bounding_box()
    assert box["x"] + box["width"] <= page.viewport_size["width"]
    # Where there is room the chart takes columns, so 14 communes do not make a long strip.
    columns = page.evaluate(
        "() => new Set([...document.querySelectorAll('.summary-bar')].map(el => el.offsetLeft)).size"
    )
    assert columns >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_district_page_does_not_scroll_sideways_on_a_phone(district, cast, phone_page, browser_login):
    browser_login(phone_page, cast["reviewer"])
    phone_page.goto(f"/district/?year={YEAR}")
    assert phone_page.locator("#xa-T942-000 h2").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
