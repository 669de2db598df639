import hashlib
import io

import pytest
from django.utils import timezone
from PIL import Image

from plans.models import Evidence
from plans.progress.services import progress_log
from plans.tests.conftest import PDF_BYTES, jpeg_bytes


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
def test_those_who_see_the_task_get_the_clean_copy_shown_in_the_browser(evidence, cast, login, who):
    response = login(cast[who]).get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline;")
    assert "private" in response["Cache-Control"]
    served = b"".join(response.streaming_content)
    assert hashlib.sha256(served).hexdigest() == evidence.sha256
    assert served != jpeg_bytes() and Image.open(io.BytesIO(served)).format == "JPEG"


@pytest.mark.parametrize("who", ["staff_a", "editor_a", "approver_a", "reviewer"])
def test_those_who_see_the_task_download_the_photo_as_sent(evidence, cast, login, who):
    response = login(cast[who]).get(f"/evidence/{evidence.pk}/original")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''ru%E1%BB%99ng%20l%C3%BAa.jpg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == jpeg_bytes()


@pytest.mark.parametrize("who", ["staff_b", "editor_b", "outsider"])
def test_others_get_404_for_the_photo_as_sent_too(evidence, cast, login, who):
    assert login(cast[who]).get(f"/evidence/{evidence.pk}/original").status_code == 404


def test_a_pdf_is_always_a_download_named_as_a_pdf(task_a, cast, login, scan):
    update = progress_log(
        task=task_a,
        user=cast["staff_a"],
        reported_on=timezone.localdate(),
        percent=20,
        work_done="Biên bản nghiệm thu.",
        files=[scan("biên bản.html")],
    )
    evidence = update.evidence.get()
    client = login(cast["reviewer"])

    response = client.get(f"/evidence/{evidence.pk}/")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''bi%C3%AAn%20b%E1%BA%A3n.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    # A PDF has no original beside it.
    assert client.get(f"/evidence/{evidence.pk}/original").status_code == 404


def test_a_row_stored_before_photos_were_cleaned_is_served_as_a_download(evidence, cast, login):
    Evidence.objects.filter(pk=evidence.pk).update(reencoded=False)
    response = login(cast["staff_a"]).get(f"/evidence/{evidence.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/jpeg"


def test_the_task_page_shows_the_clean_copy_and_offers_the_original_as_a_download(evidence, cast, login):
    html = login(cast["reviewer"]).get(f"/tasks/{evidence.update.task_id}/").content.decode()
    assert f'<img src="/evidence/{evidence.pk}/"' in html
    assert f'href="/evidence/{evidence.pk}/original" download' in html
    assert "Tải ảnh gốc" in html


@pytest.mark.parametrize("who", ["staff_b", "editor_b", "outsider"])
def test_others_get_404(evidence, cast, login, who):
    assert login(cast[who]).get(f"/evidence/{evidence.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(evidence, client):
    response = client.get(f"/evidence/{evidence.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_media_folder_is_not_served_directly(evidence, cast, login):
    assert login(cast["staff_a"]).get(f"/media/{evidence.file.name}").status_code == 404
    assert login(cast["staff_a"]).get(f"/media/{evidence.original.name}").status_code == 404
