"""How long a long PDF plan takes to import, from one run.

    .venv/bin/python bench/import_pdf.py [--pages 60] [--runs 3]

Builds a plan of about N pages with WeasyPrint (the synthetic plan of the
importer's tests: header band, a landscape page with the task table, page
numbers and a footer, then pages of numbered solutions), then times the PDF
reader alone (pdfplumber: lines, tables, page furniture) and the whole
import (reader, text repair, parser). Prints the pages and the median
seconds of each (wall clock, and the reader's CPU time, which other work on
the machine does not inflate), and the seconds per page. Touches no database.
"""

from __future__ import annotations

import argparse
import statistics
import time

import throwaway  # first: it sets Django up on a throwaway database

# isort: split
from plans.imports import import_file
from plans.imports.pdf import read_pdf
from plans.tests.data.pdf_plans import plan_pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # The plan itself is three pages; a probe tells how many extra paragraphs fill a page.
    probe = read_pdf(plan_pdf(extra_paragraphs=40)).pages
    per_page = 40 / max(1, probe - 3)
    started = time.perf_counter()
    content = plan_pdf(extra_paragraphs=round(per_page * max(0, args.pages - 3)))
    built = time.perf_counter() - started
    reads, imports, cpu = [], [], []
    for _ in range(args.runs):
        started, processor = time.perf_counter(), time.process_time()
        pdf = read_pdf(content)
        reads.append(time.perf_counter() - started)
        cpu.append(time.process_time() - processor)
        started = time.perf_counter()
        result = import_file("ke-hoach.pdf", content)
        imports.append(time.perf_counter() - started)
    read, whole, read_cpu = statistics.median(reads), statistics.median(imports), statistics.median(cpu)
    print(f"PDF: {pdf.pages} pages, {len(content) / 1024:.0f} KB (built by WeasyPrint in {built:.1f} s)")
    print(f"read (pdfplumber):     {read:6.2f} s   {read / pdf.pages * 1000:5.0f} ms/page")
    print(f"  of which CPU time:   {read_cpu:6.2f} s   {read_cpu / pdf.pages * 1000:5.0f} ms/page")
    print(f"import (read + parse): {whole:6.2f} s   {whole / pdf.pages * 1000:5.0f} ms/page")
    words = len(result.text.split())
    print(f"parsed: {words} words, {len(result.warnings)} warnings (median of {args.runs} runs)")
    throwaway.remove()


if __name__ == "__main__":
    main()
