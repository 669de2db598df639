"""Writes to a cooperative's registry profile: an edit by the commune, a
proposal by the cooperative's staff, and the commune's decision on it.

Every save goes through django-simple-history (Cooperative.history), which
records who changed what; `version` is the optimistic lock of the edit form.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative, CooperativeProposal

# What the registry's forms change, in the order they are shown.
REGISTRY_FIELDS = (
    "registration_code",
    "founded_on",
    "status",
    "sector",
    "director",
    "member_count",
    "charter_capital",
    "revenue",
    "revenue_year",
    "services",
    "phone",
    "address",
)


def _locked(cooperative: Cooperative, version: int | None) -> Cooperative:
    """The row locked for the write; refused if someone saved it since `version` was read."""
    current = Cooperative.objects.select_for_update().select_related("organization").get(pk=cooperative.pk)
    if version is not None and current.version != version:
        raise ValidationError(
            _(
                "Hồ sơ hợp tác xã vừa được người khác sửa (phiên bản %(now)s, bạn mở ở phiên bản %(seen)s). "
                "Hãy tải lại trang để xem thay đổi rồi sửa lại; những gì bạn nhập chưa được lưu."
            )
            % {"now": current.version, "seen": version}
        )
    return current


def _apply(cooperative: Cooperative, fields: dict[str, Any], user, reason: str) -> Cooperative:
    unknown = set(fields) - set(REGISTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown registry fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(cooperative, name, value)
    cooperative.full_clean(exclude=["organization"])
    cooperative.version += 1
    cooperative._history_user = user
    cooperative._change_reason = reason
    cooperative.save()
    return cooperative


@transaction.atomic
def cooperative_update(*, cooperative: Cooperative, user, version: int | None, fields: dict[str, Any]) -> Cooperative:
    """The commune's edit of the profile, refused when the form is stale."""
    current = _locked(cooperative, version)
    return _apply(current, fields, user, "Sửa hồ sơ")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date | Decimal):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return str(value)


@transaction.atomic
def proposal_create(*, cooperative: Cooperative, user, fields: dict[str, Any], note: str = "") -> CooperativeProposal:
    """What the cooperative's staff would change: only the fields that differ from the profile."""
    current = Cooperative.objects.get(pk=cooperative.pk)
    changes = {
        name: _text(value)
        for name, value in fields.items()
        if name in REGISTRY_FIELDS and _text(value) != _text(getattr(current, name))
    }
    if not changes:
        raise ValidationError(_("Đề xuất chưa thay đổi thông tin nào so với hồ sơ hiện tại."))
    proposal = CooperativeProposal(cooperative=current, changes=changes, note=note.strip(), proposed_by=user)
    proposal.full_clean()
    proposal.save()
    return proposal


def _pending(proposal: CooperativeProposal) -> CooperativeProposal:
    locked = CooperativeProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != CooperativeProposal.Status.PENDING:
        raise ValidationError(_("Đề xuất này đã được xem xét rồi."))
    return locked


def proposal_values(proposal: CooperativeProposal) -> dict[str, Any]:
    """The proposed values as the model's fields take them."""
    fields = {f.name: f for f in Cooperative._meta.concrete_fields}
    return {name: fields[name].to_python(raw) for name, raw in proposal.changes.items() if name in REGISTRY_FIELDS}


@transaction.atomic
def proposal_accept(*, proposal: CooperativeProposal, user) -> Cooperative:
    proposal = _pending(proposal)
    current = _locked(proposal.cooperative, None)
    cooperative = _apply(current, proposal_values(proposal), user, "Chấp nhận đề xuất của hợp tác xã")
    proposal.status, proposal.decided_by, proposal.decided_at = (
        CooperativeProposal.Status.ACCEPTED,
        user,
        timezone.now(),
    )
    proposal.save()
    return cooperative


@transaction.atomic
def proposal_refuse(*, proposal: CooperativeProposal, user, reason: str) -> CooperativeProposal:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do không chấp nhận để hợp tác xã biết.")})
    proposal = _pending(proposal)
    proposal.status, proposal.decided_by, proposal.decided_at, proposal.reason = (
        CooperativeProposal.Status.REFUSED,
        user,
        timezone.now(),
        reason,
    )
    proposal.save()
    return proposal
