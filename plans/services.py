"""Writes that touch more than one row, workflow steps and number allocation."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import Cooperative, Organization
from plans.interchange import FORMAT
from plans.models import (
    Evidence,
    ExtraSection,
    LegalBasis,
    NumberRegister,
    Objective,
    Plan,
    ProgressUpdate,
    Recipient,
    Solution,
    Task,
    validate_document_text,
)


def number_allocate(*, issuer: Organization, year: int) -> int:
    """The next number in the issuer's register for the year.

    The register row is locked (SELECT ... FOR UPDATE) so that two approvers
    issuing at the same moment can never get the same number; the number is
    taken inside the caller's transaction, so a failed issue rolls it back
    and nothing is skipped either. Must be called inside transaction.atomic.
    """
    NumberRegister.objects.get_or_create(issuer=issuer, year=year)
    register = NumberRegister.objects.select_for_update().get(issuer=issuer, year=year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number


# --- Interchange import -------------------------------------------------------


def _text(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("%(where)s: phải là một đoạn văn bản.") % {"where": where})
    text = unicodedata.normalize("NFC", value).strip()
    try:
        validate_document_text(text)
    except ValidationError as error:
        raise ValidationError(f"{where}: {' '.join(error.messages)}") from None
    return text


def _date(value: Any, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            _("%(where)s: ngày “%(value)s” không hợp lệ (cần dạng NNNN-TT-NN).") % {"where": where, "value": value}
        ) from None


def _extra_after(value: Any, index: int) -> str:
    """Where an extra section stands; files written before the key existed
    have none and keep the old place, after the funding."""
    if value in (None, ""):
        return ExtraSection.After.FUNDING
    if value not in ExtraSection.After.values:
        raise ValidationError(
            _("Mục khác %(n)s: vị trí “%(value)s” không hợp lệ (cần một trong: %(choices)s).")
            % {"n": index + 1, "value": value, "choices": ", ".join(ExtraSection.After.values)}
        )
    return value


def _items(section: Any, where: str) -> tuple[str | None, list[dict]]:
    if section is None:
        return None, []
    if not isinstance(section, dict):
        raise ValidationError(_("%(where)s: cần một đối tượng có “heading” và “items”.") % {"where": where})
    items = section.get("items") or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValidationError(_("%(where)s: “items” phải là một danh sách.") % {"where": where})
    heading = section.get("heading")
    return (_text(heading, where) or None) if heading is not None else None, items


def _cooperative_named(name: str | None) -> Cooperative | None:
    if not name:
        return None
    return (
        Cooperative.objects.filter(Q(organization__short_name__iexact=name) | Q(organization__name__iexact=name))
        .select_related("organization")
        .first()
    )


def _organization_named(name: str | None) -> Organization | None:
    if not name:
        return None
    return Organization.objects.filter(Q(short_name__iexact=name) | Q(name__iexact=name)).first()


@transaction.atomic
def plan_import(*, data: dict[str, Any], issuer: Organization, user=None, year: int | None = None) -> Plan:
    """Create a draft plan from interchange data; all or nothing.

    The number and date of an issued source are not taken over: a number
    comes only from the issuer's own register at issue.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("Tệp không đúng định dạng kế hoạch “%(format)s”.") % {"format": FORMAT})
    title = _text(data.get("title"), _("Trích yếu"))
    if not title:
        raise ValidationError(_("Kế hoạch chưa có trích yếu (tiêu đề)."))
    header = data.get("issuer") or {}
    if not isinstance(header, dict):
        raise ValidationError(_("Phần “issuer” phải là một đối tượng."))
    date = _date(data.get("date"), _("Ngày ban hành"))
    if year is None:
        year = data.get("year") or (date.year if date else None) or datetime.date.today().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(_("Năm “%(year)s” không hợp lệ.") % {"year": year}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Năm %(year)s nằm ngoài khoảng 2000–2100.") % {"year": year})

    signer = data.get("signer") or {}
    funding = data.get("funding") or {}
    plan = Plan(
        issuer=issuer,
        year=year,
        title=title,
        issuer_name=_text(header.get("name"), _("Tên cơ quan")) or issuer.name.upper(),
        governing_body=_text(header.get("parent"), _("Cơ quan chủ quản")),
        symbol=_text(data.get("symbol"), _("Ký hiệu")) or f"KH-{issuer.abbreviation}",
        place=_text(data.get("place"), _("Địa danh")) or issuer.unit.name,
        preamble=_text(data.get("preamble"), _("Lời mở đầu")),
        funding_body=_text(funding.get("body"), _("Kinh phí")),
        closing=_text(data.get("closing"), _("Câu kết")),
        signer_authority=_text(signer.get("authority"), _("Thẩm quyền ký")),
        signer_title=_text(signer.get("title"), _("Chức vụ người ký")),
        signer_name=_text(signer.get("name"), _("Người ký")),
        created_by=user,
    )
    if funding.get("heading"):
        plan.funding_heading = _text(funding["heading"], _("Tiêu đề kinh phí"))
    objectives_heading, objectives = _items(data.get("objectives"), _("Mục tiêu"))
    tasks_heading, tasks = _items(data.get("tasks"), _("Nhiệm vụ"))
    solutions_heading, solutions = _items(data.get("solutions"), _("Giải pháp"))
    for field, heading in (
        ("objectives_heading", objectives_heading),
        ("tasks_heading", tasks_heading),
        ("solutions_heading", solutions_heading),
    ):
        if heading:
            setattr(plan, field, heading)
    plan.full_clean()
    plan.save()

    for i, text in enumerate(data.get("legal_bases") or []):
        LegalBasis.objects.create(plan=plan, position=i, text=_text(text, _("Căn cứ %(n)s") % {"n": i + 1}))
    for i, item in enumerate(objectives):
        Objective.objects.create(
            plan=plan,
            position=i,
            title=_text(item.get("title"), _("Mục tiêu")),
            body=_text(item.get("body"), _("Mục tiêu")),
        )
    for i, item in enumerate(tasks):
        where = _("Nhiệm vụ %(n)s") % {"n": i + 1}
        indicator = item.get("indicator") or {}
        target = indicator.get("target") if isinstance(indicator, dict) else None
        try:
            target = Decimal(str(target)) if target not in (None, "") else None
        except InvalidOperation:
            raise ValidationError(
                _("%(where)s: giá trị chỉ tiêu “%(value)s” không phải là số.") % {"where": where, "value": target}
            ) from None
        partners = item.get("partners") or []
        task = Task(
            plan=plan,
            position=i,
            title=_text(item.get("title"), where),
            body=_text(item.get("body"), where),
            lead_unit=_text(item.get("lead"), where),
            partner_units="\n".join(_text(p, where) for p in partners),
            cooperative=_cooperative_named(item.get("cooperative")),
            start_on=_date(item.get("start"), _("%(where)s, ngày bắt đầu") % {"where": where}),
            due_on=_date(item.get("due"), _("%(where)s, hạn hoàn thành") % {"where": where}),
            indicator_name=_text(indicator.get("name"), where) if isinstance(indicator, dict) else "",
            indicator_target=target,
            indicator_unit=_text(indicator.get("unit"), where) if isinstance(indicator, dict) else "",
            weight=item.get("weight") or 1,
        )
        if not task.title:
            raise ValidationError(_("%(where)s: chưa có tên nhiệm vụ.") % {"where": where})
        task.full_clean()
        task.save()
    for i, item in enumerate(solutions):
        where = _("Giải pháp %(n)s") % {"n": i + 1}
        parent = Solution.objects.create(
            plan=plan,
            position=i,
            title=_text(item.get("title"), where),
            body=_text(item.get("body"), where),
        )
        for j, child in enumerate(item.get("children") or []):
            Solution.objects.create(
                plan=plan,
                parent=parent,
                position=j,
                title=_text(child.get("title"), where),
                body=_text(child.get("body"), where),
            )
    for i, item in enumerate(data.get("extra_sections") or []):
        ExtraSection.objects.create(
            plan=plan,
            position=i,
            heading=_text(item.get("heading"), _("Mục khác")),
            body=_text(item.get("body"), _("Mục khác")),
            after=_extra_after(item.get("after"), i),
        )
    for i, item in enumerate(data.get("recipients") or []):
        where = _("Nơi nhận %(n)s") % {"n": i + 1}
        label = _text(item.get("label"), where)
        if not label:
            raise ValidationError(_("%(where)s: chưa có tên.") % {"where": where})
        Recipient.objects.create(
            plan=plan,
            position=i,
            label=label,
            organization=_organization_named(item.get("organization")),
            purpose=_text(item.get("purpose"), where),
            is_archive=bool(item.get("archive")),
        )
    _refresh_search_text(plan)
    return plan


@transaction.atomic
def plan_issue(*, plan: Plan, user, issued_on: datetime.date | None = None) -> Plan:
    """Approved -> issued: the next number of the issuer's register and the date.

    The plan row is locked first so that two clicks on "Ban hành" cannot both
    allocate a number.
    """
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    if plan.status == Plan.Status.ISSUED:
        raise ValidationError(_("Kế hoạch đã được ban hành rồi (số %(number)s).") % {"number": plan.number_label})
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError(_("Chỉ kế hoạch đã được duyệt mới có thể ban hành."))
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày ban hành không được ở tương lai.")})
    if issued_on.year != plan.year and issued_on.year != plan.year - 1:
        raise ValidationError(
            _("Ngày ban hành %(date)s không thuộc năm của kế hoạch (%(year)s) hoặc năm trước đó.")
            % {"date": f"{issued_on:%d/%m/%Y}", "year": plan.year}
        )
    # Decree 30: numbers restart on 1 January, so the register is the one of
    # the year the document is issued in, not the year the plan is for.
    plan.number = number_allocate(issuer=plan.issuer, year=issued_on.year)
    plan.symbol = plan.symbol or f"KH-{plan.issuer.abbreviation}"
    plan.issued_on = issued_on
    plan.status = Plan.Status.ISSUED
    plan.version += 1
    plan._change_reason = "Ban hành"
    if user is not None:
        plan._history_user = user
    plan.save()
    _refresh_search_text(plan)
    return plan


# --- Authoring ----------------------------------------------------------------

# The plan's own fields an author may change (the number, date, status and
# version belong to the workflow, never to a form).
PLAN_FIELDS = (
    "year",
    "title",
    "governing_body",
    "issuer_name",
    "place",
    "preamble",
    "objectives_heading",
    "tasks_heading",
    "solutions_heading",
    "funding_heading",
    "funding_body",
    "closing",
    "signer_authority",
    "signer_title",
    "signer_name",
)

PART_MODELS: dict[str, type] = {
    "legal-basis": LegalBasis,
    "objective": Objective,
    "task": Task,
    "solution": Solution,
    "extra": ExtraSection,
    "recipient": Recipient,
}

PART_FIELDS: dict[str, tuple[str, ...]] = {
    "legal-basis": ("text",),
    "objective": ("title", "body"),
    "task": (
        "title",
        "body",
        "lead_unit",
        "partner_units",
        "cooperative",
        "start_on",
        "due_on",
        "indicator_name",
        "indicator_target",
        "indicator_unit",
        "weight",
    ),
    "solution": ("title", "body"),
    "extra": ("heading", "after", "body"),
    "recipient": ("organization", "label", "purpose", "is_archive"),
}

_PLACE_PREFIXES = ("Xã ", "Phường ", "Thị trấn ", "Đặc khu ")


class StalePlanError(ValidationError):
    """The plan was changed by someone else since the form was read."""

    def __init__(self, *, plan: Plan, since_version: int):
        self.plan = plan
        self.since_version = since_version
        super().__init__(
            _(
                "Kế hoạch vừa được người khác sửa (bạn mở phiên bản %(since)s, nay đã là phiên bản "
                "%(version)s), nên thay đổi của bạn chưa được lưu. Nội dung bạn nhập vẫn còn nguyên bên dưới: "
                "hãy xem họ đã sửa gì, rồi bấm lưu lần nữa nếu vẫn muốn ghi đè."
            )
            % {"since": since_version, "version": plan.version}
        )


def _refresh_search_text(plan: Plan) -> None:
    from plans.search import plan_search_text

    # update() rather than save(): derived data, not a change worth a history row.
    Plan.objects.filter(pk=plan.pk).update(search_text=plan_search_text(plan))


def _place_of(issuer: Organization) -> str:
    name = issuer.unit.name
    for prefix in _PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _lock_draft(plan: Plan, version: int | None) -> Plan:
    """Lock the plan row and check it may still be changed.

    The row lock serialises concurrent writers; the version check then
    refuses a save made from a form read before someone else's save, so
    nothing is overwritten unseen.
    """
    locked = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    if locked.status != Plan.Status.DRAFT:
        raise ValidationError(
            _("Kế hoạch đang ở trạng thái “%(status)s” nên không sửa được; chỉ dự thảo mới sửa được.")
            % {"status": locked.get_status_display()}
        )
    if version is not None and int(version) != locked.version:
        raise StalePlanError(plan=locked, since_version=int(version))
    return locked


def _bump(plan: Plan, user, reason: str) -> None:
    plan.version += 1
    plan._change_reason = reason
    plan._history_user = user
    plan.save()


def _check_year(year: Any) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Năm phải là một số, ví dụ 2022.")}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Năm %(year)s nằm ngoài khoảng 2000–2100.") % {"year": year}})
    return year


