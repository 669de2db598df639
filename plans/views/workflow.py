"""A plan's steps: submit, approve, return, issue; copy and amend; the
district's remarks. Each view asks access for the right its step needs,
then leaves the state checks to the service (plans/services/lifecycle.py)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.twofactor.fresh import require_fresh_second_factor
from plans import access, services
from plans import forms as plan_forms
from plans.views.documents import add_errors, button_step, form_step
from plans.views.pages import plan_page_context, plan_with_text


@login_required
@require_POST
def plan_submit(request, pk: int):
    """Submit for approval. Tasks dated outside the plan's year do not stop
    it, but the author sees them listed first and submits with a second,
    deliberate click, before the chairman reads the plan."""
    plan = access.get_plan_for_user(request.user, pk, may="submit")
    warnings = services.plan_submit_warnings(plan) if plan.is_editable else []
    if warnings and "confirm" not in request.POST:
        return render(request, "plans/plan_submit.html", {"plan": plan, "warnings": warnings})
    return button_step(
        request,
        plan,
        partial(services.plan_submit, plan=plan, user=request.user),
        _("Đã trình kế hoạch, chờ lãnh đạo duyệt."),
    )


@login_required
@require_POST
def plan_approve(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, may="approve")
    return button_step(
        request, plan, partial(services.plan_approve, plan=plan, user=request.user), _("Đã duyệt kế hoạch.")
    )


@login_required
def plan_issue(request, pk: int):
    """GET: confirm the issue and choose its date; POST: issue and distribute.

    Issuing takes a number that can never be given back (Decree 30), so it
    is a deliberate second step rather than a single click on the plan page.
    """
    plan = access.get_plan_for_user(request.user, pk, may="issue")
    if plan.status != plan.Status.APPROVED:
        messages.info(request, _("Chỉ kế hoạch đã được duyệt mới có thể ban hành."))
        return redirect(plan)
    # The number is taken for good: a code given lately, on the page and again on sending it.
    again = require_fresh_second_factor(request, request.path)
    if again:
        return again
    signer = plan.signer_name or request.user.get_full_name()
    form = plan_forms.IssueForm(request.POST if request.method == "POST" else None, signer=signer)
    if request.method == "POST":
        issued = form_step(
            request,
            form,
            lambda data: services.plan_issue(
                plan=plan, user=request.user, issued_on=data["issued_on"], signer_name=data["signer_name"]
            ),
            lambda issued: (
                _("Đã ban hành kế hoạch, số %(number)s, và gửi cho %(count)d nơi nhận.")
                % {"number": issued.number_label, "count": issued.recipients_reached}
            ),
        )
        if issued:
            return redirect(issued)
    ctx = {"plan": plan, "form": form, "recipients": plan.recipients.select_related("organization")}
    return render(request, "plans/plan_issue.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def plan_return(request, pk: int):
    plan = plan_with_text(request, pk, may="return")
    form = plan_forms.ReturnForm(request.POST)
    returned = form_step(
        request,
        form,
        lambda data: services.plan_return(plan=plan, user=request.user, reason=data["reason"]),
        lambda _plan: _("Đã trả lại kế hoạch để người soạn sửa."),
    )
    if returned:
        return redirect(returned)
    ctx = plan_page_context(request, plan, return_form=form, open_return=True)
    return render(request, "plans/plan_detail.html", ctx, status=400)


@login_required
def plan_copy(request, pk: int):
    """GET: the year proposed for the copy (services.copy_year_proposal),
    changeable, and the plans that year already has, each to open instead of
    making another; POST: make the copy (a reason if the year has a plan)."""
    plan = access.get_plan_for_user(request.user, pk, may="copy")
    form = plan_forms.PlanCopyForm(request.POST or None, initial={"year": services.copy_year_proposal(plan)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copy = services.plan_copy(
                plan=plan, user=request.user, year=data["year"], additional_reason=data["additional_reason"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            # The copy's text moved "năm <year>" on (services.year_mentions_move); a rule cannot be sure, so say so.
            messages.success(
                request,
                _(
                    "Đã tạo dự thảo năm %(year)s từ kế hoạch năm %(source)s. Những chỗ ghi “năm %(source)s” trong "
                    "trích yếu, lời mở đầu, câu kết, mục tiêu và nhiệm vụ đã được đổi thành “năm %(year)s”; hãy rà "
                    "soát lại."
                )
                % {"year": copy.year, "source": plan.year},
            )
            return redirect("plans:plan-edit", copy.pk)
    year = form.cleaned_data["year"] if form.is_bound and "year" in form.cleaned_data else form["year"].initial
    ctx = {
        "plan": plan,
        "form": form,
        "year": year,
        "live": services.live_plans(issuer=plan.issuer, year=year, document_type=plan.document_type),
    }
    return render(request, "plans/plan_copy.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def plan_amend(request, pk: int):
    plan = access.get_plan_for_user(request.user, pk, may="amend")
    try:
        amendment = services.plan_amend(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(request, _("Đã tạo dự thảo sửa đổi; kế hoạch cũ vẫn giữ nguyên đến khi bản này được ban hành."))
    return redirect("plans:plan-edit", amendment.pk)


@login_required
@require_POST
def remark_add(request, pk: int):
    plan = plan_with_text(request, pk, may="review")
    form = plan_forms.RemarkForm(request.POST)
    added = form_step(
        request,
        form,
        lambda data: services.remark_add(plan=plan, user=request.user, body=data["body"]),
        lambda _remark: _("Đã gửi góp ý."),
    )
    if added:
        return redirect(f"{plan.get_absolute_url()}#gop-y")
    return render(request, "plans/plan_detail.html", plan_page_context(request, plan, remark_form=form), status=400)


@login_required
@require_POST
def remark_resolve(request, pk: int, remark_pk: int):
    plan = access.get_plan_for_user(request.user, pk)
    remark = access.get_remark(plan, remark_pk)  # another plan's remark is not found, whoever asks
    access.require(request.user, plan, access.PLAN_RULES, "resolve-remark")
    services.remark_resolve(remark=remark, user=request.user)
    messages.success(request, _("Đã đánh dấu góp ý là đã xử lý."))
    return redirect(f"{plan.get_absolute_url()}#gop-y")
