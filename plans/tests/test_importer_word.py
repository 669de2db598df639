"""Word plans as officials save them: the header in a content control or in
text boxes, Word's numbering, a footnote, a landscape section with a task
table of seven columns whose cells are merged across and down, the
signature band. The reader gives the lines the parser reads; the import
keeps the header facts and the words in their order."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError

from plans.imports import docx_lines, import_file
from plans.tests.data import plan_spec as spec
from plans.tests.data.word_plans import plan_docx, text_box_docx
from plans.tests.wordorder import share_in_order


@pytest.fixture(scope="module")
def plan() -> bytes:
    return plan_docx()


def reference_text() -> str:
    # The header row of a table of tasks names its columns: form, not content (as assert_no_word_lost has it).
    return re.sub(r"^STT\b.*$", "", spec.plan_text(), flags=re.MULTILINE)


def test_the_fixture_has_a_landscape_section_and_merged_cells(plan):
    xml = zipfile.ZipFile(io.BytesIO(plan)).read("word/document.xml").decode()
    assert 'w:orient="landscape"' in xml
    assert '<w:gridSpan w:val="7"/>' in xml and '<w:gridSpan w:val="2"/>' in xml
    assert '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml
    assert "<w:sdtContent>" in xml and "<w:footnoteReference" in xml


def test_the_task_table_in_the_landscape_section_is_read_row_by_row(plan):
    lines = docx_lines(plan)
    start = lines.index(spec.table_rows()[0])
    assert lines[start : start + len(spec.table_rows()) + 1] == [*spec.table_rows(), ""]
    assert lines[start + 1 : start + 5] == [
        "I. CỦNG CỐ TỔ CHỨC |",
        "1 | Rà soát, kiện toàn bộ máy quản lý của 04 hợp tác xã | Công chức Nông nghiệp - Môi trường"
        " | Liên minh Hợp tác xã tỉnh | Tháng 3/2025 | Tháng 6/2025 |",
        # The lead written once for tasks 1 and 2 (merged down) is task 2's lead too.
        "2 | Hướng dẫn hợp tác xã xây dựng điều lệ theo Luật năm 2023 | Công chức Nông nghiệp - Môi trường"
        " | Phòng Kinh tế huyện | Tháng 4/2025 | Tháng 9/2025 | Ưu tiên hợp tác xã mới",
        "II. PHÁT TRIỂN SẢN XUẤT |",
    ]
    # A time across two columns: its text once, then the empty column it covers.
    assert " | Hội Nông dân xã | Cả năm 2025 |  | Liên kết với doanh nghiệp" in lines[start + 5]
    # A cell of two paragraphs is one cell.
    task_4 = "4 | Tổ chức lớp tập huấn quản trị cho cán bộ hợp tác xã (02 lớp, 60 học viên) |"
    assert lines[start + 6].startswith(task_4)
    # What follows the landscape section is read too.
    assert "III. GIẢI PHÁP" in lines[start:] and "V. TỔ CHỨC THỰC HIỆN" in lines[start:]


def test_the_header_band_numbering_footnote_and_signature_band(plan):
    lines = docx_lines(plan)
    # The header table sits in a content control; its two columns side by side.
    assert lines[:4] == [
        "UBND HUYỆN CHÂU THÀNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ỦY BAN NHÂN DÂN XÃ TÂN THUẬN | Độc lập - Tự do - Hạnh phúc",
        "Số: 57/KH-UBND | Tân Thuận, ngày 14 tháng 3 năm 2025",
        "",
    ]
    basis = lines.index(f"{spec.BASES[1]}[1]")
    assert lines[basis + 1] == f"[1] {spec.FOOTNOTE}"
    assert ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", f"- {spec.BEFORE_TABLE[2][1]}"] == lines[basis + 3 : basis + 6]
    assert lines[-5:] == [
        "Nơi nhận: | TM. ỦY BAN NHÂN DÂN",
        "- UBND huyện Châu Thành; | CHỦ TỊCH",
        "- Phòng Kinh tế huyện; | (Đã ký)",
        "- Lưu: VT. | Trần Văn Bình",
        "",
    ]


def test_the_word_plan_imports_with_its_header_facts_and_words_in_order(plan):
    result = import_file("ke-hoach-tan-thuan.docx", plan)
    data = result.data
    assert result.kind == "docx"
    assert data["issuer"] == {
        "name": "ỦY BAN NHÂN DÂN XÃ TÂN THUẬN",
        "parent": "UBND HUYỆN CHÂU THÀNH",
        "abbreviation": "UBND",
    }
    assert (data["number"], data["symbol"], data["place"], data["date"]) == (57, "KH-UBND", "Tân Thuận", "2025-03-14")
    assert data["title"] == "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã Tân Thuận năm 2025"
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Trần Văn Bình"}
    assert share_in_order(reference_text(), data) >= 0.99


def test_text_boxes_and_content_controls_are_read_once():
    assert docx_lines(text_box_docx()) == [
        *spec.HEADER_LEFT,
        spec.NUMBER,
        *spec.HEADER_RIGHT,
        spec.DATE,
        "",
        "KẾ HOẠCH",
        "Về việc phát triển hợp tác xã",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 not really a zip", "bị hỏng"),
        (b"%PDF-1.4 but named .docx", "PDF"),
    ],
)
def test_a_docx_that_is_no_word_file_gets_a_message(content, message):
    with pytest.raises(ValidationError) as error:
        import_file("ke-hoach.docx", content)
    assert message in " ".join(error.value.messages)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(monkeypatch):
    from plans.imports import word

    monkeypatch.setattr(word, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(ValidationError) as error:
        docx_lines(plan_docx())
    assert "giải nén" in " ".join(error.value.messages)
