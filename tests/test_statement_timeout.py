"""PostgreSQL's statement_timeout caps every statement of a web request
(DB_STATEMENT_TIMEOUT_MS, set by htxplan/wsgi.py on each new connection);
a statement cancelled by it asks to try again (503), never the 500 page.
Commands (migrate, backup, the task worker) do not import wsgi.py and are not
capped."""

import importlib
import os

import pytest
from django.db import connection, connections
from django.db.backends.signals import connection_created
from django.urls import reverse

from htxplan.database import statement_timeout_install, statement_timeout_set

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="statement_timeout is PostgreSQL's (DATABASE_URL=postgres://...); SQLite has none",
    ),
]


@pytest.fixture
def installed():
    statement_timeout_install()
    yield
    connection_created.disconnect(dispatch_uid="htxplan-statement-timeout")


def timeout_of_a_new_connection() -> str:
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]
    finally:
        fresh.close()


def test_a_web_connection_gets_the_timeout_of_the_settings(installed, settings):
    settings.DB_STATEMENT_TIMEOUT_MS = 30000

    assert timeout_of_a_new_connection() == "30s"


def test_zero_turns_the_timeout_off(installed, settings):
    settings.DB_STATEMENT_TIMEOUT_MS = 0

    assert timeout_of_a_new_connection() == "0"


def test_a_command_connection_is_not_capped(settings):
    settings.DB_STATEMENT_TIMEOUT_MS = 100

    assert timeout_of_a_new_connection() == "0"


def test_the_wsgi_application_installs_the_timeout():
    import htxplan.wsgi  # what gunicorn imports

    importlib.reload(htxplan.wsgi)  # as a fresh worker would, whatever imported it before
    try:
        assert timeout_of_a_new_connection() == "30s"
    finally:
        connection_created.disconnect(dispatch_uid="htxplan-statement-timeout")


def test_a_statement_past_the_timeout_asks_to_try_again(login, cast, plan_a, monkeypatch, settings):
    settings.DB_STATEMENT_TIMEOUT_MS = 200
    # The test's connection is already open: set it as a new one would be
    # (inside the test's transaction, so it ends with the test).
    statement_timeout_set(sender=None, connection=connection)

    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")

    monkeypatch.setattr("plans.views.authoring.plan_with_text", slow)
    client = login(cast["editor_a"])

    response = client.get(reverse("plans:plan-edit", args=[plan_a.pk]))

    assert response.status_code == 503
    text = response.content.decode()
    assert "Hệ thống đang bận, xin thử lại sau ít giây" in text and ">Thử lại<" in text
    assert "Traceback" not in text and "canceling statement" not in text
