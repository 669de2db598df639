"""With DEBUG on, as in the embedded run `make run` starts, a missing page,
another commune's plan, a refused page or a failing one answers with the
portal's own page in Vietnamese, never Django's technical page (the URL
patterns, a traceback); DEBUG_TECHNICAL_PAGES brings those back."""

import pytest

from plans import views as plan_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug(settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_PAGES = False
    return settings


def _is_plain(html: str) -> bool:
    return "URLconf" not in html and "Traceback" not in html and "DEBUG = True" not in html


def test_a_missing_page_and_another_communes_plan_get_the_portals_404(debug, cast, login, plan_a):
    client = login(cast["editor_b"])
    for url in ("/khong-co-trang-nay/", f"/plans/{plan_a.pk}/", f"/plans/{plan_a.pk}/edit/", "/plans/999999/"):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 404 and "Không tìm thấy trang" in html and _is_plain(html), url


def test_a_path_without_its_slash_is_still_redirected(debug, cast, login):
    response = login(cast["editor_a"]).get("/plans")
    assert response.status_code == 301 and response["Location"] == "/plans/"


def test_a_refused_page_and_a_failing_one_get_the_portals_pages(debug, cast, login, plan_a, monkeypatch, caplog):
    # The district office reads the commune's plan but may not edit it.
    response = login(cast["reviewer"]).get(f"/plans/{plan_a.pk}/edit/")
    assert response.status_code == 403 and _is_plain(response.content.decode())

    def broken(request, *args, **kwargs):
        raise RuntimeError("hỏng giữa chừng")

    monkeypatch.setattr(plan_views.pages, "plan_page_context", broken)
    client = login(cast["editor_a"])
    client.raise_request_exception = False
    response = client.get(f"/plans/{plan_a.pk}/")
    html = response.content.decode()
    assert response.status_code == 500 and _is_plain(html) and "hỏng giữa chừng" not in html
    assert "hỏng giữa chừng" in caplog.text  # the traceback is in the log


def test_a_developer_can_ask_for_djangos_technical_pages(debug, cast, login):
    debug.DEBUG_TECHNICAL_PAGES = True
    response = login(cast["editor_a"]).get("/khong-co-trang-nay/")
    assert response.status_code == 404 and "URLconf" in response.content.decode()
