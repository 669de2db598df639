"""In Chromium: the page of a long plan's PDF being prepared asks until the
task worker has stored the file, then downloads it and says it is ready."""

import pytest

from reports.documents import cache, preparing
from reports.documents.downloads import document_filename
from reports.tests.appendix_plans import with_task_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_plan(plan_a, monkeypatch, settings):
    monkeypatch.setattr(preparing, "LONG_PLAN_TASKS", 3)
    # Queued, not run: the test plays the worker once the page is waiting.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return with_task_list(plan_a, tasks=4)


def test_the_waiting_page_downloads_the_file_once_the_worker_has_stored_it(long_plan, page, browser_login, cast):
    browser_login(page, cast["editor_a"])
    page.goto(f"/plans/{long_plan.pk}/pdf")
    assert page.get_by_role("heading", name="Đang chuẩn bị tệp").is_visible()
    assert not page.get_by_role("heading", name="Tệp đã sẵn sàng").is_visible()
    key, _name = cache.stored_name(kind="plan", source=cache.plan_source(long_plan), extension="pdf")
    with page.expect_download() as download:
        preparing.plan_pdf_prepared(plan_id=long_plan.pk, key=key)
    assert download.value.suggested_filename == document_filename(long_plan, "pdf")
    assert page.get_by_role("heading", name="Tệp đã sẵn sàng").is_visible()
    assert not page.get_by_role("heading", name="Đang chuẩn bị tệp").is_visible()
