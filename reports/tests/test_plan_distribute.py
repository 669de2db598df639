"""Issuing a plan delivers it to the organisations of its Nơi nhận (reports.distribution.plan_distribute)."""

import io

import pypdf
import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from plans.models import Plan
from reports import distribution
from reports.models import Delivery

pytestmark = pytest.mark.django_db


def test_issuing_makes_exactly_one_delivery_per_recipient_organisation(approved_plan, issue, orgs):
    response = issue(approved_plan)
    assert approved_plan.status == Plan.Status.ISSUED
    deliveries = Delivery.objects.filter(plan=approved_plan)
    # The office and the cooperative; not the free-text line, not the archive line.
    assert sorted(d.organization.short_name for d in deliveries) == ["HTX NN Vĩnh Lợi", "Phòng NN&PTNT huyện"]
    assert {d.label for d in deliveries} == {"Phòng NN&PTNT", "HTX NN Vĩnh Lợi"}
    assert "gửi cho 2 nơi nhận" in response.content.decode()


def test_the_outbox_holds_one_mail_with_the_plan_pdf_attached(approved_plan, issue, orgs):
    issue(approved_plan)
    # Only the office has an address; the cooperative's delivery is in its inbox only.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["phongnn@example.gov.vn"]
    assert message.subject.startswith(f"[HTX Plan] Kế hoạch số {approved_plan.number_label}")
    assert "Kính gửi: Phòng Nông nghiệp và Phát triển Nông thôn huyện Châu Thành" in message.body
    assert "/inbox/" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf"
    assert filename.endswith(".pdf")
    assert content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    text = " ".join(text.split())
    assert "ỦY BAN NHÂN DÂN XÃ VĨNH LỢI" in text
    assert f"Số: {approved_plan.number_label}" in text
    assert "Phun thuốc bằng drone" in text


def test_the_deliveries_record_the_mail(approved_plan, issue, orgs):
    issue(approved_plan)
    office = Delivery.objects.get(plan=approved_plan, organization=orgs["office"])
    assert office.email_status == Delivery.EmailStatus.SENT
    assert office.email_attempts == 1 and office.email_sent_at is not None
    cooperative = Delivery.objects.get(plan=approved_plan, organization=orgs["htx_a"])
    assert cooperative.email_status == Delivery.EmailStatus.NONE
    assert cooperative.email_attempts == 0


def test_distributing_again_makes_no_second_delivery_and_no_second_mail(approved_plan, issue, cast):
    issue(approved_plan)
    assert distribution.plan_distribute(plan=approved_plan, user=cast["approver_a"]) == []
    assert Delivery.objects.filter(plan=approved_plan).count() == 2
    assert len(mail.outbox) == 1


def test_the_database_refuses_a_second_delivery_of_the_same_plan_to_one_organisation(approved_plan, issue, orgs):
    from django.db import IntegrityError, transaction

    issue(approved_plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(plan=approved_plan, organization=orgs["office"])


def test_the_issuer_is_not_sent_its_own_plan(approved_plan, issue, orgs):
    approved_plan.recipients.create(position=4, label="UBND xã Vĩnh Lợi", organization=orgs["ubnd_a"])
    issue(approved_plan)
    assert not Delivery.objects.filter(plan=approved_plan, organization=orgs["ubnd_a"]).exists()


def test_a_plan_not_issued_is_not_distributed(approved_plan):
    with pytest.raises(ValidationError):
        distribution.plan_distribute(plan=approved_plan)
    assert not Delivery.objects.exists()


def test_a_refused_issue_delivers_nothing(approved_plan, issue, cast):
    Plan.objects.filter(pk=approved_plan.pk).update(status=Plan.Status.SUBMITTED)
    issue(approved_plan)
    assert approved_plan.status == Plan.Status.SUBMITTED
    assert not Delivery.objects.exists() and not mail.outbox


def test_issuing_waits_for_no_mail_server_with_the_database_queue(approved_plan, issue, settings):
    """With the default backend the mail is a row in the task queue, sent later by db_worker."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    issue(approved_plan)
    assert not mail.outbox
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "reports.tasks.delivery_email_task"
    office = Delivery.objects.get(plan=approved_plan, email_status=Delivery.EmailStatus.QUEUED)
    assert queued.args_kwargs["args"] == [office.pk]
