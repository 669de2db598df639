"""The OCOP computations against Quyết định 148/QĐ-TTg: stars from the total
score at the 90/70/50/30 cut-offs, certificates valid 36 months."""

import datetime
from decimal import Decimal

import pytest

from cooperatives.ocop import rules


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        ("100", 5),
        ("90", 5),
        ("89.9", 4),
        ("70", 4),
        ("69.9", 3),
        ("50", 3),
        ("49.9", 2),
        ("30", 2),
        ("29.9", 1),
        ("0", 1),
    ],
)
def test_stars_follow_the_cutoffs(total, stars):
    assert rules.stars_for(Decimal(total)) == stars


def test_parts_add_up_to_one_hundred():
    assert sum(rules.PART_MAXIMA.values()) == 100
    assert rules.PART_MAXIMA == {"a": 40, "b": 25, "c": 35}


@pytest.mark.parametrize(
    ("certified", "expires"),
    [
        (datetime.date(2021, 1, 31), datetime.date(2024, 1, 31)),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2023, 12, 15), datetime.date(2026, 12, 15)),
    ],
)
def test_a_certificate_is_valid_36_months(certified, expires):
    assert rules.proposed_expiry(certified) == expires


def test_who_certifies():
    assert [rules.certifying_level(s) for s in (1, 2, 3, 4, 5)] == ["", "", "province", "province", "central"]


def test_six_product_groups_are_loaded(db):
    from cooperatives.models import OcopGroup

    assert list(OcopGroup.objects.values_list("name", flat=True)) == [name for _code, name in rules.PRODUCT_GROUPS]
