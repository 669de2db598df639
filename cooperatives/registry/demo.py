"""Demo figures of the registry and an OCOP product whose certificate expires
soon (so `send_reminders` on a fresh demo sends its reminder). Every value
here is a demo value, marked so in the product's note; run again, it leaves
the same data (the expiry follows today's date)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from cooperatives.models import Cooperative, OcopGroup, OcopProduct
from cooperatives.ocop import rules

DEMO_NOTE = "Dữ liệu minh họa"

FIGURES = {
    "vinhloi": {
        "director": "Nguyễn Văn Minh (minh họa)",
        "member_count": 62,
        "charter_capital": Decimal("1500000000"),
        "revenue": Decimal("2300000000"),
        "revenue_year": 2024,
        "phone": "0299 3822 123",
        "address": "Ấp Vĩnh Lợi, xã Vĩnh Lợi (địa chỉ minh họa)",
    },
    "phutan": {
        "director": "Trần Thị Hoa (minh họa)",
        "member_count": 215,
        "charter_capital": Decimal("5200000000"),
        "revenue": Decimal("11500000000"),
        "revenue_year": 2024,
        "phone": "0299 3855 456",
        "address": "Ấp Phú Tân, xã Phú Tân (địa chỉ minh họa)",
    },
}


def registry_demo(coops: dict[str, Cooperative], *, today: datetime.date | None = None) -> OcopProduct:
    """The figures of the demo cooperatives and one OCOP product of Vĩnh Lợi
    whose 3-star certificate expires in 25 days."""
    today = today or timezone.localdate()
    # Loaded by migration 0011; made again here where a test database was flushed since.
    for position, (code, name) in enumerate(rules.PRODUCT_GROUPS):
        OcopGroup.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    for key, figures in FIGURES.items():
        # Saved (not updated) so the profile's history starts from these figures; only when they differ,
        # so running the seed again adds no history.
        cooperative = Cooperative.objects.get(pk=coops[key].pk)
        if any(getattr(cooperative, name) != value for name, value in figures.items()):
            for name, value in figures.items():
                setattr(cooperative, name, value)
            cooperative._change_reason = "Dữ liệu minh họa"
            cooperative.save()
    expires = today + datetime.timedelta(days=25)
    certified = rules.add_months(expires, -rules.VALIDITY_MONTHS)
    product, _ = OcopProduct.objects.update_or_create(
        cooperative=coops["vinhloi"],
        name="Gạo thơm Vĩnh Lợi",
        defaults={
            "group": OcopGroup.objects.get(code="thuc-pham"),
            "score_a": Decimal("28.0"),
            "score_b": Decimal("16.5"),
            "score_c": Decimal("22.0"),
            "stars": rules.stars_for(Decimal("66.5")),
            "certificate_number": "12/GCN-OCOP (minh họa)",
            "certified_on": certified,
            "expires_on": expires,
            "level": rules.certifying_level(3),
            "note": DEMO_NOTE,
        },
    )
    return product
