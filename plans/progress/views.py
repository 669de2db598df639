"""The pages cooperative staff work in, often from a phone in the field:
their tasks, a task with its updates, the progress form, evidence files."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cooperatives import versions
from cooperatives.memberships import is_reporter, memberships, reporter_cooperative_org_ids
from cooperatives.models import AdministrativeUnit
from htxplan.uploads import EVIDENCE_HEADERS, download_name
from plans import access
from plans.models import Task
from plans.progress import rollup
from plans.progress.forms import MyTasksFilterForm, ProgressForm
from plans.progress.services import progress_log


@login_required
def my_tasks(request):
    """The current tasks (access.current_my_tasks) by default, or with
    ?year= those of the plans of that year; the years the user's tasks have
    are offered as links and in the filter, so past years are one click away.

    The list is cached as HTML on the user's memberships, the query string,
    the language, the day and the versions of the units whose plans hold the
    user's tasks (any write to a plan, a task or an update bumps its unit):
    a repeat view costs those versions and a cache read."""
    user = request.user
    # The units of the issuers of every plan with a task of the user's
    # cooperatives, issued or not (a plan issued later bumps its unit), and
    # the cooperatives' own units (their names are on the cards).
    own = {m.organization.unit_id for m in memberships(user)}
    tasks = Task.objects.filter(cooperative__organization__in=reporter_cooperative_org_ids(user))
    units = AdministrativeUnit.objects.filter(Q(pk__in=tasks.values("plan__issuer__unit")) | Q(pk__in=own))
    parts = [versions.user_signature(user), versions.versions(units), sorted(request.GET.lists()), get_language()]
    body = versions.cached_html(request, "my-tasks-html", parts, lambda: _my_tasks_body(request))
    return render(request, "plans/progress/my_tasks.html", {"body": body})


def _my_tasks_body(request) -> str:
    today = timezone.localdate()
    user = request.user
    years = sorted(set(access.my_tasks(user).order_by().values_list("plan__year", flat=True).distinct()), reverse=True)
    year, year_error = _asked_year(request.GET.get("year"), years)
    tasks = access.my_tasks(user).filter(plan__year=year) if year is not None else access.current_my_tasks(user, today)
    rows = rollup.tasks_progress(tasks, today=today)
    form = MyTasksFilterForm(request.GET or None, rows=rows, years=years)
    shown = form.filter(rows)
    chosen = form.chosen()
    ctx = {
        "form": form,
        "filtered": bool(chosen),
        # A year is said in the heading and the year links: the filters stay folded on a phone.
        "filters_open": bool(chosen.keys() - {"year"}),
        "has_tasks": bool(years),
        "current": [tp for tp in shown if not tp.is_done],
        "folded": sorted((tp for tp in shown if tp.is_done), key=_newest_year_first),
        "year": year,
        "year_error": year_error,
        "this_year": today.year,
        "past_years": [y for y in years if y < today.year],
        "is_reporter": is_reporter(user),
    }
    return render_to_string("plans/progress/_my_tasks_body.html", ctx, request=request)


def _asked_year(raw: str | None, years: list[int]) -> tuple[int | None, str]:
    """The year of ?year= when some of the user's tasks are in a plan of it;
    otherwise None (the current tasks) and, for a value given, why, in words."""
    if not years or raw is None or not raw.strip():
        return None, ""
    try:
        year = int(raw)
    except ValueError:
        return None, _("“%(value)s” không phải là một năm. Dưới đây là các nhiệm vụ hiện hành.") % {"value": raw[:20]}
    if year not in years:
        return None, _(
            "Hợp tác xã của bạn không có nhiệm vụ nào trong kế hoạch năm %(year)s. Dưới đây là các nhiệm vụ hiện hành."
        ) % {"year": year}
    return year, ""


def _newest_year_first(tp) -> tuple:
    """The done tasks, folded away below the open ones: newest year first, then as access.my_tasks orders."""
    task = tp.task
    return (-task.plan.year, task.due_on or datetime.date.max, task.plan_id, task.position, task.pk)


# Updates on a task page: a task logged every day for years stays a page a phone loads.
UPDATES_PER_PAGE = 20


@login_required
def task_detail(request, pk: int):
    """A task with its updates, newest first, a page at a time. The body is
    cached as HTML on the task's and its plan's rows, the versions of the
    plan's unit and the cooperative's (any update or evidence bumps the
    plan's), the reader's memberships, the page, the language and the day."""
    task = access.get_task_for_user(request.user, pk)
    own = task.cooperative.organization.unit_id if task.cooperative_id else None
    units = AdministrativeUnit.objects.filter(Q(pk=task.plan.issuer.unit_id) | Q(pk=own))
    rows = [versions.row_of(task), versions.row_of(task.plan)]
    page = request.GET.get("page", "")
    parts = [rows, versions.versions(units), versions.user_signature(request.user), page, get_language()]
    parts.append(versions.names_version())  # the updates' authors
    body = versions.cached_html(request, "task-page-html", parts, lambda: _task_detail_body(request, task))
    return render(request, "plans/progress/task_detail.html", {"task": task, "body": body})


def _task_detail_body(request, task) -> str:
    # The day it was done needs every update's figures, not their text and files.
    history = list(task.updates.values_list("reported_on", "percent"))
    done_on = rollup.completed_on(reversed(history))
    paginator = Paginator(task.updates.select_related("author").prefetch_related("evidence"), UPDATES_PER_PAGE)
    paginator.count = len(history)  # known already: no COUNT query
    page = paginator.get_page(request.GET.get("page"))
    updates = list(page.object_list)
    latest = updates[0] if page.number == 1 and updates else task.updates.select_related("author").first()
    progress = rollup.task_progress(task, task.plan, latest, timezone.localdate(), done_on)
    ctx = {
        "task": task,
        "plan": task.plan,
        "updates": updates,
        "page": page,
        "progress": progress,
        "can_log": access.can_log_progress(request.user, task),
    }
    return render_to_string("plans/progress/_task_detail_body.html", ctx, request=request)


@login_required
def progress_create(request, pk: int):
    task = access.get_task_for_user(request.user, pk, may="log")
    # Start from the last reported figures: staff usually move them a little.
    latest = rollup.latest_updates([task]).get(task.pk)
    form = ProgressForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        task=task,
        initial={"percent": latest.percent} if latest else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            progress_log(
                task=task,
                user=request.user,
                reported_on=data["reported_on"],
                percent=data["percent"],
                work_done=data["work_done"],
                indicator_value=data.get("indicator_value"),
                files=data["files"],
                submission_token=data["submission_token"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu cập nhật tiến độ."))
            return redirect("plans:task-detail", task.pk)
    # A browser never refills a file input: say so when a refused form drops the chosen files.
    ctx = {"task": task, "plan": task.plan, "form": form, "files_dropped": bool(request.FILES)}
    return render(request, "plans/progress/progress_form.html", ctx)


@login_required
def evidence_file(request, pk: int):
    """The stored file: a photo's clean copy shown in the browser; a PDF, and
    any row stored before photos were cleaned, as a download (a picture
    still shows in the task page's <img>: only opening it downloads)."""
    evidence = access.get_evidence_for_user(request.user, pk)
    return _evidence_answer(
        evidence.file,
        content_type=evidence.content_type,
        filename=download_name(evidence.original_name, evidence.file.name),
        as_attachment=not evidence.shown_inline,
    )


@login_required
def evidence_original(request, pk: int):
    """A photo as it was sent (its EXIF date and GPS position are the proof
    of when and where), to those who see the evidence: only ever a download
    of a neutral type, since its bytes were never cleaned."""
    evidence = access.get_evidence_for_user(request.user, pk)
    if not evidence.original:
        raise Http404(_("Minh chứng này không có ảnh gốc."))
    return _evidence_answer(
        evidence.original,
        content_type="application/octet-stream",
        filename=download_name(evidence.original_name, evidence.original.name),
        as_attachment=True,
    )


def _evidence_answer(field_file, *, content_type: str, filename: str, as_attachment: bool) -> FileResponse:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from None
    response = FileResponse(handle, content_type=content_type, filename=filename, as_attachment=as_attachment)
    for header, value in EVIDENCE_HEADERS.items():
        response[header] = value
    # Private: whether one may see it depends on who asks.
    response["Cache-Control"] = "private, max-age=3600"
    return response