def _clean_plan(plan: Plan) -> None:
    if not (plan.title or "").strip():
        raise ValidationError({"title": _("Hãy nhập trích yếu (tên) của kế hoạch.")})
    plan.year = _check_year(plan.year)
    plan.full_clean(exclude=["search_text", "issuer"])


def _typed(value: Any) -> Any:
    """Text as typed, stored NFC (Decree 30 asks for TCVN 6909): a browser or
    a pasted PDF may send the tone marks as separate combining characters."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


@transaction.atomic
def plan_create(*, user, issuer: Organization, year: int, title: str, cooperatives: Any = (), **fields: Any) -> Plan:
    """A new draft; the header lines default from the issuing organisation."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_create: unknown fields {sorted(unknown)}")
    parent = issuer.parent
    plan = Plan(
        issuer=issuer,
        year=year,
        title=_typed(title or ""),
        issuer_name=issuer.name.upper(),
        governing_body=parent.short_name.upper() if parent else "",
        place=_place_of(issuer),
        symbol=f"KH-{issuer.abbreviation}" if issuer.abbreviation else "KH",
        created_by=user,
    )
    for name, value in fields.items():
        if value not in (None, ""):
            setattr(plan, name, _typed(value))
    _clean_plan(plan)
    plan._history_user = user
    plan._change_reason = "Tạo kế hoạch"
    plan.save()
    plan.cooperatives.set(cooperatives)
    _refresh_search_text(plan)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, user, version: int | None, cooperatives: Any = None, **fields: Any) -> Plan:
    """Change the plan's own fields; refused on a stale version or a non-draft."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update: unknown fields {sorted(unknown)}")
    plan = _lock_draft(plan, version)
    for name, value in fields.items():
        setattr(plan, name, _typed(value))
    _clean_plan(plan)
    if cooperatives is not None:
        plan.cooperatives.set(cooperatives)
    _bump(plan, user, "Sửa thông tin chung")
    _refresh_search_text(plan)
    return plan


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
    if isinstance(part, LegalBasis) and not part.text.strip():
        raise ValidationError({"text": _("Hãy nhập nội dung căn cứ.")})
    if isinstance(part, ExtraSection) and not part.heading.strip():
        raise ValidationError({"heading": _("Hãy nhập tiêu đề của mục.")})
    if isinstance(part, (Objective, Solution)) and not (part.title.strip() or part.body.strip()):
        raise ValidationError({"title": _("Hãy nhập tiêu đề hoặc nội dung.")})
    part.full_clean(exclude=["plan", "position"])


def _set_fields(part, kind: str, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PART_FIELDS[kind])
    if unknown:
        raise TypeError(f"{kind}: unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(part, name, _typed(value))


def _part_label(part) -> str:
    return f"{part._meta.verbose_name} “{str(part)[:60]}”"


@transaction.atomic
def plan_part_add(
    *, plan: Plan, user, kind: str, version: int | None, fields: dict[str, Any], parent: Solution | None = None
):
    """Append a legal basis, objective, task, solution (or sub-solution under
    `parent`), extra section or recipient at the end of its list."""
    plan = _lock_draft(plan, version)
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
    _bump(plan, user, f"Thêm {_part_label(part)}")
    if kind == "task":
        _refresh_search_text(plan)
    return part


@transaction.atomic
def plan_part_update(*, part, user, version: int | None, fields: dict[str, Any]):
    kind = next(k for k, m in PART_MODELS.items() if isinstance(part, m))
    plan = _lock_draft(part.plan, version)
    part = type(part).objects.get(pk=part.pk)
    _set_fields(part, kind, fields)
    _clean_part(part)
    part._history_user = user
    part.save()
    _bump(plan, user, f"Sửa {_part_label(part)}")
    if kind == "task":
        _refresh_search_text(plan)
    return part


@transaction.atomic
def plan_part_delete(*, part, user, version: int | None) -> None:
    plan = _lock_draft(part.plan, version)
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
    _bump(plan, user, f"Xóa {label}")
    if isinstance(part, Task):
        _refresh_search_text(plan)


@transaction.atomic
def plan_part_move(*, part, user, version: int | None, offset: int) -> None:
    """Move an item one place up (-1) or down (+1) among its siblings; the
    siblings are renumbered 0..n-1 so that old gaps or ties disappear."""
    plan = _lock_draft(part.plan, version)
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
    _bump(plan, user, f"Đổi thứ tự {_part_label(part)}")


# --- Lifecycle ----------------------------------------------------------------


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)


@transaction.atomic
def plan_submit(*, plan: Plan, user) -> Plan:
    """Draft -> submitted. The row lock and the status check make a double
    click harmless: the second click finds the plan already submitted."""
    plan = _lock(plan)
    if plan.status == Plan.Status.SUBMITTED:
        raise ValidationError(_("Kế hoạch đã được trình, đang chờ duyệt."))
    if plan.status != Plan.Status.DRAFT:
        raise ValidationError(
            _("Kế hoạch đang ở trạng thái “%(status)s”, không trình được.") % {"status": plan.get_status_display()}
        )
    problems = []
    if not plan.title.strip():
        problems.append(_("chưa có trích yếu"))
    if not plan.tasks.exists():
        problems.append(_("chưa có nhiệm vụ nào"))
    if not plan.recipients.exists():
        problems.append(_("chưa có nơi nhận"))
    if problems:
        raise ValidationError(_("Chưa trình được: kế hoạch %(problems)s.") % {"problems": ", ".join(problems)})
    plan.status = Plan.Status.SUBMITTED
    plan.return_reason = ""
    _bump(plan, user, "Trình duyệt")
    return plan


@transaction.atomic
def plan_approve(*, plan: Plan, user) -> Plan:
    plan = _lock(plan)
    if plan.status == Plan.Status.APPROVED:
        raise ValidationError(_("Kế hoạch đã được duyệt rồi."))
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(
            _("Chỉ duyệt được kế hoạch đã trình; kế hoạch đang “%(status)s”.") % {"status": plan.get_status_display()}
        )
    plan.status = Plan.Status.APPROVED
    _bump(plan, user, "Phê duyệt")
    return plan


@transaction.atomic
def plan_return(*, plan: Plan, user, reason: str) -> Plan:
    """Submitted or approved -> back to draft, with the reason the editors read."""
    reason = _typed(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để người soạn biết cần sửa gì.")})
    plan = _lock(plan)
    if plan.status not in (Plan.Status.SUBMITTED, Plan.Status.APPROVED):
        raise ValidationError(
            _("Không trả lại được kế hoạch đang “%(status)s”.") % {"status": plan.get_status_display()}
        )
    plan.status = Plan.Status.DRAFT
    plan.return_reason = reason
    _bump(plan, user, "Trả lại để sửa")
    return plan


def _shift_date(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None or not years:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def year_mentions_move(text: str, *, source_year: int, year: int) -> str:
    """ "năm 2021" -> "năm 2022" where it names the plan's year. A date ("ngày 5
    tháng 3 năm 2021", usually a legal basis) and a period ("năm 2021-2025")
    keep their year, and so does a bare number: only "năm <year>" is the plan's."""
    import re

    if source_year == year:
        return text
    pattern = re.compile(rf"(?i:(?P<date>tháng\s+\d{{1,2}}\s+)?\bnăm\s+){source_year}\b(?!\s*[-–/]\s*\d)")

    def move(match: re.Match) -> str:
        if match.group("date"):
            return match.group()
        return match.group()[: -len(str(source_year))] + str(year)

    return pattern.sub(move, text)


