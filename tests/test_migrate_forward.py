"""A database made by the code before the reshape migrates forward with nothing lost.

The old code (BASE, taken with `git archive`) makes a database as a commune
would have it: the schema, the demo data, an imported plan and a progress
update with an evidence file. The current code then migrates that file; every
plan must export the same JSON, every table must keep its rows and the models
must need no new migration.

Each step is a `manage.py` run in a subprocess (same interpreter, a temporary
SQLite file and MEDIA_ROOT), nine of them: about 12 s on a quiet machine,
under 30 s on a busy one; keep it under 40 s.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# The last commit before the reshape ("the house"): the schema and data a
# deployed portal has. Pinned, so that the test keeps proving the same thing
# as later commits pile up.
BASE = "a3ff3d7140379950376c515b64ec627ff0bb0835"

ROOT = Path(__file__).resolve().parents[1]
# A plan file that exists at BASE, imported by BASE's import_plan.
PLAN_FILE = "plans/tests/data/tanhoa_2024.txt"

# Tables Django itself fills as migrations run (the migrations applied, the
# content types and permissions of new models): they may only grow.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Run in the old tree: a cooperative of the second commune logs progress with
# a scanned minutes (biên bản) as evidence.
LOG_PROGRESS = f"""
import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from plans import services
from plans.models import Plan

plan = Plan.objects.get(issuer__short_name="UBND xã Phú Tân", year=2021)
services.progress_log(
    task=plan.tasks.get(position=0),
    user=get_user_model().objects.get(username="htx_xa2"),
    reported_on=datetime.date(2021, 6, 30),
    percent=40,
    status="on_track",
    work_done="Cung ứng giống lúa xác nhận cho 120 ha vụ Hè Thu.",
    indicator_value=Decimal("120"),
    files=[SimpleUploadedFile("bien-ban.pdf", {PDF!r}, content_type="application/pdf")],
)
"""

# Run in either tree: every plan's export_plan JSON and every evidence file's
# digest as read back through the storage, written to $SNAPSHOT.
SNAPSHOT = """
import hashlib
import io
import json
import os

from django.core.files.storage import default_storage
from django.core.management import call_command

from plans.models import Evidence, Plan

plans = {}
for pk in Plan.objects.order_by("pk").values_list("pk", flat=True):
    out = io.StringIO()
    call_command("export_plan", pk, stdout=out)
    plans[pk] = json.loads(out.getvalue())
evidence = []
for item in Evidence.objects.order_by("pk"):
    with default_storage.open(item.file.name) as f:
        evidence.append([item.file.name, item.sha256, hashlib.sha256(f.read()).hexdigest()])
with open(os.environ["SNAPSHOT"], "w", encoding="utf-8") as f:
    json.dump({"plans": plans, "evidence": evidence}, f, ensure_ascii=False)
"""


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True)


def base_tree(into: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the code of the base commit cannot be taken")
    if git("cat-file", "-e", f"{BASE}^{{commit}}").returncode != 0:
        pytest.skip(f"base commit {BASE[:7]} is not in this clone (shallow clone or no .git)")
    archive = into.with_suffix(".zip")
    made = git("archive", "--format=zip", "-o", str(archive), BASE)
    assert made.returncode == 0, made.stderr.decode()
    with zipfile.ZipFile(archive) as files:
        files.extractall(into)
    return into


def manage(tree: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=tree, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} in {tree}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}


def snapshot(tree: Path, env: dict[str, str], path: Path) -> dict:
    manage(tree, {**env, "SNAPSHOT": str(path)}, "shell", "-c", SNAPSHOT)
    return json.loads(path.read_text(encoding="utf-8"))


def since_base(plan: dict) -> dict:
    """An export of the base commit as today's code writes the same plan."""
    tasks = [
        task | {"group": "", "period": "", "product": "", "note": "", "extra": {}} for task in plan["tasks"]["items"]
    ]
    return plan | {
        "tasks": plan["tasks"] | {"items": tasks},
        "task_appendix": {"title": "Phân công thực hiện", "listing": "body"},
        "appendices": [],
    }


def test_a_database_of_the_base_commit_migrates_forward_with_nothing_lost(tmp_path):
    old = base_tree(tmp_path / "old")
    database = tmp_path / "portal.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "DATABASE_URL", "MEDIA_ROOT"}}
    # Whatever database the outer test run uses, both trees work on this file.
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "htxplan.settings",
    }

    manage(old, env, "migrate", "--noinput", "-v", "0")
    manage(old, env, "seed_demo", "--password", "x")
    with sqlite3.connect(database) as db:
        (issuer,) = db.execute(
            "SELECT id FROM cooperatives_organization WHERE short_name = 'UBND xã Vĩnh Lợi'"
        ).fetchone()
    manage(old, env, "import_plan", str(old / PLAN_FILE), "--issuer", str(issuer))
    manage(old, env, "shell", "-c", LOG_PROGRESS)
    before = snapshot(old, env, tmp_path / "before.json")
    counts_before = row_counts(database)
    # Something to lose: the seed, the second commune's plan, the import (and
    # this year's copy of the seed), the update and its file.
    assert len(before["plans"]) >= 3
    ((_name, recorded, read_back),) = before["evidence"]
    assert recorded == read_back == hashlib.sha256(PDF).hexdigest()

    manage(ROOT, env, "migrate", "--noinput", "-v", "0")
    after = snapshot(ROOT, env, tmp_path / "after.json")
    counts_after = row_counts(database)

    # Keys the format gained since (appendices, a task's columns) hold what
    # an old plan means: nothing, and its tasks printed in the body.
    assert after["plans"] == {pk: since_base(plan) for pk, plan in before["plans"].items()}
    assert after["evidence"] == before["evidence"]
    dropped = sorted(set(counts_before) - set(counts_after))
    assert not dropped, f"tables dropped: {dropped}"
    for table, rows in counts_before.items():
        if table in BOOKKEEPING:
            assert counts_after[table] >= rows, f"{table}: {rows} rows before, {counts_after[table]} after"
        else:
            assert counts_after[table] == rows, f"{table}: {rows} rows before, {counts_after[table]} after"
    manage(ROOT, env, "makemigrations", "--check", "--dry-run")
