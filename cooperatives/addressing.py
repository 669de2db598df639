"""Whom an issuer may address: the organisations an editor can put on a
document's Nơi nhận (and so into their inbox and mailbox).

The rule, for an issuer in unit U:
- the bodies of U itself: its Party committee, People's Council, offices,
  and the cooperatives of U, which the commune supports;
- the bodies of the units above U (the district, the province), to report to;
- the People's Committees of the units directly below U, which a district
  or provincial document is sent down to;
- organisations an administrator marked as common recipients
  (Organization.is_common_recipient: a provincial department, the
  cooperative alliance), wherever they are.
The issuer itself is never its own recipient (its archive copy is the
"Lưu: VT" line). Anything else (another commune's committee, a cooperative
of another commune) needs an administrator: either marking it as a common
recipient, or entering the recipient in the admin.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cooperatives.models import AdministrativeUnit, Organization


def addressable_organizations(issuer: Organization) -> QuerySet[Organization]:
    unit = AdministrativeUnit.objects.filter(pk=issuer.unit_id).values("parent", "parent__parent").first() or {}
    above = [pk for pk in (unit.get("parent"), unit.get("parent__parent")) if pk]
    below = Q(unit__parent=issuer.unit_id, kind=Organization.Kind.PEOPLES_COMMITTEE)
    allowed = Q(unit=issuer.unit_id) | Q(unit__in=above) | below | Q(is_common_recipient=True)
    return Organization.objects.filter(allowed).exclude(pk=issuer.pk).order_by("short_name")


def may_address(issuer: Organization, organization: Organization) -> bool:
    return addressable_organizations(issuer).filter(pk=organization.pk).exists()
