"""Distribution of issued documents to their recipients (Nơi nhận).

Issuing a plan or a progress report makes one Delivery per recipient
organisation, in the issue's own transaction, so a document is never issued
without its deliveries. Each delivery is in the recipient's inbox at once;
where the organisation has an e-mail address a background task (reports/
tasks.py, run by `manage.py db_worker`) mails it the PDF after the issue has
committed, so issuing never waits on the mail server. A failed send is
recorded on the delivery and tried again a few times with growing pauses;
the issuer can also try again by hand.
"""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cooperatives.memberships import member_organization_ids, units_under
from cooperatives.models import AdministrativeUnit, Organization
from plans import services as plan_services
from plans.models import Plan, Recipient
from reports.documents.downloads import PDF, document_filename
from reports.documents.renders import document_render
from reports.models import Delivery, DeliveryDownload, ProgressReport

logger = logging.getLogger(__name__)

EmailStatus = Delivery.EmailStatus

# Five tries in all: at once, then after 1, 5, 25 and 125 minutes, which
# rides out a mail server restart or a night's outage of a commune's line.
MAX_EMAIL_ATTEMPTS = 5
RETRY_BASE_SECONDS = 60
RETRY_FACTOR = 5


def _normal(text: str) -> str:
    """A recipient line reduced for matching: NFC, case-folded, single spaces,
    without the leading dash and the trailing punctuation of the list."""
    text = unicodedata.normalize("NFC", text or "").strip()
    text = re.sub(r"^[-+•–]\s*", "", text).rstrip(" ;,.")
    return " ".join(text.split()).casefold()


def _is_archive_line(line: str) -> bool:
    return _normal(line).startswith("lưu")


# --- Creating deliveries -----------------------------------------------------------


def _deliver(*, organization: Organization, label: str, user, plan=None, report=None) -> tuple[Delivery, bool]:
    """The delivery of the document to the organisation, made if missing.

    The unique constraint (document, organisation) settles two requests that
    deliver the same line at once: the loser reads the winner's row."""
    lookup = {"plan": plan} if plan is not None else {"report": report}
    existing = Delivery.objects.filter(organization=organization, **lookup).first()
    if existing is not None:
        return existing, False
    delivery = Delivery(
        organization=organization,
        label=(label or organization.short_name)[:255],
        created_by=user if user is not None and user.is_authenticated else None,
        email_address=organization.email,
        email_status=EmailStatus.QUEUED if organization.email else EmailStatus.NONE,
        **lookup,
    )
    delivery.full_clean(validate_constraints=False, validate_unique=False)
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError:
        return Delivery.objects.get(organization=organization, **lookup), False
    if delivery.email_status == EmailStatus.QUEUED:
        delivery_email_enqueue(delivery_ids=[delivery.pk])
    return delivery, True


@transaction.atomic
def plan_distribute(*, plan: Plan, user=None) -> list[Delivery]:
    """Deliver an issued plan to every organisation on its recipient list.

    The archive line ("Lưu: VT, VP") and lines typed as free text make no
    delivery; a free-text line delivers once it is linked to an organisation
    (plan_recipient_link). Safe to run again: what was delivered stays as it
    is and only the missing deliveries are made. Returns the new ones."""
    plan = Plan.objects.select_related("issuer").get(pk=plan.pk)
    if not plan.is_issued:
        raise ValidationError(_("Chỉ gửi được kế hoạch đã ban hành."))
    made = []
    recipients = plan.recipients.filter(is_archive=False, organization__isnull=False).select_related("organization")
    for recipient in recipients:
        if recipient.organization_id == plan.issuer_id:
            continue  # the issuer keeps its own copy ("Lưu"), it is not sent to itself
        delivery, created = _deliver(organization=recipient.organization, label=recipient.label, user=user, plan=plan)
        if created:
            made.append(delivery)
    return made


def document_distribute(*, document: Plan | ProgressReport, user=None) -> int:
    """The issue hook (plans/services/lifecycle.py): deliver a document just
    issued, in the issue's transaction; how many recipients it reached."""
    if isinstance(document, Plan):
        return len(plan_distribute(plan=document, user=user))
    return len(report_distribute(report=document, user=user))