def _clone(source: Plan, *, user, year: int, reason: str, **links: Any) -> Plan:
    """A new draft with the source's text and parts; no number, date or progress."""
    import re

    years = year - source.year
    title = re.sub(rf"\b{source.year}\b", str(year), source.title) if years else source.title

    def moved(text: str) -> str:
        return year_mentions_move(text, source_year=source.year, year=year)

    plan = Plan(
        issuer=source.issuer,
        year=year,
        title=title,
        preamble=moved(source.preamble),
        closing=moved(source.closing),
        symbol=f"KH-{source.issuer.abbreviation}" if source.issuer.abbreviation else source.symbol,
        created_by=user,
        **{name: getattr(source, name) for name in PLAN_FIELDS if name not in ("year", "title", "preamble", "closing")},
        **links,
    )
    plan._history_user = user
    plan._change_reason = reason
    plan.save()
    plan.cooperatives.set(source.cooperatives.all())
    for basis in source.legal_bases.all():
        LegalBasis.objects.create(plan=plan, position=basis.position, text=basis.text)
    for objective in source.objectives.all():
        Objective.objects.create(
            plan=plan, position=objective.position, title=moved(objective.title), body=moved(objective.body)
        )
    for task in source.tasks.all():
        Task.objects.create(
            plan=plan,
            position=task.position,
            title=moved(task.title),
            body=moved(task.body),
            lead_unit=task.lead_unit,
            partner_units=task.partner_units,
            cooperative_id=task.cooperative_id,
            start_on=_shift_date(task.start_on, years),
            due_on=_shift_date(task.due_on, years),
            indicator_name=task.indicator_name,
            indicator_target=task.indicator_target,
            indicator_unit=task.indicator_unit,
            weight=task.weight,
        )
    for solution in source.solutions.filter(parent=None).prefetch_related("children"):
        copy = Solution.objects.create(plan=plan, position=solution.position, title=solution.title, body=solution.body)
        for child in solution.children.all():
            Solution.objects.create(plan=plan, parent=copy, position=child.position, title=child.title, body=child.body)
    for extra in source.extra_sections.all():
        ExtraSection.objects.create(
            plan=plan, position=extra.position, heading=extra.heading, body=extra.body, after=extra.after
        )
    for recipient in source.recipients.all():
        Recipient.objects.create(
            plan=plan,
            position=recipient.position,
            organization_id=recipient.organization_id,
            label=recipient.label,
            purpose=recipient.purpose,
            is_archive=recipient.is_archive,
        )
    _refresh_search_text(plan)
    return plan


