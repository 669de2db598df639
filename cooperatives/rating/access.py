"""Who sees and does what on a cooperative's rating.

- The cooperative's staff (reporter, director) fill their own self-assessment.
- The commune: editors and approvers of the People's Committee of the
  cooperative's commune review it once it is submitted; a draft is the
  cooperative's own until then.
- The district: reviewers (and heads) of an office above the commune, as
  the district pages decide (a reviewer's units and those below), confirm.

Anyone else gets 404, as for every object of another commune."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from cooperatives.memberships import Role, memberships, units_under
from cooperatives.models import AdministrativeUnit, Cooperative, Organization

COOPERATIVE_ROLES = (Role.REPORTER, Role.DIRECTOR)
COMMUNE_ROLES = (Role.EDITOR, Role.APPROVER)
DISTRICT_ROLES = (Role.REVIEWER, Role.HEAD)


@dataclass(frozen=True)
class RatingRoles:
    cooperative: bool = False  # fills the self-assessment
    commune: bool = False  # reviews
    district: bool = False  # confirms

    @property
    def any(self) -> bool:
        return self.cooperative or self.commune or self.district


def _district_unit_ids(user) -> set[int]:
    cached = getattr(user, "_htx_rating_district_units", None)
    if cached is None:
        own = {
            m.organization.unit_id
            for m in memberships(user)
            if m.role in DISTRICT_ROLES and m.organization.kind != Organization.Kind.PEOPLES_COMMITTEE
        }
        above = set(
            AdministrativeUnit.objects.filter(pk__in=own)
            .exclude(level=AdministrativeUnit.Level.COMMUNE)
            .values_list("pk", flat=True)
        )
        cached = units_under(above)
        user._htx_rating_district_units = cached
    return cached


def rating_roles(user, cooperative: Cooperative) -> RatingRoles:
    if not user.is_authenticated:
        return RatingRoles()
    org = cooperative.organization
    mine = memberships(user)
    return RatingRoles(
        cooperative=any(m.organization_id == org.pk and m.role in COOPERATIVE_ROLES for m in mine),
        commune=any(
            m.role in COMMUNE_ROLES
            and m.organization.kind == Organization.Kind.PEOPLES_COMMITTEE
            and m.organization.unit_id == org.unit_id
            for m in mine
        ),
        district=user.is_superuser or org.unit_id in _district_unit_ids(user),
    )


def get_cooperative_for_rating(user, cooperative_id: int) -> tuple[Cooperative, RatingRoles]:
    """The cooperative and the user's roles on its rating; 404 to anyone without one."""
    cooperative = get_object_or_404(Cooperative.objects.select_related("organization__unit"), pk=cooperative_id)
    roles = rating_roles(user, cooperative)
    if not roles.any:
        raise Http404
    return cooperative, roles


def rated_cooperatives(user):
    """The cooperatives whose rating the user takes part in (for the dashboard)."""
    mine = memberships(user)
    own = {m.organization_id for m in mine if m.role in COOPERATIVE_ROLES}
    communes = {
        m.organization.unit_id
        for m in mine
        if m.role in COMMUNE_ROLES and m.organization.kind == Organization.Kind.PEOPLES_COMMITTEE
    }
    return (
        Cooperative.objects.filter(Q(organization__in=own) | Q(organization__unit__in=communes))
        .select_related("organization")
        .order_by("organization__short_name")
    )
