"""The importer on plans laid out as other communes and districts write them:
PDF extractions with page breaks, bases in one paragraph, tables of tasks,
recipients on one line, legacy encodings, UTF-16 and Word numbering. Each
test states what a person reading the plan would extract, and that no word
of the document is lost."""

import re
from pathlib import Path

from plans.imports import MOTTO, NATIONAL, NUMBER, data_words, import_file, page_number_lines, words_of

DATA = Path(__file__).resolve().parent / "data"
SOURCES = DATA / "sources"

# Labels and marks of the layout, not content the plan must repeat.
LAYOUT_WORDS = {"nơi", "nhận", "đã", "ký"}


def read(name: str):
    path = DATA / name
    return import_file(path.name, path.read_bytes())


def counts(data: dict) -> dict:
    return {
        "legal_bases": len(data["legal_bases"]),
        "objectives": len(data["objectives"]["items"]),
        "tasks": len(data["tasks"]["items"]),
        "solutions": len(data["solutions"]["items"]),
        "recipients": len(data["recipients"]),
    }


def assert_no_word_lost(result, text: str | None = None) -> None:
    """Every word of the document (page numbers aside) is in the result, as
    often as it is in the document, layout labels aside."""
    text = text if text is not None else result.text
    # The national heading, the motto and the type "KẾ HOẠCH" are the form of every plan.
    text = MOTTO.sub(" ", NATIONAL.sub(" ", text))
    text = re.sub(r"^\s*KẾ HOẠCH\s*$", "", text, count=1, flags=re.MULTILINE)
    # The number and the date of the header are fields (number, symbol, date), not words.
    text = NUMBER.sub(" ", text, count=1)
    text = re.sub(r"ngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*|/\s*\d{1,2}\s*/\s*)\d{4}", " ", text, count=1)
    # The header row of a table of tasks names its columns.
    text = re.sub(r"^STT\b.*$", "", text, flags=re.MULTILINE)
    lines = text.replace("\f", "\n").split("\n")
    pages = page_number_lines([" ".join(line.split()) for line in lines])
    need: dict[str, int] = {}
    for k, line in enumerate(lines):
        if k in pages:
            continue
        for word in words_of(line):
            need[word] = need.get(word, 0) + 1
    have: dict[str, int] = {}
    for word in data_words(result.data):
        have[word] = have.get(word, 0) + 1
    missing = {w: n - have.get(w, 0) for w, n in need.items() if have.get(w, 0) < n and w not in LAYOUT_WORDS}
    # Numbering markers ("1.", "a)", "II.") are structure: the outline writes them again.
    missing = {w: n for w, n in missing.items() if not re.fullmatch(r"\d{1,2}|[a-zđ]|[ivxl]{1,4}", w)}
    assert not missing, missing


def test_a_pdf_extraction_with_bases_in_one_paragraph_sub_items_and_a_page_break():
    result = read("phuthanh_2025.txt")
    data = result.data
    assert result.warnings == []
    assert counts(data) == {"legal_bases": 3, "objectives": 2, "tasks": 3, "solutions": 2, "recipients": 5}
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ PHÚ THÀNH B"
    assert (data["number"], data["place"], data["date"]) == (126, "Phú Thành B", "2025-04-18")
    # A subject over two lines is one title; "Về việc" is kept as written.
    assert data["title"] == (
        "Về việc hỗ trợ phát triển hợp tác xã nông nghiệp gắn với chuỗi giá trị lúa chất lượng cao năm 2025"
    )
    assert [b.split(" ")[2] for b in data["legal_bases"]] == ["Luật", "Nghị", "Kế"]
    assert data["legal_bases"][0] == "Căn cứ Luật Hợp tác xã ngày 20 tháng 6 năm 2023;"
    assert [o["title"] for o in data["objectives"]["items"]] == ["Mục đích", "Yêu cầu"]
    first, second, third = data["tasks"]["items"]
    # "1.1." and "1.2." are parts of task 1, not tasks of their own.
    assert first["title"] == "Củng cố tổ chức, nâng cao năng lực quản lý"
    assert first["body"].startswith("1.1. Rà soát, kiện toàn bộ máy") and "\n\n1.2. Cử cán bộ" in first["body"]
    assert "\n\n+ Hợp tác xã Phú Thành: 250 ha;" in second["body"]
    # The page number "2" and the form feed between the pages are gone; the item after them is whole.
    assert third["title"] == "Phát triển dịch vụ phục vụ thành viên"
    assert "2\n" not in second["body"] and not second["body"].endswith("2")
    assert [c["title"][:19] for c in data["solutions"]["items"][1]["children"]] == [
        "Hướng dẫn hợp tác x",
        "Lồng ghép vốn Chươn",
    ]
    assert data["funding"]["body"].startswith("Kinh phí thực hiện từ ngân sách xã năm 2025")
    # "Tổ chức thực hiện" stood before "Kinh phí" in the document: it stays there.
    assert [(e["heading"], e["after"]) for e in data["extra_sections"]] == [("Tổ chức thực hiện", "solutions")]
    assert data["recipients"][-1] == {"label": "Lưu: VT", "organization": None, "purpose": "", "archive": True}
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Nguyễn Thị Thu Hà",
    }
    assert_no_word_lost(result)


