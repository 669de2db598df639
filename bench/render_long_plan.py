"""A plan of about sixty pages renders, and what it costs.

    .venv/bin/python bench/render_long_plan.py [--tasks 200] [--runs 1] [--keep FOLDER]

Runs against a throwaway SQLite database and media folder (bench/throwaway.py;
the real ones are never touched): the demo seed, then a copy of its 2021
plan with `--tasks` tasks, each with a title, a body of two paragraphs and a
dash list, in three groups, listed both in the body and as the appendix
"Phân công thực hiện" (landscape), plus an appendix table of the plan's own.
Renders the PDF and the DOCX fresh (the render cache emptied before each
run), each in a forked process of its own, and prints pages, seconds
(median of the runs) and memory: the process's resident size before and
at its peak (WeasyPrint's Pango and HarfBuzz memory included) and, in one
more run, the Python heap's peak (tracemalloc slows a run, so it is not timed).
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import resource
import shutil
import statistics
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


def clear_cache() -> None:
    shutil.rmtree(Path(settings.MEDIA_ROOT, "rendered"), ignore_errors=True)


def resident_mb() -> float:
    """The resident size now (Linux: /proc/self/statm, in pages)."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _render_in_child(render: Callable[[], bytes], runs: int, results) -> None:
    start_mb = resident_mb()
    times = []
    data = b""
    for _ in range(runs):
        clear_cache()
        start = time.perf_counter()
        data = render()
        times.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    clear_cache()
    tracemalloc.start()
    render()
    heap_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    results.put((data, statistics.median(times), start_mb, peak_mb, heap_mb))


def measure(render: Callable[[], bytes], runs: int) -> tuple[bytes, float, float, float, float]:
    """In a forked process of its own, so one render's peak is not another's:
    the file, the median seconds, the resident size at the start and at its
    peak, and the Python heap's peak."""
    from django.db import connections

    connections.close_all()  # the child opens its own
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=_render_in_child, args=(render, runs, results))
    child.start()
    outcome = results.get()
    child.join()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--runs", type=int, default=1, help="timed renders of each file (the median is shown)")
    parser.add_argument("--keep", type=Path, help="write the rendered files into this folder to look at them")
    args = parser.parse_args()

    throwaway.seed_demo()
    import docx
    import pypdf

    from reports.documents.renders import plan_docx_render, plan_pdf_render

    plan = long_plan(args.tasks)
    print(f"{args.tasks} tasks; median of {args.runs} fresh render(s) each, in a process of its own")
    pdf, seconds, start_mb, peak_mb, heap_mb = measure(lambda: plan_pdf_render(plan=plan), args.runs)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    landscape = sum(float(page.mediabox.width) > float(page.mediabox.height) for page in reader.pages)
    print(
        f"PDF:  {len(reader.pages)} pages ({landscape} landscape), {len(pdf) / 2**20:.1f} MB, {seconds:.1f} s; "
        f"resident {start_mb:.0f} MB at the start, {peak_mb:.0f} MB at the peak; Python heap peak {heap_mb:.0f} MB"
    )
    word, seconds, start_mb, peak_mb, heap_mb = measure(lambda: plan_docx_render(plan=plan), args.runs)
    document = docx.Document(io.BytesIO(word))
    print(
        f"DOCX: {len(document.sections)} sections, {len(document.tables[2].rows)} rows in the task table, "
        f"{len(word) / 2**20:.1f} MB, {seconds:.1f} s; "
        f"resident {start_mb:.0f} MB at the start, {peak_mb:.0f} MB at the peak; Python heap peak {heap_mb:.0f} MB"
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / "long-plan.pdf").write_bytes(pdf)
        (args.keep / "long-plan.docx").write_bytes(word)
        print(f"Rendered files kept in {args.keep}")
    throwaway.remove()


if __name__ == "__main__":
    main()
