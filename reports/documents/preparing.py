"""A long plan's PDF rendered by the task worker while its reader waits.

WeasyPrint lays a plan out at about 10 ms of CPU a task listed in both the
body and the appendix (bench/render_long_plan.py): 1.2 s for 100 tasks,
2.3 s for 200, where LibreOffice converts the same 200-task DOCX in 1.6 to
2.5 s, most of it its own start. Past LONG_PLAN_TASKS tasks a download that
is not in the render cache (reports/documents/cache.py) is queued for the
worker (reports/tasks.py), the page says the file is being prepared and
asks again until the worker has stored it; then it is served from the cache.

What is being prepared is marked beside the file it becomes, in the storage
every app server and the worker share, under the same hash: the time the
render was queued, or that it failed. A changed plan has a new hash, so a
render of an older version never passes for the current one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Length
from django.utils import timezone

from plans.models import PART_MODELS, Plan, Task
from reports.documents.cache import plan_source, rendered_name, stored_name
from reports.documents.records import RenderedFile
from reports.documents.renders import plan_pdf_render

LONG_PLAN_TASKS = 100
# Text lays out at about 1 s per 100,000 characters: a plan may hold 200,000
# in each of its parts, so a long text goes to the worker too.
LONG_PLAN_CHARS = 100_000
# A render still queued after this long is queued again: its worker stopped, or there was none.
STALE_AFTER = datetime.timedelta(minutes=10)

READY, PREPARING, FAILED = "ready", "preparing", "failed"


def plan_pdf_is_long(plan: Plan) -> bool:
    """Whether the plan's PDF takes longer than a request should: over
    LONG_PLAN_TASKS tasks, or over LONG_PLAN_CHARS characters of text."""
    tasks, chars = plan_size(plan)
    return tasks > LONG_PLAN_TASKS or chars > LONG_PLAN_CHARS


def _text_length(model) -> Value:
    texts = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
    return sum((Coalesce(Length(name), 0) for name in texts), Value(0))


def plan_size(plan: Plan) -> tuple[int, int]:
    """(tasks, characters of every text of the plan and its parts), in one
    query: this is asked on every download of a plan's PDF."""
    parts = {}
    for kind, model in PART_MODELS.items():
        rows = model.objects.filter(plan=OuterRef("pk")).order_by().values("plan")
        parts[f"chars_{kind}"] = Coalesce(Subquery(rows.annotate(n=Sum(_text_length(model))).values("n")), 0)
    tasks = Task.objects.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(n=Count("pk")).values("n")
    row = (
        Plan.objects.filter(pk=plan.pk)
        .annotate(own=_text_length(Plan), tasks_count=Coalesce(Subquery(tasks), 0), **parts)
        .values("own", "tasks_count", *parts)
        .get()
    )
    return row["tasks_count"], row["own"] + sum(row[name] for name in parts)


def _mark(name: str, text: str) -> None:
    # Saving over a name would store the mark under another one: the old mark goes first.
    default_storage.delete(name)
    default_storage.save(name, ContentFile(text.encode()))


def _queued_since(name: str) -> datetime.datetime | None:
    try:
        with default_storage.open(name, "rb") as mark:
            return datetime.datetime.fromisoformat(mark.read().decode())
    except (FileNotFoundError, ValueError):
        return None


def _state(name: str) -> str | None:
    # Ready only once whole: the record is written after the file (cache.py).
    if RenderedFile.objects.filter(name=name).exists() and default_storage.exists(name):
        return READY
    if default_storage.exists(f"{name}.failed"):
        return FAILED
    return None


def plan_pdf_prepare(plan: Plan, *, enqueue: Callable[[int, str], object], retry: bool = False) -> str:
    """READY when the plan's PDF is in the render cache, FAILED when its
    render failed (until `retry`), else PREPARING, its render queued with
    `enqueue(plan_id, key)` unless it was queued in the last minutes. Two
    readers asking at once may both queue it: the second render finds the
    first one's file in the cache."""
    key, name = stored_name(kind="plan", source=plan_source(plan), extension="pdf")
    state = _state(name)
    if state == FAILED and retry:
        default_storage.delete(f"{name}.failed")
        state = None
    if state:
        return state
    since = _queued_since(f"{name}.queued")
    if since is None or timezone.now() - since > STALE_AFTER:
        _mark(f"{name}.queued", timezone.now().isoformat())
        enqueue(plan.pk, key)
        # A queue that runs its tasks at once (development, tests) has stored the file already.
        return _state(name) or PREPARING
    return PREPARING


def plan_pdf_prepared(*, plan_id: int, key: str) -> str:
    """The worker's part: the plan's PDF rendered into the cache, and the
    mark of the render queued under `key` cleared, or turned into a failure
    for the waiting page to show."""
    name = rendered_name("plan", key, "pdf")
    try:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is not None:
            plan_pdf_render(plan=plan)
            # A render the storage refused (a full disk) was not stored: the page must say so, not wait.
            if stored_name(kind="plan", source=plan_source(plan), extension="pdf")[1] == name and not _state(name):
                raise RuntimeError(f"The PDF of plan {plan_id} was rendered but could not be stored")
    except Exception:
        _mark(f"{name}.failed", timezone.now().isoformat())
        raise
    finally:
        default_storage.delete(f"{name}.queued")
    return "rendered" if plan is not None else "no such plan"
