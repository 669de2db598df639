"""Accent-insensitive search over plans, the same on SQLite and PostgreSQL.

Neither database folds Vietnamese diacritics the same way out of the box
(SQLite has no `unaccent`, and "đ" is a letter of its own, not a "d" with a
mark), so each plan keeps a folded copy of its searchable text in
`Plan.search_text`, written by the services that write plan text, and a
query is folded the same way before a plain `icontains`.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Q, QuerySet

from plans.models import Plan


def fold(text: str) -> str:
    """'Hợp tác xã Đông Hải' -> 'hop tac xa dong hai'."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").lower().split())


def plan_search_text(plan) -> str:
    """What a search can find a plan by: its title, issuer, number, the
    cooperatives it targets and the titles of its tasks."""
    parts = [plan.title, plan.issuer_name, plan.governing_body, plan.place, plan.number_label, str(plan.year)]
    parts.append(plan.issuer.short_name)
    if plan.pk:
        parts += [c.organization.short_name for c in plan.cooperatives.select_related("organization")]
        parts += list(plan.tasks.values_list("title", flat=True))
    return fold(" ".join(p for p in parts if p))


def search_plans(queryset: QuerySet, query: str) -> QuerySet:
    """Every word of the query must appear, accents ignored."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)


def search_text_refresh(plan) -> None:
    """Write the plan's folded search text after a service changed what it is made of."""
    # update() rather than save(): derived data, not a change worth a history row.
    Plan.objects.filter(pk=plan.pk).update(search_text=plan_search_text(plan))
