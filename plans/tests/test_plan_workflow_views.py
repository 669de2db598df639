import datetime
import re

import pytest

from plans.models import Plan, Remark


def url(plan, step):
    return f"/plans/{plan.pk}/{step}/"


def test_editor_submits_and_approver_approves_and_issues(ready, cast, login):
    # Issued today, so the plan is for this year.
    Plan.objects.filter(pk=ready.pk).update(year=datetime.date.today().year)
    client = login(cast["editor_a"])
    assert "Trình duyệt" in client.get(ready.get_absolute_url()).content.decode()
    client.post(url(ready, "submit"))
    client.post(url(ready, "submit"))  # a double click
    ready.refresh_from_db()
    assert ready.status == Plan.Status.SUBMITTED and ready.version == 2
    client = login(cast["approver_a"])
    client.post(url(ready, "approve"))
    html = client.post(url(ready, "issue"), follow=True).content.decode()
    assert "Số: 01/KH-UBND" in html and "Đã ban hành kế hoạch, số 01/KH-UBND" in html
    client.post(url(ready, "issue"))
    ready.refresh_from_db()
    assert ready.number == 1 and ready.status == Plan.Status.ISSUED


@pytest.mark.parametrize("step", ["approve", "issue", "return"])
def test_editors_and_reviewers_cannot_approve_issue_or_return(ready, cast, login, step):
    for who in ("editor_a", "reviewer"):
        assert login(cast[who]).post(url(ready, step), {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("step", ["submit", "approve", "issue", "return", "copy", "amend", "history"])
def test_other_communes_get_404(ready, cast, login, step):
    client = login(cast["editor_b"])
    response = client.get(url(ready, step)) if step == "history" else client.post(url(ready, step))
    assert response.status_code == 404


def test_anonymous_workflow_posts_go_to_login(ready, client):
    assert client.post(url(ready, "submit"))["Location"].startswith("/login/")


def test_return_without_reason_keeps_the_page_and_says_why(ready, cast, login):
    login(cast["editor_a"]).post(url(ready, "submit"))
    response = login(cast["approver_a"]).post(url(ready, "return"), {"reason": ""})
    assert response.status_code == 400
    assert "Hãy ghi lý do trả lại" in response.content.decode()
    response = login(cast["approver_a"]).post(url(ready, "return"), {"reason": "Thiếu chỉ tiêu"}, follow=True)
    assert "Thiếu chỉ tiêu" in response.content.decode()
    assert Plan.objects.get(pk=ready.pk).status == Plan.Status.DRAFT


def test_copy_and_amend_link_the_plans(ready, cast, login):
    Plan.objects.filter(pk=ready.pk).update(status=Plan.Status.ISSUED, number=4, issued_on="2022-01-05")
    client = login(cast["editor_a"])
    response = client.post(url(ready, "copy"), {"year": 2023})
    copy = Plan.objects.get(copied_from=ready)
    assert response["Location"] == f"/plans/{copy.pk}/edit/" and copy.year == 2023
    html = client.get(response["Location"]).content.decode()
    assert "Đã tạo dự thảo năm 2023 từ kế hoạch năm 2022." in html
    assert "đã được đổi thành “năm 2023”; hãy rà soát lại" in html
    client.post(url(ready, "amend"))
    amendment = Plan.objects.get(supersedes=ready)
    assert "Đang soạn bản sửa đổi" in client.get(ready.get_absolute_url()).content.decode()
    assert "04/KH-UBND" in client.get(amendment.get_absolute_url()).content.decode()


def test_reviewer_remarks_are_seen_and_resolved_by_the_commune(ready, cast, login):
    login(cast["editor_a"]).post(url(ready, "submit"))
    reviewer = login(cast["reviewer"])
    reviewer.post(f"/plans/{ready.pk}/remarks/", {"body": "Bổ sung chỉ tiêu diện tích"})
    remark = Remark.objects.get()
    assert remark.author == cast["reviewer"]
    assert login(cast["editor_b"]).post(f"/plans/{ready.pk}/remarks/{remark.pk}/resolve/").status_code == 404
    assert login(cast["reviewer"]).post(f"/plans/{ready.pk}/remarks/{remark.pk}/resolve/").status_code == 403
    html = login(cast["approver_a"]).get(ready.get_absolute_url()).content.decode()
    assert "Bổ sung chỉ tiêu diện tích" in html and "Đánh dấu đã xử lý" in html
    login(cast["editor_a"]).post(f"/plans/{ready.pk}/remarks/{remark.pk}/resolve/")
    remark.refresh_from_db()
    assert remark.resolved_by == cast["editor_a"]


def test_only_district_reviewers_leave_remarks(ready, cast, login):
    login(cast["editor_a"]).post(url(ready, "submit"))
    assert login(cast["editor_a"]).post(f"/plans/{ready.pk}/remarks/", {"body": "x"}).status_code == 403
    response = login(cast["reviewer"]).post(f"/plans/{ready.pk}/remarks/", {"body": ""})
    assert response.status_code == 400 and "Hãy nhập nội dung góp ý" in response.content.decode()


def test_history_tells_who_changed_what_in_plain_words(ready, cast, login):
    from plans import services

    task = ready.tasks.get()
    services.plan_part_update(
        part=task, user=cast["editor_a"], version=None, fields={"weight": 3, "title": "Phun drone"}
    )
    services.plan_update(plan=ready, user=cast["editor_a"], version=None, title="Tên mới")
    html = login(cast["reviewer"]).get(url(ready, "history")).content.decode()
    assert "canbo_a" in html
    assert "Tên nhiệm vụ" in html and "Phun thuốc bằng drone" in html and "Phun drone" in html
    assert "Trọng số" in html and "Trích yếu" in html and "Tên mới" in html
    html = login(cast["reviewer"]).get(url(ready, "history"), {"from": 2, "to": 3}).content.decode()
    assert "Khác nhau giữa phiên bản 2 và 3" in html and "Tên mới" in html


def test_history_puts_the_colon_right_after_an_action_without_a_subject(ready, cast, login):
    from plans import services

    services.plan_update(plan=ready, user=cast["editor_a"], version=None, title="Tên mới")
    html = login(cast["editor_a"]).get(url(ready, "history")).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "sửa thông tin chung:" in text
    assert "sửa thông tin chung :" not in text


def test_the_workflow_messages_read_well_in_english(plan_a, cast, login):
    client = login(cast["editor_a"])
    client.cookies["django_language"] = "en"
    response = client.post(f"/plans/{plan_a.pk}/submit/", follow=True)
    assert "Cannot submit yet: the plan has no recipients." in response.content.decode()
    vietnamese = login(cast["editor_a"])
    vietnamese.cookies["django_language"] = "vi"
    response = vietnamese.post(f"/plans/{plan_a.pk}/submit/", follow=True)
    assert "Chưa trình được: kế hoạch chưa có nơi nhận." in response.content.decode()
