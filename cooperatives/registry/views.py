"""The cooperative registry: the list of the cooperatives a user sees, a
cooperative's profile with its plans, tasks and products, the commune's
edit and the cooperative's proposals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.models import AdministrativeUnit, CooperativeProposal
from cooperatives.registry import access, services
from cooperatives.registry.forms import CooperativeForm, ProposalForm, RefuseForm, RegistryFilterForm
from cooperatives.registry.history import cooperative_history
from cooperatives.registry.pages import profile_context
from cooperatives.registry.queries import labelled, registry_rows

PER_PAGE = 25


def _filtered(rows, form: RegistryFilterForm):
    if not form.is_valid():
        return rows
    data = form.cleaned_data
    if data.get("status"):
        rows = rows.filter(status=data["status"])
    if data.get("commune"):
        rows = rows.filter(organization__unit=data["commune"])
    if data.get("rating") == "none":
        rows = rows.filter(latest_rating_rating__isnull=True)
    elif data.get("rating"):
        rows = rows.filter(latest_rating_rating=data["rating"])
    return rows


@login_required
def registry(request):
    visible = access.cooperatives_visible_to(request.user)
    communes = AdministrativeUnit.objects.filter(pk__in=visible.values("organization__unit")).order_by("name")
    form = RegistryFilterForm(request.GET or None, communes=list(communes))
    rows = _filtered(registry_rows(visible), form).order_by("organization__unit__name", "organization__short_name")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"form": form, "page": page, "cooperatives": labelled(page.object_list), "query": query.urlencode()}
    return render(request, "cooperatives/registry/registry_list.html", ctx)


@login_required
def registry_detail(request, pk: int):
    cooperative = access.get_cooperative_for_user(request.user, pk)
    return render(request, "cooperatives/registry/registry_detail.html", profile_context(request, cooperative))


@login_required
def registry_edit(request, pk: int):
    cooperative = access.get_cooperative_for_user(request.user, pk, may="edit")
    form = CooperativeForm(request.POST or None, instance=cooperative)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.REGISTRY_FIELDS}
        try:
            services.cooperative_update(
                cooperative=cooperative, user=request.user, version=form.cleaned_data["version"], fields=fields
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu hồ sơ hợp tác xã."))
            return redirect(cooperative.get_absolute_url())
    ctx = {"cooperative": cooperative, "form": form, "history": cooperative_history(cooperative)}
    return render(request, "cooperatives/registry/registry_edit.html", ctx)


@login_required
def registry_propose(request, pk: int):
    cooperative = access.get_cooperative_for_user(request.user, pk, may="propose")
    form = ProposalForm(request.POST or None, instance=cooperative)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.REGISTRY_FIELDS}
        try:
            services.proposal_create(
                cooperative=cooperative, user=request.user, fields=fields, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã gửi đề xuất. UBND xã sẽ xem xét và cập nhật hồ sơ."))
            return redirect(cooperative.get_absolute_url())
    return render(request, "cooperatives/registry/registry_propose.html", {"cooperative": cooperative, "form": form})


def _proposal(cooperative, proposal_id: int) -> CooperativeProposal:
    proposal = cooperative.proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404("Không tìm thấy đề xuất.")
    return proposal


@login_required
@require_POST
def proposal_accept(request, pk: int, proposal_id: int):
    cooperative = access.get_cooperative_for_user(request.user, pk, may="edit")
    proposal = _proposal(cooperative, proposal_id)
    try:
        services.proposal_accept(proposal=proposal, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã chấp nhận đề xuất và cập nhật hồ sơ."))
    return redirect(cooperative.get_absolute_url())


@login_required
def proposal_refuse(request, pk: int, proposal_id: int):
    cooperative = access.get_cooperative_for_user(request.user, pk, may="edit")
    proposal = _proposal(cooperative, proposal_id)
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_refuse(proposal=proposal, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã trả lời đề xuất: không chấp nhận."))
            return redirect(cooperative.get_absolute_url())
    ctx = {"cooperative": cooperative, "proposal": proposal, "form": form}
    return render(request, "cooperatives/registry/proposal_refuse.html", ctx)
