"""The number register at issue: atomic, consecutive, restarting each year."""

import datetime
import os
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from plans import services
from plans.models import NumberRegister, Plan


def approved_plans(orgs, n, year=2022):
    return [
        Plan.objects.create(
            issuer=orgs["ubnd_a"],
            year=year,
            title=f"Kế hoạch {i}",
            issuer_name="X",
            place="Y",
            symbol="KH-UBND",
            status=Plan.Status.APPROVED,
        )
        for i in range(n)
    ]


def test_numbers_restart_on_the_first_of_january(orgs, cast):
    late, early = approved_plans(orgs, 2, year=2023)
    first = services.plan_issue(plan=late, user=cast["approver_a"], issued_on=datetime.date(2022, 12, 31))
    second = services.plan_issue(plan=early, user=cast["approver_a"], issued_on=datetime.date(2023, 1, 1))
    assert (first.number, second.number) == (1, 1)
    assert set(NumberRegister.objects.values_list("year", "last_number")) == {(2022, 1), (2023, 1)}


def test_an_issue_refused_for_its_date_takes_no_number(orgs, cast, plan_a):
    plan = approved_plans(orgs, 1)[0]
    with pytest.raises(ValidationError, match="không thuộc năm"):
        services.plan_issue(plan=plan, user=cast["approver_a"], issued_on=datetime.date(2019, 1, 1))
    assert services.plan_issue(plan=plan, user=cast["approver_a"], issued_on=datetime.date(2022, 1, 3)).number == 1


class DiskFull(Exception):
    pass


def test_a_failed_issue_takes_no_number(orgs, cast, monkeypatch):
    # The number is taken from the register before the plan row is saved; when
    # that save fails, the issue's transaction gives the number back.
    earlier, plan = approved_plans(orgs, 2)
    services.plan_issue(plan=earlier, user=cast["approver_a"], issued_on=datetime.date(2022, 1, 3))
    register = NumberRegister.objects.get(issuer=orgs["ubnd_a"], year=2022)
    taken = []
    save = Plan.save

    def save_fails_once_issued(self, *args, **kwargs):
        if self.status == Plan.Status.ISSUED:
            register.refresh_from_db()
            taken.append((self.number, register.last_number))
            raise DiskFull
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Plan, "save", save_fails_once_issued)
    with pytest.raises(DiskFull):
        services.plan_issue(plan=plan, user=cast["approver_a"], issued_on=datetime.date(2022, 1, 4))
    monkeypatch.undo()

    assert taken == [(2, 2)]  # number 2 was allocated before the failure...
    register.refresh_from_db()
    assert register.last_number == 1  # ...and given back
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.issued_on) == (Plan.Status.APPROVED, None, None)
    assert services.plan_issue(plan=plan, user=cast["approver_a"], issued_on=datetime.date(2022, 1, 4)).number == 2


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="row locks need PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_issues_get_twenty_distinct_consecutive_numbers(orgs, cast):
    plans = approved_plans(orgs, 20)
    barrier = threading.Barrier(20)
    numbers, errors = [], []

    def issue(plan):
        try:
            barrier.wait()
            numbers.append(services.plan_issue(plan=plan, user=None, issued_on=datetime.date(2022, 1, 5)).number)
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert connection.vendor == "postgresql"
    assert not errors
    assert sorted(numbers) == list(range(1, 21))
    assert NumberRegister.objects.get(issuer=orgs["ubnd_a"], year=2022).last_number == 20