COPY_DOUBLE_CLICK_SECONDS = 30


@transaction.atomic
def plan_copy(*, plan: Plan, user) -> Plan:
    """ "Sao chép sang năm sau": a new draft for the next year, task dates moved
    on a year, progress left behind, the source recorded."""
    year = plan.year + 1
    if year > 2100:
        raise ValidationError(_("Không sao chép được sang năm %(year)s.") % {"year": year})
    # A double click must not make two drafts: the source row is locked so a
    # second request waits for the first, then finds the copy it just made.
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    just_made = (
        Plan.objects.filter(
            copied_from=plan,
            created_by=user,
            version=1,
            created_at__gte=timezone.now() - datetime.timedelta(seconds=COPY_DOUBLE_CLICK_SECONDS),
        )
        .order_by("-pk")
        .first()
    )
    if just_made is not None:
        return just_made
    return _clone(plan, user=user, year=year, reason=f"Sao chép từ kế hoạch năm {plan.year}", copied_from=plan)


@transaction.atomic
def plan_amend(*, plan: Plan, user) -> Plan:
    """An issued plan is never changed: it is amended by a new draft that
    supersedes it once issued. One amendment at a time."""
    plan = _lock(plan)
    if plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Chỉ kế hoạch đã ban hành mới cần sửa đổi; dự thảo thì sửa trực tiếp."))
    existing = Plan.objects.filter(supersedes=plan).first()
    if existing is not None:
        raise ValidationError(
            _("Kế hoạch này đã có bản sửa đổi (“%(title)s”, %(status)s).")
            % {"title": existing.title, "status": existing.get_status_display().lower()}
        )
    return _clone(plan, user=user, year=plan.year, reason=f"Sửa đổi kế hoạch số {plan.number_label}", supersedes=plan)


