"""The portal with work in it, at a small size and a larger one, for the
query-count tests (tests/test_query_counts.py).

Built on the shared cast (conftest.py: communes A and B of one district,
their committees and cooperatives, the users). `World.grow_to(size)` adds
what a size has more than the world has already, so a test measures a page,
grows the world and measures it again with the same client:

- communes: reports/tests/districts.add_communes (a committee, a
  cooperative, an issued plan of three tasks with progress) under the
  district, and more districts of the province with two communes each;
- commune A's issued plans of this year and last year, each with tasks of
  cooperative A (some done), updates, recipients, deliveries to the district
  office and the cooperative, and a plan waiting for approval and a returned
  one beside each; commune B, a plan of its own;
- the focus plan (commune A's plan of this year: its page, its reports, its
  PDF) with more parts, tasks, updates, remarks, deliveries and reports;
- the focus task (the plan's first task: its page) with more updates, each
  with an evidence file;
- every user's notifications, some read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from cooperatives.models import AdministrativeUnit, Membership, Organization
from plans.models import Evidence, LegalBasis, Objective, Plan, ProgressUpdate, Recipient, Remark, Solution, Task
from reports.models import Delivery, Notification, ProgressReport
from reports.tests.districts import add_communes

YEAR = timezone.localdate().year
TODAY = timezone.localdate()


@dataclass(frozen=True)
class Size:
    communes: int  # added under the district, beside A and B
    districts: int  # more districts of the province, of two communes each
    plans: int  # commune A's issued plans besides the focus plan
    tasks: int  # tasks of the focus plan and of each of commune A's plans
    updates: int  # updates of the focus task, each with an evidence file (besides its first two)
    remarks: int  # on the focus plan
    reports: int  # progress reports of the focus plan
    notifications: int  # per user


# Both sizes have some of everything a page may read only when there is one
# (a plan of last year, a done task, an issued, a submitted and a draft
# report, a resolved and an open remark, a read and an unread notification),
# so such a query is in both counts and only growth shows.
SMALL = Size(communes=0, districts=0, plans=2, tasks=3, updates=2, remarks=2, reports=3, notifications=2)
LARGE = Size(communes=10, districts=2, plans=6, tasks=9, updates=45, remarks=6, reports=6, notifications=40)


@dataclass
class World:
    cast: dict
    orgs: dict
    coops: dict
    units: dict
    focus: Plan
    task: Task
    province_reviewer: object
    size: Size  # what the world has already

    @property
    def users(self) -> dict:
        return {**self.cast, "province_reviewer": self.province_reviewer}

    def grow_to(self, size: Size) -> None:
        have = self.size
        author = self.cast["staff_a"]
        if size.communes > have.communes:
            add_communes(
                self.units["district"], size.communes - have.communes, year=YEAR, author=author, start=have.communes
            )
        for d in range(have.districts, size.districts):
            district = AdministrativeUnit.objects.create(
                code=f"9{d + 50}", name=f"Huyện Thử {d}", level="district", parent=self.units["province"]
            )
            add_communes(district, 2, year=YEAR, author=author)
        for i in range(have.plans, size.plans):
            self._commune_a_plan(i, size.tasks)
        for i in range(have.tasks, size.tasks):
            _task(self.focus, i, self.coops["a"], author)
        self._focus_parts(have, size)
        for n in range(have.updates, size.updates):
            update = _update(self.task, author, reported_on=TODAY - datetime.timedelta(days=size.updates - n), n=n)
            Evidence.objects.create(
                update=update,
                file=f"evidence/thu/{n}.jpg",
                original_name=f"anh-{n}.jpg",
                content_type="image/jpeg",
                size=1000,
                sha256=f"{n:064d}",
            )
        for n in range(have.notifications, size.notifications):
            self._notify(n)
        self.size = size

    def _commune_a_plan(self, i: int, tasks: int) -> None:
        """Commune A's issued plan number i (this year and last year in turn),
        delivered; beside it a plan waiting for approval and a returned one."""
        orgs, coop = self.orgs, self.coops["a"]
        plan = issued_plan(orgs["ubnd_a"], f"Kế hoạch thử {i}", year=YEAR - i % 2, number=20 + i, coop=coop)
        for k in range(tasks):
            task = _task(plan, k, coop, self.cast["staff_a"], done=k % 3 == 0)
            task.due_on = datetime.date(plan.year, 12, 31)
            task.save(update_fields=["due_on"])
        _deliver(plan, [orgs["office"], orgs["htx_a"]], self.cast["approver_a"])
        for status, reason in ((Plan.Status.SUBMITTED, ""), (Plan.Status.DRAFT, "Bổ sung nhiệm vụ.")):
            waiting = Plan.objects.create(
                issuer=orgs["ubnd_a"],
                year=YEAR + 1,
                title=f"Dự thảo {i} ({status})",
                issuer_name="UBND XÃ VĨNH LỢI",
                place="Vĩnh Lợi",
                status=status,
                return_reason=reason,
            )
            Remark.objects.create(plan=waiting, author=self.cast["reviewer"], body=f"Góp ý {i}.")
            _task(waiting, 0, coop, self.cast["staff_a"])
        other = issued_plan(
            orgs["ubnd_b"], f"Kế hoạch Phú Tân {i}", year=YEAR - i % 2, number=40 + i, coop=self.coops["b"]
        )
        _task(other, 0, self.coops["b"], self.cast["staff_b"])

    def _focus_parts(self, have: Size, size: Size) -> None:
        plan, reviewer = self.focus, self.cast["reviewer"]
        for n in range(have.remarks, size.remarks):
            LegalBasis.objects.create(plan=plan, position=n, text=f"Căn cứ Luật số {n}/2023/QH15;")
            Objective.objects.create(plan=plan, position=n, title=f"Mục tiêu {n}", body="Nâng chất hợp tác xã.")
            parent = Solution.objects.create(plan=plan, position=n, title=f"Giải pháp {n}", body="Tuyên truyền.")
            Solution.objects.create(plan=plan, parent=parent, position=0, body="Tập huấn.")
            org = Organization.objects.create(
                name=f"Tổ chức nhận {n}",
                short_name=f"Tổ chức nhận {n}",
                kind="specialised_office",
                unit=self.units["district"],
            )
            Recipient.objects.create(plan=plan, position=10 + n, label=org.short_name, organization=org)
            _deliver(plan, [org], self.cast["approver_a"])
            Remark.objects.create(
                plan=plan,
                author=reviewer,
                body=f"Góp ý số {n}.",
                resolved_by=self.cast["editor_a"] if n % 2 else None,
                resolved_at=timezone.now() if n % 2 else None,
            )
        for n in range(have.reports, size.reports):
            report = progress_report(plan, n)
            if report.is_issued:
                _deliver(report, [self.orgs["office"]], self.cast["approver_a"])

    def _notify(self, n: int) -> None:
        kinds = Notification.Kind.values
        report = self.focus.progress_reports.first() if n % 3 == 0 else None
        Notification.objects.bulk_create(
            Notification(
                user=user,
                kind=kinds[n % len(kinds)],
                actor=self.cast["approver_a"],
                plan=self.focus,
                report=report,
                subject=self.focus.title,
                detail=f"Thông báo {n}.",
                url=f"/plans/{self.focus.pk}/",
                read_at=timezone.now() if n % 2 else None,
            )
            for user in self.users.values()
        )


def issued_plan(issuer, title: str, *, year: int, number: int, coop) -> Plan:
    plan = Plan.objects.create(
        issuer=issuer,
        year=year,
        title=title,
        issuer_name=issuer.name.upper(),
        symbol="KH-UBND",
        place=issuer.unit.name,
        status=Plan.Status.ISSUED,
        number=number,
        issued_on=datetime.date(year, 1, 5),
    )
    plan.cooperatives.add(coop)
    plan.recipients.create(position=0, label="TT. Đảng ủy xã")  # a line naming no organisation
    plan.recipients.create(position=9, label="Lưu: VT, VP", is_archive=True)
    return plan


def progress_report(plan: Plan, n: int) -> ProgressReport:
    """Report n of the plan: issued, submitted or a draft in turn."""
    status = [ProgressReport.Status.ISSUED, ProgressReport.Status.SUBMITTED, ProgressReport.Status.DRAFT][n % 3]
    issued = status == ProgressReport.Status.ISSUED
    return ProgressReport.objects.create(
        plan=plan,
        issuer=plan.issuer,
        as_of=datetime.date(plan.year, 1, 1) + datetime.timedelta(days=n),
        title=f"Kết quả thực hiện kế hoạch, lần {n + 1}",
        issuer_name=plan.issuer_name,
        place=plan.place,
        status=status,
        number=100 + n if issued else None,
        symbol="BC-UBND",
        issued_on=datetime.date(plan.year, 1, 2) + datetime.timedelta(days=n) if issued else None,
    )


def _task(plan: Plan, k: int, coop, author, *, done: bool = False) -> Task:
    """Task k of the plan for the cooperative, with two updates (the second at 100% when done)."""
    task = plan.tasks.create(
        position=k,
        title=f"Nhiệm vụ {k + 1} của {plan.title}",
        cooperative=coop,
        weight=1 + k % 2,
        due_on=datetime.date(YEAR, 12, 31) - datetime.timedelta(days=40 * k),
    )
    if plan.is_issued:
        _update(task, author, reported_on=TODAY - datetime.timedelta(days=20), n=k)
        _update(task, author, reported_on=TODAY - datetime.timedelta(days=10), n=k, percent=100 if done else None)
    return task


def _update(task: Task, author, *, reported_on: datetime.date, n: int, percent: int | None = None) -> ProgressUpdate:
    percent = 10 + (n * 37) % 80 if percent is None else percent
    return ProgressUpdate.objects.create(
        task=task,
        reported_on=reported_on,
        percent=percent,
        status=ProgressUpdate.Status.for_percent(percent),
        work_done=f"Đã thực hiện phần việc {n}.",
        author=author,
    )


def _deliver(document, organizations, author) -> None:
    kind = "plan" if isinstance(document, Plan) else "report"
    Delivery.objects.bulk_create(
        Delivery(**{kind: document}, organization=org, label=org.short_name, created_by=author) for org in organizations
    )


def build_world(cast, orgs, coops, units) -> World:
    """The cast with the focus plan, a province reviewer and commune B's
    plan; nothing of any size yet (grow_to gives that)."""
    department = Organization.objects.create(
        name="Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng",
        short_name="Sở NN&MT",
        abbreviation="SNN",
        kind=Organization.Kind.SPECIALISED_OFFICE,
        unit=units["province"],
    )
    province_reviewer = get_user_model().objects.create_user(username="so_nn")
    Membership.objects.create(user=province_reviewer, organization=department, role=Membership.Role.REVIEWER)
    focus = issued_plan(
        orgs["ubnd_a"], f"Củng cố, nâng chất hợp tác xã năm {YEAR}", year=YEAR, number=1, coop=coops["a"]
    )
    focus.recipients.create(position=1, label="Phòng NN&PTNT huyện", organization=orgs["office"], purpose="để báo cáo")
    focus.recipients.create(position=2, label="HTX NN Vĩnh Lợi", organization=orgs["htx_a"])
    _deliver(focus, [orgs["office"], orgs["htx_a"]], cast["approver_a"])
    task = _task(focus, 0, coops["a"], cast["staff_a"])
    focus_b = issued_plan(orgs["ubnd_b"], f"Kế hoạch Phú Tân năm {YEAR}", year=YEAR, number=1, coop=coops["b"])
    _task(focus_b, 0, coops["b"], cast["staff_b"])
    return World(
        cast=cast,
        orgs=orgs,
        coops=coops,
        units=units,
        focus=focus,
        task=task,
        province_reviewer=province_reviewer,
        size=Size(0, 0, 0, 1, 0, 0, 0, 0),
    )
