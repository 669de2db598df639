"""Writes that touch more than one row, workflow steps and number allocation."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cooperatives.models import Cooperative, Organization
from plans.interchange import FORMAT
from plans.models import (
    ExtraSection,
    LegalBasis,
    NumberRegister,
    Objective,
    Plan,
    Recipient,
    Solution,
    Task,
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
        raise ValidationError(f"{where}: phải là một đoạn văn bản.")
    return unicodedata.normalize("NFC", value).strip()


def _date(value: Any, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(f"{where}: ngày “{value}” không hợp lệ (cần dạng NNNN-TT-NN).") from None


def _items(section: Any, where: str) -> tuple[str | None, list[dict]]:
    if section is None:
        return None, []
    if not isinstance(section, dict):
        raise ValidationError(f"{where}: cần một đối tượng có “heading” và “items”.")
    items = section.get("items") or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValidationError(f"{where}: “items” phải là một danh sách.")
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
        raise ValidationError(f"Tệp không đúng định dạng kế hoạch “{FORMAT}”.")
    title = _text(data.get("title"), "Trích yếu")
    if not title:
        raise ValidationError("Kế hoạch chưa có trích yếu (tiêu đề).")
    header = data.get("issuer") or {}
    if not isinstance(header, dict):
        raise ValidationError("Phần “issuer” phải là một đối tượng.")
    date = _date(data.get("date"), "Ngày ban hành")
    if year is None:
        year = data.get("year") or (date.year if date else None) or datetime.date.today().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(f"Năm “{year}” không hợp lệ.") from None
    if not 2000 <= year <= 2100:
        raise ValidationError(f"Năm {year} nằm ngoài khoảng 2000–2100.")

    signer = data.get("signer") or {}
    funding = data.get("funding") or {}
    plan = Plan(
        issuer=issuer,
        year=year,
        title=title,
        issuer_name=_text(header.get("name"), "Tên cơ quan") or issuer.name.upper(),
        governing_body=_text(header.get("parent"), "Cơ quan chủ quản"),
        symbol=_text(data.get("symbol"), "Ký hiệu") or f"KH-{issuer.abbreviation}",
        place=_text(data.get("place"), "Địa danh") or issuer.unit.name,
        preamble=_text(data.get("preamble"), "Lời mở đầu"),
        funding_body=_text(funding.get("body"), "Kinh phí"),
        closing=_text(data.get("closing"), "Câu kết"),
        signer_authority=_text(signer.get("authority"), "Thẩm quyền ký"),
        signer_title=_text(signer.get("title"), "Chức vụ người ký"),
        signer_name=_text(signer.get("name"), "Người ký"),
        created_by=user,
    )
    if funding.get("heading"):
        plan.funding_heading = _text(funding["heading"], "Tiêu đề kinh phí")
    objectives_heading, objectives = _items(data.get("objectives"), "Mục tiêu")
    tasks_heading, tasks = _items(data.get("tasks"), "Nhiệm vụ")
    solutions_heading, solutions = _items(data.get("solutions"), "Giải pháp")
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
        LegalBasis.objects.create(plan=plan, position=i, text=_text(text, f"Căn cứ {i + 1}"))
    for i, item in enumerate(objectives):
        Objective.objects.create(
            plan=plan, position=i, title=_text(item.get("title"), "Mục tiêu"), body=_text(item.get("body"), "Mục tiêu")
        )
    for i, item in enumerate(tasks):
        where = f"Nhiệm vụ {i + 1}"
        indicator = item.get("indicator") or {}
        target = indicator.get("target") if isinstance(indicator, dict) else None
        try:
            target = Decimal(str(target)) if target not in (None, "") else None
        except InvalidOperation:
            raise ValidationError(f"{where}: giá trị chỉ tiêu “{target}” không phải là số.") from None
        partners = item.get("partners") or []
        task = Task(
            plan=plan,
            position=i,
            title=_text(item.get("title"), where),
            body=_text(item.get("body"), where),
            lead_unit=_text(item.get("lead"), where),
            partner_units="\n".join(_text(p, where) for p in partners),
            cooperative=_cooperative_named(item.get("cooperative")),
            start_on=_date(item.get("start"), f"{where}, ngày bắt đầu"),
            due_on=_date(item.get("due"), f"{where}, hạn hoàn thành"),
            indicator_name=_text(indicator.get("name"), where) if isinstance(indicator, dict) else "",
            indicator_target=target,
            indicator_unit=_text(indicator.get("unit"), where) if isinstance(indicator, dict) else "",
            weight=item.get("weight") or 1,
        )
        if not task.title:
            raise ValidationError(f"{where}: chưa có tên nhiệm vụ.")
        task.full_clean()
        task.save()
    for i, item in enumerate(solutions):
        parent = Solution.objects.create(
            plan=plan,
            position=i,
            title=_text(item.get("title"), f"Giải pháp {i + 1}"),
            body=_text(item.get("body"), f"Giải pháp {i + 1}"),
        )
        for j, child in enumerate(item.get("children") or []):
            Solution.objects.create(
                plan=plan,
                parent=parent,
                position=j,
                title=_text(child.get("title"), f"Giải pháp {i + 1}"),
                body=_text(child.get("body"), f"Giải pháp {i + 1}"),
            )
    for i, item in enumerate(data.get("extra_sections") or []):
        ExtraSection.objects.create(
            plan=plan,
            position=i,
            heading=_text(item.get("heading"), "Mục khác"),
            body=_text(item.get("body"), "Mục khác"),
        )
    for i, item in enumerate(data.get("recipients") or []):
        label = _text(item.get("label"), f"Nơi nhận {i + 1}")
        if not label:
            raise ValidationError(f"Nơi nhận {i + 1}: chưa có tên.")
        Recipient.objects.create(
            plan=plan,
            position=i,
            label=label,
            organization=_organization_named(item.get("organization")),
            purpose=_text(item.get("purpose"), f"Nơi nhận {i + 1}"),
            is_archive=bool(item.get("archive")),
        )
    return plan


@transaction.atomic
def plan_issue(*, plan: Plan, user, issued_on: datetime.date | None = None) -> Plan:
    """Approved -> issued: the next number of the issuer's register and the date.

    The plan row is locked first so that two clicks on "Ban hành" cannot both
    allocate a number.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.APPROVED:
        raise ValidationError("Chỉ kế hoạch đã được duyệt mới có thể ban hành.")
    issued_on = issued_on or datetime.date.today()
    if issued_on.year != plan.year and issued_on.year != plan.year - 1:
        raise ValidationError(
            f"Ngày ban hành {issued_on:%d/%m/%Y} không thuộc năm của kế hoạch ({plan.year}) hoặc năm trước đó."
        )
    # Decree 30: numbers restart on 1 January, so the register is the one of
    # the year the document is issued in, not the year the plan is for.
    plan.number = number_allocate(issuer=plan.issuer, year=issued_on.year)
    plan.symbol = plan.symbol or f"KH-{plan.issuer.abbreviation}"
    plan.issued_on = issued_on
    plan.status = Plan.Status.ISSUED
    plan.version += 1
    plan._change_reason = "Ban hành"
    plan.save()
    return plan
