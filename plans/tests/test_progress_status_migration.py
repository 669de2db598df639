"""Migration 0007: an existing database whose updates say "not started" at
100% (or at 40%), or "on track" at 0%, migrates forward with every row kept
and each status read from its percent; afterwards the database refuses a
contradiction."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("plans", "0006_plan_additional_reason")]
AFTER = [("plans", "0007_progress_status_from_percent")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_rows():
    """Updates as the old form let staff store them, written with the models of 0005."""
    apps = migrate(BEFORE)
    Unit = apps.get_model("cooperatives", "AdministrativeUnit")
    Organization = apps.get_model("cooperatives", "Organization")
    Plan = apps.get_model("plans", "Plan")
    User = apps.get_model("auth", "User")
    ProgressUpdate = apps.get_model("plans", "ProgressUpdate")
    unit = Unit.objects.create(code="A1", name="Xã Vĩnh Lợi", level="commune")
    ubnd = Organization.objects.create(name="UBND xã", short_name="UBND xã", kind="peoples_committee", unit=unit)
    plan = Plan.objects.create(
        issuer=ubnd, year=2021, title="Kế hoạch", issuer_name="UBND", place="Vĩnh Lợi", status="issued", number=1,
        issued_on=datetime.date(2021, 1, 5),
    )  # fmt: skip
    task = plan.tasks.create(position=0, title="Nhiệm vụ", weight=1)
    author = User.objects.create(username="htx")
    rows = {}
    for name, percent, status in [
        ("done_as_not_started", 100, "not_started"),
        ("begun_as_not_started", 40, "not_started"),
        ("nothing_on_track", 0, "on_track"),
        ("full_at_risk", 100, "at_risk"),
        ("late", 30, "late"),
        ("done", 100, "done"),
    ]:
        rows[name] = ProgressUpdate.objects.create(
            task=task, reported_on=datetime.date(2021, 6, 1), percent=percent, status=status,
            work_done=f"Việc {name}", author=author,
        ).pk  # fmt: skip
    yield rows
    # Back to the latest schema for the tests that follow.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_old_contradictory_rows_are_repaired_and_nothing_is_lost(old_rows):
    apps = migrate(AFTER)
    ProgressUpdate = apps.get_model("plans", "ProgressUpdate")

    stored = {u.pk: (u.percent, u.status, u.work_done) for u in ProgressUpdate.objects.all()}
    assert len(stored) == len(old_rows)
    assert {name: stored[pk] for name, pk in old_rows.items()} == {
        "done_as_not_started": (100, "done", "Việc done_as_not_started"),
        "begun_as_not_started": (40, "in_progress", "Việc begun_as_not_started"),
        "nothing_on_track": (0, "not_started", "Việc nothing_on_track"),
        "full_at_risk": (100, "done", "Việc full_at_risk"),
        "late": (30, "in_progress", "Việc late"),
        "done": (100, "done", "Việc done"),
    }


@pytest.mark.parametrize(("percent", "status"), [(100, "not_started"), (100, "in_progress"), (40, "not_started")])
def test_after_the_migration_the_database_refuses_a_contradiction(old_rows, percent, status):
    apps = migrate(AFTER)
    ProgressUpdate = apps.get_model("plans", "ProgressUpdate")
    row = ProgressUpdate.objects.get(pk=old_rows["late"])
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.filter(pk=row.pk).update(percent=percent, status=status)
    row.refresh_from_db()
    assert (row.percent, row.status) == (30, "in_progress")
