"""A plan of about seventy pages renders, and what it costs.

    .venv/bin/python bench/render_long_plan.py [--tasks 200] [--runs 3] [--renders 400] [--keep FOLDER]

Runs against a throwaway SQLite database and media folder (bench/throwaway.py;
the real ones are never touched): the demo seed, then a copy of its 2021
plan with `--tasks` tasks, each with a title, a body of two paragraphs and a
dash list, in three groups, listed both in the body and as the appendix
"Phân công thực hiện" (landscape), plus an appendix table of the plan's own.

Prints the interpreter the figures come from (its build matters: WeasyPrint
is mostly Python, and a build without profile-guided optimisation, as pyenv
makes by default, lays the same plan out 5 to 25% slower than Debian's
python3 on a shared machine), then, each measured in a forked process of its
own so one's memory is not another's (seconds are the median of `--runs`,
wall clock and CPU; the CPU time is the steadier figure on a shared machine):
- the PDF rendered fresh (the render cache emptied first), its pages, the
  resident size at the start and at the peak, the Python heap's peak;
- the same render split: the plan's rows and the template, WeasyPrint's
  parse, styles (up to the first page's layout), layout, write_pdf, and
  freeing the document (its cycles collected);
- the DOCX rendered fresh, and LibreOffice converting that DOCX to PDF
  (`soffice --headless --convert-to pdf`, its start included, as a user
  waits for it; skipped where it is not installed);
- the resident size over `--renders` fresh renders of the demo's 4-page plan
  in one process, as a server worker makes them (0 to skip).
"""

from __future__ import annotations

import argparse
import io
import logging
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import throwaway  # first: it sets Django up on a throwaway database

# isort: split
from django.conf import settings

GROUPS = ["Củng cố tổ chức, nâng cao năng lực quản trị", "Phát triển sản xuất, kinh doanh", "Liên kết tiêu thụ"]
LEADS = ["UBND xã", "Phòng Kinh tế", "Hội Nông dân xã", "Liên minh HTX tỉnh"]
BODY = (
    "Rà soát toàn bộ hồ sơ pháp lý, điều lệ, quy chế hoạt động và phương án sản xuất kinh doanh của hợp tác "
    "xã; hướng dẫn bổ sung những nội dung còn thiếu theo Luật Hợp tác xã năm 2023 và các văn bản hướng dẫn.\n\n"
    "Định kỳ hằng quý báo cáo kết quả thực hiện về Ủy ban nhân dân xã qua bộ phận Kinh tế để tổng hợp.\n"
    "- Báo cáo nêu rõ khối lượng công việc đã hoàn thành, khó khăn, vướng mắc;\n"
    "- Kiến nghị, đề xuất (nếu có)."
)
WORKS = "TT | Công trình | Địa điểm | Kinh phí (triệu đồng)\nI. Giao thông nội đồng\n" + "\n".join(
    f"{i} | Đường đal nội đồng tuyến số {i} | Ấp {i % 5 + 1} | {100 + 10 * i}" for i in range(1, 16)
)


def long_plan(tasks: int):
    """A copy of the demo's 2021 plan with `tasks` tasks and two appendices."""
    from plans.models import Plan, Task

    seed = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)
    plan = Plan.objects.get(pk=seed.pk)
    plan.pk = None
    plan.year, plan.number, plan.issued_on, plan.status = 2026, None, None, "draft"
    plan.task_listing = Plan.TaskListing.BOTH
    plan.save()
    for basis in seed.legal_bases.all():
        plan.legal_bases.create(position=basis.position, text=basis.text)
    for recipient in seed.recipients.all():
        plan.recipients.create(position=recipient.position, label=recipient.label, purpose=recipient.purpose)
    Task.objects.bulk_create(
        Task(
            plan=plan,
            position=i,
            group=GROUPS[i * len(GROUPS) // tasks],
            title=f"Nhiệm vụ {i + 1}: củng cố, nâng chất hoạt động của hợp tác xã nông nghiệp số {i + 1:03d}",
            body=BODY,
            lead_unit=LEADS[i % len(LEADS)],
            partner_units="HTX NN Vĩnh Lợi\nHội Nông dân xã\nHội Liên hiệp Phụ nữ xã",
            period_text=f"Quý {['I', 'II', 'III', 'IV'][i % 4]}/2026",
            product="Báo cáo kết quả" if i % 3 == 0 else "",
        )
        for i in range(tasks)
    )
    plan.appendices.create(position=0, title="Danh mục công trình hỗ trợ hợp tác xã", table=WORKS)
    return plan


def interpreter() -> str:
    """The Python running the bench and the file it really is (a venv's python is a link)."""
    return f"Python {platform.python_version()} at {os.path.realpath(sys.executable)}"


def clear_cache() -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT, "rendered"), ignore_errors=True)


