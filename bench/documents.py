"""How fast the official documents come out, side by side from one run.

    .venv/bin/python bench/documents.py [--runs N]

Runs against a throwaway SQLite database and media folder (the real ones are
never touched): the demo seed plus a synthetic district of 100 communes.
Columns: the plan PDF rendered fresh and served from the cache, the progress
report PDF, the district summary (PDF and XLSX) for 100 communes, and
LibreOffice converting the same plan's DOCX to PDF (skipped where `soffice`
is not installed). Targets (issue 5): a fresh render under a quarter of
LibreOffice's time; a cached download at least 20 times faster than fresh.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import resource
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import throwaway  # first: it sets Django up on a throwaway database

# isort: split
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from cooperatives.twofactor.testing import signed_in

KEPT: dict[str, bytes] = {}


def kept(name: str, data: bytes) -> bytes:
    KEPT[name] = data
    return data


def median_time(action: Callable[[], object], runs: int, before: Callable[[], None] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def clear_cache() -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT, "rendered"), ignore_errors=True)


def get(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return response.content


def pdf_pages(data: bytes) -> int:
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def harfbuzz_subsetting() -> str:
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is None:
        return "MISSING (apt-get install libharfbuzz-subset0): renders are several times slower"
    if not harfbuzz.hb_version_atleast(4, 1, 0):
        return "present but HarfBuzz < 4.1: WeasyPrint falls back to fontTools"
    return "libharfbuzz-subset0 loaded; WeasyPrint subsets the embedded fonts with it"


def libreoffice(docx: bytes, runs: int) -> dict | None:
    """LibreOffice converting the DOCX to PDF, as a user runs it (its start
    included): the median wall-clock and CPU seconds (its processes' own) and
    the pages; None where `soffice` is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    source = throwaway.WORK / "plan.docx"
    source.write_bytes(docx)
    out = throwaway.WORK / "lo"
    command = [
        soffice,
        f"-env:UserInstallation={(throwaway.WORK / 'lo-profile').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(source),
    ]

    def convert() -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

    convert()  # the first start creates the profile; not counted
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        cpus.append(convert())
        walls.append(time.perf_counter() - start)
    pages = pdf_pages((out / "plan.pdf").read_bytes())
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "pages": pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median is shown)")
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="write the rendered files into this folder to look at them")
    args = parser.parse_args()

    throwaway.seed_demo()
    from plans.models import Plan

    plan = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)
    client = Client()
    client.force_login(get_user_model().objects.get(username="phongnn_chauthanh"))
    plan_url = f"/plans/{plan.pk}/pdf"

    rows: list[tuple[str, float | None, str]] = []
    fresh = median_time(lambda: get(client, plan_url), args.runs, before=clear_cache)
    plan_pdf = kept("plan.pdf", get(client, plan_url))
    rows.append(("plan PDF, fresh render", fresh, f"{pdf_pages(plan_pdf)} pages"))
    cached = median_time(lambda: get(client, plan_url), args.runs * 4)
    rows.append(("plan PDF, from the cache", cached, "same bytes" if get(client, plan_url) == plan_pdf else "DIFFER"))
    docx_url = f"/plans/{plan.pk}/docx"
    docx_fresh = median_time(lambda: get(client, docx_url), args.runs, before=clear_cache)
    rows.append(("plan DOCX, fresh", docx_fresh, ""))

    for label, seconds, note in extra_rows(client, plan, args):
        rows.append((label, seconds, note))

    converted = libreoffice(kept("plan.docx", get(client, docx_url)), max(3, args.runs // 2))
    lo_seconds = converted["wall"] if converted else None
    rows.append(
        (
            "LibreOffice: same plan DOCX -> PDF",
            lo_seconds,
            f"{converted['pages']} pages" if converted else "skipped: soffice not installed",
        )
    )

    print()
    print(f"{'document':<42}{'median':>10}   note")
    for label, seconds, note in rows:
        shown = f"{seconds * 1000:8.1f} ms" if seconds is not None else f"{'-':>11}"
        print(f"{label:<42}{shown}   {note}")
    print()
    print(f"fresh / cached: {fresh / cached:.0f}x faster from the cache (target >= 20x)")
    if lo_seconds is not None:
        print(f"fresh / LibreOffice: {fresh / lo_seconds:.2f} (target < 0.25)")
    print(f"HarfBuzz subsetting: {harfbuzz_subsetting()}")
    print(f"CPU cores: {os.cpu_count()}, {datetime.datetime.now():%Y-%m-%d %H:%M}")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for name, data in KEPT.items():
            (args.keep / name).write_bytes(data)
        print(f"Rendered files kept in {args.keep}")
    throwaway.remove()


def synthetic_district(communes: int, year: int = 2021):
    """A district of `communes` communes, each with its people's committee,
    a cooperative, an issued plan of five tasks and some progress."""
    from cooperatives.models import AdministrativeUnit, Cooperative, Organization
    from plans.models import Plan, ProgressUpdate, Task

    author = get_user_model().objects.get(username="htx_vinhloi")
    province = AdministrativeUnit.objects.create(code="BENCH", name="Tỉnh Thử Nghiệm", level="province")
    district = AdministrativeUnit.objects.create(
        code="BENCH-D", name="Huyện Thử Nghiệm", level="district", parent=province
    )
    units = AdministrativeUnit.objects.bulk_create(
        AdministrativeUnit(code=f"BENCH-{i:03d}", name=f"Xã Thử Nghiệm {i:03d}", level="commune", parent=district)
        for i in range(communes)
    )
    committees = Organization.objects.bulk_create(
        Organization(
            name=f"Ủy ban nhân dân xã Thử Nghiệm {i:03d}",
            short_name=f"UBND xã Thử Nghiệm {i:03d}",
            abbreviation="UBND",
            kind="peoples_committee",
            unit=unit,
        )
        for i, unit in enumerate(units)
    )
    coop_orgs = Organization.objects.bulk_create(
        Organization(name=f"HTX Thử Nghiệm {i:03d}", short_name=f"HTX TN {i:03d}", kind="cooperative", unit=unit)
        for i, unit in enumerate(units)
    )
    coops = Cooperative.objects.bulk_create(Cooperative(organization=org) for org in coop_orgs)
    plans = Plan.objects.bulk_create(
        Plan(
            issuer=org,
            year=year,
            title=f"Củng cố, nâng chất hoạt động hợp tác xã năm {year}",
            issuer_name=org.name.upper(),
            place=unit.name.removeprefix("Xã "),
            symbol="KH-UBND",
            status="issued",
            number=1,
            issued_on=datetime.date(year, 1, 5),
        )
        for org, unit in zip(committees, units, strict=True)
    )
    Plan.cooperatives.through.objects.bulk_create(
        Plan.cooperatives.through(plan_id=plan.pk, cooperative_id=coop.pk)
        for plan, coop in zip(plans, coops, strict=True)
    )
    tasks = Task.objects.bulk_create(
        Task(plan=plan, position=k, title=f"Nhiệm vụ {k + 1}", cooperative=coop, due_on=datetime.date(year, 6 + k, 1))
        for plan, coop in zip(plans, coops, strict=True)
        for k in range(5)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            task=task,
            reported_on=datetime.date(year, 5, 1 + n % 28),
            percent=(n * 37) % 100,
            status="on_track",
            work_done="Đang thực hiện.",
            author=author,
        )
        for n, task in enumerate(tasks)
    )
    return district


def extra_rows(client: Client, plan, args) -> list[tuple[str, float | None, str]]:
    """The progress report of the seed plan and the summary of a synthetic district."""
    from reports.services import report_create

    rows = []
    editor = get_user_model().objects.get(username="canbo_vinhloi")
    report = report_create(plan=plan, as_of=datetime.date(2021, 12, 31), user=editor)
    url = f"/reports/{report.pk}/pdf"
    seconds = median_time(lambda: get(client, url), args.runs, before=clear_cache)
    rows.append(("progress report PDF, fresh", seconds, f"{pdf_pages(kept('report.pdf', get(client, url)))} pages"))

    district = synthetic_district(args.communes)
    admin = Client()
    signed_in(admin, get_user_model().objects.get(username="admin"))
    query = f"?unit={district.code}&year=2021"
    seconds = median_time(lambda: get(admin, "/reports/summary.pdf" + query), args.runs, before=clear_cache)
    pages = pdf_pages(kept("summary.pdf", get(admin, "/reports/summary.pdf" + query)))
    rows.append((f"summary PDF, {args.communes} communes, fresh", seconds, f"{pages} pages"))
    seconds = median_time(lambda: get(admin, "/reports/summary.xlsx" + query), args.runs, before=clear_cache)
    kept("summary.xlsx", get(admin, "/reports/summary.xlsx" + query))
    rows.append((f"summary XLSX, {args.communes} communes, fresh", seconds, ""))
    seconds = median_time(lambda: get(admin, "/reports/summary/" + query), args.runs)
    rows.append((f"summary page, {args.communes} communes", seconds, "HTML"))
    return rows


if __name__ == "__main__":
    main()
