"""The administrator's organisations: the list by unit, a new commune, a
new organisation, an edit, and the account cards shown once."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cooperatives.models import AdministrativeUnit, Membership
from cooperatives.orgadmin import access
from cooperatives.orgadmin.forms import CommuneForm, OrganizationCreateForm, OrganizationForm
from cooperatives.orgadmin.services import commune_create, organization_create, organization_update
from cooperatives.people.rules import LEADER_ROLES

CARDS_KEY = "orgadmin_cards"


def _unit_path(unit: AdministrativeUnit) -> tuple[str, ...]:
    names = []
    while unit is not None:
        names.append(unit.name)
        unit = unit.parent
    return tuple(reversed(names))


@login_required
def organization_list(request):
    units = list(access.units_for_user(request.user).select_related("parent__parent"))
    leaders = Membership.objects.filter(role__in=LEADER_ROLES, user__is_active=True).select_related("user")
    organizations = (
        access.organizations_for_user(request.user)
        .annotate(member_count=Count("memberships__user", distinct=True))
        .prefetch_related(Prefetch("memberships", queryset=leaders, to_attr="leader_memberships"))
        .order_by("kind", "short_name")
    )
    by_unit: dict[int, list] = {}
    for organization in organizations:
        names = {m.user.get_full_name() or m.user.username for m in organization.leader_memberships}
        organization.leader_names = sorted(names)
        by_unit.setdefault(organization.unit_id, []).append(organization)
    groups = [{"unit": unit, "organizations": by_unit.get(unit.pk, [])} for unit in sorted(units, key=_unit_path)]
    created = next((o for o in organizations if str(o.pk) == request.GET.get("created")), None)
    return render(request, "cooperatives/orgadmin/organization_list.html", {"groups": groups, "created": created})


def _cards_keep(request, cards: list[dict]) -> None:
    # The one-time passwords live only in the session until the cards page
    # shows them: a reload of that page shows them no more.
    request.session[CARDS_KEY] = cards


@login_required
def commune_new(request):
    parents = access.commune_parents(request.user)
    if not parents.exists():
        messages.error(request, _("Bạn không quản trị huyện hay tỉnh nào nên không thêm được xã."))
        return redirect("orgadmin:organization-list")
    form = CommuneForm(request.POST or None, parents=parents, initial={"parent": parents.first()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee, card = commune_create(
                actor=request.user,
                parent=data["parent"],
                code=data["code"],
                name=data["name"],
                email=data["email"],
                identifier_code=data["identifier_code"],
                leader=form.leader(),
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Đã thêm %(unit)s và %(org)s.") % {"unit": committee.unit, "org": committee})
            if card:
                _cards_keep(request, [card])
                return redirect("orgadmin:cards")
            return redirect(reverse("orgadmin:organization-list") + f"?created={committee.pk}#org-{committee.pk}")
    return render(request, "cooperatives/orgadmin/commune_form.html", {"form": form})


def _forms_kwargs(user) -> dict:
    return {"units": access.units_for_user(user), "parents": access.governing_bodies(user)}


@login_required
def organization_new(request):
    form = OrganizationCreateForm(request.POST or None, **_forms_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organization, card = organization_create(
                actor=request.user,
                organization=form.save(commit=False),
                registration_code=data.get("registration_code", ""),
                founded_on=data.get("founded_on"),
                leader=form.leader(),
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Đã thêm %(org)s.") % {"org": organization})
            if card:
                _cards_keep(request, [card])
                return redirect("orgadmin:cards")
            return redirect(reverse("orgadmin:organization-list") + f"#org-{organization.pk}")
    return render(request, "cooperatives/orgadmin/organization_form.html", {"form": form, "creating": True})


@login_required
def organization_edit(request, pk: int):
    organization = access.get_organization_for_user(request.user, pk)
    form = OrganizationForm(request.POST or None, instance=organization, **_forms_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = [str(form.fields[name].label) for name in form.changed_data]
        try:
            organization_update(
                actor=request.user,
                organization=form.save(commit=False),
                changed=changed,
                registration_code=data.get("registration_code"),
                founded_on=data.get("founded_on"),
            )
        except ValidationError as refused:
            form.add_error(None, refused.messages)
        else:
            messages.success(request, _("Đã lưu %(org)s.") % {"org": organization})
            return redirect(reverse("orgadmin:organization-list") + f"#org-{organization.pk}")
    return render(
        request,
        "cooperatives/orgadmin/organization_form.html",
        {"form": form, "creating": False, "organization": organization},
    )


@never_cache
@login_required
def cards(request):
    access.units_for_user(request.user)
    shown = request.session.pop(CARDS_KEY, None)
    if not shown:
        messages.info(
            request,
            _("Phiếu tài khoản chỉ hiện một lần. Người nào mất mật khẩu thì cấp lại ở trang Thành viên của tổ chức."),
        )
        return redirect("orgadmin:organization-list")
    sign_in = settings.SITE_URL + reverse("login")
    return render(request, "cooperatives/orgadmin/cards.html", {"cards": shown, "sign_in": sign_in})
