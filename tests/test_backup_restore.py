"""`manage.py backup` and `manage.py restore`: a restore into an empty
database and an empty MEDIA_ROOT gives back every plan, every evidence file
and every rendered document as it was; a restore that would lose data, or
that reads an archive changed since or made from the other database, is
refused before anything is touched.

Every step is a `manage.py` run in a subprocess with its own database and
MEDIA_ROOT, so pytest-django's test database is not involved: on SQLite,
files in a temporary folder; when DATABASE_URL points at PostgreSQL (as on
CI), throwaway databases made on that server (the source and one per
restore) and dropped at the end. The source (migrate, the demo, an update
with two evidence files, the 2021 plan rendered as PDF and DOCX, the backup)
is made once for the module. Some twenty `manage.py` runs of 2-3 s each
(Django's start-up, WeasyPrint's import), the source's migrate the longest:
about 45 s on a quiet machine, more on PostgreSQL (each throwaway database
made and dropped costs a checkpoint).
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import pytest

from plans.tests.conftest import pdf_bytes
from reports.backup import BackupError
from reports.backup.database import database_dump, pg_connection_args
from reports.backup.run import backup_target

ROOT = Path(__file__).resolve().parents[1]
ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
PASSWORD = "demo-pass-123"
# A real one-page PDF: evidence PDFs are read and checked on upload.
PDF = pdf_bytes()
# What the outer run's environment may hold that would point a subprocess elsewhere.
NOT_INHERITED = {
    "PYTHONPATH", "DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "EMAIL_HOST", "TASKS_BACKEND",
    "SECRET_KEY", "SITE_URL", "DEBUG", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE",
}  # fmt: skip

# In the source: the cooperative of Vĩnh Lợi logs progress with a scanned
# minutes and a photo from the field; the 2021 plan is downloaded as PDF and
# DOCX, which stores both in the render cache under MEDIA_ROOT/rendered/.
ADD_EVIDENCE_AND_RENDERS = f"""
import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from plans.models import Plan
from plans.progress.services import progress_log
from reports.documents.renders import plan_docx_render, plan_pdf_render

plan = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)
photo = io.BytesIO()
Image.new("RGB", (64, 48), (40, 140, 60)).save(photo, "PNG")
progress_log(
    task=plan.tasks.order_by("position").first(),
    user=get_user_model().objects.get(username="htx_vinhloi"),
    reported_on=datetime.date(2021, 10, 15),
    percent=80,
    work_done="Nghiệm thu phun thuốc bằng drone trên 80 ha.",
    files=[
        SimpleUploadedFile("bien-ban-nghiem-thu.pdf", {PDF!r}, content_type="application/pdf"),
        SimpleUploadedFile("anh-ruong.png", photo.getvalue(), content_type="image/png"),
    ],
)
plan_pdf_render(plan=plan)
plan_docx_render(plan=plan)
"""

# In the source and in each restored copy: every plan's interchange JSON,
# every evidence row with its recorded checksum and the digest of its file as
# the storage reads it, every rendered file's digest; then the plan PDF is
# asked for again, which must be a read of the same cached file.
SNAPSHOT = f"""
import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage

from plans.interchange.export import plan_to_dict
from plans.models import Evidence, Plan
from plans.outline import prefetch_plan_text
from reports.backup.manifest import applied_migrations, main_counts
from reports.documents.renders import plan_pdf_render


def digest(data):
    return hashlib.sha256(data).hexdigest()


def rendered():
    root = Path(settings.MEDIA_ROOT, "rendered")
    return {{p.relative_to(root).as_posix(): digest(p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}}


plans = {{
    str(plan.pk): plan_to_dict(plan)
    for plan in prefetch_plan_text(Plan.objects.select_related("issuer")).order_by("pk")
}}
evidence = []
for item in Evidence.objects.order_by("pk"):
    with default_storage.open(item.file.name) as stored:
        evidence.append([item.pk, item.file.name, item.size, item.sha256, digest(stored.read())])
files = rendered()
plan = Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)
snapshot = {{
    "plans": plans,
    "evidence": evidence,
    "rendered": files,
    "pdf": digest(plan_pdf_render(plan=plan)),
    "rendered_after_pdf": rendered(),
    "counts": main_counts(),
    "migrations": applied_migrations(),
    "password_ok": get_user_model().objects.get(username="canbo_vinhloi").check_password({PASSWORD!r}),
}}
with open(os.environ["SNAPSHOT"], "w", encoding="utf-8") as out:
    json.dump(snapshot, out, ensure_ascii=False)
