"""The progress-report workflow."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.models import Plan
from plans.models.text import typed_text
from plans.progress import plan_progress
from plans.services.lifecycle import (
    document_approve,
    document_issue,
    document_lock,
    document_record,
    document_return,
    document_submit,
    version_check,
)
from reports.models import ProgressReport
from reports.ratings.citation import rating_sentence


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
    # The commune's cooperatives' confirmed ratings of the plan's year, when there are any.
    if ratings := rating_sentence(unit=plan.issuer.unit, year=plan.year):
        lines.append(ratings)
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
    report._history_user = user
    report._change_reason = "Lập báo cáo"
    report.save()
    return report


# The official's text; the number, date, status and version belong to the workflow.
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


# A progress report of some 40 pages: its PDF still renders in about a second,
# inside the request (a plan's text may be longer: its long PDFs go to the worker).
MAX_REPORT_CHARS = 120_000


def _check_report_length(report: ProgressReport) -> None:
    sizes = {name: len(getattr(report, name) or "") for name in REPORT_TEXT_FIELDS}
    total = sum(sizes.values())
    if total > MAX_REPORT_CHARS:
        longest = max(sizes, key=sizes.get)
        raise ValidationError(
            {
                longest: _(
                    "Báo cáo dài %(total)s ký tự, vượt mức %(max)s ký tự của một báo cáo: hãy rút gọn "
                    "(phần dài nhất là mục này, %(size)s ký tự), hoặc gửi phần chi tiết thành văn bản kèm theo."
                )
                % {
                    "total": f"{total:,}".replace(",", "."),
                    "max": f"{MAX_REPORT_CHARS:,}".replace(",", "."),
                    "size": f"{sizes[longest]:,}".replace(",", "."),
                }  # fmt: skip
            }
        )


def _lock_draft(report: ProgressReport, message: str) -> ProgressReport:
    report = document_lock(report)
    if not report.is_editable:
        raise ValidationError(message)
    return report


@transaction.atomic
def report_update(*, report: ProgressReport, data: dict[str, str], version: int | None, user) -> ProgressReport:
    """Save the official's text; refused when the report changed since it was read."""
    report = _lock_draft(report, _("Báo cáo không còn ở trạng thái dự thảo, không sửa được."))
    version_check(report, version)
    for name in REPORT_TEXT_FIELDS:
        if name in data:
            setattr(report, name, typed_text(data[name] or ""))
    _check_report_length(report)
    report.full_clean()
    document_record(report, user=user, reason="Sửa báo cáo")
    return report


@transaction.atomic
def report_recompile(*, report: ProgressReport, user) -> ProgressReport:
    """Compile section I again from the updates (replacing its text)."""
    report = _lock_draft(report, _("Báo cáo không còn ở trạng thái dự thảo, không tổng hợp lại được."))
    report.results = report_results_compile(plan=report.plan, as_of=report.as_of)
    document_record(report, user=user, reason="Tổng hợp lại phần I")
    return report


def _submit_problems(report: ProgressReport) -> list[str]:
    return [] if report.results.strip() else [_("chưa có phần kết quả thực hiện")]


def report_submit(*, report: ProgressReport, user) -> ProgressReport:
    return document_submit(document=report, user=user, problems=_submit_problems)


def report_approve(*, report: ProgressReport, user) -> ProgressReport:
    return document_approve(document=report, user=user)


def report_return(*, report: ProgressReport, user, reason: str) -> ProgressReport:
    return document_return(document=report, user=user, reason=reason)


def _issue_date_check(report: ProgressReport, issued_on: datetime.date) -> None:
    if issued_on < report.as_of:
        raise ValidationError(_("Ngày ban hành không được trước ngày số liệu của báo cáo."))


def report_issue(
    *, report: ProgressReport, user, issued_on: datetime.date | None = None, signer_name: str = ""
) -> ProgressReport:
    """Approved -> issued with the next number of the issuer's register, the
    register plans use too (Decree 30: one register per issuer and year),
    and delivered to its Nơi nhận in the same transaction."""
    return document_issue(
        document=report, user=user, issued_on=issued_on, date_check=_issue_date_check, signer_name=signer_name
    )
