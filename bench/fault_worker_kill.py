"""A task worker killed mid-send while the mail server hangs, and a second worker taking the send over.

    .venv/bin/python bench/fault_worker_kill.py [--database sqlite|postgresql] [--lease 6]

On a database of its own (a temporary SQLite file; with --database
postgresql, a database made on the server DATABASE_URL points at, default
127.0.0.1:5432 as postgres, named htxplan_fault_..., dropped afterwards),
migrated in a subprocess. Two mail servers in this process: one that takes
connections and never says a word, and a sink that answers SMTP and keeps
every message. A plan is issued through the services to an office with an
e-mail address, which queues its mail task as the issue page does.

Worker A (`manage.py db_worker`, EMAIL_TIMEOUT 5 s, TASK_LEASE_SECONDS
--lease) takes the task, claims the delivery ("sending") and connects to the
silent server; it is killed with SIGKILL while it waits for the greeting.
Worker B, pointed at the sink with the same lease, must find the task
stranded once the lease has passed, take the send over and mail it once,
with the Message-ID made at the first try. Prints the figures;
tests/test_fault_worker_kill.py asserts them. About 20 s.
"""

from __future__ import annotations

import argparse
import datetime
import email
import json
import os
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
EMAIL_TIMEOUT = 5
WORKER = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1"]
# What the outer environment may hold that would point a subprocess elsewhere.
NOT_INHERITED = {
    "PYTHONPATH", "DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SITE_URL",
    "TASKS_BACKEND", "TASK_LEASE_SECONDS", "TASK_MAX_CLAIMS", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT",
    "EMAIL_USE_TLS", "EMAIL_TIMEOUT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
}  # fmt: skip

# Run by `manage.py shell -c`: a commune's People's Committee issues its plan
# to the district office, which has an e-mail address. Prints JSON.
ISSUE = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from cooperatives.models import AdministrativeUnit, Cooperative, Membership, Organization
from plans import services
from reports.models import Delivery

district = AdministrativeUnit.objects.create(code="942", name="Huyện Châu Thành", level="district")
commune = AdministrativeUnit.objects.create(code="A1", name="Xã Vĩnh Lợi", level="commune", parent=district)
ubnd_huyen = Organization.objects.create(
    name="Ủy ban nhân dân huyện Châu Thành", short_name="UBND huyện Châu Thành", abbreviation="UBND",
    kind="peoples_committee", unit=district,
)
office = Organization.objects.create(
    name="Phòng Nông nghiệp và Phát triển Nông thôn huyện Châu Thành", short_name="Phòng NN&PTNT huyện",
    abbreviation="PNN", kind="specialised_office", unit=district, parent=ubnd_huyen, email="phongnn@example.gov.vn",
)
issuer = Organization.objects.create(
    name="Ủy ban nhân dân xã Vĩnh Lợi", short_name="UBND xã Vĩnh Lợi", abbreviation="UBND",
    kind="peoples_committee", unit=commune, parent=ubnd_huyen,
)
htx = Organization.objects.create(
    name="Hợp tác xã Nông nghiệp Vĩnh Lợi", short_name="HTX NN Vĩnh Lợi", abbreviation="HTX",
    kind="cooperative", unit=commune,
)
coop = Cooperative.objects.create(organization=htx)
User = get_user_model()
editor, chairman = User.objects.create_user("canbo_a"), User.objects.create_user("chutich_a")
Membership.objects.create(user=editor, organization=issuer, role=Membership.Role.EDITOR)
Membership.objects.create(user=chairman, organization=issuer, role=Membership.Role.APPROVER)
year = timezone.localdate().year
plan = services.plan_create(
    user=editor, issuer=issuer, year=year, title=f"Củng cố, nâng chất hoạt động hợp tác xã năm {year}",
    cooperatives=[coop],
)
plan.tasks.create(position=0, title="Phun thuốc bằng drone", cooperative=coop, weight=1)
plan.recipients.create(position=0, label="Phòng NN&PTNT huyện", organization=office, purpose="để báo cáo")
plan.recipients.create(position=1, label="Lưu: VT, VP", is_archive=True)
services.plan_submit(plan=plan, user=editor)
services.plan_approve(plan=plan, user=chairman)
services.plan_issue(plan=plan, user=chairman)
delivery = Delivery.objects.get(plan=plan, organization=office)
print(json.dumps({"delivery": delivery.pk, "status": delivery.email_status}))
"""


class SilentServer:
    """Takes every connection and never answers; the sockets stay open until close()."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.first_at: float | None = None  # time.time() of the first connection
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.first_at = self.first_at or time.time()
            self.connections.append(conn)

    def close(self) -> None:
        self.closed = True
        self.listener.close()
        for conn in self.connections:
            conn.close()


class _SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: every command accepted, each DATA kept."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink.htxplan.invalid ESMTP\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                body = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(data[1:] if data.startswith(b"..") else data)
                self.server.messages.append((time.monotonic(), b"".join(body)))
                self.wfile.write(b"250 OK queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 Bye\r\n")
                return
            elif verb == b"EHLO":
                self.wfile.write(b"250-sink.htxplan.invalid\r\n250 8BITMIME\r\n")
            else:
                self.wfile.write(b"250 OK\r\n")