"""


class SqliteServer:
    """Databases as files in a temporary folder."""

    vendor, other = "sqlite", "postgresql"

    def __init__(self, folder: Path):
        self.folder, self.made = folder, 0

    def new_database(self) -> str:
        self.made += 1
        return f"sqlite:///{self.folder / f'portal-{self.made}.sqlite3'}"

    def tables(self, url: str) -> list[str]:
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return []
        with sqlite3.connect(path) as db:
            return [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        pass


class PostgresServer:
    """Throwaway databases on the server DATABASE_URL points at."""

    vendor, other = "postgresql", "sqlite"

    def __init__(self):
        import psycopg2

        self.psycopg2 = psycopg2
        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        self.server = {
            "host": config["HOST"] or "127.0.0.1",
            "port": str(config["PORT"] or 5432),
            "user": config["USER"] or "postgres",
            "password": config["PASSWORD"] or "",
        }
        self.names: list[str] = []

    def _run(self, sql: str, dbname: str = "postgres", params=()) -> list[tuple]:
        db = self.psycopg2.connect(dbname=dbname, **{k: v for k, v in self.server.items() if v})
        db.autocommit = True
        try:
            with db.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            db.close()

    def new_database(self) -> str:
        name = f"htxplan_backup_{os.getpid()}_{len(self.names)}_{secrets.token_hex(3)}"
        self._run(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        password = f":{quote(self.server['password'])}" if self.server["password"] else ""
        return f"postgres://{quote(self.server['user'])}{password}@{self.server['host']}:{self.server['port']}/{name}"

    def tables(self, url: str) -> list[str]:
        rows = self._run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
            dbname=url.rsplit("/", 1)[1],
        )
        return [name for (name,) in rows]

    def close(self) -> None:
        for name in self.names:
            self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database_url: str, media: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return env | {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "htxplan.settings",
    }


def manage(env: dict[str, str], *args: str, cwd: Path = ROOT, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    if ok:
        assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    else:
        assert done.returncode != 0, f"manage.py {' '.join(args)} should have failed:\n{done.stdout}"
    return done


def snapshot(env: dict[str, str], path: Path, first: str = "") -> dict:
    """The SNAPSHOT of the database of `env`, after the script `first`."""
    manage({**env, "SNAPSHOT": str(path)}, "shell", "-c", first + SNAPSHOT)
    return json.loads(path.read_text(encoding="utf-8"))


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def rewritten(archive: Path, into: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """A copy of the archive with each member's bytes passed through `change`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(into, "w:gz") as target:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return into


@dataclass
class Source:
    env: dict[str, str]
    archive: Path
    printed: str
    before: dict


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    made = PostgresServer() if ON_POSTGRES else SqliteServer(tmp_path_factory.mktemp("databases"))
    yield made
    made.close()


@pytest.fixture(scope="module")
def untouched(server) -> str:
    """An empty database, for the restores that must be refused without a change."""
    return server.new_database()


@pytest.fixture(scope="module")
def source(server, tmp_path_factory) -> Source:
    folder = tmp_path_factory.mktemp("source")
    env = environment(server.new_database(), folder / "media")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--password", PASSWORD)
    before = snapshot(env, folder / "before.json", first=ADD_EVIDENCE_AND_RENDERS)
    # No --output: the default name, in the folder the command runs in.
    printed = manage(env, "backup", cwd=folder).stdout
    (archive,) = folder.glob("htxplan-backup-*.tar.gz")
    return Source(env=env, archive=archive, printed=printed, before=before)


