"""The chairman issues the demo plan; the district office finds it in its
inbox, downloads it and confirms receipt; the chairman sees the confirmation."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-123"


def test_the_demo_plan_is_issued_received_downloaded_and_confirmed(page, browser_login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", password=PASSWORD, stdout=open("/dev/null", "w"))
    User = get_user_model()
    plan = Plan.objects.get(status=Plan.Status.APPROVED, issuer__short_name="UBND xã Vĩnh Lợi")

    browser_login(page, User.objects.get(username="chutich_vinhloi"), PASSWORD)
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Ban hành (cấp số)").click()
    page.get_by_role("button", name="Xác nhận ban hành").click()
    page.get_by_text("Đã ban hành kế hoạch, số 01/KH-UBND, và gửi cho 5 nơi nhận.").wait_for()
    [message] = mail.outbox
    assert message.to == ["phongnn.chauthanh@example.gov.vn"]
    assert message.attachments[0][2] == "application/pdf"
    page.get_by_role("button", name="Đăng xuất").click()

    browser_login(page, User.objects.get(username="phongnn_chauthanh"), PASSWORD)
    page.get_by_role("link", name="Văn bản đến 1").click()
    item = page.locator(".inbox li", has_text=plan.title)
    assert "Mới" in item.inner_text()
    with page.expect_download() as download:
        item.get_by_role("link", name="Tải PDF").click()
    assert download.value.suggested_filename == f"ke-hoach-01-{plan.year}-{plan.pk}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    item.get_by_role("button", name="Xác nhận đã nhận").click()
    page.get_by_text("Đã xác nhận đã nhận văn bản.").wait_for()
    page.get_by_role("button", name="Đăng xuất").click()

    browser_login(page, User.objects.get(username="chutich_vinhloi"), PASSWORD)
    page.goto(plan.get_absolute_url())
    row = page.locator("#noi-nhan tr", has_text="Phòng NN&PTNT huyện Châu Thành")
    text = row.inner_text()
    assert "Đã gửi thư" in text and "phongnn.chauthanh@example.gov.vn" in text
    assert "Tải PDF: Chuyên viên Phòng NN&PTNT" in text
    assert "Đã nhận" in text and "Chuyên viên Phòng NN&PTNT" in text
    assert "Đã gửi 5 cơ quan · 1 đã xác nhận" in page.locator("#noi-nhan").inner_text()
