"""Evidence rows and files compared both ways (`manage.py storage_check`).

- A row whose file is gone or whose bytes no longer match the SHA-256 and
  size stored with it: nothing here can make the photo again, so it is
  listed with the update and task it belongs to, for a restore from backup.
- A file under evidence/ that no row names (an update rolled back by a
  folder that refused the clean-up too, a database restored from an older
  backup): moved, on repair, to orphaned/ under the same path, where an
  administrator can look at it; nothing is deleted. Files younger than
  GRACE may belong to an update being saved right now and are left alone.
- A ".partial-" file (htxplan/storage.py) older than GRACE is a write that
  never finished: deleted on repair.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.utils import timezone

from htxplan.storage import PARTIAL_PREFIX, StorageProblem, storage_walk
from plans.models import Evidence

FOLDER = "evidence"
ORPHANED_FOLDER = "orphaned"
GRACE = datetime.timedelta(hours=1)


def _sha256(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _row_problem(name: str, size: int | None, sha256: str, where: str, quick: bool) -> StorageProblem | None:
    if not default_storage.exists(name):
        return StorageProblem("Minh chứng thiếu tệp", name, f"{where}; cần khôi phục từ bản sao lưu")
    stored_size = default_storage.size(name)
    if size is not None and stored_size != size:
        return StorageProblem(
            "Minh chứng hỏng", name, f"{where}; tệp có {stored_size} byte, đã lưu {size} byte; cần khôi phục"
        )
    if not quick and sha256 and _sha256(name) != sha256:
        return StorageProblem("Minh chứng hỏng", name, f"{where}; mã SHA-256 không khớp; cần khôi phục")
    return None


def evidence_rows_check(*, quick: bool = False) -> Iterator[StorageProblem]:
    """Each row's file (and a photo's original) present and whole."""
    rows = Evidence.objects.order_by("pk").values_list(
        "pk", "update_id", "update__task_id", "file", "size", "sha256", "original", "original_size", "original_sha256"
    )
    for pk, update, task, file, size, sha256, original, original_size, original_sha256 in rows.iterator():
        where = f"minh chứng #{pk} của cập nhật #{update}, nhiệm vụ #{task}"
        problem = _row_problem(file, size, sha256, where, quick)
        if problem:
            yield problem
        if original:
            problem = _row_problem(original, original_size, original_sha256, f"ảnh gốc của {where}", quick)
            if problem:
                yield problem


def _move_aside(name: str) -> str:
    with default_storage.open(name, "rb") as stored:
        saved = default_storage.save(f"{ORPHANED_FOLDER}/{name}", stored)
    default_storage.delete(name)
    return f"đã chuyển sang {saved}"


def _delete(name: str) -> str:
    default_storage.delete(name)
    return "đã xóa"


def evidence_files_check(*, now: datetime.datetime | None = None) -> Iterator[StorageProblem]:
    """Files under evidence/ that no row names."""
    cutoff = (now or timezone.now()) - GRACE
    named = set(Evidence.objects.values_list("file", flat=True))
    named |= set(Evidence.objects.exclude(original="").values_list("original", flat=True))
    for name in storage_walk(FOLDER):
        if name in named or default_storage.get_modified_time(name) > cutoff:
            continue
        if name.rsplit("/", 1)[-1].startswith(PARTIAL_PREFIX):
            yield StorageProblem("Tệp ghi dở", name, "một lần lưu không xong", lambda name=name: _delete(name))
        else:
            yield StorageProblem(
                "Tệp minh chứng không thuộc cập nhật nào", name, "", lambda name=name: _move_aside(name)
            )
