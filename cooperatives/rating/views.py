"""The rating pages: a cooperative's years, and one year's assessment,
where the cooperative fills it, the commune reviews it and the district
confirms it, each by the buttons of its own step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cooperatives.models import CooperativeRating
from cooperatives.rating import criteria, review, services
from cooperatives.rating.access import get_cooperative_for_rating
from cooperatives.rating.forms import FiguresForm
from cooperatives.rating.pages import assessment_context, visible_to
from cooperatives.rating.records import RatingItemScore

Status = services.Status


def _year_or_404(cooperative, year: int) -> int:
    first = min(cooperative.founded_on.year if cooperative.founded_on else 2020, 2020)
    if not first <= year <= timezone.localdate().year:
        raise Http404
    return year


@login_required
@require_GET
def rating_list(request, cooperative_id: int):
    cooperative, roles = get_cooperative_for_rating(request.user, cooperative_id)
    this_year = timezone.localdate().year
    first = cooperative.founded_on.year if cooperative.founded_on else this_year - 1
    confirmed = {r.year: r for r in CooperativeRating.objects.filter(cooperative=cooperative)}
    latest = {}
    for row in cooperative.assessments.order_by("year", "number"):
        latest[row.year] = row
    rows = []
    for year in range(this_year, min(first, *confirmed.keys(), this_year) - 1, -1):
        row = latest.get(year)
        shown = row if row is not None and visible_to(roles, row) else None
        rows.append(
            {
                "year": year,
                "assessment": shown,
                "pending": row is not None and shown is None,
                "rating": confirmed.get(year),
            }
        )
    return render(
        request, "cooperatives/rating/rating_list.html", {"cooperative": cooperative, "rows": rows, "roles": roles}
    )


@login_required
def rating_detail(request, cooperative_id: int, year: int):
    cooperative, roles = get_cooperative_for_rating(request.user, cooperative_id)
    _year_or_404(cooperative, year)
    assessment = services.current_assessment(cooperative, year)
    if assessment is None and roles.cooperative:
        assessment = services.assessment_start(cooperative=cooperative, year=year, user=request.user)
    figures = None
    if request.method == "POST":
        if assessment is None or not visible_to(roles, assessment):
            raise Http404
        try:
            done, figures = _act(request, roles, assessment)
        except ValidationError as exc:
            _show_errors(request, exc)
        else:
            if done:
                messages.success(request, done)
                return redirect(assessment.get_absolute_url())
        assessment.refresh_from_db()
    ctx = assessment_context(
        request, cooperative=cooperative, year=year, roles=roles, assessment=assessment, figures=figures
    )
    return render(request, "cooperatives/rating/rating_detail.html", ctx, status=400 if figures else 200)


def _show_errors(request, exc: ValidationError) -> None:
    request.rating_errors = exc.message_dict if hasattr(exc, "error_dict") else {}
    for message in [] if hasattr(exc, "error_dict") else exc.messages:
        messages.error(request, message)
    if hasattr(exc, "error_dict"):
        messages.error(request, _("Chưa lưu được: xem các ô ghi lỗi bên dưới."))


def _act(request, roles, assessment):
    """(message when done, the figures form to show again on error)."""
    action = request.POST.get("action", "")
    version = request.POST.get("version", "")
    user = request.user
    if action in ("save", "submit") and roles.cooperative:
        form = FiguresForm(request.POST)
        if not form.is_valid():
            request.rating_errors = {}
            messages.error(request, _("Chưa lưu được: xem các ô ghi lỗi bên dưới."))
            return "", form
        items = {
            item["code"]: {
                "claimed": request.POST.get(f"item_{item['code']}", ""),
                "note": request.POST.get(f"note_{item['code']}", ""),
                "evidence": request.FILES.get(f"evidence_{item['code']}"),
            }
            for item in criteria.set_items(assessment.criteria_set.data)
        }
        try:
            services.assessment_save(
                assessment=assessment,
                user=user,
                version=version,
                figures=form.cleaned_data,
                items=items,
                submit=action == "submit",
            )
        except ValidationError as exc:
            _show_errors(request, exc)
            return "", form
        return (_("Đã gửi bản tự đánh giá cho xã thẩm định.") if action == "submit" else _("Đã lưu bản nháp.")), None
    step = review.ADJUSTS.get(assessment.status)
    may_review = (step == "commune" and roles.commune) or (step == "district" and roles.district)
    if action in ("adjust", "forward", "confirm", "return") and may_review:
        return _review(request, assessment, action, version), None
    if action == "correct" and assessment.status == Status.CONFIRMED and (roles.commune or roles.district):
        review.assessment_correct(
            assessment=assessment,
            user=user,
            version=version,
            reason=request.POST.get("reason", ""),
            by="district" if roles.district else "commune",
        )
        return _("Đã mở bản đính chính; bản đã xác nhận được giữ lại."), None
    raise ValidationError(_("Bạn không thực hiện được việc này ở bước hiện tại."))


@transaction.atomic
def _review(request, assessment, action: str, version: str) -> str:
    user = request.user
    if action == "return":
        review.assessment_return(
            assessment=assessment, user=user, version=version, reason=request.POST.get("reason", "")
        )
        return _("Đã trả lại bản đánh giá.")
    adjustments = {
        item["code"]: (request.POST.get(f"adjust_{item['code']}"), request.POST.get(f"reason_{item['code']}", ""))
        for item in criteria.set_items(assessment.criteria_set.data)
        if f"adjust_{item['code']}" in request.POST
    }
    row = review.assessment_adjust(assessment=assessment, user=user, version=version, adjustments=adjustments)
    if action == "forward":
        review.assessment_forward(assessment=row, user=user, version=row.version)
        return _("Đã gửi huyện xác nhận.")
    if action == "confirm":
        review.assessment_confirm(assessment=row, user=user, version=row.version)
        return _("Đã xác nhận kết quả đánh giá, phân loại.")
    return _("Đã lưu điều chỉnh.")


@login_required
@require_GET
def rating_evidence(request, cooperative_id: int, year: int, item_id: int):
    cooperative, roles = get_cooperative_for_rating(request.user, cooperative_id)
    item = (
        RatingItemScore.objects.select_related("assessment")
        .filter(pk=item_id, assessment__cooperative=cooperative, assessment__year=year)
        .first()
    )
    if item is None or not item.evidence or not visible_to(roles, item.assessment):
        raise Http404
    return FileResponse(item.evidence.open("rb"), as_attachment=True, filename=item.evidence_name or "minh-chung")
