"""How the portal holds up at the scale of a province, served by gunicorn as in production.

    .venv/bin/python bench/province.py [--communes 100] [--updates 487570] [--runs 20]
                                       [--renders N] [--seconds 10] [--json] [--keep]
                                       [--database-url postgres://postgres@127.0.0.1:5432/htxplan_bench]
                                       [--redis-url redis://127.0.0.1:6379/15 | none]

Builds a province on PostgreSQL (bench/province_build.py: 10 districts, 100
communes, 198 cooperatives, 502 plans of 2021-2026, ~7,300 tasks, 487,570
progress updates with ~9,750 evidence files, 400 issued progress reports,
~1,370 deliveries) in the database of --database-url, which it creates and
drops itself (its name must contain "bench"; no other database is touched),
with media and static files in a temporary folder. --keep keeps the database
and the folder, so the next run of the same scale skips the build.

Then starts `gunicorn -c gunicorn.conf.py htxplan.wsgi` (the config's
default: 3 gthread workers x 4 threads) with DEBUG off, the cache in Redis as
in production (--redis-url, a database of its own, emptied first), and the bench's settings
(bench/province_settings.py: the portal's URLs plus /bench/bare/, a
login_required view returning "ok"), and for each page and role requests the
page --runs times, each right after the bare page on the same session, so
every row compares the page with the floor of a signed-in request at that
moment. The query count of each page comes from one request in-process
(django.test.Client on the same database); the workers' CPU time per request
from /proc, which other work on the machine inflates far less than the wall
clock. Then 8 clients at once for
--seconds each: the plan page, posting a progress update (deleted afterwards)
and the bare page, in requests per second. Then the 200-task plan rendered
fresh in-process (and LibreOffice converting its DOCX, where `soffice` is
installed), and a gunicorn started with one worker: its RSS across --renders
fresh PDFs of the 20-task plan (default 400 at 100 communes, in proportion below).

Plain HTTP on 127.0.0.1, so the HTTPS-only settings (SSL redirect, secure
cookies, HSTS) are off; SITE_URL is a placeholder, nothing is mailed. The load
generator runs on the same machine and takes its share of the CPU. Figures
are printed; nothing is asserted. --json prints the page table as JSON on
stdout (page, role, queries, p50_ms, p95_ms, bare_p50_ms, bare_p95_ms,
worker_cpu_ms); everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KEPT = Path(tempfile.gettempdir()) / "htxplan-province-bench"
PASSWORD = "bench-only-password-13"
CLIENTS = 8


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=100, help="communes; districts, plans, cooperatives follow")
    parser.add_argument("--updates", type=int, default=487_570, help="progress updates in all")
    parser.add_argument("--runs", type=int, default=20, help="requests of each page (and of the bare page)")
    parser.add_argument("--renders", type=int, help="fresh PDF renders for the worker's memory")
    parser.add_argument("--seconds", type=float, default=10, help="seconds of each throughput run")
    parser.add_argument("--json", action="store_true", help="the page table as JSON on stdout")
    parser.add_argument("--keep", action="store_true", help=f"keep the database and {KEPT} for the next run")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/htxplan_bench")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/15",
        help="the cache, as in production (emptied first: give the bench a Redis database of its own); "
        "'none' for each worker's own memory",
    )
    args = parser.parse_args()
    if args.renders is None:
        args.renders = max(20, 4 * args.communes)
    return args


def configure(args: argparse.Namespace, work: Path) -> dict[str, str]:
    """The environment of this process and of gunicorn: the production settings on the bench's database."""
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.province_settings",
        "DATABASE_URL": args.database_url,
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SITE_URL": "https://htxplan-bench.invalid",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    if args.redis_url != "none":
        env["REDIS_URL"] = args.redis_url
        env["CACHE_KEY_PREFIX"] = "htxplan-bench"
    os.environ.update(env)
    return env


def empty_cache() -> None:
    """Nothing cached from an earlier run (or another scale) is read back."""
    from django.core.cache import cache

    cache.clear()