def test_a_district_plan_with_a_table_cell_per_line_and_recipients_on_one_line():
    result = read("chauthanh_huyen_2024.txt")
    data = result.data
    assert counts(data) == {"legal_bases": 2, "objectives": 2, "tasks": 3, "solutions": 0, "recipients": 5}
    assert data["issuer"] == {
        "name": "ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH",
        "parent": "UBND TỈNH ĐỒNG THÁP",
        "abbreviation": "UBND",
    }
    assert data["title"] == "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn huyện Châu Thành năm 2024"
    # "•" bullets read as dash items.
    assert data["objectives"]["items"][1]["body"].split("\n\n")[0] == "- Thành lập mới ít nhất 03 hợp tác xã;"
    assert data["tasks"]["heading"] == "Nhiệm vụ, giải pháp"
    assert data["funding"]["body"] == "Từ nguồn sự nghiệp kinh tế huyện năm 2024 là 350 triệu đồng."
    results, organisation = data["extra_sections"]
    # The figures of the table, each alone on its line, are content, not page numbers; "- 2 -" is one.
    assert (results["heading"], results["after"]) == ("Kết quả thực hiện năm 2023", "start")
    assert "\n\n2\n\n" in results["body"] and "\n\n12\n\n" in results["body"] and "1.850" in results["body"]
    assert (organisation["heading"], organisation["after"]) == ("Tổ chức thực hiện", "funding")
    assert [r["label"] for r in data["recipients"]] == [
        "Sở Nông nghiệp và PTNT",
        "Liên minh HTX tỉnh",
        "TT. Huyện ủy, TT. HĐND huyện",
        "UBND các xã, thị trấn",
        "Lưu: VT, NN",
    ]
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Lê Thanh Phong",
    }
    assert_no_word_lost(result)


def test_a_utf16_copy_from_word_with_tabs_a_table_of_tasks_and_no_recipients():
    result = read("binhthanh_2025_utf16.txt")
    data = result.data
    assert result.encoding == "UTF-16"
    assert counts(data) == {"legal_bases": 2, "objectives": 2, "tasks": 4, "solutions": 2, "recipients": 0}
    assert data["issuer"] == {
        "name": "ỦY BAN NHÂN DÂN XÃ BÌNH THÀNH",
        "parent": "ĐẢNG ỦY XÃ BÌNH THÀNH",
        "abbreviation": "UBND",
    }
    assert (data["number"], data["date"]) == (32, "2025-03-03")
    assert data["title"].startswith("Về việc triển khai mô hình hợp tác xã kiểu mới gắn với sản phẩm OCOP")
    tasks = data["tasks"]["items"]
    assert [(t["title"][:23], t["lead"], t["due"]) for t in tasks] == [
        ("Rà soát sản phẩm có tiề", "Công chức Nông nghiệp - Môi trường", "2025-03-31"),
        ("Hỗ trợ hợp tác xã hoàn ", "Hợp tác xã Nông nghiệp Bình Thành", "2025-06-30"),
        ("Tham gia hội chợ, phiên", "Hội Liên hiệp Phụ nữ xã", None),
        ("Tổng kết, đánh giá kết ", "Văn phòng HĐND và UBND xã", "2025-12-15"),
    ]
    assert tasks[0]["partners"] == ["Hội Nông dân xã", "các hợp tác xã"]
    assert tasks[2]["body"] == "Thời gian thực hiện: Thường xuyên"  # the time as written is kept
    assert data["extra_sections"][0]["body"] == "Phân công thực hiện như sau:"
    assert data["solutions"]["items"][1]["body"].endswith("+ Vốn góp của thành viên;\n\n+ Vốn vay ưu đãi.")
    assert data["funding"]["body"] == "Ngân sách xã bố trí 80 triệu đồng; phần còn lại do hợp tác xã tự cân đối."
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Võ Minh Tâm"}
    assert_no_word_lost(result)


def test_a_tcvn3_file_without_recipients_and_a_name_in_capitals():
    result = read("tanphu_2023_tcvn3.txt")
    data = result.data
    source = (SOURCES / "tanphu_2023_tcvn3.txt").read_text(encoding="utf-8")
    assert result.encoding == "8-bit → TCVN3"
    # The conversion gives back the words as typed, capitals included ("Ủy ban" at a line's start).
    assert result.text.split() == source.split()
    assert result.warnings == []
    assert counts(data) == {"legal_bases": 2, "objectives": 2, "tasks": 2, "solutions": 2, "recipients": 0}
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"
    assert data["preamble"] == "Ủy ban nhân dân xã Tân Phú xây dựng kế hoạch như sau:"
    assert data["tasks"]["items"][0]["lead"] == "Hợp tác xã Dịch vụ nông nghiệp Tân Phú"
    assert data["tasks"]["items"][0]["partners"] == ["Trạm Khuyến nông", "Hội Nông dân xã"]
    assert data["funding"]["body"] == "Hợp tác xã tự cân đối từ nguồn vốn hoạt động."
    assert data["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Trần Văn Long"}
    assert_no_word_lost(result, source)