class SinkServer(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SinkHandler)
        self.port = self.server_address[1]
        self.messages: list[tuple[float, bytes]] = []
        threading.Thread(target=self.serve_forever, args=(0.1,), daemon=True).start()

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class SqliteDatabase:
    vendor = "sqlite"

    def __init__(self, work: Path):
        self.path = work / "fault.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def query(self, sql: str, params=()) -> list[tuple]:
        connection = sqlite3.connect(self.path, timeout=20)
        try:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            connection.close()

    def drop(self) -> None:
        pass  # in the temporary folder


class PostgresDatabase:
    vendor = "postgresql"

    def __init__(self, server_url: str):
        import dj_database_url
        import psycopg2

        self.psycopg2 = psycopg2
        config = dj_database_url.parse(server_url)
        self.server = {
            "host": config["HOST"] or "127.0.0.1",
            "port": str(config["PORT"] or 5432),
            "user": config["USER"] or "postgres",
            "password": config["PASSWORD"] or "",
        }
        self.name = f"htxplan_fault_{os.getpid()}_{os.urandom(3).hex()}"
        self._run(f"CREATE DATABASE \"{self.name}\" ENCODING 'UTF8'", "postgres")
        password = f":{quote(self.server['password'])}" if self.server["password"] else ""
        host = f"{self.server['host']}:{self.server['port']}"
        self.url = f"postgres://{quote(self.server['user'])}{password}@{host}/{self.name}"

    def _run(self, sql: str, dbname: str, params=()) -> list[tuple]:
        db = self.psycopg2.connect(dbname=dbname, **{k: v for k, v in self.server.items() if v})
        db.autocommit = True
        try:
            with db.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            db.close()

    def query(self, sql: str, params=()) -> list[tuple]:
        return self._run(sql, self.name, params)

    def drop(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)', "postgres")


