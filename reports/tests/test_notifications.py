"""Notifications: each workflow step tells the people who act next, under the
bell and by e-mail as they chose; never the person who acted."""

import pytest
from django.core import mail
from django.core.management import call_command

from plans import services
from reports import services as report_services
from reports.models import Notification, NotificationSetting


@pytest.fixture
def with_email(cast):
    for user in cast.values():
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return cast


def submit(plan, user, capture):
    plan.recipients.create(position=0, label="Phòng NN&PTNT")
    with capture(execute=True):
        services.plan_submit(plan=plan, user=user)


def test_a_submitted_plan_waits_in_the_approvers_bell_and_mail(
    plan_a, with_email, login, django_capture_on_commit_callbacks
):
    submit(plan_a, with_email["editor_a"], django_capture_on_commit_callbacks)
    [notification] = Notification.objects.all()
    assert notification.user == with_email["approver_a"] and notification.kind == "submitted"
    [message] = mail.outbox
    assert message.to == ["chutich_a@example.vn"]
    assert "Văn bản chờ duyệt" in message.subject and plan_a.title in message.subject
    assert f"http://127.0.0.1:8000/plans/{plan_a.pk}/" in message.body
    page = login(with_email["approver_a"]).get("/").content.decode()
    assert 'Thông báo <span class="badge rounded-pill text-bg-warning" title="chưa xem">1</span>' in page
    assert "Kế hoạch chờ bạn duyệt" in page and "/plans/?status=submitted" in page
    listing = login(with_email["approver_a"]).get("/notifications/").content.decode()
    assert plan_a.title in listing and "Văn bản chờ duyệt" in listing


def test_the_editor_reads_the_return_and_its_reason(plan_a, with_email, login, django_capture_on_commit_callbacks):
    submit(plan_a, with_email["editor_a"], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_return(plan=plan_a, user=with_email["approver_a"], reason="Bổ sung chỉ tiêu cho nhiệm vụ 1.")
    notification = Notification.objects.get(user=with_email["editor_a"])
    assert notification.kind == "returned" and notification.detail == "Bổ sung chỉ tiêu cho nhiệm vụ 1."
    [message] = mail.outbox
    assert message.to == ["canbo_a@example.vn"] and "Bổ sung chỉ tiêu cho nhiệm vụ 1." in message.body
    client = login(with_email["editor_a"])
    page = client.get("/").content.decode()
    assert "Kế hoạch bị trả lại, cần sửa" in page and "/plans/?need=returned" in page
    listed = client.get("/plans/?need=returned").content.decode()
    assert plan_a.title in listed
    response = client.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == plan_a.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_is_told_of_their_own_action(plan_a, cast, orgs, django_capture_on_commit_callbacks):
    from cooperatives.models import Membership

    Membership.objects.create(user=cast["editor_a"], organization=orgs["ubnd_a"], role=Membership.Role.APPROVER)
    submit(plan_a, cast["editor_a"], django_capture_on_commit_callbacks)
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["chutich_a"]


def test_a_person_who_chose_the_digest_gets_one_mail_a_day(plan_a, with_email, django_capture_on_commit_callbacks):
    NotificationSetting.objects.create(user=with_email["approver_a"], kind="submitted", mode="digest")
    submit(plan_a, with_email["editor_a"], django_capture_on_commit_callbacks)
    assert mail.outbox == []
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))
    [message] = mail.outbox
    assert message.to == ["chutich_a@example.vn"] and "1 thông báo trong ngày" in message.subject
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # sent once