# --- Review remarks -----------------------------------------------------------


@transaction.atomic
def remark_add(*, plan: Plan, user, body: str):
    from plans.models import Remark

    body = _typed(body or "")
    if not body:
        raise ValidationError({"body": _("Hãy nhập nội dung góp ý.")})
    plan = _lock(plan)
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(_("Chỉ góp ý được khi kế hoạch đang chờ duyệt."))
    remark = Remark(plan=plan, author=user, body=body)
    remark.full_clean()
    remark.save()
    return remark


@transaction.atomic
def remark_resolve(*, remark, user):
    from django.utils import timezone

    from plans.models import Remark

    remark = Remark.objects.select_for_update().get(pk=remark.pk)
    if remark.resolved_at is None:
        remark.resolved_by = user
        remark.resolved_at = timezone.now()
        remark.save(update_fields=["resolved_by", "resolved_at"])
    return remark


# --- Progress -------------------------------------------------------------------

# Evidence is a photo from the field or a scanned paper. The type is read from
# the first bytes of the content, never from the name or the browser's claim,
# so an executable renamed ".jpg" is refused; the stored name gets the
# extension of the detected type.
EVIDENCE_TYPES = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/gif": "gif",
    "image/heic": "heic",
    "application/pdf": "pdf",
}
EVIDENCE_TYPES_LABEL = gettext_lazy("ảnh (JPEG, PNG, WebP, GIF, HEIC) hoặc PDF")


