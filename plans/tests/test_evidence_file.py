import pytest
from django.utils import timezone

from plans.progress.services import progress_log
from plans.tests.conftest import jpeg_bytes


@pytest.fixture
def evidence(task_a, cast, photo):
    update = progress_log(
        task=task_a,
        user=cast["staff_a"],
        reported_on=timezone.localdate(),
        percent=20,
        work_done="Phun thử 8 ha.",
        files=[photo("ruộng lúa.jpg")],
    )
    return update.evidence.get()


@pytest.mark.parametrize("who", ["staff_a", "editor_a", "approver_a", "reviewer"])
def test_those_who_see_the_task_get_the_file_with_its_detected_type(evidence, cast, login, who):
    response = login(cast[who]).get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == jpeg_bytes()


@pytest.mark.parametrize("who", ["staff_b", "editor_b", "outsider"])
def test_others_get_404(evidence, cast, login, who):
    assert login(cast[who]).get(f"/evidence/{evidence.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(evidence, client):
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_media_folder_is_not_served_directly(evidence, cast, login):
    assert login(cast["staff_a"]).get(f"/media/{evidence.file.name}").status_code == 404
