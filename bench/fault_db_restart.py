"""The PostgreSQL cluster restarted in the middle of a burst of requests through gunicorn.

    .venv/bin/python bench/fault_db_restart.py [--requests 200] [--plans 20]

Creates a database of its own on 127.0.0.1:5432 (user postgres, a random
name starting htxplan_fault_, dropped afterwards), migrates it and loads the
demo in subprocesses, makes --plans approved copies of the demo's plan of
this year for the chairman to issue, and starts
`gunicorn -c gunicorn.conf.py htxplan.wsgi` on it with DEBUG off. Then four
clients, signed in through the login form as the demo users: two sessions of
the cooperative's staff (htx_vinhloi) posting progress on their tasks and
reading the task pages, the chairman (chutich_vinhloi) issuing the approved
plans one after the other, and the district officer (phongnn_chauthanh)
reading the dashboard and plan pages. After a third of --requests the whole
cluster is restarted (`pg_ctlcluster ... restart`, as root; where that cannot
run, every backend of the database is ended with pg_terminate_backend
instead, and the output says so). Once the database answers again each
client sends one more page, which must work with gunicorn never restarted.

Every answer is sorted: ok (200 or the redirect of a stored write), 503 with
the Vietnamese "thử lại" page, or other (a 500, a traceback, a dropped
connection). Then the database is read: each progress post answered ok is
stored (by its form's submission token), the numbers issued this year are
1..n with no gap or duplicate, and each issued plan has its deliveries.
Prints the figures; tests/test_fault_db_restart.py asserts them. Other
sessions on the same cluster lose their connections during the restart.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.province_http import DROPPED, Session, login, start_server  # noqa: E402

SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
PASSWORD = "fault-only-password-17"
PG_UP_SECONDS = 30

# Run by `manage.py shell -c` after seed_demo: approved copies of the demo's
# plan of this year (each copied from the one before: copying one plan twice
# at once is taken for a double click) and the tasks the cooperative's staff
# may log. Prints JSON.
PREPARE = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from plans import access, services
from plans.models import Plan, Task

User = get_user_model()
editor, chairman, staff = (User.objects.get(username=n) for n in ("canbo_vinhloi", "chutich_vinhloi", "htx_vinhloi"))
year = timezone.localdate().year
source = Plan.objects.get(issuer__unit__name="Xã Vĩnh Lợi", year=year, status="approved")
plans = [source.pk]
for i in range(PLANS - 1):
    copy = services.plan_copy(plan=source, user=editor, year=year, additional_reason=f"Kế hoạch bổ sung số {i + 1}")
    services.plan_submit(plan=copy, user=editor)
    services.plan_approve(plan=copy, user=chairman)
    plans.append(copy.pk)
    source = copy
tasks = []
for task in Task.objects.filter(plan__status="issued").order_by("pk"):
    try:
        access.get_task_for_user(staff, task.pk, may="log")
    except Exception:
        continue
    tasks.append(task.pk)
# The chairman issues: he signs in with the code of an authenticator of his.
from bench.province_http import authenticator_key
from cooperatives.twofactor.testing import authenticator_for
authenticators = {"chutich_vinhloi": authenticator_key(authenticator_for(chairman))}
given = {"plans": plans, "tasks": tasks, "issuer": source.issuer_id, "year": year}
print(json.dumps({**given, "authenticators": authenticators}))
"""

# What the database holds afterwards. Prints JSON.
CHECK = """
import json
from plans.models import NumberRegister, Plan, ProgressUpdate
from reports.models import Delivery

given = json.loads(GIVEN)
issued = Plan.objects.filter(pk__in=given["plans"], status="issued")
register = NumberRegister.objects.filter(issuer_id=given["issuer"], year=given["year"]).first()
this_year = Plan.objects.filter(issuer_id=given["issuer"], issued_on__year=given["year"])
deliveries = Delivery.objects.filter(plan_id__in=given["plans"])
stored = ProgressUpdate.objects.filter(submission_token__in=given["tokens"])
numbers = sorted(this_year.values_list("number", flat=True))
print(json.dumps({
    "issued": sorted(issued.values_list("pk", flat=True)),
    "numbers": numbers,
    "register_last": register.last_number if register else 0,
    "without_deliveries": sorted(issued.filter(deliveries__isnull=True).values_list("pk", flat=True)),
    "deliveries": deliveries.count(),
    "deliveries_of_unissued": deliveries.exclude(plan__status="issued").count(),
    "tokens": [str(t) for t in stored.values_list("submission_token", flat=True)],
}))
"""


