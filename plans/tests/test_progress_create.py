import datetime
import re

import pytest
from django.utils import timezone

from plans.models import Evidence, Plan, ProgressUpdate


def url(task):
    return f"/tasks/{task.pk}/progress/new"


def form_data(client, task, **overrides):
    """The form as the page renders it (with its one-time token), filled in."""
    page = client.get(url(task))
    token = page.context["form"]["submission_token"].value()
    data = {
        "submission_token": str(token),
        "reported_on": timezone.localdate().isoformat(),
        "percent": "40",
        "work_done": "Phun thử nghiệm 12 ha lúa bằng drone tại ấp Phú Thành.",
        "indicator_value": "12,5",
    }
    data.update(overrides)
    return data


def test_staff_logs_progress_with_a_photo_and_sees_it_on_the_timeline(task_a, cast, login, photo):
    client = login(cast["staff_a"])
    data = form_data(client, task_a, files=[photo("drone.jpg")])

    response = client.post(url(task_a), data, follow=True)

    update = ProgressUpdate.objects.get()
    assert (update.percent, update.status, str(update.indicator_value)) == (40, "in_progress", "12.50")
    assert response.redirect_chain[-1][0] == f"/tasks/{task_a.pk}/"
    html = response.content.decode()
    assert "Đã lưu cập nhật tiến độ." in html
    assert "Phun thử nghiệm 12 ha lúa bằng drone" in html
    assert f'src="/evidence/{update.evidence.get().pk}/"' in html
    assert "12,5 ha" in html


def test_the_form_asks_for_the_indicator_only_where_the_task_has_one(task_a, cast, login):
    client = login(cast["staff_a"])
    assert "Diện tích phun bằng drone (ha)" in client.get(url(task_a)).content.decode()
    task_a.indicator_name = ""
    task_a.save()
    assert 'name="indicator_value"' not in client.get(url(task_a)).content.decode()


def test_the_form_starts_from_the_last_reported_figures(task_a, cast, login):
    client = login(cast["staff_a"])
    client.post(url(task_a), form_data(client, task_a, percent="65"))
    form = client.get(url(task_a)).context["form"]
    assert form["percent"].value() == 65
    assert "status" not in form.fields


def test_a_double_submit_stores_one_update(task_a, cast, login, photo):
    client = login(cast["staff_a"])
    data = form_data(client, task_a)

    first = client.post(url(task_a), {**data, "files": [photo()]})
    second = client.post(url(task_a), {**data, "files": [photo()]})

    assert first.status_code == second.status_code == 302
    assert ProgressUpdate.objects.count() == 1
    assert Evidence.objects.count() == 1


def test_an_executable_renamed_jpg_is_refused_with_a_clear_message_and_the_form_kept(task_a, cast, login, renamed_exe):
    client = login(cast["staff_a"])
    data = form_data(client, task_a, files=[renamed_exe("anh-dong-ruong.jpg")])

    response = client.post(url(task_a), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp “anh-dong-ruong.jpg” không phải ảnh (JPEG, PNG, WebP, GIF) hoặc PDF" in html
    assert "Phun thử nghiệm 12 ha lúa bằng drone tại ấp Phú Thành." in html
    assert "vui lòng chọn lại tệp minh chứng" in html
    assert not ProgressUpdate.objects.exists()


def test_an_oversized_file_is_refused_and_the_rest_of_the_form_kept(task_a, cast, login, photo, settings):
    settings.PROGRESS_MAX_FILE_MB = 1
    client = login(cast["staff_a"])
    data = form_data(client, task_a, percent="55", files=[photo("ruong-lon.jpg", size=2_200_000)])

    response = client.post(url(task_a), data)

    form = response.context["form"]
    assert "Tệp “ruong-lon.jpg” nặng 2,1 MB, vượt quá giới hạn 1 MB mỗi tệp." in form.errors["files"][0]
    assert form["work_done"].value() == data["work_done"]
    assert (form["percent"].value(), form["indicator_value"].value()) == ("55", "12,5")
    assert form["submission_token"].value() == data["submission_token"]
    assert not ProgressUpdate.objects.exists()


def test_more_files_than_allowed_are_refused(task_a, cast, login, photo, settings):
    settings.PROGRESS_MAX_FILES = 2
    client = login(cast["staff_a"])
    response = client.post(url(task_a), form_data(client, task_a, files=[photo(), photo(), photo()]))
    assert "tối đa 2 tệp minh chứng (đã chọn 3 tệp)" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reported_on", "2999-01-01", "ở tương lai"),
        ("percent", "120", "từ 0 đến 100"),
        ("percent", "-5", "từ 0 đến 100"),
    ],
)
def test_bad_figures_are_refused_beside_the_field(task_a, cast, login, field, value, message):
    client = login(cast["staff_a"])
    response = client.post(url(task_a), form_data(client, task_a, **{field: value}))
    assert message in " ".join(response.context["form"].errors[field])
    assert not ProgressUpdate.objects.exists()


def test_100_percent_with_not_started_posted_is_stored_and_shown_as_done(task_a, cast, login):
    # An old form, or a crafted request, still sends a status: the percent decides.
    client = login(cast["staff_a"])
    response = client.post(url(task_a), form_data(client, task_a, percent="100", status="not_started"), follow=True)

    update = ProgressUpdate.objects.get()
    assert (update.percent, update.status) == (100, "done")
    html = response.content.decode()
    assert "Hoàn thành đúng hạn" in html
    assert "Chưa bắt đầu" not in html


