"""The number register (sổ đăng ký văn bản đi) every numbered document takes its number from."""

from __future__ import annotations

from cooperatives.models import Organization
from plans.models import NumberRegister


def number_allocate(*, issuer: Organization, year: int) -> int:
    """The next number in the issuer's register for the year.

    The register row is locked (SELECT ... FOR UPDATE) so that two approvers
    issuing at the same moment can never get the same number; the number is
    taken inside the caller's transaction, so a failed issue rolls it back
    and nothing is skipped either. Must be called inside transaction.atomic.
    """
    NumberRegister.objects.get_or_create(issuer=issuer, year=year)
    register = NumberRegister.objects.select_for_update().get(issuer=issuer, year=year)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number
