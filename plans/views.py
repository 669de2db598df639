import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from plans import access
from plans.interchange import plan_to_dict
from plans.models import Plan
from plans.outline import build_outline, date_line, number_line, prefetch_plan_text


@login_required
def dashboard(request):
    plans = access.plans_visible_to(request.user).select_related("issuer")
    ctx = {
        "recent_plans": plans[:10],
        "counts": {status: plans.filter(status=status).count() for status in Plan.Status.values},
        "statuses": Plan.Status.choices,
    }
    return render(request, "plans/dashboard.html", ctx)


@login_required
def plan_list(request):
    plans = access.plans_visible_to(request.user).select_related("issuer")
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    return render(request, "plans/plan_list.html", {"page": page})


@login_required
def plan_detail(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, prefetch_plan_text(Plan.objects.all()))
    ctx = {
        "plan": plan,
        "outline": build_outline(plan),
        "number_line": number_line(plan.number, plan.symbol),
        "date_line": date_line(plan.place, plan.issued_on),
        "can_edit": access.can_edit_plan(request.user, plan),
    }
    return render(request, "plans/plan_detail.html", ctx)


@login_required
def plan_export_json(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, prefetch_plan_text(Plan.objects.all()))
    body = json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ke-hoach-{plan.pk}.json"'
    return response