@transaction.atomic
def plan_recipient_link(*, plan: Plan, recipient: Recipient, organization: Organization | None, user) -> Delivery:
    """Deliver one recipient line of an issued plan: a free-text line is
    first linked to the organisation it means (by the plans app, which owns
    the line), a line already linked but not yet delivered is just sent."""
    if recipient.plan_id != plan.pk:
        raise ValidationError(_("Nơi nhận không thuộc kế hoạch này."))
    if recipient.organization_id is None:
        if organization is None:
            raise ValidationError({"organization": _("Hãy chọn cơ quan nhận.")})
        recipient = plan_services.recipient_link(recipient=recipient, organization=organization, user=user)
    elif organization is not None and organization.pk != recipient.organization_id:
        raise ValidationError(_("Nơi nhận “%(label)s” đã được gắn với một cơ quan khác.") % {"label": recipient.label})
    if recipient.organization_id == plan.issuer_id:
        raise ValidationError(_("Không gửi văn bản cho chính cơ quan ban hành."))
    delivery, _created = _deliver(
        organization=Organization.objects.get(pk=recipient.organization_id),
        label=recipient.label,
        user=user,
        plan=plan,
    )
    return delivery


def report_recipient_lines(report: ProgressReport) -> list[tuple[str, Organization | None]]:
    """The report's recipient lines (not the archive line) with the
    organisation each names, when one is known.

    A report's Nơi nhận is free text, copied from its plan's list when the
    report was made ("Phòng NN&PTNT (để báo cáo)"): a line is matched to the
    plan's recipient it came from, else to an organisation of that exact
    name. A line matched to nothing waits for the issuer to link it."""
    lines = []
    for raw in report.recipients.splitlines():
        line = re.sub(r"^[-+•–]\s*", "", raw.strip()).rstrip(" ;,")
        if line and not _is_archive_line(line):
            lines.append(line)
    if not lines:
        return []
    known: dict[str, Organization] = {}
    for recipient in report.plan.recipients.filter(organization__isnull=False).select_related("organization"):
        org = recipient.organization
        for name in (recipient.label, f"{recipient.label} ({recipient.purpose})", org.short_name, org.name):
            known.setdefault(_normal(name), org)
    # The purpose in brackets is not part of the name ("... (để báo cáo)").
    bare = {line: re.sub(r"\s*\([^)]*\)\s*$", "", line) for line in lines}
    unmatched = [line for line in lines if _normal(line) not in known and _normal(bare[line]) not in known]
    if unmatched:
        names = set(unmatched) | {bare[line] for line in unmatched}
        condition = Q(pk__in=[])
        for name in names:
            condition |= Q(short_name__iexact=name) | Q(name__iexact=name)
        for org in Organization.objects.filter(condition):
            for name in (org.short_name, org.name):
                known.setdefault(_normal(name), org)
    return [(line, known.get(_normal(line)) or known.get(_normal(bare[line]))) for line in lines]


@transaction.atomic
def report_distribute(*, report: ProgressReport, user=None) -> list[Delivery]:
    """Deliver an issued report to every organisation its Nơi nhận names;
    as plan_distribute, safe to run again."""
    report = ProgressReport.objects.select_related("plan", "issuer").get(pk=report.pk)
    if not report.is_issued:
        raise ValidationError(_("Chỉ gửi được báo cáo đã ban hành."))
    made = []
    for line, organization in report_recipient_lines(report):
        if organization is None or organization.pk == report.issuer_id:
            continue
        delivery, created = _deliver(organization=organization, label=line, user=user, report=report)
        if created:
            made.append(delivery)
    return made


@transaction.atomic
def report_recipient_link(*, report: ProgressReport, label: str, organization: Organization, user) -> Delivery:
    """Deliver a free-text line of an issued report to the organisation it means."""
    if not report.is_issued:
        raise ValidationError(_("Chỉ gửi được báo cáo đã ban hành."))
    lines = {line for line, _org in report_recipient_lines(report)}
    if label not in lines:
        raise ValidationError(_("Dòng nơi nhận này không có trong báo cáo."))
    if organization.pk == report.issuer_id:
        raise ValidationError(_("Không gửi văn bản cho chính cơ quan ban hành."))
    delivery, created = _deliver(organization=organization, label=label, user=user, report=report)
    if not created:
        raise ValidationError(_("Báo cáo đã được gửi cho %(name)s rồi.") % {"name": organization.short_name})
    return delivery


