"""A province for bench/province.py, built through the models in bulk.

At the default scale: 1 province, 10 districts, 100 communes, 198
cooperatives, 502 plans of 2021-2026, about 7,300 tasks, 487,570 progress
updates (2% with a small evidence file), 400 issued progress reports and
about 1,370 deliveries. Every figure follows --communes and --updates, and
every choice is a fixed rule of the commune's number, so two builds of one
scale are the same.

The people measured (usernames in CAST) belong to the first district, its
first commune and that commune's first cooperative; that commune's plan of
the last year has 20 tasks, its first task 600 updates, and the second
commune's plan of the year before has 200 tasks.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Membership, Organization
from plans.models import (
    Evidence,
    LegalBasis,
    NumberRegister,
    Objective,
    Plan,
    ProgressUpdate,
    Recipient,
    Solution,
    Task,
)
from reports.models import Delivery, ProgressReport

YEARS = range(2021, 2027)
TODAY = datetime.date(2026, 12, 2)
BIG_PLAN_TASKS, PAGE_PLAN_TASKS, LONG_TASK_UPDATES = 200, 20, 600
EVIDENCE_EVERY = 50
BATCH = 5000
Role = Membership.Role
CAST = {
    "province reviewer": "bench_tinh",
    "district officer": "bench_huyen_00",
    "commune official": "bench_canbo_000",
    "commune chairman": "bench_chutich_000",
    "cooperative staff": "bench_htx_000a",
}


@dataclass(frozen=True)
class Scale:
    communes: int = 100
    updates: int = 487_570

    @property
    def districts(self) -> int:
        return max(1, round(self.communes / 10))


@dataclass
class Commune:
    number: int
    unit: AdministrativeUnit
    committee: Organization
    coops: list[Cooperative]


def build(scale: Scale, media_root: Path, password_hash: str) -> None:
    """The whole province, in one transaction; `password_hash` for every account."""
    with transaction.atomic():
        office, communes, offices = _units_and_bodies(scale)
        _accounts(office, offices, communes, password_hash)
        plans = _plans(communes, offices)
        tasks = _tasks(plans, scale)
        _progress(tasks, scale, media_root)
        _reports_and_deliveries(plans, offices)


def _units_and_bodies(scale: Scale):
    """The province with its department, the districts with their office, the communes with their bodies."""
    unit, org = AdministrativeUnit.objects.create, Organization.objects.create
    province = unit(code="BENCH-P", name="Tỉnh Thử Nghiệm", level="province")
    ubnd_tinh = org(name="Ủy ban nhân dân tỉnh Thử Nghiệm", short_name="UBND tỉnh Thử Nghiệm", abbreviation="UBND",
                    kind="peoples_committee", unit=province)  # fmt: skip
    department = org(name="Sở Nông nghiệp và Môi trường tỉnh Thử Nghiệm", short_name="Sở NN&MT tỉnh Thử Nghiệm",
                     abbreviation="SNNMT", kind="specialised_office", unit=province, parent=ubnd_tinh)  # fmt: skip
    districts = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(code=f"BENCH-D{d:02d}", name=f"Huyện Thử {d:02d}", level="district", parent=province)
        for d in range(scale.districts)
    )
    committees = Organization.objects.bulk_create(
        Organization(name=f"Ủy ban nhân dân {u.name.lower()}", short_name=f"UBND {u.name.lower()}",
                     abbreviation="UBND", kind="peoples_committee", unit=u)
        for u in districts
    )  # fmt: skip
    offices = Organization.objects.bulk_create(
        Organization(name=f"Phòng Nông nghiệp huyện Thử {d:02d}", short_name=f"Phòng NN huyện Thử {d:02d}",
                     abbreviation="PNN", kind="specialised_office", unit=u, parent=c)
        for d, (u, c) in enumerate(zip(districts, committees, strict=True))
    )  # fmt: skip
    return department, _communes(scale, districts, committees), offices


def _communes(scale: Scale, districts, district_committees) -> list[Commune]:
    """Each commune's people's committee and its cooperatives (two; one in every fiftieth commune)."""
    where = [i * scale.districts // scale.communes for i in range(scale.communes)]
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(code=f"BENCH-X{i:03d}", name=f"Xã Thử {i:03d}", level="commune", parent=districts[where[i]])
        for i in range(scale.communes)
    )
    committees = Organization.objects.bulk_create(
        Organization(name=f"Ủy ban nhân dân xã Thử {i:03d}", short_name=f"UBND xã Thử {i:03d}", abbreviation="UBND",
                     kind="peoples_committee", unit=u, parent=district_committees[where[i]])
        for i, u in enumerate(units)
    )  # fmt: skip
    letters = [("a",) if i % 50 == 49 else ("a", "b") for i in range(scale.communes)]
    coop_orgs = Organization.objects.bulk_create(
        Organization(name=f"Hợp tác xã Nông nghiệp Thử {i:03d}{x}", short_name=f"HTX NN Thử {i:03d}{x}",
                     abbreviation="HTX", kind="cooperative", unit=u)
        for i, u in enumerate(units) for x in letters[i]
    )  # fmt: skip
    coops = Cooperative.objects.bulk_create(
        Cooperative(organization=o, sector="Nông nghiệp", member_count=30 + o.pk % 90) for o in coop_orgs
    )
    CooperativeRating.objects.bulk_create(
        CooperativeRating(cooperative=c, year=y, rating=("good", "fair", "average", "weak")[(c.pk + y) % 4])
        for c in coops
        for y in YEARS[:-1]
    )
    by_unit: dict[int, list[Cooperative]] = {}
    for coop in coops:
        by_unit.setdefault(coop.organization.unit_id, []).append(coop)
    return [Commune(i, u, c, by_unit[u.pk]) for i, (u, c) in enumerate(zip(units, committees, strict=True))]


def _accounts(department, offices, communes: list[Commune], password_hash: str) -> None:
    """A reviewer per office and for the province, an editor and a chairman per commune, staff per cooperative."""
    people: list[tuple[str, Organization, str]] = [("bench_tinh", department, Role.REVIEWER)]
    people += [(f"bench_huyen_{d:02d}", o, Role.REVIEWER) for d, o in enumerate(offices)]
    for c in communes:
        people += [(f"bench_canbo_{c.number:03d}", c.committee, Role.EDITOR)]
        people += [(f"bench_chutich_{c.number:03d}", c.committee, Role.APPROVER)]
        people += [
            (f"bench_htx_{coop.organization.short_name[-4:]}", coop.organization, Role.REPORTER) for coop in c.coops
        ]
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=name, password=password_hash, email=f"{name}@example.vn") for name, _o, _r in people
    )
    Membership.objects.bulk_create(
        Membership(user=u, organization=o, role=r) for u, (_n, o, r) in zip(users, people, strict=True)
    )


def plan_status(commune: int, year: int) -> str:
    """Every plan is issued but for a few of the last year's, still on their way."""
    if year != YEARS[-1] or commune % 20 < 17:
        return "issued"
    return ("approved", "submitted", "draft")[commune % 20 - 17]


