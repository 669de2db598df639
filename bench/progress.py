"""How progress pages and the roll-up scale with the data, from one run.

    .venv/bin/python bench/progress.py [--communes N] [--runs N]

Runs against a throwaway SQLite database and media folder (the real ones are
never touched): the demo seed plus a synthetic district of N communes, each
with an issued plan of 4 tasks and 12 updates per task. Prints, for the
district officer's dashboard, a plan page, the cooperative's "my tasks" page,
plans_progress over the whole district and the reminder run: the median time
and the number of queries, which must not grow with the number of communes.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
from collections.abc import Callable

import throwaway  # first: it sets Django up on a throwaway database

# isort: split
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cooperatives.twofactor.testing import signed_in


def measure(action: Callable[[], object], runs: int) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as ctx:
        action()
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), queries


def district(communes: int) -> None:
    from cooperatives.models import AdministrativeUnit, Cooperative, Membership, Organization
    from plans.models import Plan, ProgressUpdate, Task

    User = get_user_model()
    parent = AdministrativeUnit.objects.get(code="942")
    author = User.objects.get(username="htx_vinhloi")
    updates = []
    for i in range(communes):
        unit = AdministrativeUnit.objects.create(code=f"B{i:04d}", name=f"Xã Thử {i}", level="commune", parent=parent)
        ubnd = Organization.objects.create(
            name=f"Ủy ban nhân dân xã Thử {i}", short_name=f"UBND xã Thử {i}", abbreviation="UBND",
            kind=Organization.Kind.PEOPLES_COMMITTEE, unit=unit,
        )  # fmt: skip
        htx_org = Organization.objects.create(
            name=f"Hợp tác xã Thử {i}", short_name=f"HTX Thử {i}", abbreviation="HTX",
            kind=Organization.Kind.COOPERATIVE, unit=unit,
        )  # fmt: skip
        coop = Cooperative.objects.create(organization=htx_org)
        editor = User.objects.create(username=f"canbo_thu_{i}", email=f"canbo{i}@example.vn")
        Membership.objects.create(user=editor, organization=ubnd, role=Membership.Role.EDITOR)
        staff = User.objects.create(username=f"htx_thu_{i}", email=f"htx{i}@example.vn")
        Membership.objects.create(user=staff, organization=htx_org, role=Membership.Role.REPORTER)
        plan = Plan.objects.create(
            issuer=ubnd, year=2021, title=f"Kế hoạch thử {i}", issuer_name="X", place="Y",
            status=Plan.Status.ISSUED, number=1, issued_on=datetime.date(2021, 1, 5),
        )  # fmt: skip
        for t in range(4):
            task = Task.objects.create(
                plan=plan, position=t, title=f"Nhiệm vụ {t + 1}", cooperative=coop, weight=t + 1,
                due_on=datetime.date(2021, 12, 31),
            )  # fmt: skip
            for m in range(12):
                updates.append(
                    ProgressUpdate(
                        task=task,
                        reported_on=datetime.date(2021, m + 1, 15),
                        percent=min(100, m * 9),
                        status="on_track",
                        work_done="…",
                        author=author,
                    )  # fmt: skip
                )
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--communes", type=int, default=100)
    args = parser.parse_args()

    throwaway.seed_demo()
    district(args.communes)
    from plans import progress
    from plans.models import Plan, ProgressUpdate
    from plans.progress.reminders import progress_reminders_send

    print(f"{args.communes + 2} communes, {args.communes + 2} issued plans, {ProgressUpdate.objects.count()} updates")
    plan = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)
    officer, staff, editor, chairman = Client(), Client(), Client(), Client()
    officer.force_login(get_user_model().objects.get(username="phongnn_chauthanh"))
    staff.force_login(get_user_model().objects.get(username="htx_vinhloi"))
    editor.force_login(get_user_model().objects.get(username="canbo_vinhloi"))
    signed_in(chairman, get_user_model().objects.get(username="chutich_vinhloi"))
    task = plan.tasks.get(position=1)

    def page(client: Client, url: str) -> Callable[[], None]:
        def get() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    rows = [
        ("dashboard, district officer", *measure(page(officer, "/"), args.runs)),
        ("dashboard, commune official", *measure(page(editor, "/"), args.runs)),
        ("dashboard, chairman", *measure(page(chairman, "/"), args.runs)),
        ("dashboard, cooperative staff", *measure(page(staff, "/"), args.runs)),
        ("plan page with progress", *measure(page(officer, f"/plans/{plan.pk}/"), args.runs)),
        ("task timeline", *measure(page(officer, f"/tasks/{task.pk}/"), args.runs)),
        ("my tasks, cooperative staff", *measure(page(staff, "/my-tasks/"), args.runs)),
        ("plans_progress, whole district", *measure(lambda: progress.plans_progress(Plan.objects.all()), args.runs)),
        (
            "reminders, dry run",
            *measure(lambda: progress_reminders_send(today=datetime.date(2021, 12, 27), dry_run=True), 1),
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'median':>9}  queries")
    for label, seconds, queries in rows:
        print(f"{label:{width}}  {seconds * 1000:7.1f} ms  {queries:>7}")
    throwaway.remove()


if __name__ == "__main__":
    main()
