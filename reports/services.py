"""The progress-report workflow."""

from __future__ import annotations

import datetime
import logging
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.progress import plan_progress
from plans.services import number_allocate
from reports.models import ProgressReport

logger = logging.getLogger(__name__)


def _figure(value: Decimal | None) -> str:
    """12.50 -> "12,5", as numbers are written in Vietnamese."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def report_results_compile(*, plan: Plan, as_of: datetime.date) -> str:
    """Section I from the latest update of each task on or before `as_of`:
    an overview, then per task its status, percent, what was done and the
    indicator against its target. Plain text with the outline's marks, so
    the official can edit it like any other section."""
    # Official text: the status names stay Vietnamese whatever the interface language.
    with translation.override("vi"):
        return _results_text(plan=plan, as_of=as_of)


def _results_text(*, plan: Plan, as_of: datetime.date) -> str:
    progress = plan_progress(plan, as_of=as_of)
    counts = ", ".join(f"{count} {label.lower()}" for _value, label, count in progress.count_rows if count)
    lines = [
        f"Tính đến ngày {as_of:%d/%m/%Y}, kế hoạch có {len(progress.tasks)} nhiệm vụ"
        + (f" ({counts})" if counts else "")
        + f"; tiến độ chung đạt {progress.percent:.0f}%."
    ]
    if progress.late:
        lines.append(f"Có {len(progress.late)} nhiệm vụ quá hạn chưa hoàn thành.")
    for i, tp in enumerate(progress.tasks, 1):
        task, latest = tp.task, tp.latest
        lines += ["", f"{i}. {' '.join(task.title.split())}"]
        # "hoàn thành, hoàn thành 100%" reads badly: a done task needs no percent.
        if tp.is_done:
            status = "- Tình trạng: đã hoàn thành"
        else:
            status = f"- Tình trạng: {tp.status_label.lower()}, đạt {tp.percent}%"
        if latest:
            status += f" (cập nhật ngày {latest.reported_on:%d/%m/%Y})"
        if tp.is_late:
            status += f"; quá hạn từ ngày {task.due_on:%d/%m/%Y}"
        lines.append(status + ".")
        if latest and latest.work_done.strip():
            lines.append(f"- Kết quả: {' '.join(latest.work_done.split())}")
        elif not latest:
            lines.append("- Chưa có báo cáo tiến độ.")
        if task.indicator_name:
            value = latest.indicator_value if latest else None
            reached = _figure(value) if value is not None else "chưa có số liệu"
            target = _figure(task.indicator_target)
            unit = f" {task.indicator_unit}" if task.indicator_unit else ""
            share = ""
            if value is not None and task.indicator_target:
                share = f" ({value / task.indicator_target * 100:.0f}% chỉ tiêu)"
            lines.append(f"- Chỉ tiêu {task.indicator_name}: đạt {reached}/{target}{unit}{share}.")
    return "\n".join(lines)


def _report_subject(plan: Plan) -> str:
    title = " ".join(plan.title.split())
    about = title[:1].lower() + title[1:]
    if plan.number is None or plan.issued_on is None:
        return f"Kết quả thực hiện Kế hoạch {about}"
    return f"Kết quả thực hiện Kế hoạch số {plan.number_label} ngày {plan.issued_on:%d/%m/%Y} về {about}"


REPORT_DOUBLE_CLICK_SECONDS = 30


@transaction.atomic
def report_create(*, plan: Plan, as_of: datetime.date, user) -> ProgressReport:
    """A draft report of an issued plan, section I compiled from the updates."""
    if not plan.is_issued:
        raise ValidationError(_("Chỉ lập báo cáo cho kế hoạch đã ban hành."))
    if plan.issued_on and as_of < plan.issued_on:
        raise ValidationError(
            {
                "as_of": _("Ngày số liệu phải từ ngày ban hành kế hoạch (%(date)s) trở đi.")
                % {"date": f"{plan.issued_on:%d/%m/%Y}"}
            }
        )
    if as_of > timezone.localdate():
        raise ValidationError({"as_of": _("Ngày số liệu không được sau hôm nay.")})
    # A double click must not make two drafts: the plan row is locked so a
    # second request waits for the first, then finds the report it just made.
    Plan.objects.select_for_update(of=("self",)).filter(pk=plan.pk).first()
    just_made = ProgressReport.objects.filter(
        plan=plan,
        as_of=as_of,
        created_by=user,
        version=1,
        created_at__gte=timezone.now() - datetime.timedelta(seconds=REPORT_DOUBLE_CLICK_SECONDS),
    ).first()
    if just_made is not None:
        return just_made
    recipients = [f"{r.label} ({r.purpose})" if r.purpose else r.label for r in plan.recipients.all()]
    report = ProgressReport(
        plan=plan,
        issuer=plan.issuer,
        as_of=as_of,
        title=_report_subject(plan),
        governing_body=plan.governing_body,
        issuer_name=plan.issuer_name,
        place=plan.place,
        results=report_results_compile(plan=plan, as_of=as_of),
        recipients="\n".join(recipients),
        signer_authority=plan.signer_authority,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
        symbol=f"BC-{plan.issuer.abbreviation}" if plan.issuer.abbreviation else "BC",
        created_by=user,
    )
    report.full_clean()
    report.save()
    return report


class StaleReportError(ValidationError):
    """Someone else saved the report since the form was read."""


def _lock_report(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("plan", "issuer").get(pk=report.pk)


REPORT_TEXT_FIELDS = (
    "title",
    "addressees",
    "results",
    "shortcomings",
    "directions",
    "recommendations",
    "recipients",
    "signer_authority",
    "signer_title",
    "signer_name",
)


@transaction.atomic
def report_update(*, report: ProgressReport, data: dict[str, str], version: int, user) -> ProgressReport:
    """Save the official's text; refused when the report changed since it was read."""
    report = _lock_report(report)
    if not report.is_editable:
        raise ValidationError(_("Báo cáo không còn ở trạng thái dự thảo, không sửa được."))
    if report.version != version:
        raise StaleReportError(
            _(
                "Báo cáo vừa được người khác lưu. Nội dung bạn gõ vẫn còn dưới đây; "
                "hãy tải lại để xem bản mới rồi sửa tiếp."
            )
        )
    for name in REPORT_TEXT_FIELDS:
        if name in data:
            setattr(report, name, unicodedata.normalize("NFC", (data[name] or "").strip()))
    report.version += 1
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_recompile(*, report: ProgressReport, user) -> ProgressReport:
    """Compile section I again from the updates (replacing its text)."""
    report = _lock_report(report)
    if not report.is_editable:
        raise ValidationError(_("Báo cáo không còn ở trạng thái dự thảo, không tổng hợp lại được."))
    report.results = report_results_compile(plan=report.plan, as_of=report.as_of)
    report.version += 1
    report.save()
    return report


