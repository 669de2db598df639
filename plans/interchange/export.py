"""A plan as interchange data (see plans/interchange/__init__.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plans.interchange import FORMAT


def _decimal(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def plan_to_dict(plan) -> dict[str, Any]:
    """Reads prefetched relations; see outline.prefetch_plan_text."""
    return {
        "format": FORMAT,
        "document_type": plan.document_type,
        "issuer": {
            "name": plan.issuer_name,
            "parent": plan.governing_body,
            "abbreviation": plan.issuer.abbreviation,
        },
        "number": plan.number,
        "symbol": plan.symbol,
        "place": plan.place,
        "date": plan.issued_on.isoformat() if plan.issued_on else None,
        "year": plan.year,
        "status": plan.status,
        "title": plan.title,
        "legal_bases": [b.text for b in plan.legal_bases.all()],
        "preamble": plan.preamble,
        "objectives": {
            "heading": plan.objectives_heading,
            "items": [{"title": o.title, "body": o.body} for o in plan.objectives.all()],
        },
        "tasks": {"heading": plan.tasks_heading, "items": [_task(t) for t in plan.tasks.all()]},
        "solutions": {
            "heading": plan.solutions_heading,
            "items": [_solution(s) for s in plan.solutions.all() if s.parent_id is None],
        },
        "funding": {"heading": plan.funding_heading, "body": plan.funding_body},
        # "after": the standard section this one follows ("start" = before
        # the objectives); a file without the key means after the funding.
        "extra_sections": [{"heading": e.heading, "body": e.body, "after": e.after} for e in plan.extra_sections.all()],
        "closing": plan.closing,
        # Where the document lists the tasks: "body", "both" or "appendix"
        # (the table "Phân công thực hiện" after the signature).
        "task_appendix": {"title": plan.task_appendix_title, "listing": plan.task_listing},
        "appendices": [_appendix(a) for a in plan.appendices.all()],
        "recipients": [_recipient(r) for r in plan.recipients.all()],
        "signer": {"authority": plan.signer_authority, "title": plan.signer_title, "name": plan.signer_name},
    }


def _task(t) -> dict[str, Any]:
    return {
        "group": t.group,
        "title": t.title,
        "body": t.body,
        "lead": t.lead_unit,
        "partners": t.partner_list,
        "period": t.period_text,
        "product": t.product,
        "note": t.note,
        "extra": dict(t.extra_columns or {}),
        "cooperative": t.cooperative.organization.short_name if t.cooperative_id else None,
        "start": t.start_on.isoformat() if t.start_on else None,
        "due": t.due_on.isoformat() if t.due_on else None,
        "indicator": (
            {"name": t.indicator_name, "target": _decimal(t.indicator_target), "unit": t.indicator_unit}
            if t.indicator_name
            else None
        ),
        "weight": t.weight,
    }


def _appendix(a) -> dict[str, Any]:
    columns, rows = a.columns_and_rows
    return {"title": a.title, "body": a.body, "columns": columns, "rows": rows, "note": a.note}


def _solution(s) -> dict[str, Any]:
    return {
        "title": s.title,
        "body": s.body,
        "children": [{"title": c.title, "body": c.body} for c in s.children.all()],
    }


def _recipient(r) -> dict[str, Any]:
    return {
        "label": r.label,
        "organization": r.organization.short_name if r.organization_id else None,
        "purpose": r.purpose,
        "archive": r.is_archive,
    }
