import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cooperatives.models import Cooperative, Organization
from plans import access, history, progress, services
from plans import forms as plan_forms
from plans.forms import ProgressForm
from plans.interchange import plan_to_dict
from plans.models import Plan, Remark, Solution
from plans.outline import build_outline, date_line, issuer_lines, number_line, prefetch_plan_text
from plans.search import search_plans


@login_required
def dashboard(request):
    plans = access.plans_visible_to(request.user).select_related("issuer")
    ctx = {
        "recent_plans": plans[:10],
        "counts": {status: plans.filter(status=status).count() for status in Plan.Status.values},
        "statuses": Plan.Status.choices,
        "progress_flags": _progress_flags(request.user, plans),
    }
    return render(request, "plans/dashboard.html", ctx)


@login_required
def plan_list(request):
    visible = access.plans_visible_to(request.user)
    form = plan_forms.PlanFilterForm(
        request.GET,
        years=visible.order_by("-year").values_list("year", flat=True).distinct(),
        cooperatives=Cooperative.objects.filter(
            pk__in=Plan.cooperatives.through.objects.filter(plan__in=visible).values("cooperative")
        ).select_related("organization"),
        issuers=Organization.objects.filter(pk__in=visible.values("issuer")),
    )
    plans = visible.select_related("issuer")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            plans = search_plans(plans, data["q"])
        if data["year"]:
            plans = plans.filter(year=data["year"])
        if data["status"]:
            plans = plans.filter(status=data["status"])
        if data["cooperative"]:
            plans = plans.filter(cooperatives=data["cooperative"])
        if data["issuer"]:
            plans = plans.filter(issuer=data["issuer"])
    page = Paginator(plans, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {
        "page": page,
        "form": form,
        "query": query.urlencode(),
        "can_create": bool(access.editor_organizations(request.user)),
    }
    return render(request, "plans/plan_list.html", ctx)


@login_required
def plan_detail(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, prefetch_plan_text(Plan.objects.all()))
    return render(request, "plans/plan_detail.html", _detail_context(request, plan))


@login_required
def plan_export_json(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, prefetch_plan_text(Plan.objects.all()))
    body = json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ke-hoach-{plan.pk}.json"'
    return response


# --- Progress -------------------------------------------------------------------


def _progress_flags(user, plans) -> dict:
    """Late and quiet tasks of the issued plans the user sees (only the tasks
    the user may open), and each plan's overall percent."""
    issued = plans.filter(status=Plan.Status.ISSUED).exclude(superseded_by__status=Plan.Status.ISSUED)
    issued = list(issued.select_related("issuer"))
    by_plan = progress.plans_progress(issued)
    visible = set(access.tasks_visible_to(user).filter(plan__in=[p.pk for p in issued]).values_list("pk", flat=True))
    late, stale = [], []
    for item in by_plan.values():
        late += [tp for tp in item.late if tp.task.pk in visible]
        stale += [tp for tp in item.stale if tp.task.pk in visible]
    return {
        "plans": [(p, by_plan[p.pk]) for p in issued[:10]],
        "late": sorted(late, key=lambda tp: tp.task.due_on)[:20],
        "late_count": len(late),
        "stale": stale[:20],
        "stale_count": len(stale),
    }


@login_required
def my_tasks(request):
    tasks = list(access.my_tasks(request.user))
    latest = progress.latest_updates(tasks)
    today = timezone.localdate()
    rows = [progress.task_progress(t, t.plan, latest.get(t.pk), today) for t in tasks]
    return render(request, "plans/my_tasks.html", {"rows": rows, "is_reporter": access.is_reporter(request.user)})


@login_required
def task_detail(request, pk: int):
    task = access.get_task_for_user(request.user, pk)
    updates = list(task.updates.select_related("author").prefetch_related("evidence"))
    ctx = {
        "task": task,
        "plan": task.plan,
        "updates": updates,
        "progress": progress.task_progress(task, task.plan, updates[0] if updates else None, timezone.localdate()),
        "can_log": access.can_log_progress(request.user, task),
    }
    return render(request, "plans/task_detail.html", ctx)


@login_required
def progress_create(request, pk: int):
    task = access.get_task_for_progress(request.user, pk)
    # Start from the last reported figures: staff usually move them a little.
    latest = progress.latest_updates([task]).get(task.pk)
    form = ProgressForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        task=task,
        initial={"percent": latest.percent, "status": latest.status} if latest else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_log(
                task=task,
                user=request.user,
                reported_on=data["reported_on"],
                percent=data["percent"],
                status=data["status"],
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
    return render(request, "plans/progress_form.html", ctx)


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


# --- Plan authoring ---------------------------------------------------------------

SECTIONS = [
    ("legal-basis", gettext_lazy("Thêm căn cứ"), "legal_bases"),
    ("objective", gettext_lazy("Thêm mục tiêu"), "objectives"),
    ("task", gettext_lazy("Thêm nhiệm vụ"), "tasks"),
    ("solution", gettext_lazy("Thêm giải pháp"), "solutions"),
    ("extra", gettext_lazy("Thêm mục khác"), "extra_sections"),
    ("recipient", gettext_lazy("Thêm nơi nhận"), "recipients"),
]
PART_FORMS = {
    "legal-basis": plan_forms.LegalBasisForm,
    "objective": plan_forms.ObjectiveForm,
    "task": plan_forms.TaskForm,
    "solution": plan_forms.SolutionForm,
    "extra": plan_forms.ExtraSectionForm,
    "recipient": plan_forms.RecipientForm,
}


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal beside the field it concerns, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _stale(error: services.StalePlanError) -> dict:
    """What the other person changed since the form was read, from the history."""
    return {
        "message": error.messages[0],
        "events": history.events_between(history.plan_events(error.plan), error.since_version),
        "version": error.plan.version,
    }


def _part_form(kind: str, plan: Plan, *args, **kwargs):
    if kind == "task":
        kwargs["plan"] = plan
    return PART_FORMS[kind](*args, **kwargs)


def _item(kind: str, plan: Plan, obj, bound: dict, editing: str | None) -> dict:
    prefix = f"{kind}-{obj.pk}"
    form = bound.get(prefix)
    if form is None and editing == prefix:
        form = _part_form(kind, plan, instance=obj, prefix=prefix)
    entry = {"obj": obj, "prefix": prefix, "form": form, "kind": kind}
    if kind == "solution" and obj.parent_id is None:
        entry["is_parent"] = True
        entry["children"] = [_item(kind, plan, child, bound, editing) for child in obj.children.all()]
        child_prefix = f"new-solution-{obj.pk}"
        entry["child_form"] = bound.get(child_prefix) or _part_form(kind, plan, prefix=child_prefix)
    return entry


def _section(plan: Plan, kind: str, bound: dict | None = None, editing: str | None = None, stale=None) -> dict:
    bound = bound or {}
    add_label, related = next((t, r) for k, t, r in SECTIONS if k == kind)
    objects = list(getattr(plan, related).all())
    if kind == "solution":
        objects = [s for s in objects if s.parent_id is None]
    add_prefix = f"new-{kind}"
    return {
        "kind": kind,
        "add_label": add_label,
        "items": [_item(kind, plan, obj, bound, editing) for obj in objects],
        "add_form": bound.get(add_prefix) or _part_form(kind, plan, prefix=add_prefix),
        "stale": stale,
    }


def _plan_for_edit(request, pk: int) -> Plan:
    return access.get_plan_for_edit(request.user, pk, prefetch_plan_text(Plan.objects.all()))


def _render_edit(request, plan: Plan, *, form=None, bound=None, bound_kind=None, stale=None, status=200):
    editing = request.GET.get("edit")
    ctx = {
        "plan": plan,
        "form": form or plan_forms.PlanForm(instance=plan),
        # Keyed "legal_basis", "task"…, so the page places each in document order.
        "sections": {
            kind.replace("-", "_"): _section(
                plan, kind, bound if kind == bound_kind else None, editing, stale if kind == bound_kind else None
            )
            for kind, _label, _rel in SECTIONS
        },
        "stale": stale if bound_kind is None else None,
    }
    return render(request, "plans/plan_edit.html", ctx, status=status)


@login_required
def plan_create(request):
    issuers = access.editor_organizations(request.user)
    if not issuers:
        raise PermissionDenied(_("Bạn không có quyền soạn kế hoạch."))
    form = plan_forms.PlanCreateForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                user=request.user,
                issuer=data["issuer"],
                year=data["year"],
                title=data["title"],
                cooperatives=data["cooperatives"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo. Hãy điền các phần của kế hoạch bên dưới."))
            return redirect("plans:plan-edit", plan.pk)
    return render(request, "plans/plan_create.html", {"form": form})


@login_required
def plan_edit(request, pk: int):
    plan = _plan_for_edit(request, pk)
    if request.method != "POST":
        return _render_edit(request, plan)
    form = plan_forms.PlanForm(request.POST, instance=plan)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        try:
            services.plan_update(
                plan=plan,
                user=request.user,
                version=form.cleaned_data["version"],
                cooperatives=form.cleaned_data["cooperatives"],
                **fields,
            )
        except services.StalePlanError as error:
            # Keep everything typed, but carry the current version so that a
            # second, informed click saves.
            data = request.POST.copy()
            data["version"] = str(error.plan.version)
            fresh = _plan_for_edit(request, pk)
            form = plan_forms.PlanForm(data, instance=fresh)
            form.is_valid()
            return _render_edit(request, fresh, form=form, stale=_stale(error), status=409)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin chung."))
            return redirect("plans:plan-edit", plan.pk)
    return _render_edit(request, _plan_for_edit(request, pk), form=form)


def _section_response(request, plan: Plan, kind: str, *, bound=None, stale=None, ok: bool):
    if not request.htmx:
        if ok:
            return redirect(f"{reverse('plans:plan-edit', args=[plan.pk])}#section-{kind}")
        return _render_edit(request, plan, bound=bound, bound_kind=kind, stale=stale)
    plan = _plan_for_edit(request, plan.pk)
    ctx = {"plan": plan, "section": _section(plan, kind, bound, None, stale), "oob_version": True}
    return render(request, "plans/includes/_part_section.html", ctx)


def _part_fields(form, kind: str) -> dict:
    return {name: form.cleaned_data[name] for name in services.PART_FIELDS[kind] if name in form.cleaned_data}


def _kind(kind: str) -> str:
    if kind not in PART_FORMS:
        raise Http404
    return kind


@login_required
@require_POST
def plan_part_add(request, pk: int, kind: str):
    kind = _kind(kind)
    plan = _plan_for_edit(request, pk)
    parent = None
    prefix = f"new-{kind}"
    if kind == "solution" and request.POST.get("parent"):
        parent_id = request.POST["parent"]
        if not parent_id.isdigit():
            raise Http404(_("Không tìm thấy giải pháp."))
        parent = get_object_or_404(Solution, plan=plan, parent=None, pk=int(parent_id))
        prefix = f"new-solution-{parent.pk}"
    form = _part_form(kind, plan, request.POST, prefix=prefix)
    stale = None
    if form.is_valid():
        try:
            services.plan_part_add(
                plan=plan,
                user=request.user,
                kind=kind,
                version=_version(request),
                fields=_part_fields(form, kind),
                parent=parent,
            )
        except services.StalePlanError as error:
            stale = _stale(error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _section_response(request, plan, kind, ok=True)
    return _section_response(request, plan, kind, bound={prefix: form}, stale=stale, ok=False)


def _part(plan: Plan, kind: str, part_pk: int):
    return get_object_or_404(services.PART_MODELS[kind], plan=plan, pk=part_pk)


@login_required
def plan_part_edit(request, pk: int, kind: str, part_pk: int):
    """GET: the item's form in place (htmx) or the edit page opened on it;
    POST: save it and show the item again."""
    kind = _kind(kind)
    plan = _plan_for_edit(request, pk)
    part = _part(plan, kind, part_pk)
    prefix = f"{kind}-{part.pk}"
    if request.method != "POST":
        if not request.htmx:
            return redirect(f"{reverse('plans:plan-edit', args=[plan.pk])}?edit={prefix}#part-{prefix}")
        show_form = request.GET.get("mode") != "view"
        form = _part_form(kind, plan, instance=part, prefix=prefix) if show_form else None
        item = _item(kind, plan, part, {prefix: form} if form else {}, None)
        return render(request, "plans/includes/_part_item.html", {"plan": plan, "item": item})
    form = _part_form(kind, plan, request.POST, instance=part, prefix=prefix)
    stale = None
    if form.is_valid():
        try:
            services.plan_part_update(
                part=part, user=request.user, version=_version(request), fields=_part_fields(form, kind)
            )
        except services.StalePlanError as error:
            stale = _stale(error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if not request.htmx:
                return redirect(f"{reverse('plans:plan-edit', args=[plan.pk])}#part-{prefix}")
            plan = _plan_for_edit(request, pk)
            item = _item(kind, plan, _part(plan, kind, part_pk), {}, None)
            return render(request, "plans/includes/_part_item.html", {"plan": plan, "item": item, "oob_version": True})
    if not request.htmx:
        return _render_edit(request, plan, bound={prefix: form}, bound_kind=kind, stale=stale)
    item = _item(kind, plan, _part(plan, kind, part_pk), {prefix: form}, None)
    ctx = {"plan": _plan_for_edit(request, pk), "item": item, "stale": stale, "oob_version": True}
    return render(request, "plans/includes/_part_item.html", ctx)


@login_required
@require_POST
def plan_part_delete(request, pk: int, kind: str, part_pk: int):
    kind = _kind(kind)
    plan = _plan_for_edit(request, pk)
    stale = None
    try:
        services.plan_part_delete(part=_part(plan, kind, part_pk), user=request.user, version=_version(request))
    except services.StalePlanError as error:
        stale = _stale(error)
    except ValidationError as error:
        stale = {"message": error.messages[0]}
    return _section_response(request, plan, kind, stale=stale, ok=stale is None)


@login_required
@require_POST
def plan_part_move(request, pk: int, kind: str, part_pk: int):
    kind = _kind(kind)
    plan = _plan_for_edit(request, pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    stale = None
    try:
        services.plan_part_move(
            part=_part(plan, kind, part_pk), user=request.user, version=_version(request), offset=offset
        )
    except services.StalePlanError as error:
        stale = _stale(error)
    return _section_response(request, plan, kind, stale=stale, ok=stale is None)


# --- Workflow ---------------------------------------------------------------------


def _detail_context(request, plan: Plan, **extra) -> dict:
    perms = access.plan_permissions(request.user, plan)
    ctx = {
        "plan": plan,
        "outline": build_outline(plan),
        "number_line": number_line(plan.number, plan.symbol),
        "date_line": date_line(plan.place, plan.issued_on),
        # Broken after the body's name, as in the PDF and DOCX, not wherever the column ends.
        "issuer_lines": issuer_lines(plan.issuer_name),
        "can_edit": perms["edit"],
        "perms": perms,
        "superseded_by": list(plan.superseded_by.all()),
        "remarks": list(plan.remarks.select_related("author", "resolved_by")) if perms["see_remarks"] else [],
        "return_form": plan_forms.ReturnForm(),
        "remark_form": plan_forms.RemarkForm(),
        "progress": progress.plan_progress(plan) if plan.is_issued else None,
    }
    ctx.update(extra)
    return ctx


def _step(request, pk: int, allowed, service, done: str, **kwargs):
    """One workflow step: 404 to outsiders, 403 to those without the role,
    the service's refusal (a double click, a wrong state) as a message."""
    plan = access.get_plan_for_user(request.user, pk)
    if not allowed(request.user, plan):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    try:
        result = service(plan=plan, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(request, done)
    return redirect(result)


@login_required
@require_POST
def plan_submit(request, pk: int):
    return _step(request, pk, access.is_plan_editor, services.plan_submit, _("Đã trình kế hoạch, chờ lãnh đạo duyệt."))


@login_required
@require_POST
def plan_approve(request, pk: int):
    return _step(request, pk, access.can_approve_plan, services.plan_approve, _("Đã duyệt kế hoạch."))


@login_required
def plan_issue(request, pk: int):
    """GET: confirm the issue and choose its date; POST: issue and distribute.

    Issuing takes a number that can never be given back (Decree 30), so it
    is a deliberate second step rather than a single click on the plan page.
    """
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_approve_plan(request.user, plan):
        raise PermissionDenied(_("Bạn không có quyền ban hành kế hoạch."))
    if plan.status != Plan.Status.APPROVED:
        messages.info(request, _("Chỉ kế hoạch đã được duyệt mới có thể ban hành."))
        return redirect(plan)
    form = plan_forms.IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Distribution belongs to the reports app (DESIGN §3): this is the one
        # place plans calls into it. Deliveries are made in the issue's own
        # transaction (a plan is never issued without them); their e-mails are
        # queued after it commits and sent by the worker.
        from reports.distribution import plan_distribute

        try:
            with transaction.atomic():
                plan = services.plan_issue(plan=plan, user=request.user, issued_on=form.cleaned_data["issued_on"])
                deliveries = plan_distribute(plan=plan, user=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ban hành kế hoạch, số %(number)s, và gửi cho %(count)d nơi nhận.")
                % {"number": plan.number_label, "count": len(deliveries)},
            )
            return redirect(plan)
    ctx = {
        "plan": plan,
        "form": form,
        "recipients": plan.recipients.select_related("organization"),
    }
    return render(request, "plans/plan_issue.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def plan_return(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, prefetch_plan_text(Plan.objects.all()))
    if not access.can_approve_plan(request.user, plan):
        raise PermissionDenied(_("Bạn không có quyền trả lại kế hoạch."))
    form = plan_forms.ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.plan_return(plan=plan, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã trả lại kế hoạch để người soạn sửa."))
            return redirect(plan)
    ctx = _detail_context(request, plan, return_form=form, open_return=True)
    return render(request, "plans/plan_detail.html", ctx, status=400)


@login_required
@require_POST
def plan_copy(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_copy_plan(request.user, plan):
        raise PermissionDenied(_("Bạn không có quyền sao chép kế hoạch này."))
    try:
        copy = services.plan_copy(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    # The copy's text moved "năm <year>" on (services.year_mentions_move); a rule cannot be sure, so say so.
    messages.success(
        request,
        _(
            "Đã tạo dự thảo năm %(year)s từ kế hoạch năm %(source)s. Những chỗ ghi “năm %(source)s” trong trích yếu, "
            "lời mở đầu, câu kết, mục tiêu và nhiệm vụ đã được đổi thành “năm %(year)s”; hãy rà soát lại."
        )
        % {"year": copy.year, "source": plan.year},
    )
    return redirect("plans:plan-edit", copy.pk)


@login_required
@require_POST
def plan_amend(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    if not access.is_commune_member(request.user, plan):
        raise PermissionDenied(_("Bạn không có quyền sửa đổi kế hoạch này."))
    try:
        amendment = services.plan_amend(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(request, _("Đã tạo dự thảo sửa đổi; kế hoạch cũ vẫn giữ nguyên đến khi bản này được ban hành."))
    return redirect("plans:plan-edit", amendment.pk)


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


@login_required
@require_POST
def remark_add(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, prefetch_plan_text(Plan.objects.all()))
    if not access.can_review_plan(request.user, plan):
        raise PermissionDenied(_("Chỉ phòng chuyên môn cấp trên góp ý được."))
    form = plan_forms.RemarkForm(request.POST)
    if form.is_valid():
        try:
            services.remark_add(plan=plan, user=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã gửi góp ý."))
            return redirect(f"{plan.get_absolute_url()}#gop-y")
    return render(request, "plans/plan_detail.html", _detail_context(request, plan, remark_form=form), status=400)


@login_required
@require_POST
def remark_resolve(request, pk: int, remark_pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    remark = get_object_or_404(Remark, plan=plan, pk=remark_pk)
    if not access.can_resolve_remark(request.user, plan):
        raise PermissionDenied(_("Chỉ cán bộ, lãnh đạo của xã đánh dấu đã xử lý góp ý được."))
    services.remark_resolve(remark=remark, user=request.user)
    messages.success(request, _("Đã đánh dấu góp ý là đã xử lý."))
    return redirect(f"{plan.get_absolute_url()}#gop-y")


# --- Import from a file -------------------------------------------------------------

IMPORT_SESSION_KEY = "plan_imports"
IMPORT_KEEP = 3  # previews kept per session; older ones are dropped


def _import_store(request, result, issuer) -> str:
    """Keep a parsed import on the server between preview and save, so the
    save step trusts nothing the browser sends but the token."""
    import secrets
    from dataclasses import asdict

    pending = request.session.get(IMPORT_SESSION_KEY, {})
    token = secrets.token_urlsafe(16)
    pending[token] = {
        "issuer": issuer.pk,
        "name": result.name,
        "data": result.data,
        "source": result.source,
        "text": result.text,
        "repairs": [asdict(r) for r in result.repairs],
        "warnings": result.warnings,
        "kind": result.kind,
        "encoding": result.encoding,
    }
    request.session[IMPORT_SESSION_KEY] = dict(list(pending.items())[-IMPORT_KEEP:])
    return token


def _import_preview(request, token: str, stored: dict, *, error: str = "", status: int = 200):
    from plans.imports import preview_context

    ctx = {"token": token, "issuer": get_object_or_404(Organization, pk=stored["issuer"]), "error": error}
    ctx.update(preview_context(stored))
    return render(request, "plans/plan_import_preview.html", ctx, status=status)


@login_required
def plan_import(request):
    """Upload a .docx, .txt or .json plan, preview what was read and the
    repairs made, then save it as a draft."""
    from plans.imports import fill_header_from_issuer, import_file

    issuers = access.editor_organizations(request.user)
    if not issuers:
        raise PermissionDenied(_("Bạn không có quyền nhập kế hoạch."))
    if request.method == "POST" and "token" in request.POST:
        return _plan_import_save(request, issuers)
    form = plan_forms.PlanImportForm(request.POST or None, request.FILES or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_file(upload.name, upload.read())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            result.name = upload.name
            fill_header_from_issuer(result, form.cleaned_data["issuer"])
            token = _import_store(request, result, form.cleaned_data["issuer"])
            return _import_preview(request, token, request.session[IMPORT_SESSION_KEY][token])
    return render(request, "plans/plan_import.html", {"form": form}, status=400 if form.errors else 200)


def _plan_import_save(request, issuers):
    token = request.POST["token"]
    stored = request.session.get(IMPORT_SESSION_KEY, {}).get(token)
    if stored is None:
        messages.error(request, _("Bản xem trước đã hết hạn hoặc đã được lưu. Hãy tải tệp lên lại."))
        return redirect("plans:plan-import")
    issuer = next((o for o in issuers if o.pk == stored["issuer"]), None)
    if issuer is None:
        raise PermissionDenied(_("Bạn không có quyền nhập kế hoạch cho cơ quan này."))
    try:
        plan = services.plan_import(data=stored["data"], issuer=issuer, user=request.user)
    except ValidationError as error:
        return _import_preview(request, token, stored, error=" ".join(error.messages), status=400)
    pending = request.session[IMPORT_SESSION_KEY]
    pending.pop(token, None)
    request.session[IMPORT_SESSION_KEY] = pending
    messages.success(request, _("Đã lưu kế hoạch nhập từ tệp thành dự thảo. Hãy rà soát lại trước khi trình."))
    return redirect(plan)
