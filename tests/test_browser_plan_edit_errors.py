"""A part save that fails (the server errs or is busy, the connection is
gone, no answer comes, the session ended) says so in sight, wherever the user is on the
edit page, and keeps what was typed; a retry that goes through clears it."""

import re

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from plans import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Phun thuốc bằng drone cho 50 ha lúa vụ Hè Thu"


def test_a_failed_part_save_is_reported_at_the_top_and_the_typed_text_stays(
    page, browser_login, cast, plan_a, monkeypatch
):
    task = plan_a.tasks.get()
    browser_login(page, cast["editor_a"])
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"/plans/{plan_a.pk}/edit/")
    item = page.locator(f"#part-task-{task.pk}")
    item.get_by_role("link", name="Sửa", exact=True).click()
    field = item.locator(f'[name="task-{task.pk}-title"]')
    field.fill(TYPED)
    save = item.get_by_role("button", name="Lưu", exact=True)
    alert = page.locator("#edit-alert")
    expect(alert).to_be_hidden()

    def shown(message):
        expect(alert).to_be_visible()
        expect(alert).to_contain_text(message)
        # In sight without leaving the form: the user is far below the top.
        expect(alert).to_be_in_viewport()
        expect(save).to_be_in_viewport()
        expect(field).to_have_value(TYPED)

    # The server answers 500.
    part_url = re.compile(rf"/plans/{plan_a.pk}/parts/task/{task.pk}/$")
    page.route(part_url, lambda route: route.fulfill(status=500, body="Internal Server Error"))
    save.click()
    shown("Không lưu được (lỗi 500)")
    assert page.evaluate("window.scrollY") > 300
    page.unroute(part_url)

    # The connection is gone.
    page.context.set_offline(True)
    save.click()
    shown("Mất kết nối tới máy chủ")
    page.context.set_offline(False)

    # No answer comes at all (the page's limit is cut from 30 s to 1 s here).
    page.evaluate("htmx.config.timeout = 1000")
    page.route(part_url, lambda route: None)
    save.click()
    shown("Máy chủ không trả lời kịp")
    page.unroute_all(behavior="ignoreErrors")

    # The database stays locked past its busy timeout: the server's own 503.
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "plan_part_update", locked)
    save.click()
    shown("Hệ thống đang bận nên chưa lưu được")
    monkeypatch.undo()
    task.refresh_from_db()
    assert task.title == "Phun thuốc bằng drone"

    # Trying again goes through: the message goes, the text is saved.
    save.click()
    item.locator(".part-summary", has_text=TYPED).wait_for()
    expect(alert).to_be_hidden()
    task.refresh_from_db()
    assert task.title == TYPED

    # Signed out in another tab: 401, and what was typed stays.
    item.get_by_role("link", name="Sửa", exact=True).click()
    field.fill(TYPED + " (sửa lần hai)")
    page.context.clear_cookies(name="sessionid")
    save.click()
    expect(alert).to_contain_text("Phiên đăng nhập đã hết hạn")
    expect(field).to_have_value(TYPED + " (sửa lần hai)")
    task.refresh_from_db()
    assert task.title == TYPED


def test_the_failure_message_is_in_the_page_language(page, browser_login, cast, plan_a):
    task = plan_a.tasks.get()
    browser_login(page, cast["editor_a"])
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.goto(f"/plans/{plan_a.pk}/edit/")
    item = page.locator(f"#part-task-{task.pk}")
    item.get_by_role("link", name="Edit", exact=True).click()
    page.route(re.compile(rf"/plans/{plan_a.pk}/parts/task/{task.pk}/$"), lambda route: route.fulfill(status=502))
    item.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator("#edit-alert")).to_contain_text("Not saved (error 502)")
