"""Progress reports (Báo cáo kết quả thực hiện kế hoạch): list, create,
edit, the workflow steps through the shared view helpers, and the official
PDF/DOCX of a plan or a report."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.twofactor.fresh import require_fresh_second_factor
from plans import access
from plans.access import require
from plans.forms.workflow import RemarkForm
from plans.models import Plan
from plans.services.lifecycle import StaleVersionError
from plans.services.remarks import document_remark_add, remark_resolve
from plans.views.documents import add_errors, button_step, form_at_current_version, form_step
from reports import access as report_access
from reports import distribution, services
from reports.distribution.table import delivery_table
from reports.documents import preparing
from reports.documents.downloads import DOCX, PDF, document_filename, download_response
from reports.documents.official import report_document
from reports.documents.renders import document_render
from reports.forms import ReportCreateForm, ReportEditForm, ReportIssueForm, ReportReturnForm
from reports.models import ProgressReport
from reports.tasks import plan_pdf_enqueue


def _document_download(request, document, format: str):
    """A plan or report as PDF or DOCX; a recipient's download is recorded on its delivery."""
    body = document_render(document, format)
    is_plan = isinstance(document, Plan)
    distribution.document_download_record(
        user=request.user, format=format, **({"plan": document} if is_plan else {"report": document})
    )
    return download_response(body, PDF if format == "pdf" else DOCX, document_filename(document, format))


@login_required
def plan_pdf(request, pk: int):
    """The plan's PDF; a long plan's first render goes to the task worker
    while a page says the file is being prepared (documents/preparing.py)."""
    plan = access.get_plan_for_user(request.user, pk)
    if not preparing.plan_pdf_is_long(plan):
        return _document_download(request, plan, "pdf")
    state = preparing.plan_pdf_prepare(plan, enqueue=plan_pdf_enqueue, retry="retry" in request.GET)
    if state == preparing.READY:
        return _document_download(request, plan, "pdf")
    ctx = {"plan": plan, "failed": state == preparing.FAILED, "tasks": plan.tasks.count()}
    return render(request, "reports/plan_pdf_preparing.html", ctx, status=503 if ctx["failed"] else 202)


@login_required
def plan_pdf_status(request, pk: int):
    """Whether the long plan's PDF is ready, for the page that waits for it: {"state": ...}."""
    plan = access.get_plan_for_user(request.user, pk)
    return JsonResponse({"state": preparing.plan_pdf_prepare(plan, enqueue=plan_pdf_enqueue)})


@login_required
def plan_docx(request, pk: int):
    return _document_download(request, access.get_plan_for_user(request.user, pk), "docx")


@login_required
def report_pdf(request, pk: int):
    return _document_download(request, report_access.get_report_for_user(request.user, pk), "pdf")


@login_required
def report_docx(request, pk: int):
    return _document_download(request, report_access.get_report_for_user(request.user, pk), "docx")


# --- Progress reports -----------------------------------------------------------


@login_required
def report_index(request):
    """Every progress report the user sees, by state: the queue's "waiting for you" links here."""
    status = request.GET.get("status", "")
    status = status if status in ProgressReport.Status.values else ""
    reports = report_access.reports_visible_to(request.user, status=status).select_related("issuer")
    ctx = {
        "page": Paginator(reports, 25).get_page(request.GET.get("page")),
        "status": status,
        "statuses": ProgressReport.Status.choices,
    }
    return render(request, "reports/report_index.html", ctx)


@login_required
def report_list(request, plan_pk: int):
    plan = access.get_plan_for_user(request.user, plan_pk)
    ctx = {
        "plan": plan,
        "reports": report_access.reports_of_plan(request.user, plan),
        "can_create": report_access.can_create_report(request.user, plan),
    }
    return render(request, "reports/report_list.html", ctx)


@login_required
def report_create(request, plan_pk: int):
    plan = report_access.get_plan_for_report(request.user, plan_pk)
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST":
        report = form_step(
            request,
            form,
            lambda data: services.report_create(plan=plan, as_of=data["as_of"], user=request.user),
            lambda _report: _("Đã lập dự thảo báo cáo; phần I đã được tổng hợp từ tiến độ."),
        )
        if report:
            return redirect("reports:report-edit", report.pk)
    return render(request, "reports/report_create.html", {"plan": plan, "form": form})


