"""A long plan's PDF is rendered by the task worker while a page says it is
being prepared ("Đang chuẩn bị tệp"), asks until it is ready and then gets
the file from the render cache (reports/documents/preparing.py).

The threshold is lowered to three tasks so the plans stay small; the queue
is the dummy backend, which records tasks without running them, so each test
plays the worker's part itself where it needs it."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import default_task_backend

from reports.documents import cache, preparing
from reports.tasks import plan_pdf_task
from reports.tests.appendix_plans import task_title, with_task_list
from reports.tests.readback import pdf_text

TASKS = 4


@pytest.fixture
def long_plan(plan_a, monkeypatch):
    monkeypatch.setattr(preparing, "LONG_PLAN_TASKS", TASKS - 1)
    return with_task_list(plan_a, tasks=TASKS)


@pytest.fixture
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend.results


@pytest.fixture
def editor(cast, login):
    return login(cast["editor_a"])


def run_worker(queue) -> None:
    """What `manage.py db_worker` does with the queued renders."""
    while queue:
        result = queue.pop(0)
        try:
            plan_pdf_task.call(*result.args)
        except RuntimeError:
            pass  # recorded as a failure; the test reads the mark it leaves


def test_a_long_plan_not_yet_rendered_gets_the_page_that_waits_and_one_queued_render(long_plan, queue, editor):
    response = editor.get(f"/plans/{long_plan.pk}/pdf")
    assert response.status_code == 202
    html = response.content.decode()
    assert "Đang chuẩn bị tệp" in html and f"Kế hoạch dài ({TASKS} nhiệm vụ)" in html
    assert f'data-status-url="/plans/{long_plan.pk}/pdf/status"' in html
    assert 'src="/static/js/plan_pdf_preparing.js"' in html
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html
    [queued] = queue
    assert queued.task.name == "plan_pdf_task" and queued.args[0] == long_plan.pk
    # Asking again, by the page or by a reload, queues nothing more.
    assert editor.get(f"/plans/{long_plan.pk}/pdf/status").json() == {"state": "preparing"}
    assert editor.get(f"/plans/{long_plan.pk}/pdf").status_code == 202
    assert len(queue) == 1


def test_the_waiting_page_runs_no_inline_script(long_plan, queue, editor):
    html = editor.get(f"/plans/{long_plan.pk}/pdf").content.decode()
    scripts = html.split("<script")[1:]
    assert scripts and all(script.lstrip().startswith("src=") for script in scripts)
    assert " onload=" not in html and "javascript:" not in html


def test_once_the_worker_has_rendered_it_the_status_is_ready_and_the_file_is_served(long_plan, queue, editor):
    editor.get(f"/plans/{long_plan.pk}/pdf")
    run_worker(queue)
    assert editor.get(f"/plans/{long_plan.pk}/pdf/status").json() == {"state": "ready"}
    response = editor.get(f"/plans/{long_plan.pk}/pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert all(task_title(number) in text for number in range(1, TASKS + 1))
    assert queue == []  # served from the cache, nothing queued again
    _key, name = cache.stored_name(kind="plan", source=cache.plan_source(long_plan), extension="pdf")
    assert not default_storage.exists(f"{name}.queued")


def test_with_a_queue_that_runs_at_once_the_first_download_is_the_file(long_plan, editor):
    response = editor.get(f"/plans/{long_plan.pk}/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_plan_changed_while_its_file_waits_is_rendered_as_it_is_now(long_plan, queue, editor):
    editor.get(f"/plans/{long_plan.pk}/pdf")
    long_plan.tasks.filter(position=0).update(title="Nhiệm vụ đổi tên khi tệp đang chờ")
    run_worker(queue)
    # The worker rendered the plan as it is now; the page's next question gets that file.
    assert editor.get(f"/plans/{long_plan.pk}/pdf/status").json() == {"state": "ready"}
    text = " ".join(pdf_text(editor.get(f"/plans/{long_plan.pk}/pdf").content).split())
    assert "Nhiệm vụ đổi tên khi tệp đang chờ" in text


def test_a_failed_render_says_so_and_trying_again_queues_it_anew(long_plan, queue, editor, monkeypatch):
    def broken(*, plan):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(preparing, "plan_pdf_render", broken)
    editor.get(f"/plans/{long_plan.pk}/pdf")
    run_worker(queue)
    assert editor.get(f"/plans/{long_plan.pk}/pdf/status").json() == {"state": "failed"}
    response = editor.get(f"/plans/{long_plan.pk}/pdf")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Không chuẩn bị được tệp" in html and f'href="/plans/{long_plan.pk}/pdf?retry=1"' in html
    assert "plan_pdf_preparing.js" not in html and "http-equiv" not in html  # nothing asks again by itself
    assert queue == []
    assert editor.get(f"/plans/{long_plan.pk}/pdf?retry=1").status_code == 202
    assert len(queue) == 1


def test_a_render_queued_long_ago_and_never_done_is_queued_again(long_plan, queue, editor, monkeypatch):
    editor.get(f"/plans/{long_plan.pk}/pdf")
    queue.clear()  # the worker lost it
    later = timezone.now() + preparing.STALE_AFTER + datetime.timedelta(minutes=1)
    monkeypatch.setattr(preparing.timezone, "now", lambda: later)
    assert editor.get(f"/plans/{long_plan.pk}/pdf/status").json() == {"state": "preparing"}
    assert len(queue) == 1


def test_a_plan_of_few_tasks_is_rendered_in_the_request(plan_a, queue, editor):
    response = editor.get(f"/plans/{plan_a.pk}/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert queue == []


def test_anonymous_visitor_asking_the_status_is_sent_to_login(long_plan, client):
    response = client.get(f"/plans/{long_plan.pk}/pdf/status")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("who", ["editor_b", "staff_b", "outsider"])
def test_those_who_may_not_see_the_plan_get_404_for_its_status(long_plan, queue, cast, login, who):
    assert login(cast[who]).get(f"/plans/{long_plan.pk}/pdf/status").status_code == 404
    assert queue == []


def test_the_longest_text_a_plan_may_hold_is_prepared_by_the_worker_too(plan_a, queue, editor):
    # A few tasks but every part's text at its limit: the request queues the render, it does not lay it out.
    from plans.models import MAX_BODY_CHARS, Plan

    text = ("Hỗ trợ hợp tác xã xây dựng phương án sản xuất kinh doanh. " * 4000)[:MAX_BODY_CHARS]
    Plan.objects.filter(pk=plan_a.pk).update(funding_body=text, preamble=text)
    assert preparing.plan_size(plan_a)[1] >= 2 * MAX_BODY_CHARS
    response = editor.get(f"/plans/{plan_a.pk}/pdf")
    assert response.status_code == 202 and "Đang chuẩn bị tệp" in response.content.decode()
    assert len(queue) == 1
    # A short plan is still served at once.
    Plan.objects.filter(pk=plan_a.pk).update(funding_body="Ngân sách xã.", preamble="")
    short = editor.get(f"/plans/{plan_a.pk}/pdf")
    assert short.status_code == 200 and short["Content-Type"] == "application/pdf"
