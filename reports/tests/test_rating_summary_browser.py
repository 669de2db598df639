"""In Chromium at 360 px: the rating summary reads on a phone; its wide
list scrolls sideways inside its box, never the page."""

import pytest

from reports.tests import test_rating_summary as base

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
rated = base.rated


def test_the_rating_summary_reads_on_a_360_px_phone(rated, cast, phone_page, browser_login):
    browser_login(phone_page, cast["reviewer"])
    phone_page.goto("/cooperatives/ratings/summary/?unit=942&year=2021")
    assert phone_page.get_by_role("heading", name="Danh sách hợp tác xã").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.screenshot(path="/tmp/rs_phone.png", full_page=True)
    boxes = phone_page.evaluate(
        "() => [...document.querySelectorAll('.table-responsive')].map(b => b.getBoundingClientRect().right)"
    )
    assert len(boxes) == 3 and max(boxes) <= 360
