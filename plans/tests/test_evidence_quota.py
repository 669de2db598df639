"""What one person may send in 24 hours: PROGRESS_UPLOAD_QUOTA_MB_PER_DAY."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from plans.models import Evidence, ProgressUpdate
from plans.progress.services import progress_log

KB = 1024


@pytest.fixture(autouse=True)
def one_mb_a_day(settings):
    settings.PROGRESS_UPLOAD_QUOTA_MB_PER_DAY = 1


def log(task, user, files):
    return progress_log(
        task=task,
        user=user,
        reported_on=timezone.localdate(),
        percent=20,
        work_done="Phun thử 8 ha.",
        files=files,
    )


def refusal(task, user, files) -> str:
    with pytest.raises(ValidationError) as error:
        log(task, user, files)
    return " ".join(error.value.message_dict["files"])


def test_what_fits_in_the_day_is_stored(task_a, cast, photo):
    log(task_a, cast["staff_a"], [photo(size=400 * KB)])
    log(task_a, cast["staff_a"], [photo(size=400 * KB)])
    assert Evidence.objects.count() == 2


def test_more_than_the_day_allows_is_refused_with_what_is_left_and_when_it_frees_up(task_a, cast, photo):
    first = log(task_a, cast["staff_a"], [photo(size=600 * KB)])
    sent_at = timezone.now() - datetime.timedelta(hours=5)
    ProgressUpdate.objects.filter(pk=first.pk).update(created_at=sent_at)

    message = refusal(task_a, cast["staff_a"], [photo("ruong.jpg", size=500 * KB)])

    free_at = timezone.localtime(sent_at + datetime.timedelta(hours=24))
    assert (
        "Trong 24 giờ qua bạn đã gửi 0,6 MB tệp minh chứng; mỗi người được gửi 1 MB mỗi ngày, nên chỉ còn 0,4 MB, "
        f"mà các tệp lần này nặng 0,5 MB. Từ {free_at:%H:%M} ngày {free_at:%d/%m/%Y} sẽ đủ chỗ cho các tệp này"
    ) in message
    assert ProgressUpdate.objects.count() == 1 and Evidence.objects.count() == 1


def test_the_bytes_sent_count_not_the_smaller_clean_copy(task_a, cast, photo):
    # A photo padded to 700 KB: its clean copy is a few hundred bytes.
    evidence = log(task_a, cast["staff_a"], [photo(size=700 * KB)]).evidence.get()
    assert evidence.size < 10 * KB and evidence.original_size >= 700 * KB
    assert "chỉ còn 0,3 MB" in refusal(task_a, cast["staff_a"], [photo(size=400 * KB)])


def test_uploads_older_than_24_hours_no_longer_count(task_a, cast, photo):
    first = log(task_a, cast["staff_a"], [photo(size=900 * KB)])
    ProgressUpdate.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    log(task_a, cast["staff_a"], [photo(size=900 * KB)])
    assert Evidence.objects.count() == 2


def test_each_person_has_their_own_day(task_a, cast, photo):
    log(task_a, cast["staff_a"], [photo(size=900 * KB)])
    log(task_a, cast["editor_a"], [photo(size=900 * KB)])
    assert Evidence.objects.count() == 2


def test_files_heavier_than_a_whole_day_are_refused_as_such(task_a, cast, photo, settings):
    settings.PROGRESS_MAX_FILE_MB = 2
    message = refusal(task_a, cast["staff_a"], [photo(size=1200 * KB)])
    assert "Các tệp lần này nặng 1,2 MB, hơn cả giới hạn 1 MB mỗi người mỗi ngày. Hãy gửi ít tệp hơn." in message
    assert not ProgressUpdate.objects.exists()


def test_an_update_without_files_is_never_held_back_by_the_quota(task_a, cast, photo):
    log(task_a, cast["staff_a"], [photo(size=1000 * KB)])
    log(task_a, cast["staff_a"], [])
    assert ProgressUpdate.objects.count() == 2


def test_the_form_shows_the_quota_refusal_beside_the_files_and_keeps_the_typed_text(task_a, cast, login, photo):
    log(task_a, cast["staff_a"], [photo(size=900 * KB)])
    client = login(cast["staff_a"])
    page = client.get(f"/tasks/{task_a.pk}/progress/new")
    assert "Mỗi người gửi tối đa 1 MB mỗi ngày." in page.content.decode()
    data = {
        "submission_token": str(page.context["form"]["submission_token"].value()),
        "reported_on": timezone.localdate().isoformat(),
        "percent": "45",
        "work_done": "Bón phân đợt 2 cho 15 ha.",
        "indicator_value": "15",
        "files": [photo(size=300 * KB)],
    }

    response = client.post(f"/tasks/{task_a.pk}/progress/new", data)

    assert response.status_code == 200
    form = response.context["form"]
    assert "chỉ còn 0,1 MB, mà các tệp lần này nặng 0,3 MB" in " ".join(form.errors["files"])
    assert form["work_done"].value() == "Bón phân đợt 2 cho 15 ha."
    assert "vui lòng chọn lại tệp minh chứng" in response.content.decode()
    assert ProgressUpdate.objects.count() == 1
