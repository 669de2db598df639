"""In Chromium: cooperative staff log progress from a phone, the official reads it."""

import pytest

from plans.models import ProgressUpdate
from plans.tests.conftest import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_an_update_with_a_photo_on_a_phone_and_the_official_sees_it(
    phone_page, page, browser_login, cast, task_a, tmp_path
):
    photo = tmp_path / "phun-drone.jpg"
    photo.write_bytes(jpeg_bytes())

    browser_login(phone_page, cast["staff_a"])
    phone_page.locator(".navbar-toggler").click()
    phone_page.get_by_role("link", name="Việc của tôi", exact=True).click()
    phone_page.get_by_role("link", name="Cập nhật tiến độ").first.click()
    phone_page.fill("#id_percent", "40")
    phone_page.fill("#id_work_done", "Phun thử nghiệm 12 ha bằng drone tại ấp Phú Thành.")
    phone_page.fill("#id_indicator_value", "12,5")
    phone_page.set_input_files("#id_files", str(photo))
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.get_by_role("button", name="Lưu cập nhật").click()
    phone_page.wait_for_url(f"**/tasks/{task_a.pk}/")
    assert phone_page.get_by_text("Đã lưu cập nhật tiến độ.").is_visible()

    update = ProgressUpdate.objects.get()
    assert (update.percent, str(update.indicator_value)) == (40, "12.50")

    browser_login(page, cast["editor_a"])
    page.goto(task_a.plan.get_absolute_url())
    page.get_by_role("link", name=task_a.title).click()
    assert page.get_by_text("Phun thử nghiệm 12 ha bằng drone tại ấp Phú Thành.").is_visible()
    thumbnail = page.locator(".evidence img").first
    thumbnail.wait_for()
    # The photo really loads through the access-checked view.
    assert page.evaluate("img => img.complete && img.naturalWidth", thumbnail.element_handle()) == 32
