"""/healthz for the load balancer, and the request id on every answer and log line."""

import datetime
import json
import logging
from unittest import mock

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_healthy_host_answers_ok_without_a_login(client, database_queue):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "worker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_queue_no_worker_takes_is_reported_as_failing(client, database_queue):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="reports.tasks.delivery_email_task", args_kwargs={"args": [1], "kwargs": {}}, backend_name="default",
        run_after=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["worker"] == "failing"
    assert response.json()["database"] == "ok"


def test_an_unreachable_cache_makes_the_host_failing_and_is_logged(client, database_queue, caplog):
    with mock.patch("htxplan.health.cache.set", side_effect=ConnectionError("Redis đã tắt")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["cache"] == "failing"
    assert "health check cache failed" in caplog.text


def test_every_answer_carries_its_request_id_and_so_do_its_log_lines(client, caplog):
    sent = client.get("/login/", HTTP_X_REQUEST_ID="nginx-req-00112233")
    assert sent["X-Request-ID"] == "nginx-req-00112233"
    made = client.get("/login/")
    assert len(made["X-Request-ID"]) == 32
    forged = client.get("/login/", HTTP_X_REQUEST_ID="<script>")
    assert forged["X-Request-ID"] != "<script>"

    from htxplan.logs import JsonFormatter, RequestIdFilter

    record = logging.LogRecord("htxplan", logging.ERROR, __file__, 1, "Không gửi được thư", None, None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Không gửi được thư" and line["level"] == "ERROR" and line["request_id"] == "-"


def test_a_log_line_made_during_the_request_carries_its_id(rf):
    from django.http import HttpResponse

    from htxplan.logs import RequestIdFilter, RequestIdMiddleware

    seen = {}

    def view(request):
        record = logging.LogRecord("plans", logging.WARNING, __file__, 1, "Cảnh báo", None, None)
        RequestIdFilter().filter(record)
        seen["id"] = record.request_id
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(rf.get("/", HTTP_X_REQUEST_ID="abcdef12-3456"))
    assert seen["id"] == "abcdef12-3456" == response["X-Request-ID"]
