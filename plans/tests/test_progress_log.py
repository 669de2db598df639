import datetime
import hashlib
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from plans.models import Evidence, Plan, ProgressUpdate
from plans.progress.services import progress_log

Status = ProgressUpdate.Status


def log(task, user, **overrides):
    values = {
        "task": task,
        "user": user,
        "reported_on": timezone.localdate(),
        "percent": 30,
        "work_done": "Phun thử 8 ha lúa vụ Hè Thu.",
    }
    values.update(overrides)
    return progress_log(**values)


def messages_of(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict.get(field, []))


def test_staff_logs_an_update_with_its_evidence(task_a, cast, photo, scan):
    update = log(task_a, cast["staff_a"], indicator_value=Decimal("8.5"), files=[photo(), scan()])

    assert update.task == task_a and update.author == cast["staff_a"]
    assert update.indicator_value == Decimal("8.5")
    kinds = [(e.original_name, e.content_type) for e in update.evidence.all()]
    assert kinds == [("anh-ruong.jpg", "image/jpeg"), ("bien-ban.pdf", "application/pdf")]


def test_evidence_is_stored_under_media_root_with_its_checksum_and_a_name_of_its_detected_type(task_a, cast, photo):
    upload = photo(name="ảnh <ruộng>.JPG")
    content = upload.read()
    upload.seek(0)

    evidence = log(task_a, cast["staff_a"], files=[upload]).evidence.get()

    # The file shown is the clean copy; its checksum and size are its own.
    path, original = Path(evidence.file.path), Path(evidence.original.path)
    for stored in (path, original):
        assert stored.is_relative_to(Path(settings.MEDIA_ROOT))
        assert not stored.is_relative_to(Path(settings.BASE_DIR) / "static")
        assert stored.suffix == ".jpg" and "ruộng" not in stored.name
    clean = path.read_bytes()
    assert clean != content and clean.startswith(b"\xff\xd8")
    assert evidence.sha256 == hashlib.sha256(clean).hexdigest()
    assert evidence.size == len(clean)
    # The photo as sent is kept beside it, byte for byte.
    assert original.read_bytes() == content
    assert evidence.original_sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.original_size == len(content)
    assert evidence.original_name == "ảnh <ruộng>.JPG"


def test_a_pdf_is_stored_as_sent_with_no_original_beside_it(task_a, cast, scan):
    upload = scan()
    content = upload.read()
    upload.seek(0)

    evidence = log(task_a, cast["staff_a"], files=[upload]).evidence.get()

    assert Path(evidence.file.path).read_bytes() == content
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert (evidence.reencoded, evidence.original.name, evidence.original_size) == (False, "", None)


def test_the_same_submission_token_stores_one_update(task_a, cast, photo):
    token = uuid.uuid4()
    first = log(task_a, cast["staff_a"], submission_token=token, files=[photo()])
    second = log(task_a, cast["staff_a"], submission_token=token, files=[photo()])

    assert first.pk == second.pk
    assert ProgressUpdate.objects.count() == 1
    assert Evidence.objects.count() == 1


def test_a_token_racing_past_the_first_check_still_stores_one_update(task_a, cast, monkeypatch):
    token = uuid.uuid4()
    first = log(task_a, cast["staff_a"], submission_token=token)
    # Simulate the second of two simultaneous submits: it read "no such token"
    # before the first one committed, so only the unique column stops it.
    real_filter = ProgressUpdate.objects.filter
    calls = {"n": 0}

    def filter_missing_once(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    monkeypatch.setattr(ProgressUpdate.objects, "filter", filter_missing_once)
    second = log(task_a, cast["staff_a"], submission_token=token)

    assert second.pk == first.pk
    assert ProgressUpdate.objects.count() == 1


def test_a_date_in_the_future_is_refused(task_a, cast):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], reported_on=tomorrow)
    assert "ở tương lai" in messages_of(error.value, "reported_on")
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("percent", [-1, 101])
def test_percent_must_be_between_0_and_100(task_a, cast, percent):
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], percent=percent)
    assert "từ 0 đến 100" in messages_of(error.value, "percent")