def evidence_limits() -> tuple[int, int]:
    """(largest file in bytes, files per update) from the settings."""
    return settings.PROGRESS_MAX_FILE_MB * 1024 * 1024, settings.PROGRESS_MAX_FILES


def evidence_check(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each file with its content type detected from its content, or a
    ValidationError listing every refused file."""
    max_bytes, max_files = evidence_limits()
    if len(files) > max_files:
        raise ValidationError(
            _("Mỗi lần cập nhật được gửi tối đa %(max)s tệp minh chứng (đã chọn %(count)s tệp).")
            % {"max": max_files, "count": len(files)}
        )
    checked, errors = [], []
    for upload in files:
        name = upload.name or _("tệp")
        if upload.size > max_bytes:
            errors.append(
                _("Tệp “%(name)s” nặng %(size)s MB, vượt quá giới hạn %(limit)s MB mỗi tệp.")
                % {"name": name, "size": _mb(upload.size), "limit": settings.PROGRESS_MAX_FILE_MB}
            )
            continue
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        kind = filetype.guess(head) if head else None
        if kind is None or kind.mime not in EVIDENCE_TYPES:
            errors.append(
                _("Tệp “%(name)s” không phải %(types)s: nội dung tệp không khớp với loại được phép, dù tên tệp là gì.")
                % {"name": name, "types": EVIDENCE_TYPES_LABEL}
            )
            continue
        checked.append((upload, kind.mime))
    if errors:
        raise ValidationError(errors)
    return checked


def _mb(size: int) -> str:
    """12.34 MB written the Vietnamese way: '12,3'."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _store_evidence(update: ProgressUpdate, upload: UploadedFile, content_type: str) -> Evidence:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        update=update,
        original_name=(upload.name or "")[:255],
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
    )
    # A random name under MEDIA_ROOT: nothing a user typed reaches the path.
    evidence.file.save(f"{uuid.uuid4().hex}.{EVIDENCE_TYPES[content_type]}", upload, save=False)
    evidence.full_clean()
    evidence.save()
    return evidence


