"""Recipients (Nơi nhận) of an issued plan linked to the organisations they mean."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.models import Organization
from plans.models import Recipient


@transaction.atomic
def recipient_link(*, recipient: Recipient, organization: Organization, user) -> Recipient:
    """Link a recipient typed as free text ("Phòng NN&PTNT") to the
    organisation it means, after the plan was issued, so that it can be
    delivered. The line the document prints is kept as it is: the issued
    text never changes, only whom it is delivered to."""
    recipient = Recipient.objects.select_for_update().select_related("plan").get(pk=recipient.pk)
    if not recipient.plan.is_issued:
        raise ValidationError(_("Kế hoạch chưa ban hành: hãy sửa nơi nhận trong trang soạn thảo."))
    if recipient.is_archive:
        raise ValidationError(_("Dòng lưu văn bản không gửi cho cơ quan nào."))
    if recipient.organization_id == organization.pk:
        return recipient
    if recipient.organization_id is not None:
        raise ValidationError(_("Nơi nhận “%(label)s” đã được gắn với một cơ quan khác.") % {"label": recipient.label})
    if Recipient.objects.filter(plan_id=recipient.plan_id, organization=organization).exists():
        raise ValidationError(
            _("%(name)s đã có trong danh sách nơi nhận của kế hoạch này.") % {"name": organization.short_name}
        )
    recipient.organization = organization
    recipient._history_user = user
    recipient._change_reason = "Gắn nơi nhận với cơ quan"
    recipient.save(update_fields=["organization"])
    return recipient