def archive_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_the_source_holds_what_a_backup_must_keep(source, server):
    before = source.before
    assert len(before["plans"]) >= 3
    assert len(before["evidence"]) == 2
    assert all(recorded == read_back for *_row, recorded, read_back in before["evidence"])
    assert {name.rsplit(".", 1)[1] for name in before["rendered"]} == {"pdf", "docx"}
    assert before["pdf"] in before["rendered"].values()
    assert before["rendered_after_pdf"] == before["rendered"]
    assert before["password_ok"]

    manifest = archive_manifest(source.archive)
    assert manifest["format"] == "htxplan.backup/1"
    assert manifest["database"]["vendor"] == server.vendor
    assert manifest["migrations"] == before["migrations"]
    assert manifest["counts"] == before["counts"]
    media = {entry["path"]: entry["sha256"] for entry in manifest["media"]}
    assert {name: digest for _pk, name, _size, _sha, digest in before["evidence"]}.items() <= media.items()
    assert {f"rendered/{name}": digest for name, digest in before["rendered"].items()}.items() <= media.items()
    assert len(media) == 5  # the photo is kept as sent beside its clean copy
    assert source.archive.stat().st_mode & 0o777 == 0o600
    assert "Đã sao lưu vào" in source.printed and "3 kế hoạch" in source.printed and "5 tệp" in source.printed


def test_a_restore_into_an_empty_database_gives_everything_back(source, server, tmp_path):
    url, media = server.new_database(), tmp_path / "media"
    assert server.tables(url) == [] and not media.exists()
    env = environment(url, media)

    printed = manage(env, "restore", str(source.archive)).stdout

    assert "Đã khôi phục" in printed and "5 tệp" in printed and "SHA-256 đều khớp" in printed
    # The same plans, evidence, rendered files, rows and migrations; the PDF
    # asked for again is the file restored into the render cache.
    assert snapshot(env, tmp_path / "after.json") == source.before
    assert sorted(p.name for p in media.iterdir()) == ["evidence", "rendered"]


def test_a_database_with_data_is_replaced_only_with_yes(source, server, tmp_path):
    env = environment(server.new_database(), tmp_path / "media")
    manage(env, "restore", str(source.archive))
    manage(env, "shell", "-c", "from django.contrib.auth.models import User; User.objects.create(username='nguoi_moi')")

    refused = manage(env, "restore", str(source.archive), ok=False)

    assert "đã có dữ liệu" in refused.stderr and "9 người dùng" in refused.stderr and "--yes" in refused.stderr
    manage(env, "restore", str(source.archive), "--yes")
    # The user added since the backup is gone with everything else not in it.
    assert snapshot(env, tmp_path / "after.json") == source.before


def test_a_changed_media_file_is_refused_before_anything_is_restored(source, server, untouched, tmp_path):
    evidence = next(
        entry["path"] for entry in archive_manifest(source.archive)["media"] if entry["path"].endswith(".png")
    )
    tampered = rewritten(
        source.archive,
        tmp_path / "tampered.tar.gz",
        lambda name, data: data[:-1] + bytes([data[-1] ^ 1]) if name == f"media/{evidence}" else data,
    )
    url, media = untouched, tmp_path / "media"

    refused = manage(environment(url, media), "restore", str(tampered), ok=False)

    assert "SHA-256 không khớp" in refused.stderr and evidence in refused.stderr
    assert "chưa khôi phục gì" in refused.stderr
    assert server.tables(url) == [] and files_under(media) == []


