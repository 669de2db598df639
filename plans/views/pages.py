"""The pages that read plans: the dashboard, the list, the plan page, its
history and its interchange JSON."""

import json

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cooperatives import versions
from cooperatives.memberships import editor_organizations
from cooperatives.models import AdministrativeUnit
from cooperatives.versions import cached_rollup
from plans import access, history, progress
from plans import forms as plan_forms
from plans.dashboard import cached_dashboard_html
from plans.interchange.export import plan_to_dict
from plans.models import Plan
from plans.outline import load_plan_text, prefetch_plan_text
from plans.pages import plan_page_key, plan_page_parts


@login_required
def dashboard(request):
    return render(request, "plans/dashboard.html", {"body": cached_dashboard_html(request)})


@login_required
def plan_list(request):
    visible = access.plans_visible_to(request.user)
    form = plan_forms.PlanFilterForm(request.GET, plans=visible)
    page = Paginator(form.filter(visible.select_related("issuer")), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "page": page,
        "form": form,
        "query": query.urlencode(),
        "can_create": bool(editor_organizations(request.user)),
    }
    return render(request, "plans/plan_list.html", ctx)


def plan_page_context(request, plan: Plan, **extra) -> dict:
    """What the plan page shows; the workflow views show it again with a refused form."""
    perms = access.plan_permissions(request.user, plan)
    ctx = {
        "plan": plan,
        "can_edit": perms["edit"],
        "perms": perms,
        "superseded_by": list(plan.superseded_by.all()),
        "remarks": list(plan.remarks.select_related("author", "resolved_by")) if perms["see_remarks"] else [],
        "return_form": plan_forms.ReturnForm(),
        "remark_form": plan_forms.RemarkForm(),
        "progress_html": cached_plan_progress_html(request, plan) if plan.is_issued else "",
        "parts": plan_page_parts(request, plan),
    }
    ctx.update(extra)
    return ctx


def cached_plan_progress_html(request, plan: Plan) -> SafeString:
    """The plan's progress table, the same for every viewer, cached as HTML on
    its unit's data version (read with the plan's row, before the tasks),
    the language and the day; the tasks are read on a miss only."""
    unit = plan.issuer.unit

    def compute() -> SafeString:
        load_plan_text(plan)
        ctx = {"plan": plan, "progress": progress.plan_progress(plan)}
        return mark_safe(render_to_string("plans/includes/_plan_progress.html", ctx, request=request))

    return cached_rollup("plan-progress-html", [plan.pk, unit.pk, unit.data_version, get_language()], compute)


def plan_with_text(request, pk: int, *, may: str = "view") -> Plan:
    """The plan with every part of its text loaded, for the plan page."""
    return access.get_plan_for_user(request.user, pk, may=may, queryset=prefetch_plan_text(Plan.objects.all()))


@login_required
def plan_detail(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    return render(request, "plans/plan_detail.html", {"plan": plan, "body": cached_plan_page_html(request, plan)})


def cached_plan_page_html(request, plan: Plan) -> SafeString:
    """The plan page's body, cached as HTML on the plan's row; the versions
    of its unit, of the units above and below it (whose organisations it may
    address) and of its cooperatives' units (any write to its parts, tasks,
    progress, remarks, reports or cooperatives bumps one of them); the
    reader's memberships (what they may do), the language, the day, the
    names' version and what the other apps' parts read (plans/pages.py).
    The text is loaded only where a cached part of the page misses."""
    unit = plan.issuer.unit
    around = Q(pk=unit.parent_id) | Q(pk__in=AdministrativeUnit.objects.filter(pk=unit.parent_id).values("parent"))
    units = AdministrativeUnit.objects.filter(
        Q(pk=unit.pk) | around | Q(parent=unit.pk) | Q(pk__in=plan.cooperatives.values("organization__unit"))
    )
    parts = [
        plan.pk,
        versions.row_of(plan),
        versions.versions(units),
        versions.user_signature(request.user),
        get_language(),
    ]
    parts.append(versions.names_version())  # remarks' and deliveries' people, on other units' pages
    parts += plan_page_key(request, plan)

    def compute() -> str:
        return render_to_string(
            "plans/includes/_plan_page_body.html", plan_page_context(request, plan), request=request
        )

    return versions.cached_html(request, "plan-page-html", parts, compute)


@login_required
def plan_export_json(request, pk: int):
    plan = plan_with_text(request, pk)
    body = json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ke-hoach-{plan.pk}.json"'
    return response


@login_required
def plan_history(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    events = history.plan_events(plan)
    versions = sorted({e.version for e in events if e.version is not None})
    compare = None
    try:
        first, last = int(request.GET["from"]), int(request.GET["to"])
    except (KeyError, ValueError):
        pass
    else:
        first, last = min(first, last), max(first, last)
        compare = {
            "from": first,
            "to": last,
            "fields": history.plan_field_changes(plan, first, last),
            "events": [e for e in history.events_between(events, first, last) if e.subject],
        }
    ctx = {"plan": plan, "events": list(reversed(events)), "versions": versions, "compare": compare}
    return render(request, "plans/plan_history.html", ctx)
