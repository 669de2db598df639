from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plans import access
from plans.models import Plan
from reports import access as report_access
from reports import distribution, services
from reports.distribution.table import delivery_table
from reports.documents import renders
from reports.documents.downloads import DOCX, PDF, document_filename, download_response
from reports.documents.official import report_document
from reports.forms import ReportCreateForm, ReportEditForm, ReportIssueForm, ReportReturnForm
from reports.models import ProgressReport


def _document_download(request, document, format: str):
    """A plan or report as PDF or DOCX; a recipient's download is recorded on its delivery."""
    is_plan = isinstance(document, Plan)
    if format == "pdf":
        body = renders.plan_pdf_render(plan=document) if is_plan else renders.report_pdf_render(report=document)
    else:
        body = renders.plan_docx_render(plan=document) if is_plan else renders.report_docx_render(report=document)
    distribution.document_download_record(
        user=request.user, format=format, **({"plan": document} if is_plan else {"report": document})
    )
    return download_response(body, PDF if format == "pdf" else DOCX, document_filename(document, format))


@login_required
def plan_pdf(request, pk: int):
    return _document_download(request, access.get_plan_for_user(request.user, pk), "pdf")


@login_required
def plan_docx(request, pk: int):
    return _document_download(request, access.get_plan_for_user(request.user, pk), "docx")


# --- Progress reports -----------------------------------------------------------


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def report_list(request, plan_pk: int):
    plan = access.get_plan_for_user(request.user, plan_pk)
    ctx = {
        "plan": plan,
        "reports": report_access.reports_visible_to(request.user).filter(plan=plan),
        "can_create": report_access.can_create_report(request.user, plan),
    }
    return render(request, "reports/report_list.html", ctx)


@login_required
def report_create(request, plan_pk: int):
    plan = access.get_plan_for_user(request.user, plan_pk)
    if not report_access.can_create_report(request.user, plan):
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo cho kế hoạch này."))
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(plan=plan, as_of=form.cleaned_data["as_of"], user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lập dự thảo báo cáo; phần I đã được tổng hợp từ tiến độ."))
            return redirect("reports:report-edit", report.pk)
    return render(request, "reports/report_create.html", {"plan": plan, "form": form})


def _report_context(request, report: ProgressReport, **extra) -> dict:
    user = request.user
    document = report_document(report)
    can_approve = report_access.can_approve_report(user, report)
    Status = ProgressReport.Status
    return {
        "report": report,
        "plan": report.plan,
        **document.header_context,
        "perms": {
            "edit": report_access.can_edit_report(user, report),
            "submit": report_access.can_edit_report(user, report),
            "approve": can_approve and report.status == Status.SUBMITTED,
            "return": can_approve and report.status in (Status.SUBMITTED, Status.APPROVED),
            "issue": can_approve and report.status == Status.APPROVED,
        },
        "return_form": ReportReturnForm(),
        "issue_form": ReportIssueForm(),
        "delivery_table": delivery_table(request, report),
        **extra,
    }


@login_required
def report_detail(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk)
    return render(request, "reports/report_detail.html", _report_context(request, report))


@login_required
def report_edit(request, pk: int):
    report = report_access.get_report_for_edit(request.user, pk)
    form = ReportEditForm(request.POST or None, instance=report, initial={"version": report.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REPORT_TEXT_FIELDS}
        try:
            services.report_update(report=report, data=data, version=form.cleaned_data["version"], user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
            status = 409 if isinstance(error, services.StaleReportError) else 400
        else:
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect(report)
    elif request.method == "POST":
        status = 400
    return render(request, "reports/report_edit.html", {"report": report, "form": form}, status=status)


def _report_step(request, pk: int, allowed, service, done: str, **kwargs):
    report = report_access.get_report_for_user(request.user, pk)
    if not allowed(request.user, report):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    try:
        service(report=report, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(report)


@login_required
@require_POST
def report_recompile(request, pk: int):
    return _report_step(
        request,
        pk,
        report_access.can_edit_report,
        services.report_recompile,
        _("Đã tổng hợp lại phần I từ tiến độ mới nhất."),
    )


@login_required
@require_POST
def report_submit(request, pk: int):
    return _report_step(
        request, pk, report_access.can_edit_report, services.report_submit, _("Đã trình báo cáo, chờ lãnh đạo duyệt.")
    )


@login_required
@require_POST
def report_approve(request, pk: int):
    return _report_step(request, pk, report_access.can_approve_report, services.report_approve, _("Đã duyệt báo cáo."))


@login_required
@require_POST
def report_return(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk)
    if not report_access.can_approve_report(request.user, report):
        raise PermissionDenied(_("Bạn không có quyền trả lại báo cáo này."))
    form = ReportReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(report=report, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã trả lại báo cáo để sửa."))
            return redirect(report)
    ctx = _report_context(request, report, return_form=form)
    return render(request, "reports/report_detail.html", ctx, status=400)


@login_required
@require_POST
def report_issue(request, pk: int):
    report = report_access.get_report_for_user(request.user, pk)
    if not report_access.can_approve_report(request.user, report):
        raise PermissionDenied(_("Bạn không có quyền ban hành báo cáo."))
    form = ReportIssueForm(request.POST)
    if form.is_valid():
        try:
            # Delivered to its Nơi nhận in the issue's transaction; mailed after it commits.
            with transaction.atomic():
                report = services.report_issue(
                    report=report, user=request.user, issued_on=form.cleaned_data["issued_on"]
                )
                deliveries = distribution.report_distribute(report=report, user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ban hành báo cáo, số %(number)s, và gửi cho %(count)d nơi nhận.")
                % {"number": report.number_label, "count": len(deliveries)},
            )
            return redirect(report)
    ctx = _report_context(request, report, issue_form=form)
    return render(request, "reports/report_detail.html", ctx, status=400)


@login_required
def report_pdf(request, pk: int):
    return _document_download(request, report_access.get_report_for_user(request.user, pk), "pdf")


@login_required
def report_docx(request, pk: int):
    return _document_download(request, report_access.get_report_for_user(request.user, pk), "docx")