def document_pending_recipients(document: Plan | ProgressReport, deliveries: Iterable[Delivery]) -> list[dict]:
    """Recipient lines of an issued document that made no delivery yet: free
    text not linked to an organisation, or (for a plan issued before the
    portal delivered) an organisation not yet sent to."""
    delivered_orgs = {d.organization_id for d in deliveries}
    delivered_labels = {_normal(d.label) for d in deliveries}
    pending = []
    if isinstance(document, Plan):
        for recipient in document.recipients.all():
            if recipient.is_archive or recipient.organization_id == document.issuer_id:
                continue
            if recipient.organization_id is None or recipient.organization_id not in delivered_orgs:
                pending.append(
                    {"recipient": recipient, "label": recipient.label, "organization": recipient.organization}
                )
    else:
        for line, organization in report_recipient_lines(document):
            if _normal(line) in delivered_labels or (organization and organization.pk in delivered_orgs):
                continue
            if organization and organization.pk == document.issuer_id:
                continue
            pending.append({"recipient": None, "label": line, "organization": organization})
    return pending


# --- Reading, downloading, confirming ------------------------------------------------


def delivery_read(*, delivery: Delivery, user) -> Delivery:
    """Record the first time a member of the recipient opened the document.
    A conditional UPDATE, so two first readers at once keep the earlier."""
    if delivery.first_read_at is None:
        now = timezone.now()
        if Delivery.objects.filter(pk=delivery.pk, first_read_at__isnull=True).update(
            first_read_at=now, first_read_by=user
        ):
            delivery.first_read_at, delivery.first_read_by = now, user
    return delivery


@transaction.atomic
def delivery_download_record(*, delivery: Delivery, user, format: str) -> DeliveryDownload:
    if format not in DeliveryDownload.Format.values:
        raise ValidationError(_("Định dạng tải không hợp lệ."))
    download = DeliveryDownload.objects.create(delivery=delivery, user=user, format=format)
    delivery_read(delivery=delivery, user=user)
    return download


def document_download_record(*, user, format: str, plan: Plan | None = None, report=None) -> int:
    """A download from the document's own page by a member of an organisation
    it was delivered to counts as that organisation's download, as one from
    the inbox does. Returns how many deliveries it was recorded on."""
    organization_ids = member_organization_ids(user)
    if not organization_ids:
        return 0
    deliveries = Delivery.objects.filter(organization__in=organization_ids)
    deliveries = deliveries.filter(plan=plan) if plan is not None else deliveries.filter(report=report)
    recorded = 0
    for delivery in deliveries:
        delivery_download_record(delivery=delivery, user=user, format=format)
        recorded += 1
    return recorded


@transaction.atomic
def delivery_confirm(*, delivery: Delivery, user) -> tuple[Delivery, bool]:
    """ "Đã nhận": the recipient confirms receipt. Confirming again, or two
    members confirming at once, keeps the first confirmation: the UPDATE
    only touches a row not yet confirmed. Returns the delivery and whether
    this call was the one that confirmed it."""
    now = timezone.now()
    confirmed = bool(
        Delivery.objects.filter(pk=delivery.pk, confirmed_at__isnull=True).update(confirmed_at=now, confirmed_by=user)
    )
    delivery_read(delivery=delivery, user=user)
    delivery = Delivery.objects.select_related("confirmed_by", "organization").get(pk=delivery.pk)
    return delivery, confirmed


# --- E-mail ----------------------------------------------------------------------------


def delivery_email_enqueue(*, delivery_ids: list[int], run_after: datetime.datetime | None = None) -> None:
    """Queue the sending task once the current transaction commits: the
    worker must find the delivery rows, and a rolled-back issue sends nothing.
    A queue that refuses the task is logged, never allowed to undo an issue."""
    from reports.tasks import delivery_email_task

    def enqueue() -> None:
        task = delivery_email_task.using(run_after=run_after) if run_after else delivery_email_task
        for pk in delivery_ids:
            task.enqueue(pk)

    transaction.on_commit(enqueue, robust=True)


def _retry_delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=RETRY_BASE_SECONDS * RETRY_FACTOR ** max(attempts - 1, 0))


def _can_defer() -> bool:
    from reports.tasks import delivery_email_task

    return delivery_email_task.get_backend().supports_defer


