"""Interchange data read back into a draft plan's rows, all or nothing."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cooperatives.addressing import addressable_organizations
from cooperatives.models import Cooperative, Organization
from plans.interchange import FORMAT
from plans.models import (
    Appendix,
    ExtraSection,
    LegalBasis,
    Objective,
    Plan,
    Recipient,
    Solution,
    Task,
    table_text,
    validate_document_text,
)
from plans.search import search_text_refresh


def _check_format(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(_("Tệp không đúng định dạng kế hoạch “%(format)s”.") % {"format": FORMAT})


def import_year(data: Any, year: int | None = None) -> int:
    """The year a plan read from `data` is for: `year` if given, else the
    file's year, else its date's, else this year; checked."""
    _check_format(data)
    return _year(data, _date(data.get("date"), _("Ngày ban hành")), year)


@transaction.atomic
def plan_import(
    *, data: dict[str, Any], issuer: Organization, user=None, year: int | None = None, additional_reason: str = ""
) -> Plan:
    """Create a draft plan from interchange data; all or nothing. The rule of
    one live plan a year is the service's (plans/services/authoring.py),
    which calls this with the reason of an additional plan.

    The number and date of an issued source are not taken over: a number
    comes only from the issuer's own register at issue.
    """
    _check_format(data)
    plan, sections = _plan_header(data, issuer=issuer, user=user, year=year)
    plan.additional_reason = additional_reason
    plan.full_clean()
    plan.save()
    objectives, tasks, solutions = sections
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
        _task_create(plan, i, item)
    for i, item in enumerate(solutions):
        _solution_create(plan, i, item)
    for i, item in enumerate(data.get("extra_sections") or []):
        ExtraSection.objects.create(
            plan=plan,
            position=i,
            heading=_text(item.get("heading"), _("Mục khác")),
            body=_text(item.get("body"), _("Mục khác")),
            after=_extra_after(item.get("after"), i),
        )
    for i, item in enumerate(data.get("recipients") or []):
        _recipient_create(plan, i, item)
    for i, item in enumerate(_list(data.get("appendices"), _("Phụ lục"))):
        _appendix_create(plan, i, item)
    search_text_refresh(plan)
    return plan


def _year(data: dict[str, Any], date: datetime.date | None, year: int | None) -> int:
    if year is None:
        year = data.get("year") or (date.year if date else None) or datetime.date.today().year
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(_("Năm “%(year)s” không hợp lệ.") % {"year": year}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Năm %(year)s nằm ngoài khoảng 2000–2100.") % {"year": year})
    return year


def _plan_header(data: dict[str, Any], *, issuer: Organization, user, year: int | None):
    """The unsaved plan row, and the item lists of its three standard sections."""
    title = _text(data.get("title"), _("Trích yếu"))
    if not title:
        raise ValidationError(_("Kế hoạch chưa có trích yếu (tiêu đề)."))
    header = data.get("issuer") or {}
    if not isinstance(header, dict):
        raise ValidationError(_("Phần “issuer” phải là một đối tượng."))
    year = _year(data, _date(data.get("date"), _("Ngày ban hành")), year)
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
    listing = data.get("task_appendix") or {}
    if not isinstance(listing, dict) or listing.get("listing", "body") not in Plan.TaskListing.values:
        raise ValidationError(
            _("“task_appendix” phải có “listing” là một trong: %(choices)s.")
            % {"choices": ", ".join(Plan.TaskListing.values)}
        )
    plan.task_listing = listing.get("listing", "body")
    if listing.get("title"):
        plan.task_appendix_title = _text(listing["title"], _("Tên phụ lục nhiệm vụ"))
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
    return plan, (objectives, tasks, solutions)


def _task_create(plan: Plan, i: int, item: dict[str, Any]) -> Task:
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
    extra = item.get("extra") or {}
    if not isinstance(extra, dict):
        raise ValidationError(_("%(where)s: “extra” phải là một đối tượng {tên cột: nội dung}.") % {"where": where})
    task = Task(
        plan=plan,
        position=i,
        group=_text(item.get("group"), where),
        period_text=_text(item.get("period"), where),
        product=_text(item.get("product"), where),
        note=_text(item.get("note"), where),
        extra_columns={_text(str(k), where): _text(str(v), where) for k, v in extra.items()},
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
    return task


def _solution_create(plan: Plan, i: int, item: dict[str, Any]) -> Solution:
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
    return parent


def _appendix_create(plan: Plan, i: int, item: Any) -> Appendix:
    where = _("Phụ lục %(n)s") % {"n": i + 1}
    if not isinstance(item, dict):
        raise ValidationError(_("%(where)s: cần một đối tượng.") % {"where": where})
    columns = [_text(str(c), where) for c in _list(item.get("columns"), where)]
    rows = [[_text(str(c), where) for c in _list(row, where)] for row in _list(item.get("rows"), where)]
    appendix = Appendix(
        plan=plan,
        position=i,
        title=_text(item.get("title"), where) or where,
        body=_text(item.get("body"), where),
        table=table_text(columns, rows),
        note=_text(item.get("note"), where),
    )
    try:
        appendix.full_clean(exclude=["plan"])
    except ValidationError as error:
        raise ValidationError(f"{where}: {' '.join(error.messages)}") from None
    appendix.save()
    return appendix


def _list(value: Any, where: str) -> list:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise ValidationError(_("%(where)s: phải là một danh sách.") % {"where": where})
    return value


def _recipient_create(plan: Plan, i: int, item: dict[str, Any]) -> Recipient:
    where = _("Nơi nhận %(n)s") % {"n": i + 1}
    label = _text(item.get("label"), where)
    if not label:
        raise ValidationError(_("%(where)s: chưa có tên.") % {"where": where})
    return Recipient.objects.create(
        plan=plan,
        position=i,
        label=label,
        organization=_organization_named(plan.issuer, item.get("organization")),
        purpose=_text(item.get("purpose"), where),
        is_archive=bool(item.get("archive")),
    )


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


def _organization_named(issuer: Organization, name: str | None) -> Organization | None:
    """The organisation of that name among those the issuer may address
    (cooperatives/addressing.py); another one stays a line of text."""
    if not name:
        return None
    return addressable_organizations(issuer).filter(Q(short_name__iexact=name) | Q(name__iexact=name)).first()