def resident_mb() -> float:
    """The resident size now (Linux: /proc/self/statm, in pages)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def timed(action: Callable[[], object]) -> tuple[object, float, float]:
    """What the action returns, its wall-clock seconds and the process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def in_child(work: Callable[[], object]) -> object:
    """`work()` in a forked process of its own, so one measurement's memory
    peak is not another's; what it returns comes back through a queue."""
    from django.db import connections

    connections.close_all()  # the child opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=lambda: results.put(work()))
    child.start()
    outcome = results.get()
    child.join()
    return outcome


def fresh_renders(render: Callable[[], bytes], runs: int) -> dict:
    """The file, the median wall and CPU seconds of `runs` fresh renders,
    the resident size at the start and at its peak, the Python heap's peak
    (in one more run: tracemalloc slows a run, so it is not timed)."""
    start_mb = resident_mb()
    walls, cpus = [], []
    data = b""
    for _ in range(runs):
        clear_cache()
        data, wall, cpu = timed(render)
        walls.append(wall)
        cpus.append(cpu)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    clear_cache()
    tracemalloc.start()
    render()
    heap_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "data": data,
        "wall": statistics.median(walls),
        "cpu": statistics.median(cpus),
        "start_mb": start_mb,
        "peak_mb": peak_mb,
        "heap_mb": heap_mb,
    }


class LayoutStart(logging.Handler):
    """Notes when WeasyPrint starts laying out the first page: the end of its styles."""

    at: tuple[float, float] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.at is None and record.getMessage().startswith("Step 5 - Creating layout - Page 1"):
            self.at = (time.perf_counter(), time.process_time())


def _steps(plan, marker: LayoutStart) -> dict[str, tuple[float, float]]:
    from reports.documents import pdf
    from reports.documents.renders import plan_html

    html, *template = timed(lambda: plan_html(plan))
    parsed, *parse = timed(lambda: pdf.html_source(html))
    began = (time.perf_counter(), time.process_time())
    document, wall, cpu = timed(lambda: parsed.render(font_config=pdf.font_config()))
    styled = marker.at or began
    styles = (styled[0] - began[0], styled[1] - began[1])
    _data, *write = timed(document.write_pdf)
    return {
        "rows and template": tuple(template),
        "WeasyPrint parse": tuple(parse),
        "WeasyPrint styles": styles,
        "WeasyPrint layout": (wall - styles[0], cpu - styles[1]),
        "write_pdf": tuple(write),
    }


def split_once(plan) -> dict[str, tuple[float, float]]:
    """One fresh render of the plan's PDF cut where html_to_pdf's steps meet:
    (wall, CPU) seconds for each. WeasyPrint's styles (and its boxes) end
    where it starts laying out the first page (its progress log says when);
    the collector is paused as html_to_pdf pauses it."""
    from reports.documents import pdf

    progress = logging.getLogger("weasyprint.progress")
    marker = LayoutStart()
    level, propagate = progress.level, progress.propagate
    progress.setLevel(logging.INFO)
    progress.propagate = False  # noted, not printed
    progress.addHandler(marker)
    try:
        began = (time.perf_counter(), time.process_time())
        with pdf.collector_paused():
            steps = _steps(plan, marker)
        ended = (time.perf_counter(), time.process_time())
    finally:
        progress.removeHandler(marker)
        progress.setLevel(level)
        progress.propagate = propagate
    # The rest: the document freed, then its cycles collected as the pause ends.
    steps["freeing the document"] = tuple(ended[i] - began[i] - sum(step[i] for step in steps.values()) for i in (0, 1))
    return steps


def split_renders(plan, runs: int) -> dict[str, tuple[float, float]]:
    """The median of each step over `runs` renders (the first one, which
    loads the fonts, not counted)."""
    split_once(plan)
    splits = [split_once(plan) for _ in range(runs)]
    return {
        step: (statistics.median(s[step][0] for s in splits), statistics.median(s[step][1] for s in splits))
        for step in splits[0]
    }


