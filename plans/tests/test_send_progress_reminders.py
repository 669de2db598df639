import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from plans.models import Plan, ProgressUpdate, SentReminder

MONDAY = datetime.date(2022, 6, 13)


@pytest.fixture
def plan(plan_a, cast, coops):
    """plan_a issued in 2022 with a task due in 5 days, one late, one far off,
    one late but done; everyone has an e-mail address."""
    for user in cast.values():
        user.email = f"{user.username}@example.vn"
        user.first_name = user.username
        user.save()
    plan_a.status = Plan.Status.ISSUED
    plan_a.number = 7
    plan_a.issued_on = datetime.date(2022, 1, 10)
    plan_a.save()
    soon = plan_a.tasks.get()
    soon.due_on = MONDAY + datetime.timedelta(days=5)
    soon.save()
    plan_a.tasks.create(
        position=1, title="Tập huấn kỹ thuật", cooperative=coops["a"], due_on=MONDAY - datetime.timedelta(days=3)
    )
    plan_a.tasks.create(
        position=2, title="Xây dựng nhãn hiệu", cooperative=coops["a"], due_on=MONDAY + datetime.timedelta(days=60)
    )
    done = plan_a.tasks.create(
        position=3, title="Họp thành viên", cooperative=coops["a"], due_on=MONDAY - datetime.timedelta(days=20)
    )
    ProgressUpdate.objects.create(
        task=done, reported_on=MONDAY - datetime.timedelta(days=21), percent=100, status="done", work_done="Đã họp.",
        author=cast["staff_a"],
    )  # fmt: skip
    return plan_a


def run(day, **options):
    out = io.StringIO()
    call_command("send_progress_reminders", date=day.isoformat(), stdout=out, **options)
    return out.getvalue()


def sent_to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@example.vn"]]


def test_staff_are_reminded_of_tasks_due_within_7_days_or_late_in_vietnamese(plan):
    run(MONDAY)
    (message,) = sent_to("htx_a")
    assert message.subject == "[HTX Plan] 1 nhiệm vụ trễ hạn, 1 nhiệm vụ sắp đến hạn"
    body = message.body
    assert "NHIỆM VỤ ĐÃ TRỄ HẠN (1):\n- Tập huấn kỹ thuật" in body
    assert "NHIỆM VỤ ĐẾN HẠN TRONG 7 NGÀY TỚI (1):\n- Phun thuốc bằng drone" in body
    assert "hạn 18/06/2022" in body
    assert "Xây dựng nhãn hiệu" not in body  # due in 60 days
    assert "Họp thành viên" not in body  # done
    assert f"/tasks/{plan.tasks.get(position=1).pk}/progress/new" in body


def test_officials_of_the_issuer_get_a_weekly_digest(plan, cast):
    ProgressUpdate.objects.create(
        task=plan.tasks.get(position=0), reported_on=MONDAY - datetime.timedelta(days=2), percent=40,
        status="on_track", work_done="Phun 20 ha.", author=cast["staff_a"],
    )  # fmt: skip
    run(MONDAY)
    for username in ("canbo_a", "chutich_a"):
        (message,) = sent_to(username)
        assert message.subject.startswith("[HTX Plan] Tổng hợp tiến độ tuần 13/06/2022")
        assert "Kế hoạch số 07/KH-UBND" in message.body
        # (40 + 0 + 0 + 100) / 4 tasks of weight 1
        assert "Tiến độ chung: 35,0%" in message.body
        assert "Cập nhật mới trong 7 ngày qua: 1" in message.body
        assert "Nhiệm vụ trễ hạn (1):\n  - Tập huấn kỹ thuật" in message.body
    assert not sent_to("phongnn") and not sent_to("canbo_b") and not sent_to("htx_b") and not sent_to("nguoi_ngoai")


def test_reminders_are_sent_once_per_day(plan):
    first = run(MONDAY)
    count = len(mail.outbox)
    second = run(MONDAY)

    assert count == 3  # staff reminder + two digests
    assert len(mail.outbox) == count
    assert "Đã gửi 1 thư nhắc nhiệm vụ, 2 thư tổng hợp tuần" in first
    assert "Đã gửi 0 thư nhắc nhiệm vụ, 0 thư tổng hợp tuần" in second
    assert SentReminder.objects.count() == 3


def test_staff_reminders_come_daily_but_the_digest_weekly(plan):
    run(MONDAY)
    run(MONDAY + datetime.timedelta(days=1))
    run(MONDAY + datetime.timedelta(days=7))
    assert len(sent_to("htx_a")) == 3
    assert len(sent_to("canbo_a")) == 2


def test_the_digest_goes_out_on_the_first_run_of_a_week_even_after_monday(plan):
    run(MONDAY + datetime.timedelta(days=2))
    run(MONDAY + datetime.timedelta(days=3))
    assert len(sent_to("canbo_a")) == 1


def test_a_failed_send_is_retried_on_the_next_run(plan, monkeypatch):
    import django.core.mail

    def refuse(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(django.core.mail, "send_mail", refuse)
    with pytest.raises(OSError):
        run(MONDAY)
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    run(MONDAY)
    assert len(sent_to("htx_a")) == 1


def test_users_without_an_address_are_counted_not_mailed(plan, cast):
    cast["staff_a"].email = ""
    cast["staff_a"].save()
    out = run(MONDAY)
    assert "1 người chưa có địa chỉ thư điện tử" in out
    assert not SentReminder.objects.filter(user=cast["staff_a"]).exists()


def test_plans_of_past_years_are_left_alone(plan):
    run(datetime.date(2024, 6, 10))
    assert mail.outbox == []


def test_dry_run_sends_and_records_nothing(plan):
    out = run(MONDAY, dry_run=True)
    assert "Sẽ gửi 1 thư nhắc nhiệm vụ, 2 thư tổng hợp tuần" in out
    assert mail.outbox == [] and not SentReminder.objects.exists()


def test_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("send_progress_reminders", date="13/06/2022")


def test_one_record_per_user_kind_and_day_is_a_database_rule(plan, cast):
    from django.db import IntegrityError, transaction

    SentReminder.objects.create(user=cast["staff_a"], kind="tasks_due", sent_on=MONDAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(user=cast["staff_a"], kind="tasks_due", sent_on=MONDAY)
