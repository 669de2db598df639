"""The ordered parts of a draft plan's text: add, change, delete, move."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.addressing import may_address
from plans.models import PART_MODELS, Appendix, ExtraSection, LegalBasis, Objective, Plan, Recipient, Solution, Task
from plans.models.text import typed_text
from plans.search import search_text_refresh
from plans.services.authoring import lock_draft
from plans.services.lifecycle import document_record

PART_FIELDS: dict[str, tuple[str, ...]] = {
    "legal-basis": ("text",),
    "objective": ("title", "body"),
    "task": (
        "group",
        "title",
        "body",
        "lead_unit",
        "partner_units",
        "cooperative",
        "period_text",
        "start_on",
        "due_on",
        "product",
        "ocop_product",
        "note",
        "indicator_name",
        "indicator_target",
        "indicator_unit",
        "weight",
    ),
    "solution": ("title", "body"),
    "extra": ("heading", "after", "body"),
    "recipient": ("organization", "label", "purpose", "is_archive"),
    "appendix": ("title", "body", "table", "note"),
}


def _siblings(part) -> Any:
    siblings = type(part).objects.filter(plan_id=part.plan_id)
    if isinstance(part, Solution):
        siblings = siblings.filter(parent_id=part.parent_id)
    return siblings


def _clean_part(part) -> None:
    if isinstance(part, Task):
        if not part.title.strip():
            raise ValidationError({"title": _("Hãy nhập tên nhiệm vụ.")})
        if part.start_on and part.due_on and part.due_on < part.start_on:
            raise ValidationError(
                {
                    "due_on": _("Hạn hoàn thành (%(due)s) không được trước ngày bắt đầu (%(start)s).")
                    % {"due": f"{part.due_on:%d/%m/%Y}", "start": f"{part.start_on:%d/%m/%Y}"}
                }
            )
        if part.weight is None or part.weight < 1:
            raise ValidationError({"weight": _("Trọng số phải từ 1 trở lên.")})
    if isinstance(part, Recipient):
        if not part.label.strip() and part.organization_id:
            part.label = part.organization.short_name
        if not part.label.strip():
            raise ValidationError({"label": _("Hãy chọn một cơ quan hoặc gõ tên nơi nhận.")})
        _check_addressable(part)
    if isinstance(part, LegalBasis) and not part.text.strip():
        raise ValidationError({"text": _("Hãy nhập nội dung căn cứ.")})
    if isinstance(part, Appendix) and not part.title.strip():
        raise ValidationError({"title": _("Hãy nhập tên phụ lục.")})
    if isinstance(part, ExtraSection) and not part.heading.strip():
        raise ValidationError({"heading": _("Hãy nhập tiêu đề của mục.")})
    if isinstance(part, (Objective, Solution)) and not (part.title.strip() or part.body.strip()):
        raise ValidationError({"title": _("Hãy nhập tiêu đề hoặc nội dung.")})
    part.full_clean(exclude=["plan", "position"])


def _check_addressable(recipient: Recipient) -> None:
    """Only the organisations the issuer may address (cooperatives/addressing.py)."""
    if recipient.organization_id is None:
        return
    kept = Recipient.objects.filter(pk=recipient.pk, organization_id=recipient.organization_id)
    if recipient.pk and kept.exists():
        return  # an earlier choice, left as it was
    if not may_address(recipient.plan.issuer, recipient.organization):
        raise ValidationError(
            {
                "organization": _(
                    "%(name)s không thuộc các cơ quan %(issuer)s được gửi văn bản (cơ quan cùng địa bàn, cấp trên, "
                    "hợp tác xã trên địa bàn và nơi nhận chung); hãy gõ tên nơi nhận, hoặc nhờ quản trị viên thêm."
                )
                % {"name": recipient.organization.short_name, "issuer": recipient.plan.issuer.short_name}
            }
        )


def _set_fields(part, kind: str, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PART_FIELDS[kind])
    if unknown:
        raise TypeError(f"{kind}: unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(part, name, typed_text(value))


def _part_label(part) -> str:
    return f"{part._meta.verbose_name} “{str(part)[:60]}”"


@transaction.atomic
def plan_part_add(
    *, plan: Plan, user, kind: str, version: int | None, fields: dict[str, Any], parent: Solution | None = None
):
    """Append a legal basis, objective, task, solution (or sub-solution under
    `parent`), extra section or recipient at the end of its list."""
    plan = lock_draft(plan, version)
    part = PART_MODELS[kind](plan=plan)
    if parent is not None:
        if kind != "solution" or parent.plan_id != plan.pk or parent.parent_id is not None:
            raise ValidationError(_("Chỉ thêm được ý con vào một giải pháp của chính kế hoạch này."))
        part.parent = parent
    _set_fields(part, kind, fields)
    last = _siblings(part).order_by("-position").values_list("position", flat=True).first()
    part.position = 0 if last is None else last + 1
    _clean_part(part)
    part._history_user = user
    part.save()
    document_record(plan, user=user, reason=f"Thêm {_part_label(part)}")
    if kind == "task":
        search_text_refresh(plan)
    return part


@transaction.atomic
def plan_part_update(*, part, user, version: int | None, fields: dict[str, Any]):
    kind = next(k for k, m in PART_MODELS.items() if isinstance(part, m))
    plan = lock_draft(part.plan, version)
    part = type(part).objects.get(pk=part.pk)
    _set_fields(part, kind, fields)
    _clean_part(part)
    part._history_user = user
    part.save()
    document_record(plan, user=user, reason=f"Sửa {_part_label(part)}")
    if kind == "task":
        search_text_refresh(plan)
    return part


@transaction.atomic
def plan_part_delete(*, part, user, version: int | None) -> None:
    plan = lock_draft(part.plan, version)
    label = _part_label(part)
    if isinstance(part, Task) and part.updates.exists():
        raise ValidationError(_("Nhiệm vụ đã có báo cáo tiến độ nên không xóa được."))
    part._history_user = user
    if isinstance(part, Solution):
        # Deleted one by one so that each history row names who deleted it.
        for child in part.children.all():
            child._history_user = user
            child.delete()
    part.delete()
    document_record(plan, user=user, reason=f"Xóa {label}")
    if isinstance(part, Task):
        search_text_refresh(plan)


@transaction.atomic
def plan_part_move(*, part, user, version: int | None, offset: int) -> None:
    """Move an item one place up (-1) or down (+1) among its siblings; the
    siblings are renumbered 0..n-1 so that old gaps or ties disappear."""
    plan = lock_draft(part.plan, version)
    siblings = list(_siblings(part).order_by("position", "id"))
    index = next(i for i, s in enumerate(siblings) if s.pk == part.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling._history_user = user
            sibling.save(update_fields=["position"])
    document_record(plan, user=user, reason=f"Đổi thứ tự {_part_label(part)}")
