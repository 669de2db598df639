"""Each role walks its work queue on the demo: the editor reads a return and
its reason, the chairman finds the resubmitted plan in the queue and under
the bell and approves it from there, the district office sees the issued
plan it has not read and the commune that has no plan for the year."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from plans import services
from plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-123"
REASON = "Bổ sung chỉ tiêu diện tích cho nhiệm vụ 2."


def _demo():
    call_command("seed_demo", password=PASSWORD, stdout=open("/dev/null", "w"))
    users = {u.username: u for u in get_user_model().objects.all()}
    plan = Plan.objects.get(status=Plan.Status.APPROVED, issuer__short_name="UBND xã Vĩnh Lợi")
    return users, plan


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_editor_and_the_chairman_walk_their_queues(page, browser_login):
    users, plan = _demo()
    services.plan_return(plan=plan, user=users["chutich_vinhloi"], reason=REASON)

    browser_login(page, users["canbo_vinhloi"], PASSWORD)
    queue = page.locator(".work-queue")
    queue.get_by_role("link", name="Kế hoạch bị trả lại, cần sửa").wait_for()
    page.get_by_role("link", name="Thông báo").first.click()
    item = page.locator(".notifications li", has_text="Văn bản bị trả lại")
    assert REASON in item.inner_text()
    item.get_by_role("link", name=plan.title).click()
    page.wait_for_url(f"**{plan.get_absolute_url()}")
    assert REASON in page.content()
    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_text("Đã trình kế hoạch, chờ lãnh đạo duyệt.").wait_for()
    _sign_out(page)

    browser_login(page, users["chutich_vinhloi"], PASSWORD)
    page.get_by_role("link", name="Thông báo").first.click()
    newest = page.locator(".notifications li").first
    assert "Văn bản chờ duyệt" in newest.inner_text() and plan.title in newest.inner_text()
    assert "Mới" in newest.inner_text()
    page.goto("/")
    page.locator(".work-queue").get_by_role("link", name="Kế hoạch chờ bạn duyệt").click()
    page.get_by_role("link", name=plan.title).first.click()
    # "Trả lại" unfolds the return form, folded until then.
    reason = page.locator("#tra-lai textarea")
    assert not reason.is_visible()
    page.get_by_role("link", name="Trả lại", exact=True).click()
    reason.wait_for(state="visible")
    page.get_by_role("button", name="Duyệt").click()
    page.get_by_text("Đã duyệt kế hoạch.").wait_for()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED


def test_the_district_sees_the_new_plan_and_the_commune_without_one(page, browser_login):
    users, plan = _demo()
    services.plan_issue(plan=plan, user=users["chutich_vinhloi"], issued_on=timezone.localdate())

    browser_login(page, users["phongnn_chauthanh"], PASSWORD)
    queue = page.locator(".work-queue")
    unread = queue.get_by_role("link", name="Văn bản đến chưa xem")
    assert "1" in unread.inner_text()
    missing = queue.get_by_role("link", name=f"Xã chưa có kế hoạch ban hành năm {timezone.localdate().year}")
    assert "1" in missing.inner_text()
    unread.click()
    page.locator(".inbox li", has_text=plan.title).wait_for()
