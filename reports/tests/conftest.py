import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from plans.models import Plan, ProgressUpdate


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Rendered files are cached in the default storage; each test gets its own.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seed_plan(db):
    """The 2021 plan of UBND xã Vĩnh Lợi, issued as 01/KH-UBND on 05/01/2021."""
    call_command("seed_demo", password="demo-pass-123", stdout=open("/dev/null", "w"))
    return Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)


@pytest.fixture
def user_named(django_user_model):
    return lambda username: django_user_model.objects.get(username=username)


@pytest.fixture
def issued_plan(plan_a, cast):
    """plan_a issued as 04/KH-UBND with two tasks, one with an indicator and two updates."""
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=4, issued_on=datetime.date(2022, 1, 6))
    plan_a.refresh_from_db()
    plan_a.recipients.create(position=0, label="Phòng NN&PTNT huyện", purpose="để báo cáo")
    plan_a.recipients.create(position=1, label="Lưu: VT, VP", is_archive=True)
    task = plan_a.tasks.get()
    task.indicator_name = "diện tích phun bằng drone"
    task.indicator_target = Decimal("200")
    task.indicator_unit = "ha"
    task.due_on = datetime.date(2022, 6, 30)
    task.save()
    second = plan_a.tasks.create(position=1, title="Tập huấn thành viên", due_on=datetime.date(2022, 3, 31))
    ProgressUpdate.objects.create(
        task=task,
        reported_on=datetime.date(2022, 5, 2),
        percent=40,
        status="on_track",
        work_done="Đã phun 80 ha lúa vụ Hè Thu.",
        indicator_value=Decimal("80.50"),
        author=cast["staff_a"],
    )
    ProgressUpdate.objects.create(
        task=task,
        reported_on=datetime.date(2022, 7, 1),
        percent=90,
        status="on_track",
        work_done="Sau ngày báo cáo.",
        author=cast["staff_a"],
    )
    assert second
    return plan_a


@pytest.fixture
def draft_report(issued_plan, cast):
    from reports import services

    return services.report_create(plan=issued_plan, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