def _report_context(request, report: ProgressReport, **extra) -> dict:
    return {
        "report": report,
        "plan": report.plan,
        **report_document(report).header_context,
        "perms": report_access.report_permissions(request.user, report),
        "return_form": ReportReturnForm(),
        "issue_form": ReportIssueForm(signer=report.signer_name or request.user.get_full_name()),
        "delivery_table": delivery_table(request, report),
        "remarks": list(report.remarks.select_related("author", "resolved_by")),
        "remark_form": RemarkForm(),
        **extra,
    }


@login_required
def report_detail(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk)
    return render(request, "reports/report_detail.html", _report_context(request, report))


@login_required
def report_edit(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk, may="edit")
    form = ReportEditForm(request.POST or None, instance=report, initial={"version": report.version})
    if request.method != "POST":
        return render(request, "reports/report_edit.html", {"report": report, "form": form})
    status = 400
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REPORT_TEXT_FIELDS}
        try:
            services.report_update(report=report, data=data, version=form.cleaned_data["version"], user=request.user)
        except StaleVersionError as error:
            fresh = report_access.get_report_for_user(request.user, pk, may="edit")
            form = form_at_current_version(ReportEditForm, request, fresh)
            add_errors(form, error)
            status = 409
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect(report)
    return render(request, "reports/report_edit.html", {"report": report, "form": form}, status=status)


def _button(request, pk: int, may: str, service, done: str):
    report = report_access.get_report_for_user(request.user, pk, may=may)
    return button_step(request, report, partial(service, report=report, user=request.user), done)


@login_required
@require_POST
def report_recompile(request, pk: int):
    return _button(
        request, pk, "recompile", services.report_recompile, _("Đã tổng hợp lại phần I từ tiến độ mới nhất.")
    )


@login_required
@require_POST
def report_submit(request, pk: int):
    return _button(request, pk, "submit", services.report_submit, _("Đã trình báo cáo, chờ lãnh đạo duyệt."))


@login_required
@require_POST
def report_approve(request, pk: int):
    return _button(request, pk, "approve", services.report_approve, _("Đã duyệt báo cáo."))


@login_required
@require_POST
def report_return(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk, may="return")
    form = ReportReturnForm(request.POST)
    returned = form_step(
        request,
        form,
        lambda data: services.report_return(report=report, user=request.user, reason=data["reason"]),
        lambda _report: _("Đã trả lại báo cáo để sửa."),
    )
    if returned:
        return redirect(returned)
    return render(request, "reports/report_detail.html", _report_context(request, report, return_form=form), status=400)


@login_required
@require_POST
def report_issue(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk, may="issue")
    again = require_fresh_second_factor(request, report.get_absolute_url())
    if again:
        return again
    form = ReportIssueForm(request.POST)
    issued = form_step(
        request,
        form,
        lambda data: services.report_issue(
            report=report, user=request.user, issued_on=data["issued_on"], signer_name=data["signer_name"]
        ),
        lambda issued: (
            _("Đã ban hành báo cáo, số %(number)s, và gửi cho %(count)d nơi nhận.")
            % {"number": issued.number_label, "count": issued.recipients_reached}
        ),
    )
    if issued:
        return redirect(issued)
    return render(request, "reports/report_detail.html", _report_context(request, report, issue_form=form), status=400)


@login_required
@require_POST
def report_remark_add(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk, may="review")
    form = RemarkForm(request.POST)
    added = form_step(
        request,
        form,
        lambda data: document_remark_add(document=report, user=request.user, body=data["body"]),
        lambda _remark: _("Đã gửi góp ý."),
    )
    if added:
        return redirect(f"{report.get_absolute_url()}#gop-y")
    return render(request, "reports/report_detail.html", _report_context(request, report, remark_form=form), status=400)


@login_required
@require_POST
def report_remark_resolve(request, pk: int, remark_pk: int):
    report = report_access.get_report_for_user(request.user, pk)
    remark = report_access.get_report_remark(report, remark_pk)  # another report's remark is not found
    require(request.user, report, report_access.REPORT_RULES, "resolve-remark")
    remark_resolve(remark=remark, user=request.user)
    messages.success(request, _("Đã đánh dấu góp ý là đã xử lý."))
    return redirect(f"{report.get_absolute_url()}#gop-y")