@pytest.mark.parametrize(
    ("percent", "status"),
    [(0, Status.NOT_STARTED), (1, Status.IN_PROGRESS), (99, Status.IN_PROGRESS), (100, Status.DONE)],
)
def test_the_status_follows_the_percent(task_a, cast, percent, status):
    update = log(task_a, cast["staff_a"], percent=percent)
    update.refresh_from_db()
    assert update.status == status


def test_the_service_takes_no_status_that_could_contradict_the_percent(task_a, cast):
    with pytest.raises(TypeError):
        log(task_a, cast["staff_a"], percent=100, status=Status.NOT_STARTED)
    assert not ProgressUpdate.objects.exists()


def test_what_was_done_is_required(task_a, cast):
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], work_done="   ")
    assert "việc đã làm" in messages_of(error.value, "work_done")


def test_an_indicator_value_needs_a_task_with_an_indicator_and_is_not_negative(task_a, cast):
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], indicator_value=Decimal(-1))
    assert "không được âm" in messages_of(error.value, "indicator_value")
    task_a.indicator_name = ""
    task_a.save()
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], indicator_value=Decimal(3))
    assert "không có chỉ tiêu" in messages_of(error.value, "indicator_value")


def test_an_executable_renamed_jpg_is_refused_and_nothing_is_stored(task_a, cast, renamed_exe, settings):
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], files=[renamed_exe("anh-ruong.jpg")])
    message = messages_of(error.value, "files")
    assert "“anh-ruong.jpg” không phải ảnh" in message and "PDF" in message
    assert not ProgressUpdate.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_an_oversized_file_is_refused_with_its_size_and_the_limit(task_a, cast, photo, settings):
    settings.PROGRESS_MAX_FILE_MB = 1
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], files=[photo("lon.jpg", size=1_300_000)])
    assert "“lon.jpg” nặng 1,2 MB, vượt quá giới hạn 1 MB mỗi tệp" in messages_of(error.value, "files")
    assert not ProgressUpdate.objects.exists()


def test_at_most_the_configured_number_of_files_per_update(task_a, cast, photo, settings):
    settings.PROGRESS_MAX_FILES = 2
    with pytest.raises(ValidationError) as error:
        log(task_a, cast["staff_a"], files=[photo(), photo(), photo()])
    assert "tối đa 2 tệp" in messages_of(error.value, "files")


def test_progress_is_logged_only_on_issued_plans(task_a, cast):
    Plan.objects.filter(pk=task_a.plan_id).update(status=Plan.Status.APPROVED)
    task_a.refresh_from_db()
    with pytest.raises(ValidationError, match="đã ban hành"):
        log(task_a, cast["editor_a"])


def test_only_reporters_of_the_cooperative_and_editors_of_the_issuer_may_log(task_a, cast):
    assert log(task_a, cast["editor_a"]).author == cast["editor_a"]
    for who in ("reviewer", "approver_a", "staff_b", "editor_b", "outsider"):
        with pytest.raises(ValidationError):
            log(task_a, cast[who])
    assert ProgressUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("percent", "status", "message"),
    [
        (100, Status.NOT_STARTED, "100% nghĩa là “Hoàn thành”."),
        (40, Status.NOT_STARTED, "“Chưa bắt đầu” nghĩa là 0%."),
        (90, Status.DONE, "“Hoàn thành” nghĩa là 100%."),
    ],
)
def test_a_row_written_by_hand_that_contradicts_itself_is_refused_in_vietnamese(task_a, cast, percent, status, message):
    # What the back office (admin) would meet: the model's own check, before the database's.
    update = ProgressUpdate(
        task=task_a, reported_on=timezone.localdate(), percent=percent, status=status, work_done="x",
        author=cast["staff_a"],
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert message in error.value.messages
