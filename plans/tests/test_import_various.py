"""Four plans laid out in four more ways, written to check the importer as a
whole rather than one stage: a legal-library page saved as Markdown with its
header, signature and task appendix in Markdown tables; text copied out of
Word with tabs between the cells; a PDF's text with hard wraps, lettered
sections, sub-items and a page number; and lone "|" cells between the parts
of the header and the foot. Each gives the header facts, the tasks with
their leads and deadlines, and keeps the words of the document in order."""

import datetime
from pathlib import Path

import pytest

from plans.imports import import_file
from plans.imports.parser import UNPLACED_HEADING
from plans.tests.wordorder import share_in_order

DATA = Path(__file__).resolve().parent / "data" / "various"


def read(name: str):
    path = DATA / name
    return import_file(path.name, path.read_bytes())


def facts(data: dict) -> tuple:
    return (
        data["issuer"]["name"],
        data["issuer"]["parent"],
        data["number"],
        data["symbol"],
        data["place"],
        data["date"],
    )


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.iterdir()))
def test_nothing_is_left_unplaced_and_the_words_are_kept_in_order(name):
    result = read(name)
    assert UNPLACED_HEADING not in [e["heading"] for e in result.data["extra_sections"]]
    assert share_in_order(result.text, result.data) >= 0.99


def test_a_markdown_page_with_its_task_appendix_in_a_table():
    data = read("tanlong_2026.md").data
    assert facts(data) == ("ỦY BAN NHÂN DÂN XÃ TÂN LONG", "", 87, "KH-UBND", "Tân Long", "2025-12-12")
    assert data["title"] == "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã Tân Long năm 2026"
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Trần Văn Hùng",
    }
    assert [r["label"] for r in data["recipients"]] == [
        "UBND huyện",
        "Phòng Kinh tế huyện",
        "Các HTX trên địa bàn xã",
        "Lưu: VT",
    ]
    assert data["task_appendix"]["listing"] == "appendix"
    tasks = data["tasks"]["items"]
    assert len(tasks) == 7
    assert [t["group"] for t in tasks].count("Hỗ trợ hợp tác xã") == 2
    third = tasks[2]
    assert (third["lead"], third["partners"], third["period"], third["due"]) == (
        "UBND xã",
        ["Phòng Kinh tế huyện"],
        "Trước 30/6/2026",
        "2026-06-30",
    )
    assert tasks[3]["partners"] == ["Công chức Kinh tế", "Đoàn Thanh niên"]
    assert (tasks[5]["start"], tasks[5]["due"]) == ("2026-07-01", "2026-12-31")  # "6 tháng cuối năm 2026"
    assert tasks[0]["product"] == "Báo cáo kết quả phân loại"
    # The body's "Nhiệm vụ trọng tâm" points to the appendix: kept as written, in its place.
    assert ("Nhiệm vụ trọng tâm", "objectives") in [(e["heading"], e["after"]) for e in data["extra_sections"]]


def test_text_copied_from_word_with_tabs_between_cells():
    data = read("hoaan_2026_tabs.txt").data
    assert facts(data) == ("ỦY BAN NHÂN DÂN XÃ HÒA AN", "", 215, "KH-UBND", "Hòa An", "2025-11-28")
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Lê Minh Tâm"}
    assert len(data["recipients"]) == 4 and data["funding"]["body"].startswith("Kinh phí thực hiện Kế hoạch")
    tasks = data["tasks"]["items"]
    assert [t["lead"] for t in tasks] == [
        "Công chức Văn hóa - Xã hội",
        "Công chức Địa chính - Nông nghiệp",
        "Công chức Địa chính - Nông nghiệp",
        "Hội Nông dân xã",
        "UBND xã",
    ]
    assert [t["period"] for t in tasks][:4] == ["Quý I/2026", "Quý II/2026", "Thường xuyên", "Trước 30/9/2026"]
    assert tasks[1]["note"] == "Theo kế hoạch của huyện"
    assert datetime.date.fromisoformat(tasks[3]["due"]) == datetime.date(2026, 9, 30)


def test_a_pdf_text_with_lettered_sections_sub_items_and_a_page_number():
    data = read("anhiep_2026_pdftext.txt").data
    assert facts(data) == (
        "ỦY BAN NHÂN DÂN XÃ AN HIỆP",
        "UBND HUYỆN CHÂU THÀNH",
        9,
        "KH-UBND",
        "An Hiệp",
        "2026-01-06",
    )
    assert data["title"] == (
        "Hỗ trợ phát triển hợp tác xã nông nghiệp gắn với xây dựng nông thôn mới nâng cao năm 2026"
    )
    assert data["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Thị Bích Ngọc"}
    tasks = data["tasks"]["items"]
    assert [t["title"] for t in tasks] == [
        "Củng cố tổ chức bộ máy",
        "Phát triển dịch vụ",
        "Ứng dụng khoa học công nghệ",
    ]
    # "1.1.", "2.2." stay inside their task; the page number "2" is gone.
    assert "1.2. Bố trí cán bộ trẻ" in tasks[0]["body"] and not tasks[1]["body"].rstrip().endswith("2")
    assert len(data["legal_bases"]) == 2


def test_lone_bars_between_the_cells_of_the_header_and_the_foot():
    data = read("phuhuu_2026_bars.txt").data
    assert facts(data) == ("ỦY BAN NHÂN DÂN XÃ PHÚ HỮU", "", 142, "KH-UBND", "Phú Hữu", "2025-12-03")
    assert data["title"].startswith("Triển khai Chương trình Mỗi xã một sản phẩm (OCOP)")
    assert data["title"].endswith("trên địa bàn xã Phú Hữu năm 2026")
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Võ Thanh Sơn"}
    tasks = data["tasks"]["items"]
    assert [(t["title"], t["lead"]) for t in tasks] == [
        ("Rà soát sản phẩm tiềm năng", "Công chức Kinh tế"),
        ("Hỗ trợ chủ thể hoàn thiện hồ sơ", "Công chức Kinh tế"),
    ]


def test_a_national_heading_wrapped_in_its_column_leaves_the_names_whole():
    from plans.imports import import_text

    text = (
        "UBND HUYỆN CHÂU THÀNH        CỘNG HÒA XÃ HỘI CHỦ NGHĨA\n"
        "ỦY BAN NHÂN DÂN XÃ AN HIỆP\n"
        "VIỆT NAM\n"
        "Số: 09/KH-UBND              An Hiệp, ngày 06 tháng 01 năm 2026\n\n"
        "KẾ HOẠCH\nHỗ trợ hợp tác xã năm 2026\n\nI. MỤC TIÊU\nNâng cao chất lượng hợp tác xã.\n"
    )
    data = import_text(text).data
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ AN HIỆP"
    assert data["issuer"]["parent"] == "UBND HUYỆN CHÂU THÀNH"
