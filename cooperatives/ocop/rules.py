"""The OCOP rules the portal computes with, kept as data.

Quyết định 148/QĐ-TTg (24/02/2023), Bộ tiêu chí và quy trình đánh giá,
phân hạng sản phẩm Chương trình mỗi xã một sản phẩm: a product is scored
out of 100 in three parts (A: production and community 40, B: the
product's selling power 25, C: its quality 35) and ranked 1 to 5 stars;
certificates of 3 to 5 stars are valid for 36 months; the province
certifies 3 and 4 stars, the centre 5. The star cut-offs below (90/70/50/30)
are those of the previous decision (1048/QĐ-TTg, 2019) as the provinces
still apply them; a change is a change of these tables, not of the code.
The six product groups are rows (OcopGroup, loaded by migration 0011).
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

# The most points of each part.
PART_MAXIMA: dict[str, Decimal] = {"a": Decimal(40), "b": Decimal(25), "c": Decimal(35)}
# (least total, stars), highest first: a total at or above the cut-off earns the stars.
STAR_CUTOFFS: tuple[tuple[Decimal, int], ...] = (
    (Decimal(90), 5),
    (Decimal(70), 4),
    (Decimal(50), 3),
    (Decimal(30), 2),
    (Decimal(0), 1),
)
# Stars that earn a certificate, and how long it is valid.
CERTIFIED_STARS = (3, 4, 5)
VALIDITY_MONTHS = 36
# Who certifies each number of stars.
PROVINCE_STARS = (3, 4)
CENTRAL_STARS = (5,)
# Days before a certificate's expiry when its cooperative and commune are reminded, once each.
REMIND_DAYS_BEFORE = (90, 30)

# The six groups of Quyết định 148/QĐ-TTg, Điều 1 khoản 1 điểm a: (code, name), in their order.
PRODUCT_GROUPS = (
    ("thuc-pham", "Thực phẩm"),
    ("do-uong", "Đồ uống"),
    ("duoc-lieu", "Dược liệu và sản phẩm từ dược liệu"),
    ("thu-cong-my-nghe", "Hàng thủ công mỹ nghệ"),
    ("sinh-vat-canh", "Sinh vật cảnh"),
    ("du-lich", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
)


def stars_for(total: Decimal) -> int:
    """The stars a total score earns."""
    for cutoff, stars in STAR_CUTOFFS:
        if total >= cutoff:
            return stars
    return STAR_CUTOFFS[-1][1]


def certifying_level(stars: int | None) -> str:
    """ "province", "central" or "" (no certificate under 3 stars)."""
    if stars in PROVINCE_STARS:
        return "province"
    if stars in CENTRAL_STARS:
        return "central"
    return ""


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where it is shorter
    (29/02/2024 + 36 months is 28/02/2027)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def proposed_expiry(certified_on: datetime.date) -> datetime.date:
    """The expiry proposed for a certificate given that day: valid 36 months
    from the day it is given, so the same day 36 months later."""
    return add_months(certified_on, VALIDITY_MONTHS)