def test_a_vni_file_with_arabic_section_numbers_and_lettered_points():
    result = read("longhiep_2023_vni.txt")
    data = result.data
    source = (SOURCES / "longhiep_2023_vni.txt").read_text(encoding="utf-8")
    assert result.encoding == "8-bit → VNI"
    assert result.text.split() == source.split()
    assert counts(data) == {"legal_bases": 2, "objectives": 2, "tasks": 2, "solutions": 0, "recipients": 3}
    assert data["legal_bases"][1] == "Căn cứ tình hình thực tế tại địa phương."
    assert data["objectives"]["heading"] == "Mục đích, yêu cầu"
    assert data["tasks"]["items"][1]["title"] == "b) Củng cố 05 tổ hợp tác trồng rau màu."
    assert data["funding"]["body"].startswith("Lồng ghép từ nguồn vốn khuyến nông")
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Đặng Văn Nam"}
    assert_no_word_lost(result, source)


def test_a_word_file_with_numbered_headings_a_table_of_tasks_and_recipients_on_one_line():
    result = read("mylong_2025.docx")
    data = result.data
    assert result.warnings == []
    assert counts(data) == {"legal_bases": 2, "objectives": 2, "tasks": 3, "solutions": 2, "recipients": 3}
    assert data["title"] == "Về việc phát triển hợp tác xã nông nghiệp gắn với vùng trồng xoài xuất khẩu năm 2025"
    tasks = data["tasks"]["items"]
    assert [(t["title"], t["lead"], t["partners"], t["due"]) for t in tasks] == [
        ("Cấp mã số vùng trồng cho 120 ha xoài", "Hợp tác xã Xoài Mỹ Long", ["Trạm Trồng trọt huyện"], "2025-09-30"),
        (
            "Tập huấn quy trình VietGAP cho thành viên",
            "Hội Nông dân xã",
            ["Hợp tác xã Xoài Mỹ Long", "Trạm Khuyến nông"],
            "2025-08-31",
        ),
        ("Ký hợp đồng tiêu thụ với doanh nghiệp xuất khẩu", "Hợp tác xã Xoài Mỹ Long", ["Ủy ban nhân dân xã"], None),
    ]
    assert [c["title"] for c in data["solutions"]["items"][0]["children"]] == ["Vốn vay", "Vốn góp"]
    assert data["solutions"]["items"][0]["children"][1]["body"] == (
        "- Vận động thành viên tăng vốn góp.\n\n+ Dưới 50 triệu đồng: góp trong năm 2025;"
    )
    assert data["funding"] == {
        "heading": "Kinh phí",
        "body": "Ngân sách xã 120 triệu đồng và vốn đối ứng của hợp tác xã.",
    }
    assert [(e["heading"], e["after"]) for e in data["extra_sections"]] == [("Tổ chức thực hiện", "solutions")]
    assert [(r["label"], r["purpose"], r["archive"]) for r in data["recipients"]] == [
        ("UBND huyện", "để báo cáo", False),
        ("Phòng Kinh tế huyện", "", False),
        ("Lưu: VT", "", True),
    ]
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Phan Văn Thọ",
    }
    assert_no_word_lost(result)


# --- Page numbers ---------------------------------------------------------------------


def test_a_number_alone_on_a_line_is_a_page_number_only_where_a_page_ends():
    body = [f"Dòng nội dung thứ {n} của kế hoạch." for n in range(20)]
    lines = [*body, "", "2", "", *body, "3", "\fTiếp trang sau", *body[:5], "Số hợp tác xã", "12", "Số thành viên", "4"]
    texts = [line.replace("\f", "") for line in lines]
    breaks = {k for k, line in enumerate(lines) if "\f" in line}
    pages = page_number_lines(texts, breaks)
    assert sorted(texts[k] for k in pages) == ["2", "3"]


def test_decorated_page_numbers_are_always_page_numbers():
    texts = ["Nội dung.", "- 2 -", "Nội dung.", "Trang 3", "Nội dung.", "4/5"]
    assert page_number_lines(texts) == {1, 3, 5}


def test_a_column_of_small_numbers_is_content_even_far_into_the_document():
    body = [f"Dòng nội dung thứ {n}." for n in range(30)]
    texts = [*body, "Chỉ tiêu", "1", "Đơn vị", "2", "Kết quả", "3", *body]
    assert page_number_lines(texts) == set()