def admin_sql(statement: str, params=()) -> list[tuple]:
    import psycopg2

    connection = psycopg2.connect(**SERVER)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def environment(name: str, work: Path) -> dict[str, str]:
    """The production settings (DEBUG off) on the fault database, plain HTTP on 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "bench.fault_settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SITE_URL": "https://htxplan-fault.invalid",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "TASKS_BACKEND": "database",
        "DEMO_PASSWORD": PASSWORD,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def shell_json(env: dict[str, str], script: str) -> dict:
    return json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])


def wait_for_postgres() -> bool:
    deadline = time.monotonic() + PG_UP_SECONDS
    while time.monotonic() < deadline:
        if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode == 0:
            return True
        time.sleep(0.3)
    return False


def restart_postgres(name: str) -> str:
    """How the database was taken away: the whole cluster restarted, or its backends ended."""
    clusters = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if clusters and os.geteuid() == 0:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", "restart"]
        if subprocess.run(command, capture_output=True, timeout=60).returncode == 0:
            wait_for_postgres()
            return "cluster restarted (" + " ".join(command) + ")"
    ended = admin_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [name],
    )
    return f"pg_ctlcluster could not run: ended {len(ended)} backends with pg_terminate_backend instead"


class Burst:
    """The requests of every client, counted as they answer, and the restart once a third are done."""

    def __init__(self, total: int, database: str):
        self.total, self.database = total, database
        self.lock = threading.Lock()
        self.answers: list[dict] = []
        self.restart: threading.Thread | None = None
        self.restarted = threading.Event()
        self.how = ""

    def send(self, session: Session, method: str, path: str, fields: dict | None = None, **write) -> str:
        try:
            if method == "POST":
                status, body = session.post_form(path, {"csrfmiddlewaretoken": session.cookies["csrftoken"], **fields})
            else:
                status, body = session.get(path)
        except (*DROPPED, OSError) as error:
            status, body = 0, repr(error).encode()
        text = body.decode(errors="replace")
        if "Traceback" not in text and status == (302 if method == "POST" else 200):
            outcome = "ok"
        elif status == 503 and "xin thử lại" in text and "Traceback" not in text:
            outcome = "503"
        else:
            outcome = "other"
        if outcome == "503":
            # A person reads the page and tries again a moment later.
            time.sleep(0.2)
        with self.lock:
            self.answers.append({"method": method, "path": path, "status": status, "outcome": outcome, **write})
            if self.restart is None and len(self.answers) >= self.total // 3:
                self.restart = threading.Thread(target=self._restart)
                self.restart.start()
        return outcome

    def _restart(self) -> None:
        self.how = restart_postgres(self.database)
        self.restarted.set()

    def going(self) -> bool:
        return len(self.answers) < self.total or not self.restarted.is_set()


def staff_loop(burst: Burst, session: Session, tasks: list[int], seed: int) -> None:
    today = datetime.date.today().isoformat()
    n = seed
    while burst.going():
        task = tasks[n % len(tasks)]
        burst.send(session, "GET", f"/tasks/{task}/")
        token = str(uuid.uuid4())
        fields = {
            "reported_on": today,
            "percent": str(1 + n % 99),
            "work_done": f"Đã làm phần việc {n}",
            "indicator_value": "",
            "submission_token": token,
        }
        burst.send(session, "POST", f"/tasks/{task}/progress/new", fields, token=token)
        burst.send(session, "GET", "/my-tasks/")
        n += 2


def chairman_loop(burst: Burst, session: Session, plans: list[int]) -> None:
    waiting = list(plans)
    while burst.going():
        if waiting:
            plan = waiting[0]
            # A 503 may hide an issue that was stored: the same plan is sent
            # again, and an issued plan only redirects to its page.
            if burst.send(session, "POST", f"/plans/{plan}/issue/", {"issued_on": ""}, plan=plan) == "ok":
                waiting.pop(0)
            burst.send(session, "GET", f"/plans/{plan}/")
            # Paced, so that issues are under way when the database goes.
            time.sleep(0.15)
        else:
            burst.send(session, "GET", f"/plans/{plans[-1]}/")
            time.sleep(0.05)


def reader_loop(burst: Burst, session: Session, plans: list[int]) -> None:
    n = 0
    while burst.going():
        burst.send(session, "GET", "/" if n % 2 else f"/plans/{plans[n % len(plans)]}/")
        n += 1
        time.sleep(0.02)


def burst_through(port: int, given: dict, total: int, database: str) -> tuple[Burst, list[int]]:
    """The four clients at once, the restart among them, then one page each once the database is back."""
    keys = given["authenticators"]
    names = ("htx_vinhloi", "chutich_vinhloi", "phongnn_chauthanh")
    sessions = {name: login(port, name, PASSWORD, keys.get(name)) for name in names}
    second_staff = login(port, "htx_vinhloi", PASSWORD, None)
    burst = Burst(total, database)
    threads = [
        threading.Thread(target=staff_loop, args=(burst, sessions["htx_vinhloi"], given["tasks"], 0)),
        threading.Thread(target=staff_loop, args=(burst, second_staff, given["tasks"], 1)),
        threading.Thread(target=chairman_loop, args=(burst, sessions["chutich_vinhloi"], given["plans"])),
        threading.Thread(target=reader_loop, args=(burst, sessions["phongnn_chauthanh"], given["plans"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_for_postgres()
    after = [session.get("/")[0] for session in [*sessions.values(), second_staff]]
    return burst, after


def figures(burst: Burst, after: list[int], stored: dict) -> dict:
    answers = burst.answers
    posts = [a for a in answers if "token" in a]
    kept = set(stored["tokens"])
    issues = [a for a in answers if "plan" in a]
    return {
        "database": burst.how,
        "requests": len(answers),
        "outcomes": dict(Counter(a["outcome"] for a in answers)),
        "other": [a for a in answers if a["outcome"] == "other"][:10],
        "progress_posts": len(posts),
        "progress_ok": sum(a["outcome"] == "ok" for a in posts),
        "progress_ok_stored": sum(a["outcome"] == "ok" and a["token"] in kept for a in posts),
        "progress_503_stored": sum(a["outcome"] == "503" and a["token"] in kept for a in posts),
        "issue_posts": len(issues),
        "issue_ok": sum(a["outcome"] == "ok" for a in issues),
        "issue_ok_not_issued": sorted({a["plan"] for a in issues if a["outcome"] == "ok"} - set(stored["issued"])),
        "plans_issued": len(stored["issued"]),
        "numbers": stored["numbers"],
        "register_last": stored["register_last"],
        "deliveries": stored["deliveries"],
        "issued_without_deliveries": stored["without_deliveries"],
        "deliveries_of_unissued": stored["deliveries_of_unissued"],
        "after_restart": after,
    }


def run(total: int = 200, plans: int = 20) -> dict:
    """The whole scenario on a database of its own, dropped at the end; the figures."""
    name = f"htxplan_fault_{secrets.token_hex(4)}"
    admin_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8'")
    server = None
    try:
        with tempfile.TemporaryDirectory(prefix="htxplan-fault-") as folder:
            work = Path(folder)
            env = environment(name, work)
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "seed_demo")
            given = shell_json(env, f"PLANS = {plans}\n" + PREPARE)
            server = start_server(env, free_port(), work / "gunicorn.log")
            burst, after = burst_through(server.port, given, total, name)
            server.stop()
            given["tokens"] = [a["token"] for a in burst.answers if "token" in a]
            stored = shell_json(env, f"GIVEN = {json.dumps(json.dumps(given))}\n" + CHECK)
            result = figures(burst, after, stored)
            log = (work / "gunicorn.log").read_text(errors="replace")
            result["log_tracebacks"] = log.count("Traceback")
            result["log_errors"] = log_errors(log)
            result["log_500"] = log.count('" 500 ')
            return result
    finally:
        if server is not None:
            server.stop()
        wait_for_postgres()
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def log_errors(log: str) -> dict[str, int]:
    """The application's ERROR lines by logger and the start of their message (the request's id left out)."""
    found = re.findall(r" ERROR \[[^\]]*\] (\S+: [^/\n]{0,40})", log)
    return dict(Counter(found).most_common(8))


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def report(result: dict) -> str:
    o = result["outcomes"]
    return "\n".join(
        [
            f"database: {result['database']}",
            f"requests: {result['requests']} (ok {o.get('ok', 0)}, 503 {o.get('503', 0)}, other {o.get('other', 0)})",
            f"progress posts: {result['progress_posts']}, ok {result['progress_ok']}, of which stored "
            f"{result['progress_ok_stored']}; answered 503 but stored {result['progress_503_stored']}",
            f"issues: {result['issue_posts']} posts, {result['issue_ok']} ok, {result['plans_issued']} plans issued, "
            f"numbers {result['numbers']} (register at {result['register_last']})",
            f"deliveries: {result['deliveries']}; "
            f"issued plans without deliveries {result['issued_without_deliveries']}, "
            f"deliveries of plans not issued {result['deliveries_of_unissued']}",
            f"after the restart: {result['after_restart']}; gunicorn log: {result['log_500']} x 500, "
            f"{result['log_tracebacks']} tracebacks (the 503s are logged with theirs): {result['log_errors']}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--plans", type=int, default=20)
    args = parser.parse_args()
    print(report(run(args.requests, args.plans)))


if __name__ == "__main__":
    main()
