"""Reminders through the notifications: committees past their district's
deadline with no plan submitted, cooperatives whose tasks went quiet."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from plans.models import Plan
from reports.models import Notification, PlanDeadline


def run(day: str) -> None:
    call_command("send_reminders", date=day, stdout=open("/dev/null", "w"))


def test_the_district_sets_a_deadline_and_late_communes_are_reminded_once_a_week(cast, units, login, plan_a):
    client = login(cast["reviewer"])
    page = client.get("/district/deadlines/").content.decode()
    assert "Huyện Châu Thành" in page
    form = {"unit": units["district"].pk, "year": 2022, "due_on": "2022-01-15"}
    assert client.post("/district/deadlines/", form).status_code == 302
    assert "15/01/2022" in client.get("/district/deadlines/").content.decode()
    run("2022-01-10")  # before the deadline: nobody
    assert not Notification.objects.filter(kind="plan_missing").exists()
    run("2022-01-16")
    told = set(Notification.objects.filter(kind="plan_missing").values_list("user__username", flat=True))
    # Commune A's plan is a draft, commune B has none: both committees' editors and approvers.
    assert told == {"canbo_a", "chutich_a", "canbo_b"}
    note = Notification.objects.filter(user=cast["editor_a"], kind="plan_missing").get()
    assert "15/01/2022" in note.detail and "Kế hoạch năm 2022 của UBND xã Vĩnh Lợi" == note.subject
    run("2022-01-17")  # the next day: not again
    assert Notification.objects.filter(kind="plan_missing").count() == 3
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.SUBMITTED)
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=7))  # a week goes by
    run("2022-01-24")  # a week on: commune A submitted, only B is reminded again
    told = list(Notification.objects.filter(kind="plan_missing").values_list("user__username", flat=True))
    assert sorted(told) == ["canbo_a", "canbo_b", "canbo_b", "chutich_a"], told


def test_a_deadline_outside_its_year_is_refused_with_a_message(cast, units, login):
    client = login(cast["reviewer"])
    response = client.post("/district/deadlines/", {"unit": units["district"].pk, "year": 2027, "due_on": "2031-01-01"})
    assert response.status_code == 400
    assert "phải trong năm 2027 hoặc năm trước đó" in response.content.decode()
    assert not PlanDeadline.objects.exists()


def test_only_reviewers_set_deadlines(cast, login):
    assert login(cast["editor_a"]).get("/district/deadlines/").status_code == 404


def test_staff_are_reminded_of_quiet_tasks(plan_a, cast):
    Plan.objects.filter(pk=plan_a.pk).update(
        status=Plan.Status.ISSUED, number=3, issued_on=datetime.date(2022, 2, 1), year=2022
    )
    day = datetime.date(2022, 3, 15)  # six weeks without an update
    run(day.isoformat())
    [note] = Notification.objects.filter(kind="tasks_quiet")
    assert note.user == cast["staff_a"] and "Phun thuốc bằng drone" in note.detail
