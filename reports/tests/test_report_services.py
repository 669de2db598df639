"""Compiling, writing and issuing a progress report."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from plans.models import NumberRegister
from plans.services.lifecycle import StaleVersionError
from reports import services
from reports.documents.official import report_document
from reports.models import ProgressReport


def test_section_one_is_compiled_from_the_latest_update_of_each_task_as_of_the_date(plan_with_updates, cast):
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    text = report.results
    assert text.startswith("Tính đến ngày 31/05/2022, kế hoạch có 2 nhiệm vụ")
    assert "tiến độ chung đạt 20%" in text  # (40 + 0) / 2, equal weights
    assert "1. Phun thuốc bằng drone" in text
    assert "- Tình trạng: đang thực hiện, đạt 40% (cập nhật ngày 02/05/2022)." in text
    assert "- Kết quả: Đã phun 80 ha lúa vụ Hè Thu." in text
    assert "- Chỉ tiêu diện tích phun bằng drone: đạt 80,5/200 ha (40% chỉ tiêu)." in text
    assert "Sau ngày báo cáo" not in text
    assert "2. Tập huấn thành viên" in text
    assert "quá hạn từ ngày 31/03/2022" in text and "- Chưa có báo cáo tiến độ." in text


def test_a_new_report_takes_header_subject_recipients_and_signer_from_the_plan(plan_with_updates, cast):
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    assert report.title == (
        "Kết quả thực hiện Kế hoạch số 04/KH-UBND ngày 06/01/2022 về củng cố, nâng chất hoạt động hợp tác xã năm 2022"
    )
    assert (report.issuer_name, report.place, report.symbol) == ("ỦY BAN NHÂN DÂN XÃ VĨNH LỢI", "Vĩnh Lợi", "BC-UBND")
    assert report.recipients.splitlines() == ["Phòng NN&PTNT huyện (để báo cáo)", "Lưu: VT, VP"]
    assert report.status == ProgressReport.Status.DRAFT and report.number is None


def test_only_an_issued_plan_gets_a_report(plan_a, cast):
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.report_create(plan=plan_a, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])


def test_report_date_cannot_precede_the_plan_or_pass_today(plan_with_updates, cast):
    with pytest.raises(ValidationError) as error:
        services.report_create(plan=plan_with_updates, as_of=datetime.date(2021, 12, 31), user=cast["editor_a"])
    assert "06/01/2022" in str(error.value)
    with pytest.raises(ValidationError):
        services.report_create(plan=plan_with_updates, as_of=datetime.date(2999, 1, 1), user=cast["editor_a"])


def test_the_official_edits_every_section_and_a_stale_save_is_refused(plan_with_updates, cast):
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    version = report.version
    services.report_update(
        report=report, data={"shortcomings": "Thiếu vốn.", "results": "Viết lại."}, version=version, user=None
    )
    report.refresh_from_db()
    assert (report.results, report.shortcomings) == ("Viết lại.", "Thiếu vốn.")
    with pytest.raises(StaleVersionError):
        services.report_update(report=report, data={"directions": "x"}, version=version, user=None)


def test_issue_takes_the_next_number_of_the_register_plans_use(plan_with_updates, cast, orgs):
    NumberRegister.objects.create(issuer=orgs["ubnd_a"], year=2022, last_number=4)
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    with pytest.raises(ValidationError):
        services.report_issue(report=report, user=cast["approver_a"])
    report = services.report_submit(report=report, user=cast["editor_a"])
    report = services.report_approve(report=report, user=cast["approver_a"])
    report = services.report_issue(report=report, user=cast["approver_a"], issued_on=datetime.date(2022, 6, 5))
    assert (report.number, report.number_label, report.status) == (5, "05/BC-UBND", "issued")
    assert NumberRegister.objects.get(issuer=orgs["ubnd_a"], year=2022).last_number == 5
    with pytest.raises(ValidationError):
        services.report_update(report=report, data={"results": "x"}, version=report.version, user=None)


def test_return_needs_a_reason_and_goes_back_to_draft(plan_with_updates, cast):
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    report = services.report_submit(report=report, user=cast["editor_a"])
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=cast["approver_a"], reason=" ")
    report = services.report_return(report=report, user=cast["approver_a"], reason="Bổ sung số liệu.")
    assert (report.status, report.return_reason) == ("draft", "Bổ sung số liệu.")


def test_document_numbers_sections_and_opens_recipients_with_nhu_tren_when_addressed(plan_with_updates, cast):
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    report.shortcomings = ""
    report.directions = "Tiếp tục."
    report.addressees = "Phòng NN&PTNT huyện Châu Thành"
    document = report_document(report)
    assert [(s.number, s.heading) for s in document.outline.sections] == [
        ("I.", "Kết quả thực hiện"),
        ("II.", "Phương hướng, nhiệm vụ thời gian tới"),
    ]
    results = document.outline.sections[0]
    assert [(i.number, i.title) for i in results.items] == [
        ("1.", "Phun thuốc bằng drone"),
        ("2.", "Tập huấn thành viên"),
    ]
    assert document.outline.recipients[0] == "- Như trên;"
    assert document.outline.recipients[-1] == "- Lưu: VT, VP."
    assert document.doc_type == "BÁO CÁO" and document.addressees == ["Phòng NN&PTNT huyện Châu Thành"]


def test_a_done_task_reads_as_done_without_repeating_its_percent(plan_with_updates, cast):
    from plans.models import ProgressUpdate

    task = plan_with_updates.tasks.get(title="Tập huấn thành viên")
    ProgressUpdate.objects.create(
        task=task, reported_on=datetime.date(2022, 5, 20), percent=100, status="done",
        work_done="Đã mở 2 lớp.", author=cast["staff_a"],
    )  # fmt: skip
    text = services.report_create(
        plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"]
    ).results
    assert "- Tình trạng: đã hoàn thành (cập nhật ngày 20/05/2022)." in text
    assert "hoàn thành, hoàn thành" not in text
