"""A progress report as PDF and DOCX: the plan's layout with "BÁO CÁO"."""

import io

import docx
import pypdf
import pytest

from reports.models import ProgressReport
from reports.tests.readback import MM, pdf_fonts, pdf_pages, pdf_text

TOLERANCE = 1.5 * MM


@pytest.fixture
def issued_report(draft_report):
    ProgressReport.objects.filter(pk=draft_report.pk).update(
        status="issued",
        number=3,
        issued_on="2022-06-09",
        addressees="Phòng Nông nghiệp và Phát triển nông thôn huyện Châu Thành",
        shortcomings="Nguồn vốn của HTX còn hạn chế.",
        directions="Mở rộng dịch vụ phun thuốc bằng drone.",
        recommendations="Đề nghị huyện hỗ trợ vốn vay.",
        signer_name="Nguyễn Văn A",
    )
    draft_report.refresh_from_db()
    return draft_report


def test_report_pdf_reads_in_official_order(issued_report, cast, login):
    response = login(cast["reviewer"]).get(f"/reports/{issued_report.pk}/pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    order = [
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 04/KH-UBND ngày 06/01/2022",
        "Kính gửi: Phòng Nông nghiệp và Phát triển nông thôn huyện Châu Thành",
        "I. KẾT QUẢ THỰC HIỆN",
        "Tính đến ngày 31/05/2022",
        "1. Phun thuốc bằng drone",
        "2. Tập huấn thành viên",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, VP.",
        "TM. ỦY BAN NHÂN DÂN XÃ",
        "Nguyễn Văn A",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert "Số: 03/BC-UBND" in text and "Vĩnh Lợi, ngày 09 tháng 6 năm 2022" in text
    assert "DỰ THẢO" not in text


def test_report_pdf_has_the_plan_layout(issued_report, cast, login):
    data = login(cast["editor_a"]).get(f"/reports/{issued_report.pk}/pdf").content
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert [round(float(reader.pages[0].mediabox.width) / MM), round(float(reader.pages[0].mediabox.height) / MM)] == [
        210,
        297,
    ]
    assert all(font["emb"] == "yes" for font in pdf_fonts(data))
    page = pdf_pages(data)[0]
    assert not [w for w in page.words if w.y1 < 25 * MM]
    nation = page.span(page.line_of("CỘNG"))
    assert abs(sum(nation) / 2 - (30 + 67.5 + 50) * MM) < TOLERANCE
    assert abs(min(w.x0 for w in page.words) - 30 * MM) < TOLERANCE


def test_a_draft_report_is_marked(draft_report, cast, login):
    data = login(cast["editor_a"]).get(f"/reports/{draft_report.pk}/pdf").content
    text = " ".join(pdf_text(data).split())
    assert "DỰ THẢO" in text and "Số: /BC-UBND" in text


def test_report_docx_has_the_same_text_and_page_setup(issued_report, cast, login):
    response = login(cast["reviewer"]).get(f"/reports/{issued_report.pk}/docx")
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin)] == [25, 20, 30]
    assert section.different_first_page_header_footer
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs and "I. KẾT QUẢ THỰC HIỆN" in paragraphs
    assert "Kính gửi: Phòng Nông nghiệp và Phát triển nông thôn huyện Châu Thành" in paragraphs
    assert document.tables[0].rows[1].cells[0].text == "Số: 03/BC-UBND"
    assert "- Như trên;" in document.tables[-1].rows[0].cells[0].text