@transaction.atomic
def report_submit(*, report: ProgressReport, user) -> ProgressReport:
    report = _lock_report(report)
    if report.status != ProgressReport.Status.DRAFT:
        raise ValidationError(
            _("Báo cáo đang “%(status)s”, không trình được.") % {"status": report.get_status_display()}
        )
    if not report.results.strip():
        raise ValidationError(_("Chưa trình được: báo cáo chưa có phần kết quả thực hiện."))
    report.status = ProgressReport.Status.SUBMITTED
    report.return_reason = ""
    report.version += 1
    report.save()
    return report


@transaction.atomic
def report_approve(*, report: ProgressReport, user) -> ProgressReport:
    report = _lock_report(report)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(
            _("Chỉ duyệt được báo cáo đã trình; báo cáo đang “%(status)s”.") % {"status": report.get_status_display()}
        )
    report.status = ProgressReport.Status.APPROVED
    report.version += 1
    report.save()
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, user, reason: str) -> ProgressReport:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để người soạn biết cần sửa gì.")})
    report = _lock_report(report)
    if report.status not in (ProgressReport.Status.SUBMITTED, ProgressReport.Status.APPROVED):
        raise ValidationError(
            _("Không trả lại được báo cáo đang “%(status)s”.") % {"status": report.get_status_display()}
        )
    report.status = ProgressReport.Status.DRAFT
    report.return_reason = reason
    report.version += 1
    report.save()
    return report


@transaction.atomic
def report_issue(*, report: ProgressReport, user, issued_on: datetime.date | None = None) -> ProgressReport:
    """Approved -> issued with the next number of the issuer's register, the
    register plans use too (Decree 30: one register per issuer and year)."""
    report = _lock_report(report)
    if report.status != ProgressReport.Status.APPROVED:
        raise ValidationError(_("Chỉ báo cáo đã được duyệt mới có thể ban hành."))
    issued_on = issued_on or timezone.localdate()
    if issued_on < report.as_of:
        raise ValidationError(_("Ngày ban hành không được trước ngày số liệu của báo cáo."))
    report.number = number_allocate(issuer=report.issuer, year=issued_on.year)
    report.symbol = report.symbol or f"BC-{report.issuer.abbreviation}"
    report.issued_on = issued_on
    report.status = ProgressReport.Status.ISSUED
    report.version += 1
    report.save()
    return report
