"""The district's review remarks on a submitted plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan, Remark
from plans.models.text import typed_text
from plans.services.lifecycle import document_lock


@transaction.atomic
def remark_add(*, plan: Plan, user, body: str):
    body = typed_text(body or "")
    if not body:
        raise ValidationError({"body": _("Hãy nhập nội dung góp ý.")})
    plan = document_lock(plan)
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Chỉ góp ý được khi kế hoạch đang chờ duyệt."))
    remark = Remark(plan=plan, author=user, body=body)
    remark.full_clean()
    remark.save()
    return remark


@transaction.atomic
def remark_resolve(*, remark, user):
    remark = Remark.objects.select_for_update().get(pk=remark.pk)
    if remark.resolved_at is None:
        remark.resolved_by = user
        remark.resolved_at = timezone.now()
        remark.save(update_fields=["resolved_by", "resolved_at"])
    return remark