def test_e_mail_off_still_shows_under_the_bell(plan_a, with_email, login, django_capture_on_commit_callbacks):
    client = login(with_email["approver_a"])
    form = {kind: "now" for kind, _label in Notification.Kind.choices} | {"submitted": "off"}
    assert client.post("/notifications/settings/", form).status_code == 302
    submit(plan_a, with_email["editor_a"], django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(user=with_email["approver_a"], email="none").count() == 1
    bad = client.post("/notifications/settings/", {**form, "submitted": "sometimes"})
    assert bad.status_code == 400 and "Hãy chọn một cách nhận thư." in bad.content.decode()


def test_a_remark_is_told_to_the_commune_and_its_resolution_to_the_district(
    plan_a, cast, django_capture_on_commit_callbacks
):
    submit(plan_a, cast["editor_a"], django_capture_on_commit_callbacks)
    remark = services.remark_add(plan=plan_a, user=cast["reviewer"], body="Cần nêu rõ nguồn kinh phí.")
    told = set(Notification.objects.filter(kind="remark_added").values_list("user__username", flat=True))
    assert told == {"canbo_a", "chutich_a"}
    services.remark_resolve(remark=remark, user=cast["editor_a"])
    [resolved] = Notification.objects.filter(kind="remark_resolved")
    assert resolved.user == cast["reviewer"]


def test_another_persons_notification_is_not_found(plan_a, cast, login, django_capture_on_commit_callbacks):
    submit(plan_a, cast["editor_a"], django_capture_on_commit_callbacks)
    notification = Notification.objects.get()
    assert login(cast["editor_b"]).get(f"/notifications/{notification.pk}/").status_code == 404


def test_the_district_is_told_of_a_delivery_and_sees_the_commune_without_a_plan(delivered, cast, login):
    assert Notification.objects.filter(user=cast["reviewer"], kind="delivered").count() == 1
    page = login(cast["reviewer"]).get("/").content.decode()
    assert "Văn bản đến chưa xem" in page and "/inbox/?show=unread" in page
    # Commune B has no plan issued this year; commune A's is the one just delivered.
    assert "Xã chưa có kế hoạch ban hành năm" in page


def test_a_submitted_report_waits_in_the_approvers_queue_and_list(draft_report, cast, login):
    report_services.report_submit(report=draft_report, user=cast["editor_a"])
    assert Notification.objects.get(kind="submitted").user == cast["approver_a"]
    client = login(cast["approver_a"])
    page = client.get("/").content.decode()
    assert "Báo cáo chờ bạn duyệt" in page and "/reports/?status=submitted" in page
    listed = client.get("/reports/?status=submitted").content.decode()
    assert draft_report.title in listed
    assert draft_report.title not in client.get("/reports/?status=issued").content.decode()
    assert draft_report.title not in login(cast["editor_b"]).get("/reports/").content.decode()


def test_a_notification_never_redirects_off_the_site(plan_a, cast, login, django_capture_on_commit_callbacks):
    submit(plan_a, cast["editor_a"], django_capture_on_commit_callbacks)
    Notification.objects.update(url="//evil.example/phish")
    notification = Notification.objects.get()
    response = login(cast["approver_a"]).get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_the_district_remarks_on_an_issued_report_and_the_commune_resolves_it(draft_report, cast, login):
    from reports.models import ProgressReport

    ProgressReport.objects.filter(pk=draft_report.pk).update(
        status=ProgressReport.Status.ISSUED, number=7, issued_on=draft_report.as_of
    )
    reviewer = login(cast["reviewer"])
    assert (
        f'action="/reports/{draft_report.pk}/remarks/"' in reviewer.get(f"/reports/{draft_report.pk}/").content.decode()
    )
    response = reviewer.post(f"/reports/{draft_report.pk}/remarks/", {"body": "Bổ sung số liệu quý III."})
    assert response.status_code == 302
    remark = draft_report.remarks.get()
    told = set(Notification.objects.filter(kind="remark_added").values_list("user__username", flat=True))
    assert told == {"canbo_a", "chutich_a"}
    assert reviewer.post(f"/reports/{draft_report.pk}/remarks/", {"body": ""}).status_code == 400
    # Only the commune resolves; the cooperative does not even see the remark form.
    assert login(cast["staff_a"]).post(f"/reports/{draft_report.pk}/remarks/{remark.pk}/resolve/").status_code in (
        403,
        404,
    )
    editor = login(cast["editor_a"])
    assert editor.post(f"/reports/{draft_report.pk}/remarks/{remark.pk}/resolve/").status_code == 302
    remark.refresh_from_db()
    assert remark.resolved_by == cast["editor_a"]
    assert Notification.objects.get(kind="remark_resolved").user == cast["reviewer"]
    assert "Bổ sung số liệu quý III." in editor.get(f"/reports/{draft_report.pk}/").content.decode()


def test_no_remark_on_a_draft_report(draft_report, cast, login):
    response = login(cast["reviewer"]).post(f"/reports/{draft_report.pk}/remarks/", {"body": "Sớm quá."})
    assert response.status_code == 400
    assert "Chỉ góp ý được khi báo cáo đang chờ duyệt hoặc đã ban hành." in response.content.decode()
    assert not draft_report.remarks.exists()


def test_a_handled_step_leaves_the_bell(plan_a, cast, login, django_capture_on_commit_callbacks):
    submit(plan_a, cast["editor_a"], django_capture_on_commit_callbacks)
    waiting = Notification.objects.get(kind="submitted")
    assert waiting.read_at is None
    services.plan_approve(plan=plan_a, user=cast["approver_a"])
    waiting.refresh_from_db()
    assert waiting.read_at is not None  # approved: nothing left to do, the bell no longer counts it
    page = login(cast["approver_a"]).get("/").content.decode()
    assert "Thông báo chưa xem" not in page


def test_a_plan_a_quarter_without_a_report_is_due_in_the_editors_queue(plan_a, cast, login):
    import datetime

    from django.utils import timezone

    from plans.models import Plan

    today = timezone.localdate()
    Plan.objects.filter(pk=plan_a.pk).update(
        status=Plan.Status.ISSUED, number=4, issued_on=today - datetime.timedelta(days=120), year=today.year
    )
    client = login(cast["editor_a"])
    page = client.get("/").content.decode()
    assert "Kế hoạch cần lập báo cáo kết quả (quá 90 ngày)" in page and f"/plans/{plan_a.pk}/reports/" in page
    plan_a.refresh_from_db()
    report_services.report_create(plan=plan_a, as_of=today, user=cast["editor_a"])
    assert "Kế hoạch cần lập báo cáo kết quả" not in client.get("/").content.decode()
