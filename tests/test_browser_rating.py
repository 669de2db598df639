"""One year's rating on phones (360 px), on the demo: the cooperative fills
its 2021 self-assessment and sees the score as it types, the commune
adjusts one item with its reason and forwards it, the district confirms it;
the year's confirmed rating is what the district's pages read."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from cooperatives.models import Cooperative, CooperativeRating
from cooperatives.rating import criteria

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-123"
ITEMS = criteria.set_items(criteria.set_read(criteria.DEFAULT_FILE))


def _sign_out(page):
    # On a phone the menu is folded behind its button.
    page.get_by_role("button", name="Mở menu").click()
    page.locator(".navbar-collapse.collapse.show").wait_for()  # unfolded, not still moving
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/**")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 362


def test_three_people_rate_vinh_loi_2021_on_phones(phone_page, browser_login):
    page = phone_page
    call_command("seed_demo", password=PASSWORD, stdout=open("/dev/null", "w"))
    users = {u.username: u for u in get_user_model().objects.all()}
    coop = Cooperative.objects.get(organization__short_name="HTX NN Vĩnh Lợi")
    detail = reverse("cooperatives:rating_detail", args=[coop.pk, 2021])

    browser_login(page, users["htx_vinhloi"], PASSWORD)
    page.locator(".rating-card a").first.click()
    page.get_by_role("link", name="Đánh giá, phân loại").click()
    row_2020 = page.locator("tr", has_text="Năm 2020")
    assert "Hoạt động chưa đủ 12 tháng trong năm đánh giá (thành lập ngày 20/11/2020)" in row_2020.inner_text()
    page.get_by_role("link", name="Năm 2021").click()
    page.wait_for_url(f"**{detail}")
    page.fill("#id_member_count", "60")
    page.fill("#id_revenue", "2500000000")
    page.fill("#id_capital", "800000000")
    page.fill("#id_item_1a", "9")
    assert (
        "Điểm phải từ 0 đến điểm tối đa của nội dung này." in page.locator(".rating-item[data-code='1a']").inner_text()
    )
    for item in ITEMS:
        page.fill(f"#id_item_{item['code']}", str(round(item["max"] * 0.8, 1)))
    assert page.locator("#rating-total").inner_text() == "80,0"
    assert page.locator("#rating-category").inner_text() == "Tốt"
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Gửi xã thẩm định").click()
    page.get_by_text("Đã gửi bản tự đánh giá cho xã thẩm định.").wait_for()
    _sign_out(page)

    browser_login(page, users["canbo_vinhloi"], PASSWORD)
    page.goto(detail)
    page.fill("#id_adjust_1a", "3")
    assert page.locator("#rating-total").inner_text() == "78,2"
    assert page.locator("#rating-category").inner_text() == "Khá"
    page.fill("#id_reason_1a", "Vốn bình quân thấp hơn sổ sách")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Gửi huyện xác nhận").click()
    page.get_by_text("Đã gửi huyện xác nhận.").wait_for()
    _sign_out(page)

    browser_login(page, users["phongnn_chauthanh"], PASSWORD)
    page.goto(detail)
    assert "Vốn bình quân thấp hơn sổ sách" in page.content()
    page.get_by_role("button", name="Xác nhận kết quả").click()
    page.get_by_text("Đã xác nhận kết quả đánh giá, phân loại.").wait_for()
    assert "Huyện đã xác nhận" in page.locator(".rating-status").inner_text()
    rating = CooperativeRating.objects.get(cooperative=coop, year=2021)
    assert (rating.rating, str(rating.score), rating.size_class) == ("fair", "78.2", "small")
    page.goto(reverse("cooperatives:rating_list", args=[coop.pk]))
    row_2021 = page.locator("tr", has_text="Năm 2021").inner_text()
    assert "78,2" in row_2021 and "Khá" in row_2021 and "Nhỏ" in row_2021
    _no_sideways_scroll(page)
