"""A full disk or a refused media folder while a progress update's evidence
is saved: a message in Vietnamese beside the files, the typed text kept,
and nothing half saved (no update row, no evidence row, no file)."""

import errno

import pytest
from django.conf import settings

from plans.models import Evidence, ProgressUpdate
from plans.tests.test_progress_create import form_data, url
from tests.storage_faults import files_under, full_disk


@pytest.mark.parametrize(
    ("error_number", "after"),
    [(errno.ENOSPC, 0), (errno.ENOSPC, 600), (errno.EACCES, 0)],
    ids=["disk-full-at-once", "disk-full-halfway", "folder-refused"],
)
def test_evidence_that_cannot_be_stored_saves_nothing_and_keeps_the_form(
    task_a, cast, login, photo, scan, error_number, after
):
    client = login(cast["staff_a"])
    data = form_data(client, task_a, percent="55", files=[photo("ruong.jpg"), scan("bien-ban.pdf")])

    with full_disk(after=after, error_number=error_number) as attempts:
        response = client.post(url(task_a), data)

    counted = {
        "saves tried": len(attempts),
        "updates": ProgressUpdate.objects.count(),
        "evidence": Evidence.objects.count(),
        "files": len(files_under(settings.MEDIA_ROOT)),
    }
    print(f"evidence save with errno {errno.errorcode[error_number]} after {after} bytes: {counted}")
    assert response.status_code == 200
    form = response.context["form"]
    assert "Máy chủ chưa lưu được tệp minh chứng" in " ".join(form.errors["files"])
    assert "Máy chủ chưa lưu được tệp minh chứng" in response.content.decode()
    assert form["work_done"].value() == data["work_done"]
    assert form["percent"].value() == "55"
    assert counted["saves tried"] >= 1
    assert (counted["updates"], counted["evidence"], counted["files"]) == (0, 0, 0)


def test_the_second_file_failing_removes_the_first(task_a, cast, login, photo, scan, monkeypatch):
    """The photo (clean copy and original) is stored, then the disk fills on the PDF."""
    from django.core.files.storage import FileSystemStorage

    original = FileSystemStorage._save
    calls = []

    def _save(self, name, content):
        calls.append(name)
        if name.endswith(".pdf"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", _save)
    client = login(cast["staff_a"])
    response = client.post(url(task_a), form_data(client, task_a, files=[photo("ruong.jpg"), scan("bien-ban.pdf")]))

    assert "Máy chủ chưa lưu được tệp minh chứng" in response.content.decode()
    assert len(calls) == 3  # the photo's clean copy, its original, then the PDF
    assert (ProgressUpdate.objects.count(), Evidence.objects.count()) == (0, 0)
    assert files_under(settings.MEDIA_ROOT) == []


def test_after_the_disk_is_freed_the_same_form_saves_once(task_a, cast, login, photo):
    client = login(cast["staff_a"])
    data = form_data(client, task_a, files=[photo("ruong.jpg")])
    with full_disk(after=100):
        client.post(url(task_a), data)

    response = client.post(url(task_a), {**data, "files": [photo("ruong.jpg")]})

    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == 1 and Evidence.objects.count() == 1
    evidence = Evidence.objects.get()
    assert sorted(files_under(settings.MEDIA_ROOT)) == sorted([evidence.file.name, evidence.original.name])
