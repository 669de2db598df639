"""The navbar's unread counts (the bell, the inbox): read in one query, and
right after the write that changes them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.models import Notification
from reports.notifications.services import notification_read, notifications_read_all


def bell(html: str) -> str:
    return html.split("Thông báo", 1)[1].split("</a>", 1)[0]


def new_notification(user, subject):
    return Notification.objects.create(user=user, kind=Notification.Kind.values[0], subject=subject, url="/")


def test_a_new_notification_shows_in_the_bell_at_once_and_reading_clears_it(cast, login):
    client = login(cast["editor_a"])
    assert "badge" not in bell(client.get("/").content.decode())

    first = new_notification(cast["editor_a"], "Một")
    new_notification(cast["editor_a"], "Hai")
    assert ">2</span>" in bell(client.get("/").content.decode())

    notification_read(notification=first)
    assert ">1</span>" in bell(client.get("/").content.decode())

    notifications_read_all(user=cast["editor_a"])
    assert "badge" not in bell(client.get("/").content.decode())


def test_the_bell_and_the_inbox_are_counted_in_one_query(cast, login):
    client = login(cast["editor_a"])
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    counting = [q["sql"] for q in ctx.captured_queries if '"reports_notification"' in q["sql"]]
    assert len(counting) == 1
    assert '"reports_delivery"' in counting[0]