def progress_log(
    *,
    task: Task,
    user,
    reported_on: datetime.date,
    percent: int,
    status: str,
    work_done: str,
    indicator_value: Decimal | None = None,
    files: Sequence[UploadedFile] = (),
    submission_token: uuid.UUID | None = None,
    today: datetime.date | None = None,
) -> ProgressUpdate:
    """Record one progress update of a task with its evidence files.

    A form carries a one-time submission token: a second submit of the same
    form (a double tap, a resend after a timeout) returns the update already
    stored instead of storing it twice. The unique token column settles two
    submits racing each other.
    """
    from plans import access

    if submission_token is not None:
        existing = ProgressUpdate.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            if existing.task_id != task.pk:
                raise ValidationError(_("Mã gửi biểu mẫu không hợp lệ, vui lòng tải lại trang."))
            return existing
    if not task.plan.is_issued:
        raise ValidationError(_("Chỉ cập nhật tiến độ cho kế hoạch đã ban hành."))
    if not access.can_log_progress(user, task):
        raise ValidationError(_("Bạn không được cập nhật tiến độ nhiệm vụ này."))

    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if reported_on > today:
        errors.setdefault("reported_on", []).append(
            _("Ngày báo cáo %(date)s ở tương lai; chọn ngày hôm nay hoặc trước đó.")
            % {"date": f"{reported_on:%d/%m/%Y}"}
        )
    if not 0 <= percent <= 100:
        errors.setdefault("percent", []).append(_("Tỷ lệ hoàn thành phải từ 0 đến 100%."))
    elif status == ProgressUpdate.Status.DONE and percent != 100:
        errors.setdefault("percent", []).append(
            _("Trạng thái “Hoàn thành” nghĩa là 100%; hãy nhập 100 hoặc đổi trạng thái.")
        )
    if status not in ProgressUpdate.Status.values:
        errors.setdefault("status", []).append(_("Tình trạng không hợp lệ."))
    work_done = unicodedata.normalize("NFC", work_done or "").strip()
    if not work_done:
        errors.setdefault("work_done", []).append(_("Hãy ghi những việc đã làm."))
    if indicator_value is not None:
        if not task.indicator_name:
            errors.setdefault("indicator_value", []).append(_("Nhiệm vụ này không có chỉ tiêu."))
        elif indicator_value < 0:
            errors.setdefault("indicator_value", []).append(_("Giá trị chỉ tiêu không được âm."))
    try:
        checked = evidence_check(list(files))
    except ValidationError as e:
        errors.setdefault("files", []).extend(e.messages)
    if errors:
        raise ValidationError(errors)

    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            update = ProgressUpdate(
                task=task,
                reported_on=reported_on,
                percent=percent,
                status=status,
                work_done=work_done,
                indicator_value=indicator_value if task.indicator_name else None,
                author=user,
                submission_token=submission_token,
            )
            update.full_clean(validate_unique=False)
            update.save()
            for upload, content_type in checked:
                stored.append(_store_evidence(update, upload, content_type))
    except IntegrityError:
        _discard(stored)
        existing = ProgressUpdate.objects.filter(submission_token=submission_token).first()
        if submission_token is None or existing is None:
            raise
        return existing
    except BaseException:
        _discard(stored)
        raise
    return update


def _discard(evidence: list[Evidence]) -> None:
    """Remove the files of a rolled-back update: rows vanish with the
    transaction, files on disk do not."""
    for item in evidence:
        item.file.delete(save=False)


# --- Progress reminders ---------------------------------------------------------

REMINDER_DAYS_AHEAD = 7


def _active_plans(today: datetime.date):
    """Issued plans still being carried out: of this year or the last (a
    year's plan is reported on into the next), and not replaced by an issued
    amendment."""
    return (
        Plan.objects.filter(status=Plan.Status.ISSUED, year__gte=today.year - 1, year__lte=today.year)
        .exclude(superseded_by__status=Plan.Status.ISSUED)
        .select_related("issuer")
    )


