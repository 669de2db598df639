"""The district's review remarks on a submitted plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.events import DocumentEvent, Kind, emit
from plans.models import Plan, Remark
from plans.models.text import typed_text
from plans.services.lifecycle import document_lock

# The district comments on a plan waiting for approval, and on an issued
# plan while it is carried out (what to do better, what the next one needs).
REMARKABLE = (Plan.Status.SUBMITTED, Plan.Status.ISSUED)


@transaction.atomic
def remark_add(*, plan: Plan, user, body: str):
    body = typed_text(body or "")
    if not body:
        raise ValidationError({"body": _("Hãy nhập nội dung góp ý.")})
    plan = document_lock(plan)
    if plan.status not in REMARKABLE:
        raise ValidationError(_("Chỉ góp ý được khi kế hoạch đang chờ duyệt hoặc đã ban hành."))
    remark = Remark(plan=plan, author=user, body=body)
    remark.full_clean()
    remark.save()
    emit(DocumentEvent(Kind.REMARK_ADDED, plan, user, remark=remark))
    return remark


@transaction.atomic
def remark_resolve(*, remark, user):
    remark = Remark.objects.select_for_update().get(pk=remark.pk)
    if remark.resolved_at is None:
        remark.resolved_by = user
        remark.resolved_at = timezone.now()
        remark.save(update_fields=["resolved_by", "resolved_at"])
        emit(DocumentEvent(Kind.REMARK_RESOLVED, remark.plan, user, remark=remark))
    return remark
