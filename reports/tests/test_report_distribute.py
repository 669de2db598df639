"""Issuing a progress report delivers it to the organisations its Nơi nhận names."""

import io

import pypdf
import pytest
from django.core import mail

from conftest import signed_in
from reports import distribution
from reports.models import Delivery, ProgressReport


@pytest.fixture
def approved_report(draft_report, orgs):
    """The report's lines: the office (named as in the plan, with its purpose),
    a free-text line the portal does not know, and the archive line."""
    ProgressReport.objects.filter(pk=draft_report.pk).update(
        status=ProgressReport.Status.APPROVED,
        recipients="- Phòng NN&PTNT huyện (để báo cáo);\n- Văn phòng Đảng ủy xã;\n- Lưu: VT, VP.",
    )
    draft_report.refresh_from_db()
    return draft_report


@pytest.fixture
def issue_report(client, cast, django_capture_on_commit_callbacks):
    def _issue(report):
        signed_in(client, cast["approver_a"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/reports/{report.pk}/issue/", {"issued_on": "2022-06-09"}, follow=True)
        report.refresh_from_db()
        return response

    return _issue


def test_issuing_a_report_delivers_it_to_each_named_organisation(approved_report, issue_report, orgs):
    html = issue_report(approved_report).content.decode()
    assert approved_report.is_issued
    [delivery] = Delivery.objects.filter(report=approved_report)
    assert delivery.organization == orgs["office"]
    assert delivery.label == "Phòng NN&PTNT huyện (để báo cáo)"
    assert "gửi cho 1 nơi nhận" in html


def test_the_report_mail_carries_the_report_pdf(approved_report, issue_report):
    issue_report(approved_report)
    [message] = mail.outbox
    assert message.subject.startswith(f"[HTX Plan] Báo cáo số {approved_report.number_label} ngày 09/06/2022")
    [(filename, content, mimetype)] = message.attachments
    assert mimetype == "application/pdf" and filename.startswith("bao-cao-") and content.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages).split())
    assert "BÁO CÁO" in text and "Kết quả thực hiện Kế hoạch số 04/KH-UBND" in text


def test_the_recipient_reads_the_report_and_another_organisation_gets_404(
    approved_report, issue_report, cast, login, orgs
):
    issue_report(approved_report)
    delivery = Delivery.objects.get(report=approved_report)
    client = login(cast["reviewer"])
    assert approved_report.title in client.get("/inbox/").content.decode()
    assert client.get(f"/inbox/{delivery.pk}/pdf").content.startswith(b"%PDF")
    for url in (f"/reports/{approved_report.pk}/", f"/reports/{approved_report.pk}/pdf", f"/inbox/{delivery.pk}/pdf"):
        assert login(cast["editor_b"]).get(url).status_code == 404, url


def test_a_free_text_line_waits_for_the_issuer_to_link_it(approved_report, issue_report, orgs, client):
    issue_report(approved_report)
    pending = distribution.document_pending_recipients(approved_report, list(approved_report.deliveries.all()))
    assert [p["label"] for p in pending] == ["Văn phòng Đảng ủy xã"]
    html = client.get(f"/reports/{approved_report.pk}/").content.decode()
    assert 'id="noi-nhan"' in html and "Văn phòng Đảng ủy xã" in html
    assert f'action="/reports/{approved_report.pk}/deliveries/"' in html


def test_linking_a_free_text_line_delivers_the_report(
    approved_report, issue_report, orgs, client, django_capture_on_commit_callbacks
):
    issue_report(approved_report)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/reports/{approved_report.pk}/deliveries/",
            {"label": "Văn phòng Đảng ủy xã", "organization": orgs["htx_a"].pk},
            follow=True,
        )
    assert "Đã gửi báo cáo cho HTX NN Vĩnh Lợi." in response.content.decode()
    delivery = Delivery.objects.get(report=approved_report, organization=orgs["htx_a"])
    assert delivery.label == "Văn phòng Đảng ủy xã"
    assert distribution.document_pending_recipients(approved_report, list(approved_report.deliveries.all())) == []


def test_a_line_not_in_the_report_cannot_be_linked(approved_report, issue_report, orgs, client):
    issue_report(approved_report)
    html = client.post(
        f"/reports/{approved_report.pk}/deliveries/",
        {"label": "Bộ Tài chính", "organization": orgs["htx_a"].pk},
        follow=True,
    ).content.decode()
    assert "Dòng nơi nhận này không có trong báo cáo." in html
    assert not Delivery.objects.filter(organization=orgs["htx_b"]).exists()