def _plan(c: Commune, year: int) -> Plan:
    status = plan_status(c.number, year)
    issued = status == "issued"
    return Plan(
        issuer=c.committee,
        year=year,
        title=f"Củng cố, nâng chất hoạt động hợp tác xã năm {year}",
        issuer_name=f"ỦY BAN NHÂN DÂN XÃ THỬ {c.number:03d}",
        governing_body=f"UBND {c.unit.parent.name.upper()}",
        symbol="KH-UBND",
        place=f"Thử {c.number:03d}",
        status=status,
        number=1 if issued else None,
        issued_on=datetime.date(year, 1, 5) if issued else None,
        preamble="Thực hiện kế hoạch của Ủy ban nhân dân huyện về phát triển kinh tế tập thể, "
        "Ủy ban nhân dân xã xây dựng kế hoạch như sau:",
    )


def _plans(communes: list[Commune], offices) -> list[tuple[Plan, Commune]]:
    """2022-2026 for every commune, 2021 too for two in a hundred; with their text and Nơi nhận."""
    made = [(_plan(c, y), c) for c in communes for y in YEARS if y > YEARS[0] or c.number % 50 == 25]
    Plan.objects.bulk_create([p for p, _c in made], batch_size=BATCH)
    Plan.cooperatives.through.objects.bulk_create(
        Plan.cooperatives.through(plan_id=p.pk, cooperative_id=coop.pk) for p, c in made for coop in c.coops
    )
    _plan_text(made, offices)
    NumberRegister.objects.bulk_create(
        # The plan (01) and, in January, the report on last year's plan (02).
        NumberRegister(issuer=p.issuer, year=p.year, last_number=2)
        for p, _c in made
        if p.status == "issued"
    )
    return made


