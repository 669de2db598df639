"""Writing a draft: a new plan, its own fields, and the parts of its text,
edited in place with htmx (and without it, by whole-page posts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plans import access, history, services
from plans import forms as plan_forms
from plans.models import Plan
from plans.views.documents import add_errors, form_at_current_version, posted_version
from plans.views.pages import plan_with_text

SECTIONS = [
    ("legal-basis", gettext_lazy("Thêm căn cứ"), "legal_bases"),
    ("objective", gettext_lazy("Thêm mục tiêu"), "objectives"),
    ("task", gettext_lazy("Thêm nhiệm vụ"), "tasks"),
    ("solution", gettext_lazy("Thêm giải pháp"), "solutions"),
    ("extra", gettext_lazy("Thêm mục khác"), "extra_sections"),
    ("recipient", gettext_lazy("Thêm nơi nhận"), "recipients"),
    ("appendix", gettext_lazy("Thêm phụ lục"), "appendices"),
]


PART_FORMS = {
    "legal-basis": plan_forms.LegalBasisForm,
    "objective": plan_forms.ObjectiveForm,
    "task": plan_forms.TaskForm,
    "solution": plan_forms.SolutionForm,
    "extra": plan_forms.ExtraSectionForm,
    "recipient": plan_forms.RecipientForm,
    "appendix": plan_forms.AppendixForm,
}


def _stale(error: services.StalePlanError) -> dict:
    """What the other person changed since the form was read, from the history."""
    return {
        "message": error.messages[0],
        "events": history.events_between(history.plan_events(error.plan), error.since_version),
        "version": error.plan.version,
    }


def _part_form(kind: str, plan: Plan, *args, **kwargs):
    if kind in ("task", "recipient"):
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
    return plan_with_text(request, pk, may="edit")


def _render_edit(
    request, plan: Plan, *, form=None, bound=None, bound_kind=None, stale=None, duplicate=None, status=200
):
    """The edit page; a refused form (`form`, or a part's in `bound`) is
    summed up at its top with a link to each field in error."""
    editing = request.GET.get("edit")
    form = form or plan_forms.PlanForm(instance=plan)
    refused = [f for f in [form, *(bound or {}).values()] if f.is_bound and f.errors]
    ctx = {
        "plan": plan,
        "form": form,
        "refused": refused[:1],
        "live": duplicate,
        "year": form.data.get("year") if duplicate else plan.year,
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
    issuers = access.get_issuers_for_user(request.user, _("Bạn không có quyền soạn kế hoạch."))
    # The reason is asked once the issuer is known to have a plan that year.
    ask_reason = "additional_reason" in request.POST
    form = plan_forms.PlanCreateForm(request.POST or None, issuers=issuers, ask_reason=ask_reason)
    duplicate = year = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                user=request.user,
                issuer=data["issuer"],
                year=data["year"],
                title=data["title"],
                cooperatives=data["cooperatives"],
                additional_reason=data.get("additional_reason", ""),
            )
        except services.DuplicatePlanError as error:
            duplicate, year = error.existing, data["year"]
            form = plan_forms.PlanCreateForm(request.POST, issuers=issuers, ask_reason=True)
            form.is_valid()
            add_errors(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo. Hãy điền các phần của kế hoạch bên dưới."))
            return redirect("plans:plan-edit", plan.pk)
    return render(request, "plans/plan_create.html", {"form": form, "live": duplicate, "year": year})


@login_required
def plan_edit(request, pk: int):
    plan = _plan_for_edit(request, pk)
    if request.method != "POST":
        return _render_edit(request, plan)
    form = plan_forms.PlanForm(request.POST, instance=plan)
    duplicate = None
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        try:
            services.plan_update(
                plan=plan,
                user=request.user,
                version=form.cleaned_data["version"],
                cooperatives=form.cleaned_data["cooperatives"],
                additional_reason=form.cleaned_data["additional_reason"],
                **fields,
            )
        except services.StalePlanError as error:
            fresh = _plan_for_edit(request, pk)
            form = form_at_current_version(plan_forms.PlanForm, request, fresh)
            return _render_edit(request, fresh, form=form, stale=_stale(error), status=409)
        except services.DuplicatePlanError as error:
            duplicate = error.existing
            add_errors(form, error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin chung."))
            return redirect("plans:plan-edit", plan.pk)
    return _render_edit(request, _plan_for_edit(request, pk), form=form, duplicate=duplicate)


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
        parent = access.get_plan_part(plan, "solution", int(parent_id), top_level=True)
        prefix = f"new-solution-{parent.pk}"
    form = _part_form(kind, plan, request.POST, prefix=prefix)
    stale = None
    if form.is_valid():
        try:
            services.plan_part_add(
                plan=plan,
                user=request.user,
                kind=kind,
                version=posted_version(request),
                fields=_part_fields(form, kind),
                parent=parent,
            )
        except services.StalePlanError as error:
            stale = _stale(error)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return _section_response(request, plan, kind, ok=True)
    return _section_response(request, plan, kind, bound={prefix: form}, stale=stale, ok=False)


def _part(plan: Plan, kind: str, part_pk: int):
    return access.get_plan_part(plan, kind, part_pk)


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
                part=part, user=request.user, version=posted_version(request), fields=_part_fields(form, kind)
            )
        except services.StalePlanError as error:
            stale = _stale(error)
        except ValidationError as error:
            add_errors(form, error)
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
        services.plan_part_delete(part=_part(plan, kind, part_pk), user=request.user, version=posted_version(request))
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
            part=_part(plan, kind, part_pk), user=request.user, version=posted_version(request), offset=offset
        )
    except services.StalePlanError as error:
        stale = _stale(error)
    except ValidationError as error:
        stale = {"message": error.messages[0]}
    return _section_response(request, plan, kind, stale=stale, ok=stale is None)
