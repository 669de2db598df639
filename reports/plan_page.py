"""What the reports app adds to the plan page (plans/pages.py): the
download and report buttons, the delivery table, and the plan as its
official document, the very template the PDF is rendered from."""

from __future__ import annotations

from django.template.loader import render_to_string

from reports.distribution.table import delivery_table
from reports.documents.official import plan_document


def plan_actions(request, plan) -> str:
    return render_to_string("reports/includes/_plan_page_actions.html", {"plan": plan}, request=request)


def plan_deliveries(request, plan) -> str:
    return delivery_table(request, plan)


def plan_official_document(request, plan) -> str:
    ctx = {**plan_document(plan).header_context, "plan": plan}
    return render_to_string("reports/includes/_plan_page_document.html", ctx, request=request)