def progress_reminders_send(*, today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """E-mail cooperative staff their tasks due within 7 days or late, and the
    issuers' editors and approvers a weekly digest, in Vietnamese.

    Safe to run from cron as often as wanted: each (user, kind, day) is
    recorded in SentReminder under a unique constraint, in the same
    transaction as the sending, so a rerun the same day sends nothing and a
    failed send is retried on the next run. The digest goes out on the first
    run of each week (Monday, or the first day cron ran after it).
    """
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from cooperatives.models import Membership
    from plans import progress
    from plans.models import SentReminder

    today = today or timezone.localdate()
    plans = list(_active_plans(today))
    by_plan = progress.plans_progress(plans, as_of=today, today=today)
    sent = {"tasks_due": 0, "weekly_digest": 0, "skipped_no_email": 0}

    # Reporters: their open tasks due within the week or already late.
    horizon = today + datetime.timedelta(days=REMINDER_DAYS_AHEAD)
    due_by_org: dict[int, list] = {}
    for item in by_plan.values():
        for tp in item.tasks:
            task = tp.task
            if task.cooperative_id and task.due_on and task.due_on <= horizon and not tp.is_done:
                due_by_org.setdefault(task.cooperative.organization_id, []).append(tp)
    reporters: dict[int, list] = {}
    members = Membership.objects.filter(
        role=Membership.Role.REPORTER, organization__in=due_by_org, user__is_active=True
    )
    for membership in members.select_related("user"):
        reporters.setdefault(membership.user_id, [membership.user, []])[1].extend(
            due_by_org[membership.organization_id]
        )

    # Officials: the editors and approvers of each issuer, one digest of all their plans.
    plans_by_issuer: dict[int, list[Plan]] = {}
    for plan in plans:
        plans_by_issuer.setdefault(plan.issuer_id, []).append(plan)
    officials: dict[int, list] = {}
    members = Membership.objects.filter(
        role__in=[Membership.Role.EDITOR, Membership.Role.APPROVER],
        organization__in=plans_by_issuer,
        user__is_active=True,
    )
    for membership in members.select_related("user"):
        entry = officials.setdefault(membership.user_id, [membership.user, []])
        entry[1].extend(p for p in plans_by_issuer[membership.organization_id] if p not in entry[1])
    week_start = today - datetime.timedelta(days=today.weekday())
    had_digest = set(
        SentReminder.objects.filter(
            kind=SentReminder.Kind.WEEKLY_DIGEST, sent_on__gte=week_start, sent_on__lte=today
        ).values_list("user_id", flat=True)
    )
    recent = {}
    if officials:
        week_ago = today - datetime.timedelta(days=7)
        for update in ProgressUpdate.objects.filter(
            task__plan__in=plans, reported_on__gt=week_ago, reported_on__lte=today
        ).select_related("task", "author"):
            recent.setdefault(update.task.plan_id, []).append(update)

    def deliver(user, kind: str, count: int, subject: str, template: str, ctx: dict) -> None:
        if not user.email:
            sent["skipped_no_email"] += 1
            return
        with translation.override("vi"):
            body = render_to_string(template, {**ctx, "user": user, "site_url": settings.SITE_URL, "today": today})
        if dry_run:
            sent[kind] += 1
            return
        with transaction.atomic():
            _, created = SentReminder.objects.get_or_create(
                user=user, kind=kind, sent_on=today, defaults={"task_count": count}
            )
            if not created:
                return
            # Sent inside the transaction: if the mail server refuses, the
            # record is rolled back and the next run tries again.
            send_mail(subject, body, None, [user.email])
        sent[kind] += 1

    for user, items in reporters.values():
        items.sort(key=lambda tp: (tp.task.due_on, tp.task.plan_id, tp.task.position))
        late = [tp for tp in items if tp.is_late]
        soon = [tp for tp in items if not tp.is_late]
        subject = f"[HTX Plan] {len(late)} nhiệm vụ trễ hạn, {len(soon)} nhiệm vụ sắp đến hạn"
        if not late:
            subject = f"[HTX Plan] {len(soon)} nhiệm vụ sắp đến hạn trong {REMINDER_DAYS_AHEAD} ngày"
        ctx = {"late": late, "soon": soon, "days": REMINDER_DAYS_AHEAD}
        deliver(user, SentReminder.Kind.TASKS_DUE, len(items), subject, "plans/email/tasks_due.txt", ctx)

    for user_id, (user, user_plans) in officials.items():
        if user_id in had_digest:
            continue
        rows = [(p, by_plan[p.pk], recent.get(p.pk, [])) for p in user_plans]
        late_count = sum(len(pp.late) for _, pp, _ in rows)
        subject = f"[HTX Plan] Tổng hợp tiến độ tuần {today:%d/%m/%Y}: {late_count} nhiệm vụ trễ hạn"
        deliver(
            user,
            SentReminder.Kind.WEEKLY_DIGEST,
            sum(len(pp.tasks) for _, pp, _ in rows),
            subject,
            "plans/email/weekly_digest.txt",
            {"rows": rows, "week_start": week_start},
        )
    return sent


# --- Distribution -----------------------------------------------------------------


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
