"""Who sees and who changes a cooperative's registry profile and its OCOP products.

Seen by the unit roles (editor, approver, reviewer) of the cooperative's
commune and of the units above it (cooperatives/memberships.py, as the
district pages decide), and by the cooperative's own members. Changed
directly only by the editors of the commune's people's committee: the
district office follows and comments (DESIGN: it reads), it does not
rewrite a commune's registry. The cooperative's staff propose changes to
their profile, which the commune accepts or refuses, and keep their OCOP
products themselves, as the commune's editors may. Another commune's
cooperative is a 404; a member without the right asked for gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cooperatives.memberships import UNIT_ROLES, Role, memberships, visible_unit_ids
from cooperatives.models import Cooperative, OcopProduct, Organization

# The roles of a cooperative's own members.
STAFF_ROLES = (Role.REPORTER, Role.DIRECTOR)


def cooperatives_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Cooperative.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    own = {m.organization_id for m in memberships(user) if m.role in STAFF_ROLES}
    return queryset.filter(Q(organization__unit__in=visible_unit_ids(user)) | Q(organization__in=own))


def may_see(user, cooperative: Cooperative) -> bool:
    """cooperatives_visible_to for one cooperative (its organisation loaded), without a query of its own."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or cooperative.organization.unit_id in visible_unit_ids(user)
        or is_staff_of(user, cooperative)
    )


def sees_registry(user) -> bool:
    """Whether the registry is in the user's menu: someone who sees a cooperative."""
    if not user.is_authenticated:
        return False
    # A unit role always sees its own unit (visible_unit_ids): known from the memberships, with no query.
    return user.is_superuser or any(m.role in UNIT_ROLES or m.role in STAFF_ROLES for m in memberships(user))


def is_commune_editor(user, cooperative: Cooperative) -> bool:
    """An editor of a people's committee of the cooperative's own unit."""
    if user.is_superuser:
        return True
    unit_id = cooperative.organization.unit_id
    return any(
        m.role == Role.EDITOR
        and m.organization.unit_id == unit_id
        and m.organization.kind == Organization.Kind.PEOPLES_COMMITTEE
        for m in memberships(user)
    )


def is_staff_of(user, cooperative: Cooperative) -> bool:
    return any(m.organization_id == cooperative.organization_id and m.role in STAFF_ROLES for m in memberships(user))


def can_propose(user, cooperative: Cooperative) -> bool:
    return is_staff_of(user, cooperative) and not is_commune_editor(user, cooperative)


def can_keep_products(user, cooperative: Cooperative) -> bool:
    return is_commune_editor(user, cooperative) or is_staff_of(user, cooperative)


_RULES = {
    "view": (),
    "edit": ((is_commune_editor, _("Chỉ cán bộ soạn thảo của UBND xã sửa được hồ sơ hợp tác xã.")),),
    "propose": ((can_propose, _("Chỉ thành viên của hợp tác xã đề xuất cập nhật hồ sơ được.")),),
    "products": ((can_keep_products, _("Chỉ cán bộ của xã và thành viên hợp tác xã cập nhật sản phẩm OCOP được.")),),
}


def _require(user, cooperative: Cooperative, may: str) -> None:
    for allowed, message in _RULES[may]:
        if not allowed(user, cooperative):
            raise PermissionDenied(message)


def get_cooperative_for_user(user, pk: int, *, may: str = "view") -> Cooperative:
    """The cooperative if the user sees it (404 otherwise) and holds the right `may` (403 otherwise)."""
    cooperative = (
        cooperatives_visible_to(user).select_related("organization", "organization__unit").filter(pk=pk).first()
    )
    if cooperative is None:
        raise Http404("Không tìm thấy hợp tác xã.")
    _require(user, cooperative, may)
    return cooperative


def get_product_for_user(user, pk: int, *, may: str = "view") -> OcopProduct:
    visible = cooperatives_visible_to(user).values("pk")
    product = (
        OcopProduct.objects.filter(pk=pk, cooperative__in=visible)
        .select_related("group", "cooperative__organization__unit")
        .first()
    )
    if product is None:
        raise Http404("Không tìm thấy sản phẩm OCOP.")
    _require(user, product.cooperative, may)
    return product


def permissions(user, cooperative: Cooperative) -> dict[str, bool]:
    return {
        "edit": is_commune_editor(user, cooperative),
        "propose": can_propose(user, cooperative),
        "products": can_keep_products(user, cooperative),
        "decide": is_commune_editor(user, cooperative),
    }
