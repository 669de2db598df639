"""Every write to a plan's parts says which version of the plan it edits; a
post without it (a tampered form, a script) is refused with a message, saves
nothing, and the text typed stays on the page."""

import pytest

from plans.models import Plan

pytestmark = pytest.mark.django_db
MISSING = "Biểu mẫu không cho biết bạn đang sửa phiên bản nào của văn bản"


@pytest.mark.parametrize("version", [None, "", "abc", "99999999999999999999"])
def test_adding_a_task_without_a_version_saves_nothing_and_keeps_the_text(plan_a, cast, login, version):
    data = {"new-task-title": "Tập huấn kế toán", "new-task-body": "Cho 30 thành viên", "new-task-weight": 1}
    if version is not None:
        data["version"] = version
    response = login(cast["editor_a"]).post(f"/plans/{plan_a.pk}/parts/task/add/", data)
    html = response.content.decode()
    assert MISSING in html and "Cho 30 thành viên</textarea>" in html
    assert plan_a.tasks.count() == 1 and Plan.objects.get(pk=plan_a.pk).version == plan_a.version


def test_editing_deleting_and_moving_a_task_without_a_version_change_nothing(plan_a, cast, login):
    task = plan_a.tasks.get()
    client = login(cast["editor_a"])
    prefix = f"task-{task.pk}"
    edited = client.post(
        f"/plans/{plan_a.pk}/parts/task/{task.pk}/", {f"{prefix}-title": "Tên khác", f"{prefix}-weight": 1}
    )
    assert MISSING in edited.content.decode() and 'value="Tên khác"' in edited.content.decode()
    deleted = client.post(f"/plans/{plan_a.pk}/parts/task/{task.pk}/delete/")
    moved = client.post(f"/plans/{plan_a.pk}/parts/task/{task.pk}/move/", {"direction": "up"})
    for response in (deleted, moved):
        assert response.status_code < 500 and MISSING in response.content.decode()
    task.refresh_from_db()
    assert task.title != "Tên khác" and plan_a.tasks.count() == 1
    assert Plan.objects.get(pk=plan_a.pk).version == plan_a.version


def test_with_the_version_it_edits_the_same_post_saves(plan_a, cast, login):
    data = {"version": plan_a.version, "new-task-title": "Tập huấn kế toán", "new-task-weight": 1}
    login(cast["editor_a"]).post(f"/plans/{plan_a.pk}/parts/task/add/", data)
    assert plan_a.tasks.filter(title="Tập huấn kế toán").exists()
