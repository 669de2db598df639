"""`manage.py storage_check` compares rows and files both ways, lists what
is wrong, repairs what can be repaired and exits 1 while a problem remains."""

import datetime
import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from plans.models import Evidence
from plans.progress.services import progress_log
from plans.tests.conftest import jpeg_bytes, plan_under_way, task_a  # noqa: F401
from reports.documents.records import RenderedFile
from reports.documents.renders import document_render

HOURS_AGO = 2


def storage_check(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("storage_check", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


def aged(path: Path) -> Path:
    """A file written a while ago: past the grace left to saves in progress."""
    then = time.time() - HOURS_AGO * 3600
    os.utime(path, (then, then))
    return path


def media(name: str) -> Path:
    return Path(settings.MEDIA_ROOT, name)


@pytest.fixture
def stored(task_a, cast):  # noqa: F811
    """A progress update with a photo (clean copy and original) and the plan's PDF and DOCX in the cache."""
    photo = SimpleUploadedFile("ruong.jpg", jpeg_bytes(), content_type="image/jpeg")
    progress_log(
        task=task_a,
        user=cast["staff_a"],
        reported_on=datetime.date.today(),
        percent=30,
        work_done="Phun thuốc 5 ha.",
        files=[photo],
    )
    document_render(task_a.plan, "pdf")
    document_render(task_a.plan, "docx")
    return {"evidence": Evidence.objects.get(), "plan": task_a.plan}


def test_a_clean_store_passes(stored):
    assert storage_check() == (0, "Không có vấn đề: mọi bản ghi có tệp, mọi tệp có bản ghi.\n")


def test_every_kind_of_problem_is_listed_and_the_exit_status_is_1(stored):
    evidence = stored["evidence"]
    media(evidence.original.name).unlink()
    media(evidence.file.name).write_bytes(b"not the photo")
    pdf = RenderedFile.objects.get(name__endswith=".pdf")
    media(pdf.name).write_bytes(media(pdf.name).read_bytes()[:2000])
    docx = RenderedFile.objects.get(name__endswith=".docx")
    media(docx.name).unlink()
    lost = media("evidence/2021/05/khong-ai-biet.jpg")
    lost.parent.mkdir(parents=True, exist_ok=True)
    lost.write_bytes(jpeg_bytes())
    aged(lost)
    stray = media("rendered/plan/00/" + "0" * 64 + ".pdf")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"%PDF-1.7 old")
    aged(stray)

    status, output = storage_check()

    print(output)
    assert status == 1
    assert f"- Minh chứng thiếu tệp: {evidence.original.name}" in output
    assert f"- Minh chứng hỏng: {evidence.file.name}" in output
    assert f"- Văn bản đã dựng bị hỏng: {pdf.name} (tệp có 2000 byte, bản ghi {pdf.size} byte)" in output
    assert f"- Văn bản đã dựng thiếu tệp: {docx.name}" in output
    assert "- Tệp minh chứng không thuộc cập nhật nào: evidence/2021/05/khong-ai-biet.jpg" in output
    assert f"- Tệp văn bản đã dựng không có bản ghi: rendered/plan/00/{'0' * 64}.pdf" in output
    assert "Tìm thấy 6 vấn đề, đã sửa 0, còn 6." in output
    assert "Chạy lại với --repair" in output


def test_repair_renders_the_damaged_file_again_and_leaves_only_what_needs_a_backup(stored):
    evidence = stored["evidence"]
    media(evidence.original.name).unlink()
    pdf = RenderedFile.objects.get(name__endswith=".pdf")
    whole = media(pdf.name).read_bytes()
    media(pdf.name).write_bytes(whole[:2000])
    lost = media("evidence/2021/05/khong-ai-biet.jpg")
    lost.parent.mkdir(parents=True, exist_ok=True)
    lost.write_bytes(b"photo")
    aged(lost)

    status, output = storage_check("--repair")

    print(output)
    assert status == 1  # the missing original cannot be made again
    assert f"- Văn bản đã dựng bị hỏng: {pdf.name} (tệp có 2000 byte, bản ghi {pdf.size} byte) – đã dựng lại" in output
    assert media(pdf.name).read_bytes() == whole
    assert "– đã chuyển sang orphaned/evidence/2021/05/khong-ai-biet.jpg" in output
    assert not lost.exists() and media("orphaned/evidence/2021/05/khong-ai-biet.jpg").read_bytes() == b"photo"
    assert f"- Minh chứng thiếu tệp: {evidence.original.name}" in output and "không tự sửa được" in output
    assert "Tìm thấy 3 vấn đề, đã sửa 2, còn 1." in output

    status, output = storage_check()
    assert status == 1 and "Tìm thấy 1 vấn đề" in output


def test_files_being_written_now_are_left_alone(stored):
    fresh = media("evidence/2026/12/dang-luu.jpg")
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_bytes(b"photo")

    assert storage_check()[0] == 0


def test_a_half_written_file_left_by_a_crash_is_deleted_on_repair(stored):
    partial = media("evidence/2026/12/.partial-abc-anh.jpg")
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"half")
    aged(partial)

    status, output = storage_check("--repair")

    assert (
        status == 0
        and "- Tệp ghi dở: evidence/2026/12/.partial-abc-anh.jpg (một lần lưu không xong) – đã xóa" in output
    )
    assert not partial.exists()


def test_a_damaged_file_of_a_plan_that_changed_since_is_dropped_not_rendered(stored):
    pdf = RenderedFile.objects.get(name__endswith=".pdf")
    media(pdf.name).write_bytes(b"cut")
    stored["plan"].tasks.update(body="Nội dung mới.")

    status, output = storage_check("--repair")

    assert status == 0 and "bản này không còn là bản hiện hành" in output
    assert not media(pdf.name).exists() and not RenderedFile.objects.filter(pk=pdf.pk).exists()
