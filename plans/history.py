"""A plan's change history told in words a commune official understands.

django-simple-history keeps one row per save of the plan and of each part.
Here those rows become events ("Nguyễn Văn A, 14:02 05/01/2022: sửa nhiệm
vụ “Phun thuốc”: Hạn hoàn thành: 30/06/2022 → 31/07/2022"), read with one
query per model whatever the number of changes, and each event carries the
plan version it produced so that two versions can be compared.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from cooperatives.models import Cooperative, Organization
from plans.models import Appendix, ExtraSection, LegalBasis, Objective, Plan, Recipient, Solution, Task

PART_MODELS = (LegalBasis, Objective, Task, Solution, ExtraSection, Recipient, Appendix)
# Bookkeeping, not content: never shown as a change.
IGNORED = {"id", "plan", "version", "created_at", "updated_at", "created_by", "search_text", "position"}
LONG_TEXT = 240
# The workflow's change reasons are stored in Vietnamese; shown in the reader's language.
REASONS = {
    "Tạo kế hoạch": pgettext_lazy("lịch sử", "tạo kế hoạch"),
    "Sửa thông tin chung": pgettext_lazy("lịch sử", "sửa thông tin chung"),
    "Trình duyệt": pgettext_lazy("lịch sử", "trình duyệt"),
    "Phê duyệt": pgettext_lazy("lịch sử", "phê duyệt"),
    "Trả lại để sửa": pgettext_lazy("lịch sử", "trả lại để sửa"),
    "Ban hành": pgettext_lazy("lịch sử", "ban hành"),
    "Gắn nơi nhận với cơ quan": pgettext_lazy("lịch sử", "gắn nơi nhận với cơ quan"),
}
# Reasons that carry a value (services.plan_copy, services.plan_amend).
REASON_PATTERNS = [
    (
        re.compile(r"Sao chép từ kế hoạch năm (?P<year>\d+)"),
        pgettext_lazy("lịch sử", "sao chép từ kế hoạch năm %(year)s"),
    ),
    (re.compile(r"Sửa đổi kế hoạch số (?P<number>.+)"), pgettext_lazy("lịch sử", "sửa đổi kế hoạch số %(number)s")),
]


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Event:
    when: datetime.datetime
    who: str
    action: str
    subject: str = ""
    changes: list[Change] = field(default_factory=list)
    version: int | None = None


def _show(value: Any, names: dict[int, str] | None = None, choices: dict | None = None) -> str:
    if value is None or value == "":
        return _("(trống)")
    if names is not None:
        return names.get(value, f"#{value}")
    if choices is not None:
        return str(choices.get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return f"{value:%H:%M %d/%m/%Y}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    text = " ".join(str(value).split())
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def _reason(text: str) -> str:
    if text in REASONS:
        return str(REASONS[text])
    for pattern, words in REASON_PATTERNS:
        if match := pattern.fullmatch(text):
            return words % match.groupdict()
    return text.lower()


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return _("Hệ thống")
    return user.get_full_name() or user.username


class _Differ:
    """Field-by-field comparison of two history rows of one model."""

    def __init__(self, model, names: dict[str, dict[int, str]]):
        self.fields = [f for f in model._meta.concrete_fields if f.name not in IGNORED]
        self.names = names

    def diff(self, old, new) -> list[Change]:
        changes = []
        for f in self.fields:
            before, after = getattr(old, f.attname), getattr(new, f.attname)
            if before == after:
                continue
            names = self.names.get(f.name) if f.is_relation else None
            choices = dict(f.choices) if f.choices else None
            changes.append(
                Change(str(f.verbose_name).capitalize(), _show(before, names, choices), _show(after, names, choices))
            )
        return changes


def _subject(model, record) -> str:
    text = {
        LegalBasis: lambda r: r.text,
        Objective: lambda r: r.title or r.body,
        Task: lambda r: r.title,
        Solution: lambda r: r.title or r.body,
        ExtraSection: lambda r: r.heading,
        Recipient: lambda r: r.label,
        Appendix: lambda r: r.title,
    }[model](record)
    text = " ".join((text or "").split())
    noun = str(model._meta.verbose_name)
    if model is Solution and record.parent_id:
        noun = _("ý con của giải pháp")
    return f"{noun} “{text[:80]}{'…' if len(text) > 80 else ''}”"


def plan_events(plan: Plan) -> list[Event]:
    """Every recorded change to the plan and its parts, oldest first."""
    plan_rows = list(plan.history.select_related("history_user").order_by("history_date", "history_id"))
    times = [r.history_date for r in plan_rows]
    versions = [r.version for r in plan_rows]

    def version_at(when: datetime.datetime) -> int | None:
        # A part is saved just before the plan row whose version it bumps.
        if not versions:
            return None
        i = bisect.bisect_left(times, when)
        return versions[min(i, len(versions) - 1)]

    part_rows = {
        model: list(model.history.filter(plan_id=plan.pk).select_related("history_user").order_by("id", "history_date"))
        for model in PART_MODELS
    }
    # Names only for the cooperatives and organisations the rows mention.
    coop_ids = {r.cooperative_id for r in part_rows[Task] if r.cooperative_id}
    org_ids = {r.organization_id for r in part_rows[Recipient] if r.organization_id} | {r.issuer_id for r in plan_rows}
    coops = Cooperative.objects.filter(pk__in=coop_ids).select_related("organization")
    coop_names = {c.pk: c.organization.short_name for c in coops}
    org_names = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "short_name"))
    lookups = {"cooperative": coop_names, "organization": org_names, "issuer": org_names}
    events: list[Event] = []

    differ = _Differ(Plan, lookups)
    previous = None
    for row in plan_rows:
        if previous is None:
            action = _reason(row.history_change_reason or "Tạo kế hoạch")
            events.append(Event(row.history_date, _who(row), action, version=row.version))
        else:
            changes = differ.diff(previous, row)
            if changes:
                action = _reason(row.history_change_reason or "Sửa thông tin chung")
                events.append(Event(row.history_date, _who(row), action, "", changes, row.version))
        previous = row

    for model, rows in part_rows.items():
        part_differ = _Differ(model, lookups)
        last: dict[int, Any] = {}
        for row in rows:
            before = last.get(row.id)
            subject = _subject(model, row)
            when, who, version = row.history_date, _who(row), version_at(row.history_date)
            if row.history_type == "+":
                events.append(Event(when, who, pgettext("lịch sử", "thêm"), subject, version=version))
            elif row.history_type == "-":
                events.append(Event(when, who, pgettext("lịch sử", "xóa"), subject, version=version))
            elif before is not None:
                changes = part_differ.diff(before, row)
                if changes:
                    events.append(Event(when, who, pgettext("lịch sử", "sửa"), subject, changes, version))
                elif before.position != row.position:
                    events.append(Event(when, who, pgettext("lịch sử", "đổi thứ tự"), subject, version=version))
            last[row.id] = row
    events.sort(key=lambda e: e.when)
    return events


def events_between(events: list[Event], after_version: int, up_to_version: int | None = None) -> list[Event]:
    return [
        e
        for e in events
        if e.version is not None and e.version > after_version and (up_to_version is None or e.version <= up_to_version)
    ]


def plan_field_changes(plan: Plan, from_version: int, to_version: int) -> list[Change]:
    """The plan's own fields as they stood at two versions, compared."""
    rows = {r.version: r for r in plan.history.filter(version__in=[from_version, to_version]).order_by("history_date")}
    if from_version not in rows or to_version not in rows:
        return []
    org_names = dict(Organization.objects.values_list("pk", "short_name"))
    return _Differ(Plan, {"issuer": org_names}).diff(rows[from_version], rows[to_version])
