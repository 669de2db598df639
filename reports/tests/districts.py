"""Many communes at once, for the summary's layout and query-count tests.

Each commune gets its people's committee, one cooperative and an issued plan
of three tasks naming it, with some progress; the names can be made as long
as real ones get ("Xã Vĩnh Lợi Đông Nam Bộ ..."). A handful of bulk inserts
whatever the number.
"""

from __future__ import annotations

import datetime

from cooperatives.models import AdministrativeUnit, Cooperative, Organization
from plans.models import Plan, ProgressUpdate, Task

LONG_NAME = "Xã Vĩnh Lợi Đông Nam Bộ Thượng Hạ Nhất Nhì Tam Tứ {i:03d}"
LONG_COOPERATIVE = "HTX Dịch vụ Nông nghiệp Tổng hợp Thương mại Vĩnh Lợi Đông Nam {i:03d}"
LONG_TITLE = (
    "Kế hoạch củng cố, nâng chất hoạt động hợp tác xã và phát triển kinh tế tập thể năm {year} của xã số {i:03d}"
)


def add_communes(
    district: AdministrativeUnit,
    count: int,
    *,
    year: int,
    author,
    start: int = 0,
    long_names: bool = False,
) -> list[AdministrativeUnit]:
    """`count` communes under `district`, numbered from `start`."""
    numbers = range(start, start + count)
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(
            code=f"T{district.code}-{i:03d}",
            name=LONG_NAME.format(i=i) if long_names else f"Xã Thử {i:03d}",
            level=AdministrativeUnit.Level.COMMUNE,
            parent=district,
        )
        for i in numbers
    )
    committees = Organization.objects.bulk_create(
        Organization(
            name=f"Ủy ban nhân dân {unit.name}",
            short_name=f"UBND {unit.name}",
            abbreviation="UBND",
            kind=Organization.Kind.PEOPLES_COMMITTEE,
            unit=unit,
        )
        for unit in units
    )
    coop_orgs = Organization.objects.bulk_create(
        Organization(
            name=LONG_COOPERATIVE.format(i=i) if long_names else f"HTX Thử {i:03d}",
            short_name=LONG_COOPERATIVE.format(i=i) if long_names else f"HTX Thử {i:03d}",
            kind=Organization.Kind.COOPERATIVE,
            unit=unit,
        )
        for i, unit in zip(numbers, units, strict=True)
    )
    coops = Cooperative.objects.bulk_create(Cooperative(organization=org) for org in coop_orgs)
    plans = Plan.objects.bulk_create(
        Plan(
            issuer=org,
            year=year,
            title=LONG_TITLE.format(year=year, i=i) if long_names else f"Kế hoạch năm {year} số {i:03d}",
            issuer_name=org.name.upper(),
            place=unit.name,
            symbol="KH-UBND",
            status=Plan.Status.ISSUED,
            number=1,
            issued_on=datetime.date(year, 1, 5),
        )
        for i, org, unit in zip(numbers, committees, units, strict=True)
    )
    Plan.cooperatives.through.objects.bulk_create(
        Plan.cooperatives.through(plan_id=plan.pk, cooperative_id=coop.pk)
        for plan, coop in zip(plans, coops, strict=True)
    )
    tasks = Task.objects.bulk_create(
        Task(plan=plan, position=k, title=f"Nhiệm vụ {k + 1}", cooperative=coop, due_on=datetime.date(year, 3 + k, 1))
        for plan, coop in zip(plans, coops, strict=True)
        for k in range(3)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            task=task,
            reported_on=datetime.date(year, 2, 1 + n % 27),
            percent=10 + (n * 37) % 80,
            status="on_track",
            work_done="Đang thực hiện.",
            author=author,
        )
        for n, task in enumerate(tasks)
    )
    return units
