"""PDF plans with a text layer, as a commune prints them from Word: the
header band in two columns, a landscape page with a task table of seven
columns and grouping rows, page numbers and a footer in the margins. The
reader gives the lines a text extraction would, tidied; the import keeps
the header facts and the words in their order. A scan, a locked, damaged,
fake or overlong PDF gets a message saying so."""

import io
import re

import pytest
from django.core.exceptions import ValidationError

from plans.imports import import_file
from plans.imports import pdf as pdf_reader
from plans.tests.data import plan_spec as spec
from plans.tests.data.pdf_plans import FOOTER, plan_pdf, scanned_pdf, turned, without_unicode_maps
from plans.tests.wordorder import share_in_order


@pytest.fixture(scope="module")
def plan() -> bytes:
    return plan_pdf()


@pytest.fixture(scope="module")
def pages(plan) -> list[list[str]]:
    return [page.strip("\n").split("\n") for page in pdf_reader.read_pdf(plan).text.split("\f")]


def messages(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        import_file(name, content)
    return " ".join(error.value.messages)


def test_three_pages_the_second_landscape(plan):
    import pypdf

    boxes = [page.mediabox for page in pypdf.PdfReader(io.BytesIO(plan)).pages]
    assert [box.width > box.height for box in boxes] == [False, True, False]


def test_the_header_band_reads_as_two_cells_on_each_line(pages):
    assert pages[0][:4] == [
        "UBND HUYỆN CHÂU THÀNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ỦY BAN NHÂN DÂN XÃ TÂN THUẬN | Độc lập - Tự do - Hạnh phúc",
        "Số: 57/KH-UBND | Tân Thuận, ngày 14 tháng 3 năm 2025",
        "",
    ]
    assert pages[0][4:7] == ["KẾ HOẠCH", *spec.TITLE]


def test_the_task_table_on_the_landscape_page_is_read_row_by_row(pages):
    # The page number "2" above the table is gone: the page starts with the table.
    assert pages[1] == spec.table_rows()
    assert pages[1][1] == "I. CỦNG CỐ TỔ CHỨC |"
    assert pages[1][3].split(" | ")[2] == spec.LEAD_OF_TWO  # merged down: each task has its lead


def test_a_landscape_page_saved_as_a_turned_portrait_page_is_read_the_same(plan):
    import pypdf

    content = turned(plan, 1)
    page = pypdf.PdfReader(io.BytesIO(content)).pages[1]
    assert (page.rotation, page.mediabox.width < page.mediabox.height) == (90, True)
    assert pdf_reader.read_pdf(content).text.split("\f")[1].strip("\n").split("\n") == spec.table_rows()


def test_page_numbers_and_the_footer_are_dropped(pages):
    lines = [line for page in pages for line in page]
    assert not [line for line in lines if FOOTER in line or re.fullmatch(r"\d{1,3}", line)]
    assert pages[2][0] == "III. GIẢI PHÁP"
    assert pages[2][-4:] == [
        "Nơi nhận: | TM. ỦY BAN NHÂN DÂN",
        "- UBND huyện Châu Thành; | CHỦ TỊCH",
        "- Phòng Kinh tế huyện; | (Đã ký)",
        "- Lưu: VT. | Trần Văn Bình",
    ]


def test_the_pdf_plan_imports_with_its_header_facts_and_words_in_order(plan):
    result = import_file("ke-hoach-tan-thuan.pdf", plan)
    data = result.data
    assert (result.kind, result.encoding) == ("pdf", "PDF")
    # The sentence before the table of tasks is kept beside it, and said so.
    assert result.warnings == [
        "Phần “Nhiệm vụ cụ thể” có đoạn mở đầu trước mục 1; đoạn này được giữ trong mục “Nhiệm vụ cụ thể (phần chung)”."
    ]
    tasks = data["tasks"]["items"]
    assert [t["group"] for t in tasks] == ["Củng cố tổ chức"] * 2 + ["Phát triển sản xuất"] * 2
    # A start column and an end column: the time as written spans both, the dates from each.
    assert (tasks[0]["period"], tasks[0]["start"], tasks[0]["due"]) == (
        "Tháng 3/2025 – Tháng 6/2025",
        "2025-03-01",
        "2025-06-30",
    )
    assert data["issuer"] == {
        "name": "ỦY BAN NHÂN DÂN XÃ TÂN THUẬN",
        "parent": "UBND HUYỆN CHÂU THÀNH",
        "abbreviation": "UBND",
    }
    assert (data["number"], data["place"], data["date"]) == (57, "Tân Thuận", "2025-03-14")
    assert data["title"] == "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã Tân Thuận năm 2025"
    # Lines broken at the page width are joined again.
    assert data["legal_bases"] == spec.BASES
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Trần Văn Bình"}
    # The header row of a table of tasks names its columns: form, not content.
    text = re.sub(r"^STT\b.*$", "", spec.plan_text(footnote=False), flags=re.MULTILINE)
    assert share_in_order(text, data) >= 0.99


def test_a_pdf_is_known_by_its_bytes_whatever_its_name(plan):
    assert import_file("ke-hoach.txt", plan).kind == "pdf"
    assert import_file("ke-hoach.docx", plan).kind == "pdf"


def test_a_scan_gets_a_message_saying_what_to_do():
    message = messages("ke-hoach-scan.pdf", scanned_pdf())
    assert "bản quét" in message and ".docx" in message and ".txt" in message


def test_a_scanned_page_among_text_pages_is_named_in_a_warning(plan):
    import pypdf

    writer = pypdf.PdfWriter()
    for content in (plan, scanned_pdf()):
        for page in pypdf.PdfReader(io.BytesIO(content)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    result = import_file("ke-hoach.pdf", out.getvalue())
    assert result.warnings[-1] == "Trang 4 của tệp PDF là ảnh quét, không có chữ: nội dung trang này chưa được nhập."
    assert result.data["number"] == 57


def test_fonts_without_a_unicode_map_are_read_by_their_glyph_names(plan, pages):
    # The hyphen then comes out as a soft hyphen (U+00AD): it is read as the hyphen it shows.
    assert pdf_reader.read_pdf(without_unicode_maps(plan)).text.split("\f")[0].strip("\n").split("\n") == pages[0]


def test_a_pdf_whose_fonts_have_no_unicode_map_gets_its_own_message(monkeypatch):
    page = pdf_reader._Page(842.0, [], letters=3, images=0, unmapped=900)  # pdfminer reads "(cid:12)"
    monkeypatch.setattr(pdf_reader, "_read_pages", lambda content: [page])
    assert "bảng mã Unicode" in messages("ke-hoach.pdf", b"%PDF-1.7")


def test_a_pdf_locked_with_a_password_gets_its_own_message(plan):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(plan)))
    writer.encrypt(user_password="bimat", owner_password="bimat", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert "mật khẩu" in messages("ke-hoach.pdf", out.getvalue())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "bị hỏng"),
        ("ke-hoach.pdf", b"PK\x03\x04 a zip named .pdf", "không phải tệp PDF"),
        ("ke-hoach.pdf", "Kế hoạch số 1".encode(), "không phải tệp PDF"),
    ],
)
def test_a_damaged_or_fake_pdf_gets_a_message(name, content, message):
    assert message in messages(name, content)


def test_a_truncated_pdf_gets_a_message_or_what_could_be_read(plan):
    try:
        result = import_file("ke-hoach.pdf", plan[: len(plan) // 3])
    except ValidationError as error:
        assert "PDF" in " ".join(error.messages)
    else:
        assert result.kind == "pdf"


def test_a_pdf_over_the_page_limit_is_refused(plan, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    assert "có 3 trang; chỉ đọc được tệp đến 2 trang" in messages("ke-hoach.pdf", plan)


def test_word_and_pdf_files_may_be_larger_than_text_files():
    big = b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024)
    assert "bị hỏng" in messages("ke-hoach.pdf", big)  # read, not refused for its size
    assert "quá lớn" in messages("ke-hoach.txt", b"a" * (6 * 1024 * 1024))
    assert "chỉ nhận tệp đến 20 MB" in messages("ke-hoach.pdf", big + b"0" * (15 * 1024 * 1024))
