"""Claimed work is never stranded: a send cut off by a stopped worker is
taken up again after the lease, with the same Message-ID, the delivery says
what is happening meanwhile, and "Gửi lại" works on a send stuck past it."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import Delivery
from reports.tasks import delivery_email_task
from reports.worker.lease import stranded_deliveries_requeue, stranded_tasks_requeue, sweep

pytestmark = pytest.mark.django_db

EmailStatus = Delivery.EmailStatus


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_LEASE_SECONDS = 300


@pytest.fixture
def delivery(approved_plan, issue, orgs, database_queue) -> Delivery:
    issue(approved_plan)
    return Delivery.objects.get(plan=approved_plan, organization=orgs["office"])


def cut_off(delivery: Delivery, minutes_ago: int) -> None:
    """What a worker killed mid-send leaves: the try claimed, never recorded."""
    Delivery.objects.filter(pk=delivery.pk).update(
        email_status=EmailStatus.SENDING,
        email_attempts=1,
        email_claimed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        email_message_id="<first-try@htxplan.test>",
    )


def test_a_send_claims_its_try_and_mails_with_the_message_id_it_keeps(delivery):
    assert delivery.email_status == EmailStatus.QUEUED
    assert delivery_email_task.call(delivery.pk) == EmailStatus.SENT
    delivery.refresh_from_db()
    [message] = mail.outbox
    assert delivery.email_message_id and message.message()["Message-ID"] == delivery.email_message_id
    assert delivery.email_attempts == 1 and delivery.email_claimed_at is None
    assert delivery.email_interrupted_at is None
    # Sent: a second run of the task (a duplicate in the queue) mails nothing.
    assert delivery_email_task.call(delivery.pk) == EmailStatus.SENT
    assert len(mail.outbox) == 1


def test_a_try_in_progress_is_not_sent_again_and_its_state_is_shown(delivery, login, cast):
    cut_off(delivery, minutes_ago=1)
    assert delivery_email_task.call(delivery.pk) == EmailStatus.SENDING
    assert not mail.outbox

    client = login(cast["approver_a"])
    html = client.get(delivery.plan.get_absolute_url()).content.decode()
    assert "Đang gửi thư" in html and "lần 1, từ" in html
    assert f'action="/deliveries/{delivery.pk}/retry/"' not in html
    response = client.post(f"/deliveries/{delivery.pk}/retry/", follow=True)
    assert "Thư đang được gửi (lần 1, từ" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.email_status == EmailStatus.SENDING


def test_a_try_cut_off_past_the_lease_is_sent_once_with_the_same_message_id(delivery, login, cast):
    cut_off(delivery, minutes_ago=6)
    assert delivery_email_task.call(delivery.pk) == EmailStatus.SENT
    delivery.refresh_from_db()
    [message] = mail.outbox
    assert message.message()["Message-ID"] == "<first-try@htxplan.test>"
    assert delivery.email_attempts == 2
    assert delivery.email_interrupted_at is not None
    html = login(cast["approver_a"]).get(delivery.plan.get_absolute_url()).content.decode()
    assert "Đã gửi thư" in html and "bị gián đoạn; nơi nhận có thể nhận hai bản giống nhau" in html


def test_the_issuer_sends_again_a_try_stuck_past_the_lease(
    delivery, login, cast, django_capture_on_commit_callbacks, settings
):
    cut_off(delivery, minutes_ago=6)
    client = login(cast["approver_a"])
    html = client.get(delivery.plan.get_absolute_url()).content.decode()
    assert "Quá lâu chưa gửi xong" in html and f'action="/deliveries/{delivery.pk}/retry/"' in html

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/deliveries/{delivery.pk}/retry/", follow=True)
    assert "Đã xếp thư gửi lại cho" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.email_status == EmailStatus.SENT and delivery.email_attempts == 2
    assert mail.outbox[0].message()["Message-ID"] == "<first-try@htxplan.test>"


def test_a_queued_mail_whose_task_was_lost_is_queued_again_by_the_sweep(delivery, django_capture_on_commit_callbacks):
    DBTaskResult.objects.all().delete()  # the queueing lost, as in a crash right after the issue's commit
    assert stranded_deliveries_requeue() == 0  # within the lease: left alone
    Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))

    with django_capture_on_commit_callbacks(execute=True):
        assert stranded_deliveries_requeue() == 1
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["args"] == [delivery.pk] and task.status == "READY"
    # Its task now alive, the next sweep queues nothing more.
    assert stranded_deliveries_requeue() == 0


def test_a_task_left_running_past_the_lease_is_queued_again_then_given_up(delivery):
    task = DBTaskResult.objects.get()
    long_ago = timezone.now() - datetime.timedelta(minutes=6)
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=long_ago, worker_ids=["a"])
    fresh = DBTaskResult.objects.create(
        args_kwargs={"args": [0], "kwargs": {}},
        task_path=task.task_path,
        backend_name="default",
        run_after=timezone.now(),
        status="RUNNING",
        started_at=timezone.now(),
        worker_ids=["b"],
    )
    cut_off(delivery, minutes_ago=6)

    assert sweep() == {"requeued": 1, "failed": 0, "deliveries": 0}  # the delivery's own task is back
    task.refresh_from_db()
    fresh.refresh_from_db()
    assert task.status == "READY" and task.started_at is None
    assert fresh.status == "RUNNING"

    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", started_at=long_ago, worker_ids=["a", "b", "c"])
    assert stranded_tasks_requeue() == {"requeued": 0, "failed": 1}
    task.refresh_from_db()
    assert task.status == "FAILED" and "claimed 3 times" in task.traceback
