"""The plan as an editable Word file: the same text and page set-up as the PDF."""

import io
import json
from pathlib import Path

import docx
import pytest
from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.tests.readback import words_of

SEED = Path(settings.BASE_DIR, "plans", "data", "seed_vinhloi_2021.json")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(client, plan) -> docx.document.Document:
    response = client.get(f"/plans/{plan.pk}/docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment;")
    return docx.Document(io.BytesIO(response.content))


@pytest.fixture
def seed_docx(seed_plan, login, user_named):
    return download(login(user_named("phongnn_chauthanh")), seed_plan)


def all_text(part) -> str:
    """Every paragraph in document order, table cells included, one per line."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in part._element.iter(qn("w:p")))


def test_page_is_a4_with_the_decree_margins(seed_docx):
    section = seed_docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [25, 20, 30, 15]


def test_page_numbers_start_on_page_two(seed_docx):
    section = seed_docx.sections[0]
    assert section.different_first_page_header_footer
    assert all_text(section.first_page_header).strip() == ""
    header = section.header._element.xml
    assert "PAGE" in header and 'w:fldCharType="begin"' in header
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_header_table_has_the_template_columns_and_no_borders(seed_docx):
    header = seed_docx.tables[0]
    widths = [cell.width for cell in header.rows[0].cells]
    assert [round(w.mm, 1) for w in widths] == [67.5, 100]
    assert 'w:val="nil"' in header._tbl.tblPr.xml
    left, right = (cell.text.split("\n") for cell in header.rows[0].cells)
    assert left == ["UBND HUYỆN CHÂU THÀNH", "ỦY BAN NHÂN DÂN", "XÃ VĨNH LỢI", ""]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, date = (cell.text for cell in header.rows[1].cells)
    assert (number, date) == ("Số: 01/KH-UBND", "Vĩnh Lợi, ngày 05 tháng 01 năm 2021")
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic


def test_text_reads_in_official_order_with_every_word_of_the_seed(seed_docx):
    text = " ".join(all_text(seed_docx).split())
    order = [
        "UBND HUYỆN CHÂU THÀNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/KH-UBND",
        "KẾ HOẠCH",
        "Củng cố, nâng chất hoạt động hợp tác xã năm 2021",
        "Căn cứ kế hoạch số 18/KH/PNN&PTNN",
        "I. MỤC TIÊU",
        "II. CÁC NHIỆM VỤ TRỌNG TÂM",
        "III. GIẢI PHÁP THỰC HIỆN",
        "a) Về thể chế",
        "IV. KINH PHÍ HOẠT ĐỘNG",
        "Nơi nhận:",
        "- Lưu: VP.",
        "TM. ỦY BAN NHÂN DÂN XÃ",
        "CHỦ TỊCH",
    ]
    positions = [text.find(s) for s in order]
    assert -1 not in positions, [s for s, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    seed = json.loads(SEED.read_text())
    texts = [seed["title"], seed["preamble"], seed["closing"], *seed["legal_bases"]]
    for key in ("objectives", "tasks", "solutions"):
        for item in seed[key]["items"]:
            texts += [item["title"], item["body"]]
            texts += [t for child in item.get("children", []) for t in (child["title"], child["body"])]
    texts += [seed["funding"]["body"], *(r["label"] for r in seed["recipients"])]
    assert not words_of(" ".join(texts)) - words_of(text)


def test_body_paragraphs_are_justified_indented_and_spaced(seed_docx):
    body = [p for p in seed_docx.paragraphs if p.text.startswith("Ủy ban nhân dân xã Vĩnh Lợi xây dựng")]
    assert body
    fmt = body[0].paragraph_format
    assert body[0].alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(fmt.first_line_indent - Cm(1)) < Mm(0.1)
    assert fmt.space_before == Pt(6)
    assert fmt.line_spacing == pytest.approx(1.15)
    assert body[0].runs[0].font.size == Pt(14)
    basis = next(p for p in seed_docx.paragraphs if p.text.startswith("Căn cứ"))
    assert basis.runs[0].italic
    heading = next(p for p in seed_docx.paragraphs if p.text == "I. MỤC TIÊU")
    assert heading.runs[0].bold


def test_fonts_are_times_new_roman_for_every_script(seed_docx):
    normal = seed_docx.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}


def test_signature_band_is_one_row_that_cannot_split(seed_docx):
    band = seed_docx.tables[-1]
    assert len(band.rows) == 1
    assert band.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert [round(cell.width.mm, 1) for cell in band.rows[0].cells] == [53, 111]
    left, right = band.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    assert left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert left.paragraphs[1].runs[0].font.size == Pt(11)
    assert [p.text for p in right.paragraphs][:2] == ["TM. ỦY BAN NHÂN DÂN XÃ", "CHỦ TỊCH"]


def test_anonymous_visitor_is_sent_to_login(plan_a, client):
    response = client.get(f"/plans/{plan_a.pk}/docx")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("who", ["editor_b", "staff_b", "outsider"])
def test_those_who_may_not_see_the_plan_get_404(plan_a, cast, login, who):
    assert login(cast[who]).get(f"/plans/{plan_a.pk}/docx").status_code == 404


def test_a_draft_has_blank_number_and_date(plan_a, cast, login):
    document = download(login(cast["editor_a"]), plan_a)
    number, date = (cell.text for cell in document.tables[0].rows[1].cells)
    assert number.replace(" ", "") == "Số:/KH-UBND"
    assert date.split() == ["Vĩnh", "Lợi,", "ngày", "tháng", "năm"]


def test_an_extra_section_placed_after_the_tasks_comes_before_the_funding_in_the_word_file(plan_a, cast, login):
    plan_a.funding_body = "Ngân sách xã."
    plan_a.save()
    plan_a.extra_sections.create(position=0, heading="Tổ chức thực hiện", body="Giao Phòng Kinh tế.", after="tasks")
    lines = [line for line in all_text(download(login(cast["editor_a"]), plan_a)).split("\n") if line]
    headings = [line for line in lines if line.split(" ")[0] in ("I.", "II.", "III.", "IV.")]
    assert [h.upper() for h in headings] == [
        f"I. {plan_a.tasks_heading.upper()}",
        "II. TỔ CHỨC THỰC HIỆN",
        f"III. {plan_a.funding_heading.upper()}",
    ]