def _plan_text(made: list[tuple[Plan, Commune]], offices) -> None:
    """Two legal bases, two objectives, three solutions and the Nơi nhận of each plan."""
    LegalBasis.objects.bulk_create(
        LegalBasis(plan=p, position=k, text=f"Căn cứ Luật Hợp tác xã năm 2023 và kế hoạch số {k + 10}/KH-UBND.")
        for p, _c in made for k in range(2)
    )  # fmt: skip
    Objective.objects.bulk_create(
        Objective(plan=p, position=k, title=f"Mục tiêu {k + 1}", body="Nâng cao chất lượng dịch vụ cho thành viên.")
        for p, _c in made for k in range(2)
    )  # fmt: skip
    Solution.objects.bulk_create(
        Solution(plan=p, position=k, title=f"Giải pháp {k + 1}", body="Phối hợp các ngành, tập huấn cán bộ quản lý.")
        for p, _c in made for k in range(3)
    )  # fmt: skip
    office_of = {o.unit_id: o for o in offices}
    recipients = []
    for p, c in made:
        office = office_of[c.unit.parent_id]
        recipients.append(Recipient(plan=p, position=0, organization=office, label=office.short_name,
                                    purpose="để báo cáo"))  # fmt: skip
        recipients += [Recipient(plan=p, position=k + 1, organization=coop.organization,
                                 label=coop.organization.short_name, purpose="để thực hiện")
                       for k, coop in enumerate(c.coops)]  # fmt: skip
        recipients.append(Recipient(plan=p, position=9, label="Lưu: VT, VP", is_archive=True))
    Recipient.objects.bulk_create(recipients, batch_size=BATCH)


def task_count(plan: Plan, commune: int, communes: int) -> int:
    """20 tasks in the first commune's plan of the last year, 200 in the second's (or the first's) of the
    year before, 8 to 21 elsewhere."""
    if commune == 0 and plan.year == YEARS[-1]:
        return PAGE_PLAN_TASKS
    if commune == min(1, communes - 1) and plan.year == YEARS[-2]:
        return BIG_PLAN_TASKS
    return 8 + (commune * 7 + plan.year * 3) % 14