def _server_and_name(url: str) -> tuple[dict, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or "bench" not in name:
        raise SystemExit(f"--database-url must be a PostgreSQL database whose name contains 'bench', not {url!r}")
    server = {"host": parts.hostname or "127.0.0.1", "port": parts.port or 5432, "dbname": "postgres"}
    server["user"] = unquote(parts.username or "postgres")
    if parts.password:
        server["password"] = unquote(parts.password)
    return server, name


def database(url: str, action: str) -> bool:
    """'exists', 'create' (dropping it first) or 'drop' the bench database, through the server's `postgres`."""
    import psycopg2
    from psycopg2 import sql

    server, name = _server_and_name(url)
    admin = psycopg2.connect(**server)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone() is not None
            if action in {"create", "drop"}:
                cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            if action == "create":
                cursor.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name)))
    finally:
        admin.close()
    return exists


def prepare(args: argparse.Namespace, work: Path, scale) -> str:
    """The province in the database (built now, or kept from a run of the same scale) and the static files."""
    from django.core.management import call_command

    stamp = work / "build.json"
    url = args.database_url
    wanted = {"communes": scale.communes, "updates": scale.updates, "database": url}
    kept = json.loads(stamp.read_text()) if args.keep and stamp.exists() else {}
    reuse = {k: kept.get(k) for k in wanted} == wanted and database(args.database_url, "exists")
    if not reuse:
        shutil.rmtree(work / "media", ignore_errors=True)
        stamp.unlink(missing_ok=True)
        if (KEPT / "build.json").exists() and json.loads((KEPT / "build.json").read_text())["database"] == url:
            (KEPT / "build.json").unlink()  # the province kept in this database is about to go
        database(args.database_url, "create")
    if reuse:
        call_command("migrate", interactive=False, verbosity=0)  # the code may have moved on since
        note = f"build skipped: kept from {kept['built_at']} (built in {kept['build_s']:.0f} s), migrated"
    else:
        note = build_now(scale, work, wanted)
    note += analyze()
    manifest, sources = work / "static" / "staticfiles.json", (ROOT / "static").rglob("*")
    if reuse and manifest.exists() and all(p.stat().st_mtime < manifest.stat().st_mtime for p in sources):
        return f"{note}; static files kept"
    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    return f"{note}; collectstatic {time.perf_counter() - started:.0f} s"


