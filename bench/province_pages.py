"""What bench/province.py measures, once Django is set up on the bench
database: the cast and the pages, their queries in-process, their times over
HTTP beside the bare page, throughput, the long plan's PDF and a worker's
memory across fresh renders."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import province_build as build
import province_http as web
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperatives.twofactor.testing import signed_in
from plans.models import Plan, ProgressUpdate


@dataclass
class Page:
    label: str
    role: str
    path: str
    before: Callable[[], None] | None = None


def clear_rendered() -> None:
    """Every rendered file gone, so the next download renders afresh."""
    shutil.rmtree(Path(settings.MEDIA_ROOT, "rendered"), ignore_errors=True)


def cast() -> dict:
    """The measured people and the plans and tasks their pages show."""
    users = {role: get_user_model().objects.get(username=name) for role, name in build.CAST.items()}
    page_plan = Plan.objects.get(issuer__unit__code="BENCH-X000", year=build.YEARS[-1])
    return {
        "users": users,
        "page_plan": page_plan,
        "big_plan": Plan.objects.filter(year=build.YEARS[-2]).annotate(n=Count("tasks")).order_by("-n").first(),
        "long_task": page_plan.tasks.get(position=0),
        # Reported on by the measured staff's cooperative, like the long task, but not it.
        "post_task": page_plan.tasks.get(position=2),
    }


def pages(c: dict) -> list[Page]:
    plan, task = c["page_plan"].pk, c["long_task"].pk
    summary = "/reports/summary.pdf?unit=BENCH-P"
    rows = [Page("dashboard", role, "/") for role in build.CAST]
    return rows + [
        Page("/district/", "province reviewer", "/district/"),
        Page("/district/", "district officer", "/district/"),
        Page("summary page (province)", "province reviewer", "/reports/summary/?unit=BENCH-P"),
        Page(f"plan page, {c['page_plan'].tasks.count()} tasks", "commune official", f"/plans/{plan}/"),
        Page(f"task page, {c['long_task'].updates.count()} updates", "cooperative staff", f"/tasks/{task}/"),
        Page("my tasks (5 years of plans)", "cooperative staff", "/my-tasks/"),
        Page("inbox", "district officer", "/inbox/"),
        Page("plan PDF, first", "commune official", f"/plans/{plan}/pdf", clear_rendered),
        Page("plan PDF, repeat (cached)", "commune official", f"/plans/{plan}/pdf"),
        Page("summary PDF (province), first", "province reviewer", summary, clear_rendered),
        Page("summary PDF (province), repeat", "province reviewer", summary),
    ]


def queries(user, page: Page) -> tuple[int, int]:
    """The queries of one request of the page, in-process on the same database, and its status."""
    client = signed_in(Client(), user)  # with the second factor of those who must give one
    if page.before is not None:
        page.before()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path)
    return len(captured.captured_queries), response.status_code


def measure(c: dict, server: web.Server, sessions: dict[str, web.Session], runs: int) -> tuple[list[dict], list]:
    """Each page `runs` times over HTTP, interleaved with the bare page; the rows and what went wrong."""
    rows, notes = [], []
    # The process's first request reads what it keeps for the next ones (a
    # few queries more than any later one would make): the bare page takes
    # them, uncounted, and caches nothing a measured page would then find.
    queries(c["users"]["province reviewer"], Page("warm-up", "province reviewer", "/bench/bare/"))
    for page in pages(c):
        count, status = queries(c["users"][page.role], page)
        result = web.paired(server, sessions[page.role], page.path, runs, page.before)
        p50, p95 = web.percentiles(result.page)
        b50, b95 = web.percentiles(result.bare)
        cpu = round(statistics.mean(result.cpu) * 1000, 1) if result.cpu else None
        rows.append(
            {"page": page.label, "role": page.role, "queries": count, "p50_ms": round(p50, 1),
             "p95_ms": round(p95, 1), "bare_p50_ms": round(b50, 1), "bare_p95_ms": round(b95, 1),
             "worker_cpu_ms": cpu}
        )  # fmt: skip
        if status != 200 or set(result.statuses) != {200}:
            notes.append(f"{page.label} ({page.role}): in-process HTTP {status}, over HTTP {dict(result.statuses)}")
    return rows, notes


def loaded(server: web.Server, sessions: list[web.Session], send, seconds: float) -> dict:
    """web.throughput, with the workers' CPU per request, the cores they and the whole machine kept busy, and
    how many workers were recycled meanwhile (max_requests)."""
    workers, cpu, (busy, ticks) = set(server.workers()), server.cpu_seconds(), web.machine_ticks()
    result = web.throughput(sessions, send, seconds)
    used, (busy_after, ticks_after) = server.cpu_seconds() - cpu, web.machine_ticks()
    result["cpu_ms"] = used * 1000 / max(1, result["requests"])
    result["cores"] = used / seconds
    result["machine"] = (busy_after - busy) / (ticks_after - ticks) * (os.cpu_count() or 1)
    result["restarts"] = len(workers - set(server.workers()))
    return result


def throughput(c: dict, server: web.Server, sessions: dict, clients: int, seconds: float) -> list[tuple[str, dict]]:
    """The plan page, a progress update posted and the bare page, `clients` at once. The updates posted are
    deleted afterwards, so a kept province stays as built."""
    plan_path, task = f"/plans/{c['page_plan'].pk}/", c["post_task"]
    staff, official = sessions["cooperative staff"], sessions["commune official"]
    form_path = f"/tasks/{task.pk}/progress/new"
    token = web.csrf_token(staff.get(form_path)[1])
    first_new = (ProgressUpdate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    today = timezone.localdate().isoformat()

    def post(session: web.Session) -> int:
        fields = {"csrfmiddlewaretoken": token, "reported_on": today, "percent": "55",
                  "work_done": "Họp thành viên, rà soát tiến độ.", "submission_token": str(uuid.uuid4())}  # fmt: skip
        return session.post_form(form_path, fields)[0]

    def many(session: web.Session) -> list[web.Session]:
        return [session.clone() for _ in range(clients)]

    out = [
        ("plan page (commune official)", loaded(server, many(official), lambda s: s.get(plan_path)[0], seconds)),
        ("progress update posted (staff)", loaded(server, many(staff), post, seconds)),
        ("bare page", loaded(server, many(official), lambda s: s.get(web.BARE)[0], seconds)),
    ]
    ProgressUpdate.objects.filter(pk__gte=first_new, task=task).delete()
    return out


def pdf_figures(c: dict) -> list[tuple[str, str]]:
    """The 200-task plan rendered fresh in-process (PDF, then DOCX), and LibreOffice converting that DOCX."""
    import io

    import pypdf

    from reports.documents import renders

    plan = c["big_plan"]
    times, data = [], b""
    for _ in range(3):
        clear_rendered()
        start = time.perf_counter()
        data = renders.plan_pdf_render(plan=plan)
        times.append(time.perf_counter() - start)
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    clear_rendered()
    start = time.perf_counter()
    docx = renders.plan_docx_render(plan=plan)
    docx_seconds = time.perf_counter() - start
    n = plan.tasks.count()
    return [
        (f"plan PDF, {n} tasks, fresh (median of 3)", f"{statistics.median(times) * 1000:.0f} ms, {pages} pages"),
        (f"plan DOCX, {n} tasks, fresh", f"{docx_seconds * 1000:.0f} ms"),
        ("LibreOffice: the same DOCX to PDF", libreoffice(docx)),
    ]


def libreoffice(docx: bytes) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return "skipped: soffice not installed"
    with tempfile.TemporaryDirectory(prefix="htxplan-lo-") as folder:
        source = Path(folder, "plan.docx")
        source.write_bytes(docx)
        command = [soffice, f"-env:UserInstallation={Path(folder, 'profile').as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", folder, str(source)]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=300)  # the first start makes the profile
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        return f"{(time.perf_counter() - start) * 1000:.0f} ms"


def memory(c: dict, server: web.Server, session: web.Session, renders: int) -> list[tuple[str, str]]:
    """A worker's RSS across `renders` fresh PDFs of the plan page's plan: each render follows a change of the
    plan's title, so none comes from the cache. The server has one worker, so it serves them all."""
    (pid,) = server.workers()
    plan = c["page_plan"]
    path, title = f"/plans/{plan.pk}/pdf", plan.title
    trace = [("before any render", web.rss_kb(pid))]
    times = []
    try:
        for i in range(1, renders + 1):
            Plan.objects.filter(pk=plan.pk).update(title=f"{title} (bản {i})")
            status, _body = session.get(path)
            if status != 200:
                raise SystemExit(f"render {i}: HTTP {status}")
            times.append(session.last_seconds)
            if i == 1 or i % max(1, renders // 4) == 0 or i == renders:
                trace.append((f"after {i} renders", web.rss_kb(pid)))
    finally:
        Plan.objects.filter(pk=plan.pk).update(title=title)
        clear_rendered()
    p50, p95 = web.percentiles(times)
    lines = [(f"worker {pid}: {label}", f"{kb / 1024:.0f} MB" if kb else "gone (restarted)") for label, kb in trace]
    first, last = trace[1][1], trace[-1][1]
    if first and last:
        lines.append((f"growth from the 1st to the {renders}th render", f"{(last - first) / 1024:+.0f} MB"))
    lines.append(("fresh render over HTTP, p50 / p95", f"{p50:.0f} / {p95:.0f} ms"))
    return lines
