"""manifest.json: what a backup holds, and the checks a restore makes on it."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterable
from typing import Any, BinaryIO

import django
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from reports.backup import BackupError

FORMAT = "htxplan.backup/1"
MANIFEST_NAME = "manifest.json"

# The rows counted in the manifest and in the summaries, and the ones that
# make a database "have data" (restore then asks for --yes): key, model, label.
MAIN_ROWS = [
    ("users", "auth.User", "người dùng"),
    ("units", "cooperatives.AdministrativeUnit", "đơn vị hành chính"),
    ("organizations", "cooperatives.Organization", "tổ chức"),
    ("cooperatives", "cooperatives.Cooperative", "hợp tác xã"),
    ("memberships", "cooperatives.Membership", "vai trò của người dùng"),
    ("plans", "plans.Plan", "kế hoạch"),
    ("tasks", "plans.Task", "nhiệm vụ"),
    ("progress_updates", "plans.ProgressUpdate", "lần cập nhật tiến độ"),
    ("evidence", "plans.Evidence", "tệp minh chứng"),
    ("progress_reports", "reports.ProgressReport", "báo cáo kết quả"),
    ("deliveries", "reports.Delivery", "lượt gửi văn bản"),
    ("notifications", "reports.Notification", "thông báo"),
]
LABELS = {key: label for key, _model, label in MAIN_ROWS}


def sha256_of(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def main_counts() -> dict[str, int]:
    """Rows of the main tables in the configured database; a table not
    there yet (an empty database) counts 0."""
    tables = set(connection.introspection.table_names())
    counts = {}
    for key, model_label, _label in MAIN_ROWS:
        model = apps.get_model(settings.AUTH_USER_MODEL if key == "users" else model_label)
        counts[key] = model._base_manager.count() if model._meta.db_table in tables else 0
    return counts


def counts_text(counts: dict[str, int]) -> str:
    """'5 kế hoạch, 12 người dùng, ...': the counts that are not zero."""
    shown = [f"{counts[key]} {LABELS[key]}" for key, _model, _label in MAIN_ROWS if counts.get(key)]
    return ", ".join(shown) or "không có dữ liệu"


def applied_migrations() -> list[str]:
    """'app.name' of every migration recorded in the configured database."""
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def app_version() -> str:
    """The commit the code was deployed from, where the tree is a git checkout."""
    try:
        found = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def manifest_make(*, database: dict[str, Any], media: list[dict[str, Any]], counts, migrations) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "created_at": timezone.localtime().isoformat(timespec="seconds"),
        "django_version": django.get_version(),
        "app_version": app_version(),
        "database": database,
        "migrations": migrations,
        "counts": counts,
        "media": media,
    }


def manifest_check(manifest: dict[str, Any], *, vendor: str) -> None:
    """Refuses an archive this portal cannot restore into the configured database."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"Tệp không phải bản sao lưu HTX Plan dạng {FORMAT} (manifest.json ghi định dạng {found!r}).")
    theirs = manifest.get("database", {}).get("vendor")
    if theirs != vendor:
        raise BackupError(
            f"Bản sao lưu được tạo từ CSDL {theirs}, nhưng CSDL đang cấu hình (DATABASE_URL) là {vendor}: "
            "hai loại không khớp. Hãy khôi phục vào một CSDL cùng loại với bản sao lưu."
        )
    unknown = migrations_unknown(manifest.get("migrations", []))
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản HTX Plan mới hơn mã nguồn đang chạy (có migration mà mã này không có: "
            f"{', '.join(unknown[:5])}{' ...' if len(unknown) > 5 else ''}). Hãy cập nhật mã nguồn trước khi khôi phục."
        )


def migrations_unknown(names: Iterable[str]) -> list[str]:
    """Migrations of the backup that the code running now does not have."""
    on_disk = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    return sorted(set(names) - on_disk)