def resident_over_renders(plan, renders: int) -> list[tuple[int, float]]:
    """The resident size after the 1st, 10th, 50th, 100th, 200th, 400th...
    and the last of `renders` fresh renders of the plan's PDF in this process."""
    from django.db import reset_queries

    from reports.documents.renders import plan_pdf_render

    marks = {1, 10, 50, 100, 200, 400, 800, renders}
    sizes = []
    for n in range(1, renders + 1):
        clear_cache()
        plan_pdf_render(plan=plan)
        reset_queries()  # the throwaway settings run with DEBUG on, which keeps every query's SQL
        if n in marks:
            sizes.append((n, resident_mb()))
    return sizes


def report_pdf(plan, args) -> bytes:
    """The fresh render of the long plan's PDF, then the same split in its steps."""
    import pypdf

    from reports.documents.renders import plan_pdf_render

    fresh = in_child(lambda: fresh_renders(lambda: plan_pdf_render(plan=plan), args.runs))
    pdf = fresh["data"]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    landscape = sum(float(page.mediabox.width) > float(page.mediabox.height) for page in reader.pages)
    print(
        f"PDF:  {len(reader.pages)} pages ({landscape} landscape), {len(pdf) / 2**20:.1f} MB, "
        f"{fresh['wall']:.2f} s (CPU {fresh['cpu']:.2f} s); resident {fresh['start_mb']:.0f} MB at the start, "
        f"{fresh['peak_mb']:.0f} MB at the peak; Python heap peak {fresh['heap_mb']:.0f} MB"
    )
    for step, (wall, cpu) in in_child(lambda: split_renders(plan, args.runs)).items():
        print(f"      {step:<20} {wall:6.2f} s (CPU {cpu:.2f} s)")
    return pdf, fresh


def report_docx(plan, args) -> bytes:
    import docx

    from reports.documents.renders import plan_docx_render

    fresh = in_child(lambda: fresh_renders(lambda: plan_docx_render(plan=plan), args.runs))
    word = fresh["data"]
    document = docx.Document(io.BytesIO(word))
    print(
        f"DOCX: {len(document.sections)} sections, {len(document.tables[2].rows)} rows in the task table, "
        f"{len(word) / 2**20:.1f} MB, {fresh['wall']:.2f} s (CPU {fresh['cpu']:.2f} s); "
        f"resident {fresh['start_mb']:.0f} MB at the start, {fresh['peak_mb']:.0f} MB at the peak; "
        f"Python heap peak {fresh['heap_mb']:.0f} MB"
    )
    return word


def report_libreoffice(word: bytes, pdf: dict, args) -> None:
    from documents import libreoffice

    converted = libreoffice(word, args.runs)
    if converted is None:
        print("LibreOffice: skipped, soffice is not installed")
        return
    print(
        f"LibreOffice, the same DOCX to PDF: {converted['pages']} pages, "
        f"{converted['wall']:.2f} s (CPU {converted['cpu']:.2f} s, its start included)"
    )
    print(
        f"PDF / LibreOffice: {pdf['wall'] / converted['wall']:.2f} wall clock, "
        f"{pdf['cpu'] / converted['cpu']:.2f} CPU (target: under 1)"
    )


def report_resident(renders: int) -> None:
    from plans.models import Plan

    seed = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)
    sizes = in_child(lambda: resident_over_renders(seed, renders))
    shown = ", ".join(f"{n}: {mb:.0f} MB" for n, mb in sizes)
    print(f"Resident size over {renders} fresh renders of the demo plan's PDF in one process: {shown}")
    (first, first_mb), (last, last_mb) = sizes[min(1, len(sizes) - 1)], sizes[-1]
    if last > first:
        print(
            f"      {(last_mb - first_mb) * 1024 / (last - first):.0f} KB a render from the {first}th to the {last}th"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="timed renders of each file (the median is shown)")
    parser.add_argument("--renders", type=int, default=400, help="fresh renders in one process for the memory figure")
    parser.add_argument("--keep", type=Path, help="write the rendered files into this folder to look at them")
    args = parser.parse_args()

    throwaway.seed_demo()
    plan = long_plan(args.tasks)
    print(f"{args.tasks} tasks; median of {args.runs} fresh render(s) each, in a process of its own; {interpreter()}")
    pdf, fresh = report_pdf(plan, args)
    word = report_docx(plan, args)
    report_libreoffice(word, fresh, args)
    if args.renders:
        report_resident(args.renders)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "long-plan.pdf").write_bytes(pdf)
        (args.keep / "long-plan.docx").write_bytes(word)
        print(f"Rendered files kept in {args.keep}")
    throwaway.remove()


if __name__ == "__main__":
    main()