def _email_message(delivery: Delivery) -> EmailMessage:
    document = delivery.document
    with translation.override("vi"):
        ctx = {
            "delivery": delivery,
            "document": document,
            "kind": "Kế hoạch" if delivery.plan_id else "Báo cáo",
            "inbox_url": settings.SITE_URL + reverse("reports:inbox"),
        }
        subject = " ".join(render_to_string("reports/email/delivery_subject.txt", ctx).split())
        body = render_to_string("reports/email/delivery.txt", ctx)
    message = EmailMessage(subject, body, to=[delivery.email_address])
    message.attach(document_filename(document, "pdf"), document_render(document, "pdf"), PDF)
    return message


def delivery_email_send(*, delivery_id: int) -> str:
    """Send one delivery's e-mail with the PDF attached; run by the worker.

    The row is locked while sending, so a retry by hand racing a scheduled
    one cannot mail the document twice: the second finds it sent. Any
    failure (the PDF, the mail server) is recorded with its text; the next
    try is scheduled with a growing pause until MAX_EMAIL_ATTEMPTS."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("plan__issuer", "report__issuer", "report__plan", "organization")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.email_status not in (EmailStatus.QUEUED, EmailStatus.FAILED):
            return delivery.email_status if delivery else "missing"
        delivery.email_attempts += 1
        try:
            if not delivery.email_address:
                raise ValueError("Cơ quan nhận không có địa chỉ thư điện tử.")
            _email_message(delivery).send()
        except Exception as error:  # noqa: BLE001 - whatever failed is shown to the issuer
            logger.warning("Gửi thư văn bản %s thất bại (lần %s): %s", delivery.pk, delivery.email_attempts, error)
            delivery.email_status = EmailStatus.FAILED
            delivery.email_error = (f"{type(error).__name__}: {error}".strip())[:2000]
            delivery.email_next_attempt_at = None
            if delivery.email_attempts < MAX_EMAIL_ATTEMPTS and _can_defer():
                delivery.email_next_attempt_at = timezone.now() + _retry_delay(delivery.email_attempts)
                delivery_email_enqueue(delivery_ids=[delivery.pk], run_after=delivery.email_next_attempt_at)
        else:
            delivery.email_status = EmailStatus.SENT
            delivery.email_sent_at = timezone.now()
            delivery.email_error = ""
            delivery.email_next_attempt_at = None
        delivery.save(
            update_fields=[
                "email_status",
                "email_attempts",
                "email_error",
                "email_sent_at",
                "email_next_attempt_at",
            ]
        )
        return delivery.email_status


@transaction.atomic
def delivery_email_retry(*, delivery: Delivery, user) -> Delivery:
    """ "Gửi lại": queue a failed e-mail again at once, whatever its count of
    tries; the address is read afresh, so a corrected address is used."""
    delivery = Delivery.objects.select_for_update(of=("self",)).select_related("organization").get(pk=delivery.pk)
    if delivery.email_status == EmailStatus.SENT:
        raise ValidationError(_("Thư đã được gửi thành công, không cần gửi lại."))
    if delivery.email_status == EmailStatus.QUEUED:
        raise ValidationError(_("Thư đang chờ gửi."))
    address = delivery.organization.email
    if not address:
        raise ValidationError(
            _(
                "%(name)s chưa có địa chỉ thư điện tử; nhờ quản trị viên bổ sung rồi gửi lại. "
                "Văn bản vẫn có trong hộp văn bản đến của cơ quan."
            )
            % {"name": delivery.organization.short_name}
        )
    delivery.email_address = address
    delivery.email_status = EmailStatus.QUEUED
    delivery.email_next_attempt_at = None
    delivery.save(update_fields=["email_address", "email_status", "email_next_attempt_at"])
    delivery_email_enqueue(delivery_ids=[delivery.pk])
    return delivery


def linkable_organizations(issuer: Organization):
    """The organisations a free-text line may be linked to: those of the
    issuer's province (its units and every unit below), the issuer excepted."""

    unit = AdministrativeUnit.objects.filter(pk=issuer.unit_id).values("pk", "parent", "parent__parent").first()
    top = unit["parent__parent"] or unit["parent"] or unit["pk"]
    return Organization.objects.filter(unit__in=units_under({top})).exclude(pk=issuer.pk).order_by("short_name")