def test_a_backup_of_the_other_database_is_refused(source, server, untouched, tmp_path):
    def other_vendor(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = server.other
        return json.dumps(manifest).encode()

    foreign = rewritten(source.archive, tmp_path / "foreign.tar.gz", other_vendor)
    url, media = untouched, tmp_path / "media"

    refused = manage(environment(url, media), "restore", str(foreign), ok=False)

    assert f"từ CSDL {server.other}" in refused.stderr and f"là {server.vendor}" in refused.stderr
    assert "không khớp" in refused.stderr
    assert server.tables(url) == [] and files_under(media) == []


def latest_reversible_migration() -> tuple[str, str, str]:
    """(app, its latest migration, the one before) of the first app whose
    latest migration can be rolled back."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for app in ("reports", "plans", "cooperatives"):
        (leaf,) = graph.leaf_nodes(app)
        migration = graph.nodes[leaf]
        parents = [parent.key for parent in graph.node_map[leaf].parents if parent.key[0] == app]
        if parents and all(operation.reversible for operation in migration.operations):
            return app, leaf[1], parents[0][1]
    pytest.skip("no app's latest migration can be rolled back")


def test_an_older_backup_comes_forward_through_migrate(source, server, tmp_path):
    app, latest, previous = latest_reversible_migration()
    env = environment(server.new_database(), tmp_path / "media")
    manage(env, "restore", str(source.archive))
    # The portal as it was before its latest migration, backed up.
    manage(env, "migrate", app, previous, "-v", "0")
    manage(env, "backup", "--output", str(tmp_path / "older.tar.gz"))
    assert f"{app}.{latest}" not in archive_manifest(tmp_path / "older.tar.gz")["migrations"]

    printed = manage(env, "restore", str(tmp_path / "older.tar.gz"), "--yes").stdout

    assert f"đã áp dụng thêm 1 migration mới hơn bản sao lưu: {app}.{latest}" in printed
    assert snapshot(env, tmp_path / "after.json") == source.before


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_dump is only run for a PostgreSQL database")
def test_without_pg_dump_the_backup_says_what_to_install(source, tmp_path):
    refused = manage({**source.env, "PATH": str(tmp_path)}, "backup", cwd=tmp_path, ok=False)

    assert "Không tìm thấy lệnh pg_dump" in refused.stderr and "postgresql-client" in refused.stderr
    assert list(tmp_path.iterdir()) == []


POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "htxplan", "USER": "htx", "PASSWORD": "bí-mật"}


def test_the_postgresql_password_goes_through_the_environment_only():
    args, env = pg_connection_args({**POSTGRES, "HOST": "db.example", "PORT": 5433, "OPTIONS": {"sslmode": "require"}})

    assert args == [
        "--host",
        "db.example",
        "--port",
        "5433",
        "--username",
        "htx",
        "--dbname",
        "htxplan",
        "--no-password",
    ]
    assert env["PGPASSWORD"] == "bí-mật" and env["PGSSLMODE"] == "require"
    assert not any("bí-mật" in arg for arg in args)


def test_a_missing_pg_dump_is_refused_in_vietnamese(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda program: None)

    with pytest.raises(BackupError, match="Không tìm thấy lệnh pg_dump.*apt-get install postgresql-client"):
        database_dump(POSTGRES, tmp_path / "dump")


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_a_failing_pg_dump_is_refused_with_what_it_said(tmp_path):
    # Nothing listens on port 1: pg_dump fails at once.
    with pytest.raises(BackupError, match=r"pg_dump thất bại \(mã 1\): .*127\.0\.0\.1"):
        database_dump({**POSTGRES, "HOST": "127.0.0.1", "PORT": "1"}, tmp_path / "dump")


def test_the_archive_goes_to_a_new_file_outside_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    (tmp_path / "old.tar.gz").write_bytes(b"")

    named = backup_target(str(tmp_path))
    assert named.parent == tmp_path and named.name.startswith("htxplan-backup-") and named.name.endswith(".tar.gz")
    assert backup_target(str(tmp_path / "chosen.tar.gz")) == tmp_path / "chosen.tar.gz"
    with pytest.raises(BackupError, match="đã có"):
        backup_target(str(tmp_path / "old.tar.gz"))
    with pytest.raises(BackupError, match="trong MEDIA_ROOT"):
        backup_target(str(tmp_path / "media"))
    with pytest.raises(BackupError, match="Không có thư mục"):
        backup_target(str(tmp_path / "missing" / "x.tar.gz"))
