"""Who is told what, after each workflow step, remark and delivery.

The plans app emits a DocumentEvent inside the step's transaction
(plans/events.py); `notify_event` turns it into one Notification per person
who must act or know next, never the person who acted. E-mails are queued
once the transaction commits, as each person chose (NotificationSetting).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cooperatives.models import Membership
from plans.events import DocumentEvent
from plans.events import Kind as EventKind
from plans.models import Plan
from reports.models import Delivery, Notification, NotificationSetting
from reports.tasks import notification_email_enqueue

Kind = Notification.Kind
Role = Membership.Role

# Who hears of each step: the roles of the issuing organisation.
_TOLD = {
    EventKind.SUBMITTED: (Kind.SUBMITTED, (Role.APPROVER,)),
    EventKind.RETURNED: (Kind.RETURNED, (Role.EDITOR,)),
    EventKind.APPROVED: (Kind.APPROVED, (Role.EDITOR,)),
    EventKind.ISSUED: (Kind.ISSUED, (Role.EDITOR, Role.APPROVER)),
    EventKind.REMARK_ADDED: (Kind.REMARK_ADDED, (Role.EDITOR, Role.APPROVER)),
}


def members_of(organization_id: int, roles) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__organization_id=organization_id, memberships__role__in=roles)
        .distinct()
    )


# A step settles what the earlier ones asked for: once a plan is approved,
# "waiting for approval" is no longer something to do, and leaves the bell.
_SETTLES = {
    EventKind.SUBMITTED: (Kind.RETURNED,),
    EventKind.RETURNED: (Kind.SUBMITTED,),
    EventKind.APPROVED: (Kind.SUBMITTED,),
    EventKind.ISSUED: (Kind.SUBMITTED, Kind.APPROVED),
}


def _settle(event: DocumentEvent) -> None:
    kinds = _SETTLES.get(event.kind)
    if not kinds:
        return
    document = event.document
    about = {"plan": document} if isinstance(document, Plan) else {"report": document}
    Notification.objects.filter(kind__in=kinds, read_at__isnull=True, **about).update(read_at=timezone.now())


def notify_event(event: DocumentEvent) -> list[Notification]:
    """The listener of plans' events (attached in ReportsConfig.ready())."""
    _settle(event)
    document = event.document
    if event.kind == EventKind.REMARK_RESOLVED:
        kind, users = Kind.REMARK_RESOLVED, [event.remark.author]
    elif event.kind in _TOLD:
        kind, roles = _TOLD[event.kind]
        users = list(members_of(document.issuer_id, roles))
        if event.kind == EventKind.RETURNED and document.created_by_id:
            users.append(document.created_by)
    else:
        return []
    detail = event.reason or (event.remark.body if event.remark is not None else "")
    return notifications_create(
        users=users, kind=kind, document=document, actor=event.actor, detail=detail, url=document.get_absolute_url()
    )


def notify_delivered(delivery: Delivery, *, actor=None) -> list[Notification]:
    """Every member of the organisation a document was delivered to."""
    return notifications_create(
        users=list(members_of(delivery.organization_id, Role.values)),
        kind=Kind.DELIVERED,
        document=delivery.document,
        actor=actor,
        detail=delivery.organization.short_name,
        url=reverse("reports:inbox"),
    )


def default_mode(kind: str) -> str:
    """Without a choice, at once; a delivery goes to the digest, since the
    organisation's own address already got the document with its PDF."""
    return NotificationSetting.Mode.DIGEST if kind == Kind.DELIVERED else NotificationSetting.Mode.NOW


def _email_modes(users, kind: str) -> dict[int, str]:
    chosen = NotificationSetting.objects.filter(user__in=users, kind=kind).values_list("user_id", "mode")
    return {user.pk: default_mode(kind) for user in users} | dict(chosen)


def notifications_create(
    *, users, kind: str, document=None, subject: str = "", actor=None, detail: str = "", url: str
) -> list[Notification]:
    """One notification per person (the actor and inactive accounts left out),
    about `document` (or `subject` when it is about no document), e-mailed
    after the commit to those who want it at once."""
    users = list({user.pk: user for user in users if user.is_active and user != actor}.values())
    if not users:
        return []
    modes = _email_modes(users, kind)
    is_plan = isinstance(document, Plan)
    made = []
    for user in users:
        mode = modes[user.pk] if user.email else NotificationSetting.Mode.OFF
        made.append(
            Notification(
                user=user,
                kind=kind,
                actor=actor if getattr(actor, "pk", None) else None,
                plan=document if is_plan else None,
                report=document if document is not None and not is_plan else None,
                subject=" ".join((document.title if document is not None else subject).split())[:500],
                detail=detail,
                url=url,
                email={"now": Notification.Email.QUEUED, "digest": Notification.Email.DIGEST}.get(
                    mode, Notification.Email.NONE
                ),
            )
        )
    Notification.objects.bulk_create(made)
    queued = [n.pk for n in made if n.email == Notification.Email.QUEUED]
    if queued:
        notification_email_enqueue(notification_ids=queued)
    return made


def notification_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def notification_settings_save(*, user, modes: dict[str, str]) -> None:
    for kind, mode in modes.items():
        NotificationSetting.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
