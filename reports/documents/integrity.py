"""The render cache's files and their RenderedFile records compared both
ways (`manage.py storage_check`). Everything here can be repaired, since a
rendered file is made again from the database:

- a record whose file is gone: the record is dropped (the next download renders);
- a file whose bytes do not match its record (cut short, overwritten): the
  document is rendered again when it is still the plan's or the report's
  current version, else the stale file and its record are dropped;
- a file with no record, older than GRACE (a render stored before records
  were kept, or whose record was lost): dropped, it is rendered again when
  next asked for; a ".partial-" file is a write that never finished.

The ".queued" and ".failed" marks of a long plan's render (preparing.py)
are not rendered files and are left to it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.utils import timezone

from htxplan.storage import StorageProblem, storage_walk
from plans.models import Plan
from reports.documents.cache import CACHE_FOLDER, plan_source, report_source, stored_name
from reports.documents.records import RenderedFile
from reports.documents.renders import document_render
from reports.models import ProgressReport

GRACE = datetime.timedelta(minutes=10)
MARKS = (".queued", ".failed")


def _drop(record: RenderedFile) -> str:
    default_storage.delete(record.name)
    record.delete()
    return "đã xóa tệp và bản ghi; văn bản sẽ được dựng lại khi có người tải"


def _render_again(record: RenderedFile) -> str:
    """The document rendered anew when `record` is its current file."""
    extension = record.name.rsplit(".", 1)[-1]
    model = {"plan": Plan, "report": ProgressReport}.get(record.kind)
    document = model.objects.filter(pk=record.document_id).first() if model and record.document_id else None
    if document is not None:
        source = plan_source(document) if model is Plan else report_source(document)
        if stored_name(kind=record.kind, source=source, extension=extension)[1] == record.name:
            document_render(document, extension)
            return "đã dựng lại"
    return _drop(record) + " (bản này không còn là bản hiện hành)"


def _damage(record: RenderedFile) -> str:
    """What is wrong with the stored file, or "" when it matches its record."""
    size = default_storage.size(record.name)
    if size != record.size:
        return f"tệp có {size} byte, bản ghi {record.size} byte"
    with default_storage.open(record.name, "rb") as stored:
        if hashlib.sha256(stored.read()).hexdigest() != record.sha256:
            return "mã SHA-256 không khớp bản ghi"
    return ""


def rendered_records_check() -> Iterator[StorageProblem]:
    for record in RenderedFile.objects.order_by("pk").iterator():
        if not default_storage.exists(record.name):
            yield StorageProblem(
                "Văn bản đã dựng thiếu tệp", record.name, "", lambda record=record: _drop_record(record)
            )
        elif damage := _damage(record):
            yield StorageProblem(
                "Văn bản đã dựng bị hỏng", record.name, damage, lambda record=record: _render_again(record)
            )


def _drop_record(record: RenderedFile) -> str:
    record.delete()
    return "đã xóa bản ghi; văn bản sẽ được dựng lại khi có người tải"


def _delete(name: str) -> str:
    default_storage.delete(name)
    return "đã xóa; văn bản sẽ được dựng lại khi có người tải"


def rendered_files_check(*, now: datetime.datetime | None = None) -> Iterator[StorageProblem]:
    cutoff = (now or timezone.now()) - GRACE
    recorded = set(RenderedFile.objects.values_list("name", flat=True))
    for name in storage_walk(CACHE_FOLDER):
        if name in recorded or name.endswith(MARKS) or default_storage.get_modified_time(name) > cutoff:
            continue
        yield StorageProblem("Tệp văn bản đã dựng không có bản ghi", name, "", lambda name=name: _delete(name))
