"""The embedded SQLite database holds the web server and the task worker
writing at once: nobody gets "database is locked" and no write is lost.

`make run` serves the portal from threads and runs `manage.py db_worker`
beside it, all on one SQLite file. The test's own database (in memory,
shared cache) cannot show file locking, so everything here runs in
subprocesses on a temporary SQLite file with the settings of a real run:
two task workers (`db_worker`, as "several workers may run at once" in the
README) and a script in which several editors add and delete parts of one
plan through the services while another thread queues delivery e-mails for
the workers, who record a failed send on each delivery and queue its retry.

Without immediate transactions in settings.py the editors' transactions
(read the plan, then write) deadlock on SQLite's lock upgrade and fail at
once with "database is locked", and so do some of the workers' sends, which
leaves those deliveries queued for good. About 8 s: a migrate, then a few
seconds of writing.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.05"]
EDITORS = 4
ROUNDS = 12
MAILS = 40

# Run by `manage.py shell -c` on the temporary file; prints what happened as JSON.
WRITERS = f"""
import json
import threading
import time

from django.contrib.auth import get_user_model
from django.db import connection

from cooperatives.models import AdministrativeUnit, Organization
from plans import services
from plans.models import Objective
from reports.models import Delivery
from reports.tasks import delivery_email_task

EDITORS, ROUNDS, MAILS = {EDITORS}, {ROUNDS}, {MAILS}
unit = AdministrativeUnit.objects.create(code="A1", name="Xã Vĩnh Lợi", level="commune")
issuer = Organization.objects.create(
    name="Ủy ban nhân dân xã Vĩnh Lợi", short_name="UBND xã Vĩnh Lợi", abbreviation="UBND",
    kind="peoples_committee", unit=unit,
)
users = [get_user_model().objects.create_user(username=f"canbo_{{i}}") for i in range(EDITORS)]
plan = services.plan_create(user=users[0], issuer=issuer, year=2026, title="Kế hoạch năm 2026")
services.plan_part_add(plan=plan, user=users[0], kind="objective", version=None, fields={{"body": "Mục tiêu chung"}})
other = services.plan_create(user=users[0], issuer=issuer, year=2025, title="Kế hoạch năm 2025")
# Recipients with no e-mail address: each send fails at once and is recorded, a write in the worker.
offices = [
    Organization.objects.create(name=f"Cơ quan {{i}}", short_name=f"CQ {{i}}", kind="other", unit=unit)
    for i in range(MAILS)
]
deliveries = [Delivery.objects.create(plan=other, organization=o, email_status="queued") for o in offices]
version_before = type(plan).objects.get(pk=plan.pk).version

errors = []
start = threading.Barrier(EDITORS + 1)


def editor(user):
    try:
        start.wait()
        for i in range(ROUNDS):
            part = services.plan_part_add(
                plan=plan, user=user, kind="objective", version=None, fields={{"body": f"{{user.username}} {{i}}"}}
            )
            services.plan_part_delete(part=part, user=user, version=None)
    except Exception as error:
        errors.append(f"{{user.username}}: {{type(error).__name__}}: {{error}}")
    finally:
        connection.close()


def mailer():
    try:
        start.wait()
        for delivery in deliveries:
            delivery_email_task.enqueue(delivery.pk)
            time.sleep(0.02)
    except Exception as error:
        errors.append(f"mailer: {{type(error).__name__}}: {{error}}")
    finally:
        connection.close()


threads = [threading.Thread(target=editor, args=(user,)) for user in users] + [threading.Thread(target=mailer)]
began = time.monotonic()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
seconds = time.monotonic() - began

deadline = time.monotonic() + 20
while time.monotonic() < deadline and Delivery.objects.filter(plan=other, email_status="queued").exists():
    time.sleep(0.2)
plan.refresh_from_db()
print(json.dumps({{
    "errors": errors,
    "seconds": round(seconds, 2),
    "versions": plan.version - version_before,
    "objectives": list(Objective.objects.filter(plan=plan).values_list("position", "body")),
    "mail": sorted(set(Delivery.objects.filter(plan=other).values_list("email_status", "email_attempts"))),
    "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
}}))
"""


def test_editors_and_two_task_workers_write_at_once_without_a_locked_database(tmp_path):
    database = tmp_path / "portal.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DATABASE_URL", "MEDIA_ROOT", "DEBUG"}}
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "htxplan.settings",
        "TASKS_BACKEND": "database",
        "PYTHONUNBUFFERED": "1",
    }

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, **kwargs
        )

    migrated = manage("migrate", "--noinput", "-v", "0", timeout=180)
    assert migrated.returncode == 0, migrated.stderr

    logs = [tmp_path / f"worker-{n}.log" for n in (1, 2)]
    workers = []
    for log in logs:
        with log.open("w") as out:
            workers.append(subprocess.Popen(WORKER, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT))
    try:
        # Both workers poll the queue (a write transaction each time) before the editors start.
        time.sleep(1)
        ran = manage("shell", "-c", WRITERS, timeout=180)
        still_running = [worker.poll() is None for worker in workers]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    worker_logs = "\n".join(log.read_text() for log in logs)

    assert ran.returncode == 0, ran.stderr
    outcome = json.loads(ran.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == [], outcome
    assert still_running == [True, True], worker_logs
    assert "locked" not in worker_logs and "Traceback" not in worker_logs, worker_logs
    assert outcome["journal_mode"] == "wal"
    # Every add and every delete took its turn: one new version each, none
    # lost, and the plan is left as it was.
    assert outcome["versions"] == 2 * EDITORS * ROUNDS
    assert outcome["objectives"] == [[0, "Mục tiêu chung"]]
    # Every delivery was tried once by a worker (no address, so recorded as failed).
    assert outcome["mail"] == [["failed", 1]]