def test_0_percent_with_done_posted_is_stored_as_not_started_and_never_shown_done(task_a, cast, login):
    client = login(cast["staff_a"])
    response = client.post(url(task_a), form_data(client, task_a, percent="0", status="done"), follow=True)

    assert ProgressUpdate.objects.get().status == "not_started"
    html = response.content.decode()
    # A quarter of its time gone and nothing done: at risk, not done.
    assert "Có nguy cơ chậm" in html and "Hoàn thành" not in html


def test_the_form_asks_for_the_percent_only_and_says_what_it_means(task_a, cast, login):
    html = login(cast["staff_a"]).get(url(task_a)).content.decode()
    assert 'name="status"' not in html
    assert "0% là chưa bắt đầu, 1–99% là đang thực hiện, 100% là hoàn thành." in html


def test_the_form_offers_existing_files_and_the_camera_in_two_inputs(task_a, cast, login):
    html = login(cast["staff_a"]).get(url(task_a)).content.decode()
    picker = re.search(r'<input[^>]*name="files"[^>]*>', html).group(0)
    camera = re.search(r'<input[^>]*name="camera"[^>]*>', html).group(0)
    # The picker keeps the gallery and PDFs reachable: no capture there.
    assert 'accept="image/*,application/pdf"' in picker and "multiple" in picker and "capture" not in picker
    assert 'accept="image/*"' in camera and 'capture="environment"' in camera
    assert "Chụp ảnh mới" in html and "Chọn ảnh hoặc tệp PDF có sẵn" in html


def test_a_photo_from_the_camera_is_stored_with_the_chosen_files(task_a, cast, login, photo, scan):
    client = login(cast["staff_a"])
    data = form_data(client, task_a, files=[scan("bien-ban.pdf")], camera=photo("chup-ngay.jpg"))
    assert client.post(url(task_a), data).status_code == 302
    names = [e.original_name for e in ProgressUpdate.objects.get().evidence.all()]
    assert names == ["bien-ban.pdf", "chup-ngay.jpg"]


def test_the_camera_photo_counts_towards_the_limit_of_files(task_a, cast, login, photo, settings):
    settings.PROGRESS_MAX_FILES = 2
    client = login(cast["staff_a"])
    response = client.post(url(task_a), form_data(client, task_a, files=[photo(), photo()], camera=photo()))
    assert "tối đa 2 tệp minh chứng (đã chọn 3 tệp)" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("work_done", ["", "   \n  "])
def test_what_was_done_is_required_with_its_own_message(task_a, cast, login, work_done):
    client = login(cast["staff_a"])
    response = client.post(url(task_a), form_data(client, task_a, work_done=work_done))
    assert response.context["form"].errors["work_done"] == ["Hãy ghi những việc đã làm trong kỳ này."]
    html = response.content.decode()
    assert "Hãy ghi những việc đã làm trong kỳ này." in html and "Trường này là bắt buộc." not in html
    assert not ProgressUpdate.objects.exists()


def test_the_issuers_editor_may_log_progress(task_a, cast, login):
    client = login(cast["editor_a"])
    assert client.post(url(task_a), form_data(client, task_a)).status_code == 302
    assert ProgressUpdate.objects.get().author == cast["editor_a"]


def test_another_cooperatives_staff_gets_404(task_a, cast, login):
    client = login(cast["staff_b"])
    assert client.get(url(task_a)).status_code == 404
    assert client.post(url(task_a), {"percent": "10"}).status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_another_cooperatives_staff_gets_404_even_when_the_plan_names_both(task_a, cast, login, coops):
    task_a.plan.cooperatives.add(coops["b"])
    assert login(cast["staff_b"]).get(url(task_a)).status_code == 404


@pytest.mark.parametrize("who", ["reviewer", "approver_a"])
def test_readers_get_403_on_the_form_and_nothing_is_stored(task_a, cast, login, who):
    client = login(cast[who])
    assert client.get(url(task_a)).status_code == 403
    response = client.post(url(task_a), {"percent": "10", "work_done": "x"})
    assert response.status_code == 403
    assert "không được cập nhật" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "editor_b"])
def test_outsiders_get_404(task_a, cast, login, who):
    assert login(cast[who]).get(url(task_a)).status_code == 404


def test_anonymous_is_sent_to_login(task_a, client):
    response = client.get(url(task_a))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_progress_is_not_logged_on_a_plan_that_is_not_issued(plan_a, cast, login):
    task = plan_a.tasks.get()
    assert login(cast["editor_a"]).get(url(task)).status_code == 403
    assert login(cast["staff_a"]).get(url(task)).status_code == 404  # staff never see drafts


def test_a_task_due_date_in_the_past_does_not_stop_logging(task_a, cast, login):
    task_a.due_on = timezone.localdate() - datetime.timedelta(days=3)
    task_a.save()
    client = login(cast["staff_a"])
    assert client.post(url(task_a), form_data(client, task_a)).status_code == 302
    assert Plan.objects.get(pk=task_a.plan_id).is_issued
