"""The rating summary of a district or province: page, PDF and XLSX, for
the reviewers who may read the plan summary (reports/access.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.twofactor.fresh import require_fresh_second_factor
from reports import access as report_access
from reports.documents.downloads import PDF, XLSX, download_response
from reports.ratings.document import issued_pdf_render, rating_pdf_render, rating_xlsx_render
from reports.ratings.records import RatingReport
from reports.ratings.services import can_issue_rating_report, rating_report_issue
from reports.ratings.summary import RatingSummary, cached_rating_summary


def default_rating_year() -> int:
    """Last year: ratings are confirmed in December, so this year's is not done before the year ends."""
    return timezone.localdate().year - 1


def _year(request) -> int:
    return report_access.year_from_query(request, default_rating_year)


def _filename(summary: RatingSummary, extension: str) -> str:
    return f"danh-gia-htx-{summary.unit.code}-{summary.year}.{extension}"


@login_required
def rating_summary(request):
    unit = report_access.summary_unit_from_query(request)
    try:
        year = _year(request)
    except ValueError as error:
        messages.error(request, str(error))
        year = default_rating_year()
    summary = cached_rating_summary(unit=unit, year=year)
    ctx = {
        "summary": summary,
        "title": _("Kết quả đánh giá, phân loại hợp tác xã năm %(year)s") % {"year": year},
        "units": report_access.summary_units_for(request.user).order_by("level", "name"),
        "query": f"unit={summary.unit.code}&year={year}",
        "issued": RatingReport.objects.filter(unit=unit, year=year),
        "issue_form": _issue_form(summary, request.user),
    }
    return render(request, "reports/ratings/summary.html", ctx)


def _summary_or_error(request) -> RatingSummary | HttpResponse:
    unit = report_access.summary_unit_from_query(request)
    try:
        year = _year(request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return cached_rating_summary(unit=unit, year=year)


@login_required
def rating_summary_pdf(request):
    summary = _summary_or_error(request)
    if isinstance(summary, HttpResponse):
        return summary
    return download_response(rating_pdf_render(summary=summary), PDF, _filename(summary, "pdf"))


@login_required
def rating_summary_xlsx(request):
    summary = _summary_or_error(request)
    if isinstance(summary, HttpResponse):
        return summary
    return download_response(rating_xlsx_render(summary=summary), XLSX, _filename(summary, "xlsx"))


def _issue_form(summary: RatingSummary, user) -> dict | None:
    if not can_issue_rating_report(user, summary):
        return None
    return {"signer_name": getattr(user, "get_full_name", lambda: "")()}


@login_required
@require_POST
def rating_summary_issue(request):
    """ "Ban hành thành báo cáo": the summary of the unit and year as it is now, numbered."""
    summary = _summary_or_error(request)
    if isinstance(summary, HttpResponse):
        return summary
    back = f"{reverse('ratings:summary')}?unit={summary.unit.code}&year={summary.year}"
    if not can_issue_rating_report(request.user, summary):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan ban hành mới ban hành được báo cáo này."))
    again = require_fresh_second_factor(request, back)
    if again:
        return again
    try:
        record = rating_report_issue(
            summary=summary, user=request.user, signer_name=request.POST.get("signer_name", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, _("Đã ban hành báo cáo số %(number)s.") % {"number": record.number_label})
    return redirect(back)


@login_required
def rating_report_pdf(request, pk: int):
    """An issued report, for whoever may read its unit's summary; 404 otherwise."""
    record = RatingReport.objects.select_related("unit").filter(pk=pk).first()
    if record is None or not report_access.summary_units_for(request.user).filter(pk=record.unit_id).exists():
        raise Http404(_("Không tìm thấy báo cáo."))
    name = f"bao-cao-danh-gia-htx-{record.number:02d}-{record.issued_on:%Y%m%d}-{record.pk}.pdf"
    return download_response(issued_pdf_render(record=record), PDF, name)
