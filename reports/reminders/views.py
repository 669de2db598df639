"""The district sets the date its communes submit their plan of the year by."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plans.views.documents import form_step
from reports import access as report_access
from reports.reminders.forms import PlanDeadlineForm
from reports.reminders.services import plan_deadline_set


@login_required
def plan_deadlines(request):
    units = report_access.get_units_for_deadlines(request.user)
    form = PlanDeadlineForm(request.POST or None, units=units)
    if request.method == "POST":
        deadline = form_step(
            request,
            form,
            lambda data: plan_deadline_set(
                unit=data["unit"], year=data["year"], due_on=data["due_on"], user=request.user
            ),
            lambda d: (
                _("Đã đặt hạn trình kế hoạch năm %(year)s: %(date)s.")
                % {"year": d.year, "date": f"{d.due_on:%d/%m/%Y}"}
            ),
        )
        if deadline:
            return redirect("reports:plan-deadlines")
    ctx = {"form": form, "deadlines": report_access.deadlines_of(units)}
    if form.errors:
        messages.error(request, _("Chưa lưu được hạn trình: hãy xem lỗi bên dưới."))
    return render(request, "reports/plan_deadlines.html", ctx, status=400 if form.errors else 200)
