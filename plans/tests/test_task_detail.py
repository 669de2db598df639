import datetime

import pytest
from django.utils import timezone

from plans.progress.services import progress_log


def log(task, user, days_ago, percent, work_done, **extra):
    return progress_log(
        task=task,
        user=user,
        reported_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        percent=percent,
        work_done=work_done,
        **extra,
    )


def test_the_timeline_shows_every_update_newest_first_with_evidence(task_a, cast, login, photo, scan):
    log(task_a, cast["staff_a"], 9, 10, "Khảo sát 3 cánh đồng.")
    newest = log(task_a, cast["staff_a"], 1, 60, "Phun thử 28 ha.", files=[photo("ruong.jpg"), scan("bien-ban.pdf")])
    log(task_a, cast["staff_a"], 4, 35, "Phun thử 8 ha.")

    html = login(cast["reviewer"]).get(f"/tasks/{task_a.pk}/").content.decode()

    order = ["Phun thử 28 ha.", "Phun thử 8 ha.", "Khảo sát 3 cánh đồng."]
    positions = [html.find(s) for s in order]
    assert -1 not in positions and positions == sorted(positions)
    photo_item, pdf_item = newest.evidence.all()
    assert f'<img src="/evidence/{photo_item.pk}/"' in html
    assert f'href="/evidence/{pdf_item.pk}/"' in html and "bien-ban.pdf" in html
    assert "60%" in html


def test_readers_see_no_button_to_log_and_staff_do(task_a, cast, login):
    form_link = f"/tasks/{task_a.pk}/progress/new"
    assert form_link not in login(cast["reviewer"]).get(f"/tasks/{task_a.pk}/").content.decode()
    assert form_link in login(cast["staff_a"]).get(f"/tasks/{task_a.pk}/").content.decode()


@pytest.mark.parametrize("who", ["staff_b", "outsider", "editor_b"])
def test_those_who_may_not_see_the_task_get_404(task_a, cast, login, who):
    assert login(cast[who]).get(f"/tasks/{task_a.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(task_a, client):
    response = client.get(f"/tasks/{task_a.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_timeline_queries_do_not_grow_with_updates(task_a, cast, login, photo, django_assert_max_num_queries):
    for i in range(8):
        log(task_a, cast["staff_a"], 10 - i, i * 10, f"Lần {i}", files=[photo()])
    client = login(cast["editor_a"])
    with django_assert_max_num_queries(10):
        assert client.get(f"/tasks/{task_a.pk}/").status_code == 200


def test_a_long_timeline_is_paged_newest_first_and_the_progress_stays_the_latest(task_a, cast, login):
    for k in range(45):
        log(task_a, cast["staff_a"], 90 - k, min(100, k * 2), f"Việc ngày thứ {k}.")
    client = login(cast["reviewer"])
    first = client.get(f"/tasks/{task_a.pk}/").content.decode()
    assert first.count('<li class="card mb-3" id="update-') == 20
    assert "Việc ngày thứ 44." in first and "Việc ngày thứ 24." not in first
    assert "1 / 3" in first and "?page=2" in first and "Cũ hơn" in first
    last = client.get(f"/tasks/{task_a.pk}/?page=3").content.decode()
    assert last.count('<li class="card mb-3" id="update-') == 5
    assert "Việc ngày thứ 0." in last and "Mới hơn" in last
    # Every page says where the task stands now: its latest figure, not the page's.
    assert "88%" in last
    # A page number that is no number, or past the end, still shows a page.
    assert client.get(f"/tasks/{task_a.pk}/?page=abc").status_code == 200
    assert "Việc ngày thứ 0." in client.get(f"/tasks/{task_a.pk}/?page=99").content.decode()
