"""What the reports app adds to the plan page (plans/pages.py): the
download and report buttons, the delivery table, and the plan as its
official document, the very template the PDF is rendered from."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cooperatives.versions import cached_rollup
from plans.models import Plan
from plans.outline import load_plan_text
from reports.distribution.table import delivery_table
from reports.documents.cache import layout_version
from reports.documents.official import plan_document


def plan_actions(request, plan) -> str:
    return render_to_string("reports/includes/_plan_page_actions.html", {"plan": plan}, request=request)


def plan_deliveries(request, plan) -> str:
    return delivery_table(request, plan)


def plan_official_document(request, plan) -> str:
    """The document's HTML, the same for every viewer, cached on the plan's
    row, its unit's data version (any write to its parts bumps it), the
    language and the layout; the text is read on a miss only."""
    unit = plan.issuer.unit
    row = [getattr(plan, f.attname) for f in Plan._meta.concrete_fields]
    key = [plan.pk, row, unit.pk, unit.data_version, get_language(), layout_version()]

    def compute() -> str:
        load_plan_text(plan)
        ctx = {**plan_document(plan).header_context, "plan": plan}
        return render_to_string("reports/includes/_plan_page_document.html", ctx, request=request)

    return mark_safe(cached_rollup("plan-page-document", key, compute))  # noqa: S308 (our own rendering)
