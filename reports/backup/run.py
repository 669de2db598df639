"""The two commands' steps, in order, and what they print."""

from __future__ import annotations

import io
import math
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.module_loading import import_string

from reports.backup import BackupError
from reports.backup.archive import STAGING_PREFIX, archive_stage, archive_write, media_place, staged_check
from reports.backup.database import VENDORS, database_dump, database_load, dump_file_name, vendor_of
from reports.backup.manifest import applied_migrations, counts_text, main_counts, manifest_check, manifest_make


@dataclass
class BackupDone:
    path: Path
    manifest: dict[str, Any]
    size: int
    seconds: float


@dataclass
class RestoreDone:
    manifest: dict[str, Any]
    counts: dict[str, int]
    media_size: int
    seconds: float
    migrated: list[str] = field(default_factory=list)


def size_text(size: int) -> str:
    """820 KB, 1,3 MB: sizes the Vietnamese way (a decimal comma)."""
    if size < 1024 * 1024:
        return f"{math.ceil(size / 1024)} KB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def media_on_disk() -> None:
    """Refuse when the files are in an object store (AWS_STORAGE_BUCKET_NAME):
    the archive would hold the database without them, and a bucket is
    copied, versioned and restored with the store's own tools."""
    backend = import_string(settings.STORAGES["default"]["BACKEND"])
    if not issubclass(backend, FileSystemStorage):
        raise BackupError(
            "Tệp minh chứng và văn bản đã dựng đang ở kho đối tượng S3 "
            f"(AWS_STORAGE_BUCKET_NAME={getattr(settings, 'AWS_STORAGE_BUCKET_NAME', '') or '?'}), không ở MEDIA_ROOT: "
            "lệnh này không sao lưu hay khôi phục chúng. Sao lưu CSDL bằng công cụ của nó (pg_dump) và kho bằng "
            "công cụ của kho (bật phiên bản đối tượng, sao chép sang kho khác: aws s3 sync, mc mirror, rclone)."
        )


def backup_target(output: str | None) -> Path:
    """Where the archive goes: --output (a file, or a folder to put it in),
    by default htxplan-backup-YYYYMMDD-HHMMSS.tar.gz in the current folder."""
    media_on_disk()
    name = f"htxplan-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    path = Path(output).expanduser() if output else Path.cwd() / name
    if path.is_dir():
        path = path / name
    path = path.absolute()
    if path.exists():
        raise BackupError(f"Tệp {path} đã có: chọn tên khác (bản sao lưu cũ không bị ghi đè).")
    if not path.parent.is_dir():
        raise BackupError(f"Không có thư mục {path.parent} để ghi bản sao lưu.")
    if path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        # The archive being written would be one of the files it reads.
        raise BackupError(f"Không ghi bản sao lưu vào trong MEDIA_ROOT ({settings.MEDIA_ROOT}): chọn thư mục khác.")
    return path


def backup_run(target: Path) -> BackupDone:
    """The configured database, then every file under MEDIA_ROOT, into `target`.

    The database goes first: a progress update is committed after its files
    are written, so every evidence row of the copy finds its file on disk."""
    started = time.monotonic()
    settings_dict = connection.settings_dict
    vendor = vendor_of(settings_dict)
    counts, migrations = main_counts(), applied_migrations()

    def manifest_for(*, database, media):
        return manifest_make(database={"vendor": vendor, **database}, media=media, counts=counts, migrations=migrations)

    with tempfile.TemporaryDirectory(prefix=".htxplan-backup-", dir=target.parent) as work:
        dump = Path(work, VENDORS[vendor])
        database_dump(settings_dict, dump)
        manifest = archive_write(
            target,
            dump=dump,
            dump_name=dump_file_name(vendor),
            media_root=Path(settings.MEDIA_ROOT),
            manifest_for=manifest_for,
        )
    return BackupDone(path=target, manifest=manifest, size=target.stat().st_size, seconds=time.monotonic() - started)


def backup_summary(done: BackupDone) -> list[str]:
    manifest = done.manifest
    media = manifest["media"]
    return [
        f"Đã sao lưu vào {done.path} ({size_text(done.size)}, trong {_seconds(done.seconds)} giây).",
        f"  CSDL {manifest['database']['vendor']} ({size_text(manifest['database']['size'])}): "
        f"{counts_text(manifest['counts'])}; {len(manifest['migrations'])} migration đã áp dụng.",
        f"  Tệp trong MEDIA_ROOT ({settings.MEDIA_ROOT}): {len(media)} tệp, "
        f"{size_text(sum(entry['size'] for entry in media))} (minh chứng, văn bản đã dựng).",
        "  Bản sao lưu chứa mật khẩu đã băm và minh chứng riêng tư: cất giữ nơi chỉ người quản trị đọc được.",
    ]


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f}".replace(".", ",")


def restore_run(archive: Path, *, replace: bool) -> RestoreDone:
    """The archive checked whole, then the database, the media files,
    `migrate` (an older backup comes forward) and an empty cache."""
    media_on_disk()
    started = time.monotonic()
    settings_dict = connection.settings_dict
    vendor = vendor_of(settings_dict)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=media_root) as work:
        staging = Path(work)
        manifest = archive_stage(archive, staging)
        manifest_check(manifest, vendor=vendor)
        staged_check(staging, manifest)
        _refuse_data(replace)
        database_load(settings_dict, staging / manifest["database"]["file"])
        media_size = media_place(staging, manifest, media_root)
    migrated = _migrate()
    # Roll-ups are cached on per-unit version counters (cooperatives/versions.py),
    # which the restored rows take back to older values: an entry cached
    # since the backup could otherwise be served as theirs.
    cache.clear()
    return RestoreDone(
        manifest=manifest,
        counts=main_counts(),
        media_size=media_size,
        seconds=time.monotonic() - started,
        migrated=migrated,
    )


def _refuse_data(replace: bool) -> None:
    counts = main_counts()
    if any(counts.values()) and not replace:
        raise BackupError(
            f"CSDL đang cấu hình đã có dữ liệu ({counts_text(counts)}). Khôi phục sẽ xóa toàn bộ dữ liệu này "
            "và thay bằng bản sao lưu; nếu chắc chắn, chạy lại lệnh với --yes."
        )


def _migrate() -> list[str]:
    """Migrations applied on top of the backup's."""
    before = set(applied_migrations())
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    return sorted(set(applied_migrations()) - before)


def restore_summary(done: RestoreDone, archive: Path) -> list[str]:
    manifest = done.manifest
    media = manifest["media"]
    migrated = (
        f"đã áp dụng thêm {len(done.migrated)} migration mới hơn bản sao lưu: {', '.join(done.migrated)}."
        if done.migrated
        else "CSDL đã ở phiên bản mới nhất, không cần áp dụng thêm migration."
    )
    return [
        f"Đã khôi phục {archive} (sao lưu lúc {manifest['created_at']}) trong {_seconds(done.seconds)} giây.",
        f"  CSDL {manifest['database']['vendor']}: {counts_text(done.counts)}.",
        f"  Tệp trong MEDIA_ROOT ({settings.MEDIA_ROOT}): {len(media)} tệp, {size_text(done.media_size)}, "
        "mã SHA-256 đều khớp với manifest.json.",
        f"  Migration: {migrated}",
        "  Đã xóa bộ nhớ đệm (cache). Khởi động lại máy chủ web và db_worker để chúng đọc dữ liệu đã khôi phục.",
    ]
