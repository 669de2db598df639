"""Deliveries: issuing a plan or a progress report makes one Delivery per
recipient organisation, in the issue's own transaction (the lifecycle's
issue hook, attached in ReportsConfig.ready()), so a document is never
issued without its deliveries. Each delivery is in the recipient's inbox at
once and, where the organisation has an e-mail address, is mailed after
the issue commits (mailing.py)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cooperatives.addressing import addressable_organizations
from cooperatives.models import Organization
from plans.models import Plan, Recipient
from plans.services.recipients import recipient_link
from reports.models import Delivery, ProgressReport
from reports.notifications.services import notify_delivered
from reports.tasks import delivery_email_enqueue

EmailStatus = Delivery.EmailStatus


def _normal(text: str) -> str:
    """A recipient line reduced for matching: NFC, case-folded, single spaces,
    without the leading dash and the trailing punctuation of the list."""
    text = unicodedata.normalize("NFC", text or "").strip()
    text = re.sub(r"^[-+•–]\s*", "", text).rstrip(" ;,.")
    return " ".join(text.split()).casefold()


def _is_archive_line(line: str) -> bool:
    return _normal(line).startswith("lưu")


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
    notify_delivered(delivery, actor=user)
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
        recipient = recipient_link(recipient=recipient, organization=organization, user=user)
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
        for recipient in document.recipients.select_related("organization"):
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


def linkable_organizations(issuer: Organization):
    """The organisations a free-text line may be linked to: those the issuer
    may address (cooperatives/addressing.py), as when the plan was written."""
    return addressable_organizations(issuer)


@transaction.atomic
def delivery_email_retry(*, delivery: Delivery, user) -> Delivery:
    """ "Gửi lại": queue a failed e-mail again at once, whatever its count of
    tries, or one stuck past the lease (a try cut off by a stopped worker, a
    queued mail whose task was lost); the address is read afresh, so a
    corrected address is used."""
    delivery = Delivery.objects.select_for_update(of=("self",)).select_related("organization").get(pk=delivery.pk)
    if delivery.email_status == EmailStatus.SENT:
        raise ValidationError(_("Thư đã được gửi thành công, không cần gửi lại."))
    if delivery.email_status in (EmailStatus.QUEUED, EmailStatus.SENDING) and not delivery.email_stuck:
        minutes = max(1, round(settings.TASK_LEASE_SECONDS / 60))
        if delivery.email_status == EmailStatus.SENDING:
            raise ValidationError(
                _(
                    "Thư đang được gửi (lần %(n)s, từ %(time)s). Nếu quá %(minutes)s phút vẫn chưa gửi xong, "
                    "có thể bấm Gửi lại."
                )
                % {
                    "n": delivery.email_attempts,
                    "time": date_format(timezone.localtime(delivery.email_claimed_at), "H:i"),
                    "minutes": minutes,
                }
            )
        raise ValidationError(
            _("Thư đang chờ gửi. Nếu quá %(minutes)s phút vẫn chưa gửi, có thể bấm Gửi lại.") % {"minutes": minutes}
        )
    if delivery.email_status == EmailStatus.SENDING:
        # Its worker stopped mid-send: the next try says so, and is sent
        # with the same Message-ID in case the first copy got through.
        delivery.email_interrupted_at = delivery.email_claimed_at
        delivery.email_claimed_at = None
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
    # Queued since now: the lease of a lost task is counted from here.
    delivery.email_next_attempt_at = timezone.now()
    delivery.save(
        update_fields=[
            "email_address",
            "email_status",
            "email_next_attempt_at",
            "email_claimed_at",
            "email_interrupted_at",
        ]
    )
    delivery_email_enqueue(delivery_ids=[delivery.pk])
    return delivery