def _tasks(plans: list[tuple[Plan, Commune]], scale: Scale) -> list[Task]:
    """The tasks of every plan, each reported on by one of the commune's cooperatives."""
    tasks = []
    for plan, c in plans:
        n = task_count(plan, c.number, scale.communes)
        for k in range(n):
            start = datetime.date(plan.year, 1 + k * 6 // n, 5)
            due = datetime.date(plan.year, min(12, 3 + k * 10 // n), 28)
            tasks.append(
                Task(
                    plan=plan,
                    position=k,
                    group=("Củng cố tổ chức", "Phát triển dịch vụ", "Liên kết tiêu thụ")[k % 3],
                    title=f"Nhiệm vụ {k + 1}: hỗ trợ hợp tác xã nâng cao năng lực quản lý và dịch vụ",
                    body="- Rà soát phương án sản xuất kinh doanh.\n- Tập huấn cán bộ quản lý, kế toán.",
                    lead_unit=f"UBND xã Thử {c.number:03d}",
                    partner_units="Hội Nông dân xã\nTrạm Khuyến nông",
                    cooperative=c.coops[k % len(c.coops)],
                    period_text=f"Quý {('I', 'II', 'III', 'IV')[(due.month - 1) // 3]}/{plan.year}",
                    start_on=start,
                    due_on=due,
                    weight=1 + k % 3,
                )
            )
    return Task.objects.bulk_create(tasks, batch_size=BATCH)


def _update_counts(tasks: list[Task], total: int) -> list[int]:
    """How many updates each task of an issued plan gets: 600 for the long task, the rest shared unevenly."""
    counts = [0] * len(tasks)
    issued = [k for k, t in enumerate(tasks) if t.plan.status == "issued"]
    long_task = next(k for k in issued if is_long_task(tasks[k]))
    counts[long_task] = min(LONG_TASK_UPDATES, total)
    others = [k for k in issued if k != long_task]
    weights = [1 + (k * 37) % 100 / 50 for k in others]
    left, whole = total - counts[long_task], sum(weights)
    for k, w in zip(others, weights, strict=True):
        counts[k] = int(left * w / whole)
    for k in others[: total - sum(counts)]:
        counts[k] += 1
    return counts


def is_long_task(task: Task) -> bool:
    return task.position == 0 and task.plan.year == YEARS[-1] and task.plan.issuer.unit.code == "BENCH-X000"


def _updates(tasks: list[Task], counts: list[int], authors: dict[int, int]) -> Iterator[ProgressUpdate]:
    """Each task's updates, spread from its start to its due date (or today), percent rising."""
    for k, (task, n) in enumerate(zip(tasks, counts, strict=True)):
        end = min(task.due_on + datetime.timedelta(days=30), TODAY, datetime.date(task.plan.year, 12, 31))
        span = max(1, (end - task.start_on).days)
        final = 100 if task.plan.year < YEARS[-1] and k % 10 < 7 else 20 + k * 13 % 75
        for j in range(n):
            percent = final * (j + 1) // n
            yield ProgressUpdate(
                task=task, reported_on=task.start_on + datetime.timedelta(days=span * (j + 1) // n),
                percent=percent, status=ProgressUpdate.Status.for_percent(percent),
                work_done=f"Đã thực hiện đợt {j + 1}: họp thành viên, rà soát sổ sách, hỗ trợ đầu vào.",
                author_id=authors[task.cooperative_id],
            )  # fmt: skip


def _progress(tasks: list[Task], scale: Scale, media_root: Path) -> None:
    """The updates in batches, and a small photo as evidence on every fiftieth."""
    staff = Membership.objects.filter(role=Role.REPORTER).values_list("organization__cooperative", "user")
    authors = dict(staff)
    photo = _photo()
    digest, n, batch = hashlib.sha256(photo).hexdigest(), 0, []
    evidence = []
    for update in _updates(tasks, _update_counts(tasks, scale.updates), authors):
        batch.append(update)
        if len(batch) == BATCH:
            evidence += _store_batch(batch, n, photo, digest, media_root)
            n, batch = n + len(batch), []
    evidence += _store_batch(batch, n, photo, digest, media_root)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH)


def _store_batch(batch, start: int, photo: bytes, digest: str, media_root: Path) -> list[Evidence]:
    ProgressUpdate.objects.bulk_create(batch)
    evidence = []
    for j, update in enumerate(batch):
        if (start + j) % EVIDENCE_EVERY == EVIDENCE_EVERY - 1:
            name = f"evidence/{update.reported_on:%Y/%m}/bench-{update.pk}.jpg"
            path = media_root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(photo)
            evidence.append(Evidence(update=update, file=name, original_name=f"anh-{update.pk}.jpg",
                                     content_type="image/jpeg", size=len(photo), sha256=digest))  # fmt: skip
    return evidence


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 160, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _reports_and_deliveries(plans: list[tuple[Plan, Commune]], offices) -> None:
    """A report issued in January on each issued plan of 2022-2025; every issued
    plan delivered to the district office and the first cooperative, every report to the office."""
    office_of = {o.unit_id: o for o in offices}
    reported = [(p, c) for p, c in plans if p.status == "issued" and YEARS[0] < p.year < YEARS[-1]]
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            plan=p,
            issuer=p.issuer,
            as_of=datetime.date(p.year, 12, 31),
            title=f"Kết quả thực hiện {p.title}",
            issuer_name=p.issuer_name,
            place=p.place,
            symbol="BC-UBND",
            status="issued",
            number=2,
            issued_on=datetime.date(p.year + 1, 1, 10),
            results="Các hợp tác xã hoàn thành phần lớn nhiệm vụ.",
            recipients=f"{office_of[c.unit.parent_id].short_name}\nLưu: VT, VP",
        )
        for p, c in reported
    )
    deliveries = []
    for p, c in plans:
        if p.status == "issued":
            deliveries.append(Delivery(plan=p, organization=office_of[c.unit.parent_id], label="Phòng NN"))
            deliveries.append(Delivery(plan=p, organization=c.coops[0].organization, label="HTX"))
    deliveries += [
        Delivery(report=r, organization=office_of[c.unit.parent_id])
        for r, (_p, c) in zip(reports, reported, strict=True)
    ]
    Delivery.objects.bulk_create(deliveries, batch_size=BATCH)
