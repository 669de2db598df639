"""Rendered documents and a storage that fails: a full disk or a refused
folder never leaves a half file in the render cache, and a file that is
not whole (cut short, overwritten) is never served (reports/documents/cache.py)."""

import errno
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage

from reports.documents.records import RenderedFile
from reports.tests.test_plan_pdf_preparing import TASKS, long_plan, queue, run_worker  # noqa: F401
from tests.storage_faults import files_under, full_disk


def rendered_files() -> list[str]:
    return files_under(Path(settings.MEDIA_ROOT, "rendered"))


@pytest.fixture
def editor(cast, login):
    return login(cast["editor_a"])


def test_a_render_the_disk_cannot_hold_is_still_served_and_nothing_is_cached(plan_a, editor, caplog):
    with full_disk(after=2048):
        response = editor.get(f"/plans/{plan_a.pk}/pdf")

    counted = {"status": response.status_code, "files": len(rendered_files()), "records": RenderedFile.objects.count()}
    print(f"plan PDF rendered on a full disk: {counted}")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    assert counted == {"status": 200, "files": 0, "records": 0}
    assert "could not be stored" in caplog.text

    # The disk freed, the next download renders and stores it whole.
    again = editor.get(f"/plans/{plan_a.pk}/pdf")
    record = RenderedFile.objects.get()
    assert rendered_files() == [record.name.removeprefix("rendered/")]
    assert (record.kind, record.document_id, record.size) == ("plan", plan_a.pk, len(again.content))


def test_a_cut_short_file_in_the_cache_is_rendered_again_not_served(plan_a, editor):
    whole = editor.get(f"/plans/{plan_a.pk}/pdf").content
    record = RenderedFile.objects.get()
    stored = Path(settings.MEDIA_ROOT, record.name)
    stored.write_bytes(whole[:3000])

    served = editor.get(f"/plans/{plan_a.pk}/pdf").content

    assert served == whole
    assert stored.read_bytes() == whole
    assert RenderedFile.objects.get().size == len(whole)


def test_a_file_of_the_same_size_but_other_bytes_is_not_served(plan_a, editor):
    whole = editor.get(f"/plans/{plan_a.pk}/pdf").content
    stored = Path(settings.MEDIA_ROOT, RenderedFile.objects.get().name)
    stored.write_bytes(b"\0" * len(whole))

    # A plan's PDF is the same bytes at every render (its identifier is the cache key).
    assert editor.get(f"/plans/{plan_a.pk}/pdf").content == whole


def test_a_file_cached_before_records_were_kept_is_rendered_once_and_then_recorded(plan_a, editor):
    whole = editor.get(f"/plans/{plan_a.pk}/pdf").content
    RenderedFile.objects.all().delete()

    assert editor.get(f"/plans/{plan_a.pk}/pdf").content == whole
    assert RenderedFile.objects.count() == 1 and len(rendered_files()) == 1


def test_a_long_plan_asked_for_on_a_full_disk_gets_the_storage_page(long_plan, queue, editor):  # noqa: F811
    with full_disk(after=0, error_number=errno.EACCES):
        response = editor.get(f"/plans/{long_plan.pk}/pdf")

    html = response.content.decode()
    assert response.status_code == 503
    assert "Máy chủ chưa đọc hoặc lưu được tệp" in html and "không có gì được lưu dở dang" in html
    assert "Traceback" not in html
    assert rendered_files() == [] and queue == []


def test_a_long_plan_the_worker_cannot_store_says_it_failed_instead_of_waiting(long_plan, queue, editor, monkeypatch):  # noqa: F811
    assert editor.get(f"/plans/{long_plan.pk}/pdf").status_code == 202
    original = FileSystemStorage._save

    def pdf_refused(self, name, content):
        if name.endswith(".pdf"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, name, content)

    with monkeypatch.context() as patched:
        patched.setattr(FileSystemStorage, "_save", pdf_refused)
        run_worker(queue)

    assert editor.get(f"/plans/{long_plan.pk}/pdf/status").json() == {"state": "failed"}
    assert not RenderedFile.objects.exists()
    assert [name for name in rendered_files() if name.endswith(".pdf")] == []
