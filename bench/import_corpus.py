"""What the importer makes of every test document, one line each.

    .venv/bin/python bench/import_corpus.py [FOLDER ...]

For each .txt, .md, .docx, .pdf and .doc under the folders (by default the test
documents under plans/tests/data/): how long the import took, the tasks
read, the appendices, the paragraphs left unplaced, whether the header facts
the importer needs were found (issuer, number, date, title, signer,
recipients), and the share of the document's words kept in order
(plans/tests/wordorder.py). The share is measured against the text the
reader extracted, so for Word and PDF files it checks the parser, not the
reader. Needs no database.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "htxplan.settings")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402

from plans.imports import import_file  # noqa: E402
from plans.imports.parser import UNPLACED_HEADING  # noqa: E402
from plans.tests.wordorder import share_in_order  # noqa: E402

KINDS = {".txt", ".md", ".docx", ".pdf", ".doc"}
FACTS = ("issuer", "number", "date", "title", "signer", "recipients")


def facts_found(data: dict) -> dict[str, bool]:
    return {
        "issuer": bool(data["issuer"]["name"]),
        "number": data["number"] is not None,
        "date": bool(data["date"]),
        "title": data["title"] != "(Chưa có trích yếu)",
        "signer": bool(data["signer"]["name"] or data["signer"]["title"]),
        "recipients": bool(data["recipients"]),
    }


def main(folders: list[Path]) -> None:
    files = sorted(p for folder in folders for p in folder.rglob("*") if p.suffix.lower() in KINDS)
    print(f"{'document':42} {'ms':>6} {'tasks':>5} {'app.':>4} {'unpl.':>5} {'facts':>5} {'words':>7}")
    shares, found, total = [], 0, 0
    for path in files:
        start = time.perf_counter()
        try:
            result = import_file(path.name, path.read_bytes())
        except ValidationError as error:
            print(f"{str(path.relative_to(ROOT))[-42:]:42} refused: {' '.join(error.messages)[:60]}")
            continue
        ms = (time.perf_counter() - start) * 1000
        data = result.data
        unplaced = sum(len(e["body"].split("\n\n")) for e in data["extra_sections"] if e["heading"] == UNPLACED_HEADING)
        facts = facts_found(data)
        found, total = found + sum(facts.values()), total + len(facts)
        share = share_in_order(result.text or result.source, data)
        shares.append(share)
        name = str(path.relative_to(ROOT))[-42:]
        appendices = len(data.get("appendices") or []) + (
            1 if (data.get("task_appendix") or {}).get("listing") == "appendix" else 0
        )
        print(
            f"{name:42} {ms:6.0f} {len(data['tasks']['items']):5} {appendices:4} {unplaced:5} "
            f"{sum(facts.values())}/{len(facts)} {share:7.1%}"
        )
    if shares:
        print(
            f"\n{len(shares)} documents: header facts found {found}/{total} ({found / total:.1%}); "
            f"words kept in order: lowest {min(shares):.1%}, mean {sum(shares) / len(shares):.1%}"
        )


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]] or [ROOT / "plans" / "tests" / "data"])
