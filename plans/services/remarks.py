"""The district's review remarks on a document (a plan, a progress report)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.events import DocumentEvent, Kind, emit
from plans.models import DocumentStatus, Plan, RemarkBase
from plans.models.text import typed_text
from plans.services.lifecycle import document_lock

# The district comments on a document waiting for approval, and on an issued
# one while it is carried out (what to do better, what the next one needs).
REMARKABLE = (DocumentStatus.SUBMITTED, DocumentStatus.ISSUED)


@transaction.atomic
def document_remark_add(*, document, user, body: str) -> RemarkBase:
    """A remark on any document with a `remarks` relation (its remark table)."""
    body = typed_text(body or "")
    if not body:
        raise ValidationError({"body": _("Hãy nhập nội dung góp ý.")})
    document = document_lock(document)
    if document.status not in REMARKABLE:
        raise ValidationError(
            _("Chỉ góp ý được khi %(noun)s đang chờ duyệt hoặc đã ban hành.") % {"noun": document.document_noun}
        )
    remarks = document.remarks
    remark = remarks.model(author=user, body=body, **{remarks.field.name: document})
    remark.full_clean()
    remark.save()
    emit(DocumentEvent(Kind.REMARK_ADDED, document, user, remark=remark))
    return remark


def remark_add(*, plan: Plan, user, body: str) -> RemarkBase:
    return document_remark_add(document=plan, user=user, body=body)


@transaction.atomic
def remark_resolve(*, remark: RemarkBase, user) -> RemarkBase:
    remark = type(remark).objects.select_for_update().get(pk=remark.pk)
    if remark.resolved_at is None:
        remark.resolved_by = user
        remark.resolved_at = timezone.now()
        remark.save(update_fields=["resolved_by", "resolved_at"])
        emit(DocumentEvent(Kind.REMARK_RESOLVED, remark.document, user, remark=remark))
    return remark
