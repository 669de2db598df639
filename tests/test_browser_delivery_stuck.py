"""A mail send left "sending" by a worker that stopped: past the lease the
issuer sees it stuck, presses "Gửi lại", and the e-mail goes out once, with
the Message-ID of the first try, the interruption noted in the table."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from plans import services
from plans.models import Plan
from reports.models import Delivery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-123"


def test_a_send_stuck_past_its_lease_is_sent_again_from_the_delivery_table(page, browser_login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", password=PASSWORD, stdout=open("/dev/null", "w"))
    chairman = get_user_model().objects.get(username="chutich_vinhloi")
    plan = Plan.objects.get(status=Plan.Status.APPROVED, issuer__short_name="UBND xã Vĩnh Lợi")
    services.plan_issue(plan=plan, user=chairman, issued_on=timezone.localdate())
    # As a worker killed mid-send leaves it: claimed eleven minutes ago, try 1, its Message-ID made.
    claimed = timezone.now() - datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS + 60)
    stuck = Delivery.objects.filter(plan=plan, organization__short_name="Phòng NN&PTNT huyện Châu Thành")
    stuck.update(
        email_status="sending",
        email_claimed_at=claimed,
        email_attempts=1,
        email_sent_at=None,
        email_message_id="<lan-dau.1@htxplan.example>",
    )
    mail.outbox.clear()

    browser_login(page, chairman, PASSWORD)
    page.goto(plan.get_absolute_url())
    row = page.locator("#noi-nhan tr", has_text="Phòng NN&PTNT huyện Châu Thành")
    text = row.inner_text()
    assert "Đang gửi thư" in text and f"lần 1, từ {timezone.localtime(claimed):%d/%m/%Y %H:%M}" in text
    assert "Quá lâu chưa gửi xong (máy gửi thư có thể đã dừng)." in text
    row.get_by_role("button", name="Gửi lại").click()

    row = page.locator("#noi-nhan tr", has_text="Phòng NN&PTNT huyện Châu Thành")
    row.get_by_text("Đã gửi thư").wait_for()
    assert "bị gián đoạn; nơi nhận có thể nhận hai bản giống nhau (cùng mã thư)" in row.inner_text()
    [message] = mail.outbox
    assert message.to == ["phongnn.chauthanh@example.gov.vn"]
    assert message.extra_headers["Message-ID"] == "<lan-dau.1@htxplan.example>"
    assert stuck.get().email_attempts == 2
