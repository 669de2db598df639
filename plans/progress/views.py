"""The pages cooperative staff work in, often from a phone in the field:
their tasks, a task with its updates, the progress form, evidence files."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.memberships import is_reporter
from plans import access
from plans.progress import rollup
from plans.progress.forms import MyTasksFilterForm, ProgressForm
from plans.progress.services import progress_log


@login_required
def my_tasks(request):
    today = timezone.localdate()
    rows = rollup.tasks_progress(access.my_tasks(request.user), today=today)
    form = MyTasksFilterForm(request.GET or None, rows=rows)
    current, folded = _current_and_folded(form.filter(rows), today)
    ctx = {
        "form": form,
        "filtered": bool(form.chosen()),
        "has_tasks": bool(rows),
        "current": current,
        "folded": folded,
        "is_reporter": is_reporter(request.user),
    }
    return render(request, "plans/progress/my_tasks.html", ctx)


def _current_and_folded(rows: list, today) -> tuple[list, list]:
    """The open tasks of current plans, soonest due first as access.my_tasks
    orders them; then, for the page to fold away, the done tasks and those
    of past years, newest year first. A past year's task still within its
    deadline (a 2026 plan's task due in March 2027) is current."""

    def is_current(tp) -> bool:
        due = tp.task.due_on
        return not tp.is_done and (tp.task.plan.year >= today.year or (due is not None and due >= today))

    current = [tp for tp in rows if is_current(tp)]
    folded = sorted(
        (tp for tp in rows if not is_current(tp)),
        key=lambda tp: (-tp.task.plan.year, tp.task.due_on or datetime.date.max, tp.task.plan_id, tp.task.position),
    )
    return current, folded


# Updates on a task page: a task logged every day for years stays a page a phone loads.
UPDATES_PER_PAGE = 20


@login_required
def task_detail(request, pk: int):
    task = access.get_task_for_user(request.user, pk)
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
    return render(request, "plans/progress/task_detail.html", ctx)


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
    evidence = access.get_evidence_for_user(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from None
    response = FileResponse(handle, content_type=evidence.content_type, filename=evidence.original_name)
    # Only images and PDF are ever stored (type read from the content), so
    # showing them inline is safe; private because access depends on the user.
    response["Cache-Control"] = "private, max-age=3600"
    return response
