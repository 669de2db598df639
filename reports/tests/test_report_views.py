"""Creating, editing and moving a progress report through its lifecycle."""

import datetime
import re

import pytest

from reports.models import ProgressReport


def test_editor_lists_and_creates_a_report_of_an_issued_plan(plan_with_updates, cast, login):
    client = login(cast["editor_a"])
    page = client.get(f"/plans/{plan_with_updates.pk}/reports/").content.decode()
    assert "Lập báo cáo" in page and "Chưa có báo cáo" in page
    response = client.post(f"/plans/{plan_with_updates.pk}/reports/new/", {"as_of": "2022-05-31"})
    report = ProgressReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/edit/"
    assert "1. Phun thuốc bằng drone" in report.results


def test_a_bad_date_is_explained_and_kept(plan_with_updates, cast, login):
    response = login(cast["editor_a"]).post(f"/plans/{plan_with_updates.pk}/reports/new/", {"as_of": "2021-12-01"})
    html = response.content.decode()
    assert "Ngày số liệu phải từ ngày ban hành kế hoạch (06/01/2022)" in html
    assert 'value="2021-12-01"' in html
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "approver_a", "staff_a"])
def test_who_may_read_but_not_write_the_plan_cannot_create_a_report(plan_with_updates, cast, login, who):
    response = login(cast[who]).post(f"/plans/{plan_with_updates.pk}/reports/new/", {"as_of": "2022-05-31"})
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_edit_saves_the_narrative_and_keeps_typing_on_a_stale_save(draft_report, cast, login):
    client = login(cast["editor_a"])
    form = {
        "title": draft_report.title,
        "results": "Kết quả đã viết lại.",
        "shortcomings": "Thiếu vốn lưu động.",
        "directions": "Mở rộng dịch vụ.",
        "recommendations": "Đề nghị hỗ trợ vốn.",
        "addressees": "Phòng NN&PTNT huyện Châu Thành",
        "recipients": "Lưu: VT, VP",
        "signer_authority": "TM. ỦY BAN NHÂN DÂN XÃ",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn A",
        "version": draft_report.version,
    }
    response = client.post(f"/reports/{draft_report.pk}/edit/", form)
    assert response.status_code == 302
    page = client.get(f"/reports/{draft_report.pk}/").content.decode()
    for text in ("Thiếu vốn lưu động.", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "Kính gửi:", "- Như trên;", "BÁO CÁO"):
        assert text in page
    stale = client.post(f"/reports/{draft_report.pk}/edit/", {**form, "shortcomings": "Bản của tôi."})
    assert stale.status_code == 409
    assert "Báo cáo vừa được người khác sửa" in stale.content.decode() and "Bản của tôi." in stale.content.decode()
    # The refused form carries the current version: a second, informed click saves.
    [version] = re.findall(r'name="version" value="(\d+)"', stale.content.decode())
    again = client.post(
        f"/reports/{draft_report.pk}/edit/", {**form, "shortcomings": "Bản của tôi.", "version": version}
    )
    assert again.status_code == 302
    draft_report.refresh_from_db()
    assert draft_report.shortcomings == "Bản của tôi."


def test_recompile_rebuilds_section_one(draft_report, cast, login):
    ProgressReport.objects.filter(pk=draft_report.pk).update(results="tạm")
    login(cast["editor_a"]).post(f"/reports/{draft_report.pk}/recompile/")
    draft_report.refresh_from_db()
    assert draft_report.results.startswith("Tính đến ngày 31/05/2022")


def test_submit_approve_issue_gives_a_number(draft_report, cast, login):
    login(cast["editor_a"]).post(f"/reports/{draft_report.pk}/submit/")
    client = login(cast["approver_a"])
    client.post(f"/reports/{draft_report.pk}/approve/")
    response = client.post(f"/reports/{draft_report.pk}/issue/", {"issued_on": "2022-06-02"})
    assert response.status_code == 302
    draft_report.refresh_from_db()
    assert (draft_report.status, draft_report.number_label) == ("issued", "01/BC-UBND")
    assert draft_report.issued_on == datetime.date(2022, 6, 2)
    page = client.get(f"/reports/{draft_report.pk}/").content.decode()
    assert "Số: 01/BC-UBND" in page and "Vĩnh Lợi, ngày 02 tháng 6 năm 2022" in page


def test_return_without_reason_shows_the_message(draft_report, cast, login):
    login(cast["editor_a"]).post(f"/reports/{draft_report.pk}/submit/")
    response = login(cast["approver_a"]).post(f"/reports/{draft_report.pk}/return/", {"reason": ""})
    assert response.status_code == 400
    assert "bắt buộc" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("reviewer", "edit/"),
        ("approver_a", "edit/"),
        ("reviewer", "submit/"),
        ("editor_a", "approve/"),
        ("reviewer", "issue/"),
    ],
)
def test_read_only_members_get_403_on_writes(draft_report, cast, login, who, url):
    client = login(cast[who])
    response = client.post(f"/reports/{draft_report.pk}/{url}", {"issued_on": "2022-06-02"})
    assert response.status_code == 403
    draft_report.refresh_from_db()
    assert draft_report.status == "draft"


@pytest.mark.parametrize("who", ["editor_b", "staff_b", "outsider", "staff_a"])
def test_outsiders_and_cooperative_staff_do_not_see_a_draft_report(draft_report, cast, login, who):
    client = login(cast[who])
    for url in ("", "edit/", "pdf", "docx"):
        assert client.get(f"/reports/{draft_report.pk}/{url}").status_code == 404


def test_cooperative_staff_see_the_issued_report(draft_report, cast, login):
    ProgressReport.objects.filter(pk=draft_report.pk).update(status="issued", number=2, issued_on="2022-06-01")
    assert login(cast["staff_a"]).get(f"/reports/{draft_report.pk}/").status_code == 200


def test_anonymous_visitor_is_sent_to_login(draft_report, client):
    for url in (f"/reports/{draft_report.pk}/", f"/reports/{draft_report.pk}/pdf", "/plans/1/reports/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_plan_page_links_to_the_reports_of_an_issued_plan(plan_with_updates, cast, login):
    html = login(cast["reviewer"]).get(plan_with_updates.get_absolute_url()).content.decode()
    assert f'href="/plans/{plan_with_updates.pk}/reports/"' in html


def test_a_double_click_on_create_makes_one_report(plan_with_updates, cast, login):
    client = login(cast["editor_a"])
    first = client.post(f"/plans/{plan_with_updates.pk}/reports/new/", {"as_of": "2022-05-31"})
    second = client.post(f"/plans/{plan_with_updates.pk}/reports/new/", {"as_of": "2022-05-31"})
    assert ProgressReport.objects.count() == 1
    assert first["Location"] == second["Location"]