def analyze() -> str:
    """The planner's statistics made fresh, as autovacuum keeps them in
    production: a province built in one go (or a cluster with autovacuum
    off) has none, and PostgreSQL then scans whole tables where an index
    would do (the evidence of 20 updates: 9,751 rows read for 1)."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return f"; ANALYZE {time.perf_counter() - started:.1f} s"


def build_now(scale, work: Path, wanted: dict) -> str:
    import province_build
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    province_build.build(scale, work / "media", make_password(PASSWORD))
    built = time.perf_counter()
    info = {**wanted, "built_at": f"{datetime.datetime.now():%Y-%m-%d %H:%M}", "build_s": built - started}
    (work / "build.json").write_text(json.dumps(info))
    return f"migrate {migrated - started:.0f} s, build {built - migrated:.0f} s (total {built - started:.0f} s)"


def counts() -> str:
    from cooperatives.models import AdministrativeUnit, Cooperative
    from plans.models import Evidence, Plan, ProgressUpdate, Task
    from reports.models import Delivery, ProgressReport

    units = AdministrativeUnit.objects.filter(code__startswith="BENCH-")
    figures = [
        (units.filter(level="district").count(), "districts"),
        (units.filter(level="commune").count(), "communes"),
        (Cooperative.objects.count(), "cooperatives"),
        (Plan.objects.count(), "plans"),
        (Task.objects.count(), "tasks"),
        (ProgressUpdate.objects.count(), "progress updates"),
        (Evidence.objects.count(), "evidence files"),
        (ProgressReport.objects.filter(status="issued").count(), "issued progress reports"),
        (Delivery.objects.count(), "deliveries"),
    ]
    return "1 province, " + ", ".join(f"{n:,} {what}" for n, what in figures)


def run(args: argparse.Namespace, work: Path, env: dict[str, str]) -> dict:
    """Every measurement; the servers are stopped whatever happens."""
    import province_http as web
    import province_pages as measured

    c = measured.cast()
    load_before = os.getloadavg()[0]
    server = web.start_server(env, web.free_port(), work / "gunicorn.log")
    try:
        workers = len(server.workers())
        sessions = {role: web.login(server.port, u.username, PASSWORD) for role, u in c["users"].items()}
        rows, notes = measured.measure(c, server, sessions, args.runs)
        load = measured.throughput(c, server, sessions, CLIENTS, args.seconds)
    finally:
        server.stop()
    pdf = measured.pdf_figures(c)
    single = web.start_server(env, web.free_port(), work / "gunicorn-1.log", workers=1)
    try:
        session = web.login(single.port, c["users"]["commune official"].username, PASSWORD)
        mem = measured.memory(c, single, session, args.renders)
    finally:
        single.stop()
    logs = [web.log_summary(server.log), web.log_summary(single.log)]
    return {
        "rows": rows,
        "notes": notes,
        "load": load,
        "pdf": pdf,
        "memory": mem,
        "workers": workers,
        "logs": logs,
        "load_before": load_before,
    }


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| page | role | queries | p50 / p95 ms | bare p50 / p95 ms | ratio p95 | worker CPU ms |",
        "| --- | --- | --: | --: | --: | --: | --: |",
    ]
    for r in rows:
        ratio = r["p95_ms"] / r["bare_p95_ms"] if r["bare_p95_ms"] else float("nan")
        lines.append(
            f"| {r['page']} | {r['role']} | {r['queries']} | {r['p50_ms']:.1f} / {r['p95_ms']:.1f} "
            f"| {r['bare_p50_ms']:.1f} / {r['bare_p95_ms']:.1f} | {ratio:.1f} | {r['worker_cpu_ms'] or '-'} |"
        )
    return lines


def report(args: argparse.Namespace, setup: str, figures: str, result: dict) -> None:
    out = sys.stderr if args.json else sys.stdout

    def say(line: str = "") -> None:
        print(line, file=out)

    say(figures)
    say(setup)
    say(f"gunicorn -c gunicorn.conf.py: {result['workers']} gthread workers; {args.runs} runs per page; "
        f"cache: {'Redis' if args.redis_url != 'none' else 'each worker in memory'}; "
        f"CPU cores: {os.cpu_count()}; load average {result['load_before']:.1f} before the server started, "
        f"{os.getloadavg()[0]:.1f} at the end; {datetime.datetime.now():%Y-%m-%d %H:%M}")  # fmt: skip
    say()
    if args.json:
        print(json.dumps(result["rows"], ensure_ascii=False, indent=1))
    else:
        for line in table(result["rows"]):
            say(line)
    for note in result["notes"]:
        say(f"NOTE: {note}")
    say()
    say(f"| {CLIENTS} clients at once, {args.seconds:.0f} s each | requests/s | p50 / p95 ms "
        "| worker CPU ms / request | cores: workers / machine | workers recycled | statuses |")  # fmt: skip
    say("| --- | --: | --: | --: | --: | --: | --- |")
    for label, r in result["load"]:
        say(f"| {label} | {r['rps']:.1f} | {r['p50_ms']:.1f} / {r['p95_ms']:.1f} | {r['cpu_ms']:.1f} "
            f"| {r['cores']:.2f} / {r['machine']:.2f} | {r['restarts']} | {dict(r['statuses'])} |")  # fmt: skip
    say()
    for label, value in result["pdf"] + [("", "")] + result["memory"]:
        say(f"{label}: {value}" if label else "")
    say()
    for line in result["logs"]:
        say(line)


def main() -> None:
    args = arguments()
    work = KEPT if args.keep else Path(tempfile.mkdtemp(prefix="htxplan-province-"))
    work.mkdir(parents=True, exist_ok=True)
    env = configure(args, work)
    import django

    django.setup()
    import province_build

    scale = province_build.Scale(communes=args.communes, updates=args.updates)
    try:
        setup = prepare(args, work, scale)
        empty_cache()
        result = run(args, work, env)
        report(args, setup, counts(), result)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            database(args.database_url, "drop")
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
