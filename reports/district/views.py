"""The district office's pages: the dashboard over its communes and the
summary of a district or province, as a page, a PDF and a spreadsheet."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from cooperatives import versions
from cooperatives.memberships import is_reviewer
from reports import access as report_access
from reports.district.figures import default_year
from reports.district.forms import DistrictFilterForm
from reports.district.overview import district_overview, district_years
from reports.district.summary import Summary, cached_summary, cached_summary_with_parts, communes_under
from reports.documents import renders
from reports.documents.downloads import PDF, XLSX, download_response

# --- District dashboard -------------------------------------------------------------


@login_required
def district(request):
    """Every commune the reviewer supervises; 404 to those who supervise none."""
    if not is_reviewer(request.user):
        raise Http404("Không tìm thấy trang.")
    communes = list(report_access.district_communes(request.user).select_related("parent").order_by("name"))
    # The communes' versions, read with them and so before their data: the key of what is cached below.
    key = [versions.user_signature(request.user), [_commune_version(c) for c in communes]]
    opening = default_year(communes)
    known = versions.cached_rollup("district-years", key, lambda: district_years(request.user, communes))
    years = sorted(set(known) | {opening, timezone.localdate().year}, reverse=True)
    form = DistrictFilterForm(request.GET or None, years=years, communes=communes)
    year, chosen = opening, None
    if form.is_valid():
        year = form.cleaned_data["year"] or opening
        chosen = form.cleaned_data["commune"]
    shown = [c for c in communes if chosen is None or c.pk == chosen]
    parts = [*key, year, chosen, translation.get_language()]
    rows_html = versions.cached_rollup("district-html", parts, lambda: _rows_html(request, shown, year))
    ctx = {
        "form": form,
        "year": year,
        "rows_html": mark_safe(rows_html),  # rendered by our own template, escaped there
        "summary_units": report_access.summary_units_own(request.user),
    }
    return render(request, "reports/district.html", ctx)


def _rows_html(request, communes, year: int) -> str:
    """The communes' part of the page: for a province of 100 communes some
    400 KB of HTML, so it is cached rendered, not as rows to render again."""
    rows = district_overview(user=request.user, communes=communes, year=year)
    ctx = {
        "rows": rows,
        "late_total": sum(len(r.late) for r in rows),
        "issued_total": sum(r.issued_count for r in rows),
        "report_total": sum(len(r.reports) for r in rows),
    }
    return render_to_string("reports/includes/_district_rows.html", ctx, request=request)


def _commune_version(commune) -> tuple:
    parent = commune.parent
    return (commune.pk, commune.data_version, parent.pk if parent else None, parent.data_version if parent else None)


# --- District summary -------------------------------------------------------------


def _summary_year(request, unit) -> int:
    """?year=, else the year the district page opens on too."""
    return report_access.year_from_query(request, lambda: default_year(communes_under(unit)))


def _summary_filename(summary: Summary, extension: str) -> str:
    return f"tong-hop-{summary.unit.code}-{summary.year}.{extension}"


@login_required
def summary(request):
    unit = report_access.summary_unit_from_query(request)
    try:
        year = _summary_year(request, unit)
    except ValueError as error:
        messages.error(request, str(error))
        year = default_year(communes_under(unit))
    summary, parts = cached_summary_with_parts(unit=unit, year=year)
    ctx = {
        "summary": summary,
        "title": renders.summary_title(summary),
        "units": report_access.summary_units_for(request.user),
    }

    def screen() -> SafeString:
        html = render_to_string("reports/includes/_summary_screen.html", {"summary": summary}, request=request)
        return mark_safe(html)  # noqa: S308 (our own rendering)

    # The chart and the table, the same for every reviewer: HTML cached on the summary's own key.
    ctx["screen"] = versions.cached_rollup("summary-screen", [*parts, translation.get_language()], screen)
    return render(request, "reports/summary.html", ctx)


def _summary_or_error(request) -> Summary | HttpResponse:
    unit = report_access.summary_unit_from_query(request)
    try:
        year = _summary_year(request, unit)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return cached_summary(unit=unit, year=year)


@login_required
def summary_pdf(request):
    summary = _summary_or_error(request)
    if isinstance(summary, HttpResponse):
        return summary
    return download_response(renders.summary_pdf_render(summary=summary), PDF, _summary_filename(summary, "pdf"))


@login_required
def summary_xlsx(request):
    summary = _summary_or_error(request)
    if isinstance(summary, HttpResponse):
        return summary
    return download_response(renders.summary_xlsx_render(summary=summary), XLSX, _summary_filename(summary, "xlsx"))
