"""What the reports app adds to the plan page (plans/pages.py): the
download and report buttons, the delivery table, and the plan as its
official document, the very template the PDF is rendered from."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from cooperatives.versions import cached_rollup, row_of
from plans.outline import load_plan_text
from reports.distribution.table import delivery_table
from reports.documents.cache import layout_version
from reports.documents.official import plan_document
from reports.models import Delivery


def plan_actions(request, plan) -> str:
    return render_to_string("reports/includes/_plan_page_actions.html", {"plan": plan}, request=request)


def plan_deliveries(request, plan) -> str:
    return delivery_table(request, plan)


# What the delivery table shows of each delivery; no unit version covers
# deliveries, which their recipients and the mail worker change.
_SHOWN = [
    "pk", "organization_id", "label", "created_at", "email_status", "email_address", "email_attempts",
    "email_error", "email_sent_at", "email_next_attempt_at", "email_claimed_at", "email_interrupted_at",
    "first_read_at", "first_read_by_id", "confirmed_at", "confirmed_by_id", "downloads_seen",
]  # fmt: skip


def deliveries_key(request, plan) -> list:
    """The plan page's cache key part for its delivery table: one query. While
    an e-mail waits or is being sent, the table says when it has waited too
    long, so the page is not cached then (the moment is in the key)."""
    if not plan.is_issued:
        return []
    rows = list(plan.deliveries.order_by("pk").annotate(downloads_seen=Count("downloads")).values_list(*_SHOWN))
    in_flight = any(row[4] in (Delivery.EmailStatus.QUEUED, Delivery.EmailStatus.SENDING) for row in rows)
    return [rows, timezone.now() if in_flight else None]


def plan_official_document(request, plan) -> str:
    """The document's HTML, the same for every viewer, cached on the plan's
    row, its unit's data version (any write to its parts bumps it), the
    language and the layout; the text is read on a miss only."""
    unit = plan.issuer.unit
    key = [plan.pk, row_of(plan), unit.pk, unit.data_version, get_language(), layout_version()]

    def compute() -> str:
        load_plan_text(plan)
        ctx = {**plan_document(plan).header_context, "plan": plan}
        return render_to_string("reports/includes/_plan_page_document.html", ctx, request=request)

    return mark_safe(cached_rollup("plan-page-document", key, compute))  # noqa: S308 (our own rendering)
