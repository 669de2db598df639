"""A database error that still escapes a view ("database is locked" after
the busy timeout, a PostgreSQL restart) is a page that asks to try again, in
the user's language, never a stack trace, and nothing is half saved."""

import pytest
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from plans import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(monkeypatch):
    def still_locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "plan_part_delete", still_locked)


def delete_url(plan):
    return reverse("plans:plan-part-delete", args=[plan.pk, "task", plan.tasks.get().pk])


def test_deleting_a_task_while_the_database_stays_locked_asks_to_try_again(login, cast, plan_a, locked):
    client = login(cast["editor_a"])
    edit_page = "http://testserver" + reverse("plans:plan-edit", args=[plan_a.pk])

    response = client.post(delete_url(plan_a), {"version": plan_a.version}, HTTP_REFERER=edit_page)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "Hệ thống đang bận, xin thử lại sau ít giây" in text
    assert "thay đổi vừa gửi chưa được lưu" in text
    assert f'href="{edit_page}"' in text and "Quay lại trang trước" in text
    # A POST is not sent again from a link.
    assert ">Thử lại<" not in text
    assert "Traceback" not in text and "OperationalError" not in text and "database is locked" not in text
    assert plan_a.tasks.count() == 1


def test_the_htmx_delete_gets_the_same_503_for_the_page_script_to_report(login, cast, plan_a, locked):
    client = login(cast["editor_a"])

    response = client.post(delete_url(plan_a), {"version": plan_a.version}, HTTP_HX_REQUEST="true")

    assert response.status_code == 503
    assert "xin thử lại" in response.content.decode()
    assert plan_a.tasks.count() == 1


def test_a_page_that_cannot_be_read_offers_to_try_again_in_english_too(login, cast, plan_a, monkeypatch, client):
    def unavailable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("plans.views.authoring.plan_with_text", unavailable)
    client = login(cast["editor_a"])
    client.cookies["django_language"] = "en"

    response = client.get(reverse("plans:plan-edit", args=[plan_a.pk]), HTTP_REFERER="https://elsewhere.example/")

    assert response.status_code == 503
    text = response.content.decode()
    assert "The system is busy, please try again in a few seconds" in text
    assert ">Try again<" in text
    # A link back is offered only to a page of the portal itself.
    assert "elsewhere.example" not in text


def test_with_debug_on_the_page_still_asks_to_try_again_and_names_the_error(login, cast, plan_a, locked, settings):
    settings.DEBUG = True
    client = login(cast["editor_a"])

    response = client.post(delete_url(plan_a), {"version": plan_a.version})

    assert response.status_code == 503
    text = response.content.decode()
    assert "xin thử lại" in text and "database is locked" in text
    assert "Traceback" not in text


def test_kept_connections_are_checked_before_a_request_uses_them(settings):
    # A connection PostgreSQL dropped in a restart is replaced at the start of
    # the next request rather than failing it (Django's CONN_HEALTH_CHECKS).
    from django.db import connection

    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0


def test_a_connection_already_closed_in_a_view_asks_to_try_again(login, cast, plan_a, monkeypatch):
    # What every use after the first failure raises once PostgreSQL dropped the connection.
    def closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("plans.views.authoring.plan_with_text", closed)
    client = login(cast["editor_a"])

    response = client.get(reverse("plans:plan-edit", args=[plan_a.pk]))

    assert response.status_code == 503
    text = response.content.decode()
    assert "xin thử lại" in text and ">Thử lại<" in text
    assert "connection already closed" not in text and "Traceback" not in text


def test_a_session_that_cannot_be_saved_after_the_view_asks_to_try_again(login, cast, plan_a, monkeypatch, settings):
    # The session is saved by its middleware once the view has answered, out
    # of the view's reach: the 500 handler gives the same 503 page.
    settings.SESSION_SAVE_EVERY_REQUEST = True

    def lost(self, must_create=False):
        raise InterfaceError("connection already closed")

    client = login(cast["editor_a"])
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.save", lost)
    client.raise_request_exception = False

    response = client.get(reverse("plans:plan-detail", args=[plan_a.pk]))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "Hệ thống đang bận, xin thử lại sau ít giây" in text
    assert "Đã xảy ra lỗi" not in text and "Traceback" not in text


def test_a_session_that_cannot_be_read_by_a_middleware_asks_to_try_again(cast, plan_a, monkeypatch, client):
    # ExpiredSessionMiddleware looks at the user after a view's redirect
    # (/favicon.ico redirects to the static file): the first read of the session.
    def lost(self):
        raise OperationalError("server closed the connection unexpectedly")

    client.cookies["sessionid"] = "a-session-the-database-must-be-asked-about"
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore._get_session_from_db", lost)
    client.raise_request_exception = False

    response = client.get("/favicon.ico")

    assert response.status_code == 503
    assert "xin thử lại" in response.content.decode()


def test_any_other_error_outside_a_view_is_still_the_500_page(login, cast, plan_a, monkeypatch, settings):
    settings.SESSION_SAVE_EVERY_REQUEST = True

    def broken(self, must_create=False):
        raise ValueError("not a database error")

    client = login(cast["editor_a"])
    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.save", broken)
    client.raise_request_exception = False

    response = client.get(reverse("plans:plan-detail", args=[plan_a.pk]))

    assert response.status_code == 500
    assert "Đã xảy ra lỗi" in response.content.decode()
