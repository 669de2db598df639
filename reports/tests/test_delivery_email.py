"""The delivery e-mail task: failures recorded, retried with backoff and by the "Gửi lại" button."""

import smtplib

import pytest
from django.core import mail

from reports import distribution
from reports.models import Delivery
from reports.tasks import delivery_email_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_mail(monkeypatch):
    """A mail server that refuses every message until `fixed` is called."""
    state = {"broken": True}
    real_send = mail.EmailMessage.send

    def send(self, *args, **kwargs):
        if state["broken"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", send)
    return lambda: state.update(broken=False)


def office_delivery(plan, orgs) -> Delivery:
    return Delivery.objects.get(plan=plan, organization=orgs["office"])


def test_a_failed_send_is_recorded_with_its_error(approved_plan, issue, orgs, broken_mail):
    response = issue(approved_plan)
    assert response.status_code == 200  # the plan is issued whatever the mail server does
    delivery = office_delivery(approved_plan, orgs)
    assert delivery.email_status == Delivery.EmailStatus.FAILED
    assert delivery.email_attempts == 1
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in delivery.email_error
    assert not mail.outbox


def test_the_issuer_sees_the_failure_and_retries_it(
    approved_plan, issue, orgs, cast, broken_mail, client, django_capture_on_commit_callbacks
):
    issue(approved_plan)
    delivery = office_delivery(approved_plan, orgs)
    html = client.get(approved_plan.get_absolute_url()).content.decode()
    assert "Gửi thư lỗi" in html and "Connection unexpectedly closed" in html
    assert f'action="/deliveries/{delivery.pk}/retry/"' in html

    broken_mail()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/deliveries/{delivery.pk}/retry/", follow=True)
    delivery.refresh_from_db()
    assert delivery.email_status == Delivery.EmailStatus.SENT
    assert delivery.email_attempts == 2 and delivery.email_error == ""
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][2] == "application/pdf"
    assert "Đã xếp thư gửi lại cho Phòng NN&amp;PTNT huyện" in response.content.decode()


def test_a_failure_is_tried_again_later_with_growing_pauses_then_left_to_the_button(
    approved_plan, issue, orgs, broken_mail, settings, django_capture_on_commit_callbacks
):
    """A backend that can defer (the database queue in production) gets each next try scheduled by the task."""
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    issue(approved_plan)
    delivery = office_delivery(approved_plan, orgs)
    [queued] = default_task_backend.results  # recorded, not run: the worker's part is played below
    assert queued.args == [delivery.pk] and queued.task.run_after is None
    pauses = []
    for attempt in range(1, distribution.MAX_EMAIL_ATTEMPTS + 1):
        with django_capture_on_commit_callbacks(execute=True):
            delivery_email_task.call(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.email_status == Delivery.EmailStatus.FAILED
        assert delivery.email_attempts == attempt
        if attempt < distribution.MAX_EMAIL_ATTEMPTS:
            retry = default_task_backend.results[-1]
            assert retry.task.run_after == delivery.email_next_attempt_at
            pauses.append(delivery.email_next_attempt_at - retry.enqueued_at)
        else:
            assert delivery.email_next_attempt_at is None
    assert len(default_task_backend.results) == distribution.MAX_EMAIL_ATTEMPTS  # the first and four retries
    assert pauses == sorted(pauses) and pauses[0].total_seconds() >= 59


def test_a_sent_mail_is_not_sent_twice(approved_plan, issue, orgs):
    issue(approved_plan)
    delivery = office_delivery(approved_plan, orgs)
    assert distribution.delivery_email_send(delivery_id=delivery.pk) == Delivery.EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_retry_of_a_sent_mail_is_refused_with_a_message(approved_plan, issue, orgs, client):
    issue(approved_plan)
    delivery = office_delivery(approved_plan, orgs)
    html = client.post(f"/deliveries/{delivery.pk}/retry/", follow=True).content.decode()
    assert "Thư đã được gửi thành công, không cần gửi lại." in html
    assert len(mail.outbox) == 1


def test_an_organisation_given_an_address_later_can_be_mailed(
    approved_plan, issue, orgs, client, django_capture_on_commit_callbacks
):
    issue(approved_plan)
    cooperative = Delivery.objects.get(plan=approved_plan, organization=orgs["htx_a"])
    orgs["htx_a"].email = "htx@example.vn"
    orgs["htx_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/deliveries/{cooperative.pk}/retry/", follow=True)
    cooperative.refresh_from_db()
    assert cooperative.email_status == Delivery.EmailStatus.SENT
    assert mail.outbox[-1].to == ["htx@example.vn"]
    # Its first e-mail: not called a resend.
    html = response.content.decode()
    assert "Đã xếp thư gửi cho HTX NN Vĩnh Lợi" in html and "gửi lại" not in html.split('id="noi-nhan"')[0]


def test_retry_needs_the_issuers_role(approved_plan, issue, orgs, cast, login, client, elsewhere):
    issue(approved_plan)
    delivery = office_delivery(approved_plan, orgs)
    url = f"/deliveries/{delivery.pk}/retry/"
    client.logout()
    assert client.post(url)["Location"].startswith("/login/")
    assert login(cast["outsider"]).post(url).status_code == 404
    assert login(cast["editor_b"]).post(url).status_code == 404
    # The district reviewer and the recipients see the plan, but did not issue it.
    assert login(cast["reviewer"]).post(url).status_code == 403
    assert login(cast["staff_a"]).post(url).status_code == 403
    assert login(cast["editor_a"]).get(url).status_code == 405


def test_the_subject_is_plain_text_an_ampersand_stays_an_ampersand(approved_plan, issue, orgs):
    # A symbol such as "KH-PNN&PTNT" is usual for a district office's documents.
    orgs["ubnd_a"].short_name = "UBND xã Vĩnh Lợi & Co"
    orgs["ubnd_a"].save()
    approved_plan.symbol = "KH-PNN&PTNT"
    approved_plan.save()

    issue(approved_plan)

    subject = mail.outbox[0].subject
    assert "KH-PNN&PTNT" in subject and "Vĩnh Lợi & Co" in subject
    assert "&amp;" not in subject
