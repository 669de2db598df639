"""An official writes a plan from an empty form, the chairman issues it."""

import datetime
import re

import pytest

from cooperatives.models import Membership
from plans.models import Plan, Solution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add(page, kind, fields, expect):
    section = page.locator(f"#section-{kind}")
    section.locator(":scope > details > summary").click()
    for name, value in fields.items():
        field = section.locator(f'[name="new-{kind}-{name}"]')
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        elif field.get_attribute("type") == "checkbox":
            field.check()
        else:
            field.fill(value)
    section.locator(":scope > details > form button[type=submit]").click()
    page.locator(f"#section-{kind} .part-summary", has_text=expect).first.wait_for()


def test_an_official_writes_submits_and_the_chairman_issues(page, browser_login, cast, coops, orgs):
    year = datetime.date.today().year
    browser_login(page, cast["editor_a"])
    page.goto("/plans/")
    page.get_by_role("link", name="Soạn kế hoạch mới").click()
    page.fill("#id_year", str(year))
    page.fill("#id_title", f"Củng cố, nâng chất hoạt động hợp tác xã năm {year}")
    page.get_by_label("HTX NN Vĩnh Lợi").check()
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.wait_for_url(re.compile(r"/plans/\d+/edit/$"))
    plan = Plan.objects.get(year=year)

    add(page, "objective", {"body": "Duy trì, củng cố hoạt động của HTX"}, "Duy trì, củng cố")
    add(page, "objective", {"body": "Nâng cao thu nhập cho thành viên"}, "Nâng cao thu nhập")
    add(
        page,
        "task",
        {"title": "Tập huấn cán bộ HTX", "start_on": f"{year}-02-01", "due_on": f"{year}-06-30"},
        "Tập huấn",
    )
    add(page, "task", {"title": "Phun thuốc bằng drone", "cooperative": "HTX NN Vĩnh Lợi"}, "Phun thuốc")
    add(
        page,
        "task",
        {
            "title": "Liên kết tiêu thụ lúa",
            "indicator_name": "Diện tích",
            "indicator_target": "50",
            "indicator_unit": "ha",
        },
        "Liên kết",
    )
    add(page, "solution", {"title": "Thực hiện có hiệu quả các cơ chế chính sách"}, "cơ chế chính sách")
    parent = Solution.objects.get(plan=plan)
    for title in ("Về thể chế", "Về cơ chế, chính sách"):
        item = page.locator(f"#part-solution-{parent.pk}")
        item.locator(":scope > details > summary").click()
        item.locator(f'[name="new-solution-{parent.pk}-title"]').fill(title)
        item.locator(":scope > details > form button[type=submit]").click()
        page.locator(".part-children .part-summary", has_text=title).wait_for()
    add(page, "recipient", {"organization": "Phòng NN&PTNT huyện", "purpose": "để báo cáo"}, "Phòng NN&PTNT huyện")
    add(page, "recipient", {"label": "Lưu: VT, VP", "is_archive": "on"}, "Lưu: VT, VP")

    # The last task moves to the top.
    last = page.locator("#section-task > ol > li").nth(2)
    last.get_by_role("button", name="Chuyển lên").click()
    page.locator("#section-task > ol > li").nth(1).filter(has_text="Liên kết").wait_for()
    page.locator("#section-task > ol > li").nth(1).get_by_role("button", name="Chuyển lên").click()
    page.locator("#section-task > ol > li").first.filter(has_text="Liên kết").wait_for()
    assert [t.title for t in plan.tasks.all()] == [
        "Liên kết tiêu thụ lúa",
        "Tập huấn cán bộ HTX",
        "Phun thuốc bằng drone",
    ]

    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_text("Đã trình kế hoạch").wait_for()
    assert "1. Liên kết tiêu thụ lúa" in page.locator(".doc").inner_text()

    page.get_by_role("button", name="Đăng xuất").click()
    browser_login(page, cast["approver_a"])
    page.goto(plan.get_absolute_url())
    page.get_by_role("button", name="Duyệt").click()
    page.get_by_text("Đã duyệt kế hoạch").wait_for()
    page.get_by_role("link", name="Ban hành (cấp số)").click()
    page.get_by_role("button", name="Xác nhận ban hành").click()
    page.get_by_text("Đã ban hành kế hoạch, số 01/KH-UBND").wait_for()
    doc = page.locator(".doc").inner_text()
    assert "Số: 01/KH-UBND" in doc and "a) Về thể chế" in doc and "b) Về cơ chế, chính sách" in doc
    assert page.get_by_role("link", name="Sửa", exact=True).count() == 0

    page.get_by_role("button", name="Đăng xuất").click()
    browser_login(page, cast["editor_a"])
    assert page.goto(f"/plans/{plan.pk}/edit/").status == 403

    page.get_by_role("button", name="Đăng xuất").click()
    browser_login(page, cast["editor_b"])
    assert page.goto(plan.get_absolute_url()).status == 404
    assert Membership.objects.filter(user=cast["editor_b"], organization=orgs["ubnd_b"]).exists()