def environment(database, work: Path, lease: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return env | {
        "DJANGO_SETTINGS_MODULE": "htxplan.settings",
        "DATABASE_URL": database.url,
        "MEDIA_ROOT": str(work / "media"),
        "DEBUG": "true",
        "SITE_URL": "https://htxplan-fault.invalid",
        "TASKS_BACKEND": "database",
        "TASK_LEASE_SECONDS": str(lease),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def moment(value) -> float | None:
    """A stored time as a Unix time: PostgreSQL gives it with its zone, SQLite as text in UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value).replace(tzinfo=datetime.UTC)
    return value.timestamp()


def delivery_row(database, pk: int) -> dict:
    [row] = database.query(
        "SELECT email_status, email_attempts, email_message_id, email_claimed_at, email_interrupted_at, email_error "
        "FROM reports_delivery WHERE id = %s",
        [pk],
    )
    names = ["status", "attempts", "message_id", "claimed_at", "interrupted_at", "error"]
    return dict(zip(names, row, strict=True))


def mail_tasks(database, pk: int) -> list[dict]:
    """The delivery's mail tasks in the order they were queued (args_kwargs {"args": [pk], ...})."""
    rows = database.query(
        "SELECT status, started_at, worker_ids, return_value, args_kwargs FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = %s ORDER BY enqueued_at",
        ["reports.tasks.delivery_email_task"],
    )
    tasks = []
    for status, started_at, workers, returned, args in rows:
        if _json(args, database)["args"] == [pk]:
            tasks.append(
                {
                    "status": status,
                    "started_at": moment(started_at),
                    "claims": len(_json(workers, database)),
                    "returned": _json(returned, database),
                }
            )
    return tasks


def _json(value, database):
    return json.loads(value) if database.vendor == "sqlite" and value is not None else value  # SQLite: as text


def wait_for(what: str, check, seconds: float, log: Path | None = None) -> float:
    """Poll `check` until it is true; the moment it was (time.monotonic)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return time.monotonic()
        time.sleep(0.05)
    tail = f"\n{log.name}:\n{log.read_text(errors='replace')[-3000:]}" if log and log.exists() else ""
    raise TimeoutError(f"{what}: not within {seconds:.0f} s{tail}")


def start_worker(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            WORKER, cwd=ROOT, env=env | {"EMAIL_PORT": str(port)}, stdout=out, stderr=subprocess.STDOUT
        )


def stop(worker: subprocess.Popen | None) -> None:
    if worker is not None and worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def run(vendor: str = "sqlite", lease: int = 6, quiet_after: float = 3.0) -> dict:
    """The whole scenario on a database of its own, dropped at the end; the figures."""
    interval = max(1.0, min(60.0, lease / 4))  # reports/management/commands/db_worker.py
    silent = sink = worker_a = worker_b = database = None
    with tempfile.TemporaryDirectory(prefix="htxplan-fault-") as folder:
        work = Path(folder)
        try:
            database = SqliteDatabase(work) if vendor == "sqlite" else PostgresDatabase(server_url())
            env = environment(database, work, lease)
            began = time.monotonic()
            manage(env, "migrate", "--noinput", "-v", "0")
            silent, sink = SilentServer(), SinkServer()

            log_a, log_b = work / "worker-a.log", work / "worker-b.log"
            worker_a = start_worker(env, silent.port, log_a)
            issued = json.loads(manage(env, "shell", "-c", ISSUE).strip().splitlines()[-1])
            pk = issued["delivery"]
            wait_for("worker A claiming the send", lambda: delivery_row(database, pk)["status"] == "sending", 60, log_a)
            # The claim's moments, read before worker B claims the task again.
            [task_a] = mail_tasks(database, pk)
            claimed = delivery_row(database, pk)
            wait_for("worker A connecting to the silent server", lambda: silent.connections, EMAIL_TIMEOUT, log_a)
            worker_a.send_signal(signal.SIGKILL)
            killed, killed_mono = time.time(), time.monotonic()
            worker_a.wait(timeout=10)
            left = delivery_row(database, pk)

            worker_b = start_worker(env, sink.port, log_b)
            bound = lease + 2 * interval + 20
            wait_for("worker B sending the mail again", lambda: sink.messages, bound, log_b)
            wait_for("worker B recording the send", lambda: delivery_row(database, pk)["status"] == "sent", 10, log_b)
            time.sleep(quiet_after)
            received = list(sink.messages)
            stop(worker_b)
            log = log_b.read_text(errors="replace")
            final = delivery_row(database, pk)
            headers = [email.message_from_bytes(body) for _, body in received]
            return {
                "database": vendor,
                "lease": lease,
                "sweep_interval": interval,
                "issued_status": issued["status"],
                "left_by_a": {k: left[k] for k in ("status", "attempts")},
                "a_exit": worker_a.returncode,
                "silent_connections": len(silent.connections),
                "killed_after": round(killed - moment(claimed["claimed_at"]), 2),
                "killed_after_connect": round(killed - silent.first_at, 2),
                "claim_gap": round(moment(claimed["claimed_at"]) - task_a["started_at"], 3),
                "resent_after": round(received[0][0] - killed_mono, 2),
                "messages": len(received),
                "first_message_id": claimed["message_id"],
                "message_ids": [h["Message-ID"] for h in headers],
                "to": [h["To"] for h in headers],
                "delivery": {
                    **final,
                    "claimed_at": final["claimed_at"] is not None,
                    "interrupted_at": final["interrupted_at"] is not None,
                    "interrupted_is_first_claim": moment(final["interrupted_at"]) == moment(claimed["claimed_at"]),
                },
                "tasks": mail_tasks(database, pk),
                "log_b_tracebacks": log.count("Traceback"),
                "seconds": round(time.monotonic() - began, 1),
            }
        finally:
            for worker in (worker_a, worker_b):
                if worker is not None and worker.poll() is None:
                    worker.kill()
                    worker.wait()
            for server in (silent, sink):
                if server is not None:
                    server.close()
            if database is not None:
                database.drop()


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else "postgres://postgres@127.0.0.1:5432/postgres"


def report(result: dict) -> str:
    d = result["delivery"]
    same = bool(result["message_ids"]) and all(
        mid == result["first_message_id"] == d["message_id"] for mid in result["message_ids"]
    )
    tasks = "; ".join(
        f"{t['status']} after {t['claims']} claim(s), returned {t['returned']!r}" for t in result["tasks"]
    )
    return "\n".join(
        [
            f"worker-kill ({result['database']}): killed after {result['killed_after']}s in 'sending' "
            f"({result['killed_after_connect']}s after connecting to the silent server), "
            f"resent by worker B {result['resent_after']}s after the kill (lease {result['lease']} s, "
            f"sweep every {result['sweep_interval']} s), messages received {result['messages']}, "
            f"attempts {d['attempts']}, Message-ID same: {'yes' if same else 'no'}",
            f"delivery: {d['status']}, interrupted_at set: {'yes' if d['interrupted_at'] else 'no'} "
            f"(the first claim's time: {'yes' if d['interrupted_is_first_claim'] else 'no'}), "
            f"error {d['error']!r}; left by worker A: {result['left_by_a']}; "
            f"mail tasks: {tasks} (delivery claimed {result['claim_gap']}s after its task); "
            f"worker B log tracebacks: {result['log_b_tracebacks']}; whole run {result['seconds']} s",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    parser.add_argument(
        "--database", choices=["sqlite", "postgresql"], default="postgresql" if on_postgres else "sqlite"
    )
    parser.add_argument("--lease", type=int, default=6)
    args = parser.parse_args()
    if args.lease <= EMAIL_TIMEOUT:
        parser.error(f"--lease must be longer than EMAIL_TIMEOUT ({EMAIL_TIMEOUT} s)")
    print(report(run(args.database, args.lease)))


if __name__ == "__main__":
    main()
