"""The importer on plans copied out of legal-library web pages, pasted or
saved as text or Markdown (plans/tests/data/webcopy/): header tables with
cells under one another and lone "|" lines between them, Markdown tables,
emphasis and escapes, lines hard-wrapped at about 80 columns, a place and
date over two lines, signer blocks and "Nơi nhận" in many forms, a plan of
100 items. Each document is read as a person reads it: every header and foot
fact exactly, the outline, and (almost) every word in the document's order."""

from pathlib import Path

import pytest

from plans.imports import parse_plan
from plans.imports.webtext import plain_text
from plans.tests.webcopy_facts import (
    FACTS,
    WEBCOPY,
    expected_fields,
    import_document,
    read_fields,
    report,
)
from plans.tests.wordorder import share_in_order

DATA = Path(__file__).resolve().parent / "data"


def strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def outline(data: dict) -> dict:
    return {key: (data[key]["heading"], len(data[key]["items"])) for key in ("objectives", "tasks", "solutions")} | {
        "funding": data["funding"]["heading"],
        "extra": [(e["heading"], e["after"]) for e in data["extra_sections"]],
    }


# --- Every document: the header and foot facts, and the words in order ------------------------


@pytest.mark.parametrize("name", list(FACTS))
def test_the_header_and_foot_of_a_web_copy_read_as_written(name):
    result = import_document(name)
    assert read_fields(result.data) == expected_fields(name)
    assert result.data["document_type"] == "KH"


@pytest.mark.parametrize("name", list(FACTS))
def test_a_web_copy_keeps_its_words_in_order_and_places_every_line(name):
    result = import_document(name)
    source = (WEBCOPY / name).read_text(encoding="utf-8")
    assert share_in_order(source, result.data) >= 0.99
    assert "Nội dung chưa xếp được vào mục nào" not in [e["heading"] for e in result.data["extra_sections"]]


def test_every_header_and_foot_field_of_the_web_copies_is_right(capsys):
    right, total, lines = report()
    with capsys.disabled():
        print("\n" + "\n".join(lines) + f"\nheader and foot fields right: {right}/{total}")
    assert right == total


# --- The documents one by one --------------------------------------------------------------


def test_a_header_in_cells_with_lone_bars_and_a_markdown_separator():
    data = import_document("anbinh_2025.txt").data
    assert outline(data) == {
        "objectives": ("Mục đích, yêu cầu", 2),
        "tasks": ("Nhiệm vụ trọng tâm", 6),
        "solutions": ("Giải pháp thực hiện", 4),
        "funding": "Kinh phí thực hiện",
        "extra": [("Tổ chức thực hiện", "funding")],
    }
    # A link keeps its text, not its address; "1\." is the item "1.".
    assert data["legal_bases"][0] == "Căn cứ Luật Hợp tác xã ngày 20 tháng 6 năm 2023;"
    assert len(data["legal_bases"]) == 3
    assert [o["title"] for o in data["objectives"]["items"]] == ["Mục đích", "Yêu cầu"]
    first = data["tasks"]["items"][0]
    assert first["lead"] == "Văn phòng HĐND và UBND xã"
    assert first["partners"] == ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Hội Nông dân xã"]
    assert not [text for text in strings(data) if "*" in text or "\\" in text or "https" in text]


def test_markdown_tables_for_the_header_the_results_and_the_tasks():
    data = import_document("tanloc_2026.txt").data
    assert outline(data) == {
        "objectives": ("Mục tiêu", 2),
        "tasks": ("Nhiệm vụ trọng tâm", 3),
        "solutions": ("Giải pháp", 6),
        "funding": "Kinh phí",
        "extra": [
            ("Kết quả năm 2025", "objectives"),
            ("Nhiệm vụ trọng tâm (phần chung)", "objectives"),
            ("Tổ chức thực hiện", "funding"),
        ],
    }
    # The table of tasks, in the parser's row convention, gives the tasks with their lead, partners and due date.
    assert [(t["title"][:20], t["lead"], t["partners"], t["due"]) for t in data["tasks"]["items"]] == [
        ("Khảo sát nhu cầu ứng", "Phòng Kinh tế xã", ["Các hợp tác xã"], "2026-03-31"),
        ("Xây dựng 02 mô hình ", "Hợp tác xã Thủy sản Tân Lộc", ["Trạm Khuyến nông", "Hội Nông dân xã"], "2026-09-30"),
        ("Tập huấn ghi chép nh", "Văn phòng HĐND và UBND xã", ["Đoàn Thanh niên xã"], "2026-06-30"),
    ]
    # Another table stays text, a row a paragraph; a row of one cell across the table ends in " |".
    results = data["extra_sections"][0]["body"].split("\n\n")
    assert results[2:6] == [
        "Chỉ tiêu | Đơn vị | Năm 2025",
        "Hợp tác xã |",
        "Số hợp tác xã đang hoạt động | hợp tác xã | 09",
        "Số thành viên | người | 526",
    ]


def test_a_page_saved_as_text_hard_wrapped_at_80_columns():
    data = import_document("phuhoa_dong_2025.txt").data
    assert outline(data) == {
        "objectives": ("Mục đích, yêu cầu", 2),
        # "II. NHIỆM VỤ VÀ GIẢI PHÁP" / "THỰC HIỆN" is one heading.
        "tasks": ("Nhiệm vụ và giải pháp thực hiện", 5),
        "solutions": ("Giải pháp thực hiện", 0),
        "funding": "Kinh phí thực hiện",
        "extra": [("Tổ chức thực hiện", "funding")],
    }
    assert data["tasks"]["items"][0]["title"] == "Kiện toàn tổ chức bộ máy, nâng cao năng lực quản trị của hợp tác xã"
    # A recipient wrapped onto the next line keeps its purpose.
    assert data["recipients"][2]["purpose"] == "để phối hợp"


def test_a_stacked_header_with_rules_underscores_and_the_signer_above_the_recipients():
    result = import_document("longthanh_2025.txt")
    data = result.data
    assert result.warnings == []
    assert outline(data) == {
        "objectives": ("Mục đích, yêu cầu", 2),
        "tasks": ("Nội dung", 9),
        "solutions": ("Giải pháp thực hiện", 0),
        "funding": "Kinh phí",
        "extra": [("Tổ chức thực hiện", "funding")],
    }
    assert data["legal_bases"][0].startswith("Thực hiện Kế hoạch số 215/KH-UBND")
    assert data["preamble"].startswith("Nhằm quảng bá sản phẩm")
    assert data["tasks"]["items"][2]["body"].split("\n\n")[2:4] == [
        "+ Báo cáo tham luận của 03 hợp tác xã tiêu biểu;",
        "+ Ký kết biên bản ghi nhớ hợp tác giữa hợp tác xã và doanh nghiệp;",
    ]


def test_a_plan_of_a_hundred_items_with_parts_at_every_depth():
    result = import_document("binhminh_2026.txt")
    data = result.data
    assert result.warnings == []
    assert outline(data) == {
        "objectives": ("Mục tiêu", 3),
        "tasks": ("Nhiệm vụ cụ thể", 100),
        "solutions": ("Giải pháp", 2),
        "funding": "Kinh phí",
        "extra": [],
    }
    tasks = data["tasks"]["items"]
    assert tasks[0]["body"].split("\n\n") == [
        "1.1. Lập danh sách thành viên theo mẫu thống nhất của Liên minh Hợp tác xã tỉnh.",
        "1.1.1. Đối chiếu với sổ đăng ký thành viên và biên bản góp vốn.",
        "1.2. Công khai danh sách tại trụ sở hợp tác xã.",
    ]
    assert tasks[9]["body"].endswith("\n\n10.12.3. Thời gian ký kết trước ngày 30 tháng 6 năm 2026.")
    assert tasks[22]["body"].split("\n\n") == [
        "a) Hội nghị cho thành viên hiện có;",
        "b) Hội nghị cho hộ chưa tham gia hợp tác xã;",
        "- Mời báo cáo viên của Liên minh Hợp tác xã tỉnh;",
        "+ Tài liệu phát cho mỗi hộ tham dự.",
    ]
    assert tasks[98]["body"] == "99.1. Hoàn thành trước ngày 15 tháng 11 năm 2026."
    assert tasks[99]["title"] == "Kết nối hợp tác xã ấp Bình Lợi với doanh nghiệp thu mua nông sản."
    assert (
        tasks[99]["body"]
        == "100.1. Ký kết ít nhất 01 hợp đồng bao tiêu sản phẩm.\n\n100.1.1. Báo cáo kết quả về Phòng Kinh tế xã."
    )


def test_rows_without_outer_bars_and_a_foot_with_its_last_recipient_beside_the_authority():
    data = import_document("mytho_2025.txt").data
    assert outline(data) == {
        "objectives": ("Mục tiêu", 2),
        "tasks": ("Nhiệm vụ", 3),
        "solutions": ("Giải pháp", 4),
        "funding": "Kinh phí thực hiện",
        "extra": [("Kết quả năm 2024", "objectives"), ("Tổ chức thực hiện", "funding")],
    }
    assert data["objectives"]["items"][0]["title"] == "Mục tiêu chung"
    assert "\n\nSố thành viên | người | 312 | 348\n\n" in data["extra_sections"][0]["body"]
    assert "---" not in data["extra_sections"][0]["body"]
    assert data["funding"]["body"].startswith("Từ nguồn ngân sách phường")


def test_markdown_cells_with_line_breaks_escaped_dashes_and_a_foot_over_several_rows():
    data = import_document("tanhiep_2025.txt").data
    assert outline(data) == {
        "objectives": ("Mục đích, yêu cầu", 2),
        "tasks": ("Nhiệm vụ", 7),
        "solutions": ("Giải pháp", 7),
        "funding": "Kinh phí thực hiện",
        "extra": [("Tổ chức thực hiện", "funding")],
    }
    assert data["tasks"]["items"][2]["body"].split("\n\n")[:2] == [
        "- Xây dựng 05 ha nhà lưới trồng rau theo tiêu chuẩn VietGAP cho hợp tác xã mới thành lập;",
        "+ Hỗ trợ 50% chi phí giống và phân bón hữu cơ vụ đầu;",
    ]
    assert data["tasks"]["items"][1]["body"].startswith("a) Hướng dẫn tổ hợp tác tổ chức hội nghị thành lập")


# --- The layouts, one at a time ----------------------------------------------------------


def test_text_without_the_marks_of_a_web_page_comes_out_as_it_went_in():
    for path in [*DATA.glob("*.txt"), *(DATA / "sources").glob("*.txt")]:
        raw = path.read_bytes()
        text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8", "replace")
        assert plain_text(text) == text, path.name


@pytest.mark.parametrize(
    "written, read",
    [
        ("**ỦY BAN NHÂN DÂN**", "ỦY BAN NHÂN DÂN"),
        ("***Nơi nhận:***", "Nơi nhận:"),
        ("**_Nơi nhận:_**", "Nơi nhận:"),
        ("__KẾ HOẠCH__", "KẾ HOẠCH"),
        ("_Căn cứ Luật Hợp tác xã;_", "Căn cứ Luật Hợp tác xã;"),
        ("## I. MỤC TIÊU", "I. MỤC TIÊU"),
        ("1\\. Mục đích", "1. Mục đích"),
        ("\\- Như trên;", "- Như trên;"),
        ("Giá 5\\*", "Giá 5*"),
        ("Căn cứ [Luật Hợp tác xã](https://vbpl.vn/1) năm 2023;", "Căn cứ Luật Hợp tác xã năm 2023;"),
        ("NN&amp;PTNT", "NN&PTNT"),
        ("Sản xuất<br>kinh doanh", "Sản xuất\nkinh doanh"),
        ("* Mục một", "* Mục một"),  # a list item, not emphasis
        ("* * *", "* * *"),  # a rule: the layout blanks it
        ("Số: ____/KH-UBND", "Số: ____/KH-UBND"),
        ("số_hiệu_cũ", "số_hiệu_cũ"),
    ],
)
def test_the_marks_of_a_web_page_are_gone_and_the_text_stays(written, read):
    assert plain_text(written) == read


HEADER_IN_CELLS = """\
**ỦY BAN NHÂN DÂN
XÃ AN BÌNH**

|

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc**

---|---

Số: 125/KH-UBND

|

*An Bình, ngày 01 tháng 12
năm 2025*
**KẾ HOẠCH**"""


def test_cells_under_one_another_are_laid_side_by_side_line_by_line():
    assert plain_text(HEADER_IN_CELLS).split("\n") == [
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "XÃ AN BÌNH | Độc lập - Tự do - Hạnh phúc",
        "Số: 125/KH-UBND | An Bình, ngày 01 tháng 12 năm 2025",
        "",
        "KẾ HOẠCH",
    ]


def test_rows_of_cells_without_a_separator_start_where_the_next_row_opens():
    text = "UBND TỈNH VĨNH LONG\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nỦY BAN NHÂN DÂN XÃ BÌNH MINH\n|\n"
    text += "Độc lập - Tự do - Hạnh phúc\nSố: 212/KH-UBND\n|\nBình Minh, ngày 30 tháng 12 năm 2025"
    assert plain_text(text).split("\n")[:3] == [
        "UBND TỈNH VĨNH LONG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ỦY BAN NHÂN DÂN XÃ BÌNH MINH | Độc lập - Tự do - Hạnh phúc",
        "Số: 212/KH-UBND | Bình Minh, ngày 30 tháng 12 năm 2025",
    ]


def test_a_markdown_table_of_the_body_is_one_line_a_row():
    text = """Phân công như sau:

| TT | Nội dung | Chủ trì |
|---|:---|---:|
| **A** |
| 1 | Rà soát hợp tác xã<br>trên địa bàn | Phòng Kinh tế |
| 2 | Tập huấn \\| bồi dưỡng | Hội Nông dân xã |

Tiếp theo."""
    assert plain_text(text).split("\n") == [
        "Phân công như sau:",
        "",
        "TT | Nội dung | Chủ trì",
        "A |",
        "1 | Rà soát hợp tác xã trên địa bàn | Phòng Kinh tế",
        "2 | Tập huấn | bồi dưỡng | Hội Nông dân xã",
        "",
        "",
        "Tiếp theo.",
    ]


def test_a_markdown_row_hard_wrapped_is_one_row():
    text = (
        "| TT | Nội dung | Chủ trì |\n|---|---|---|\n"
        "| 1 | Rà soát các hợp tác xã trên địa bàn xã về vốn,\nđất đai và nhân lực | Phòng Kinh tế |"
    )
    assert (
        plain_text(text).split("\n")[1]
        == "1 | Rà soát các hợp tác xã trên địa bàn xã về vốn, đất đai và nhân lực | Phòng Kinh tế"
    )


def test_rows_between_bars_without_a_separator_line_are_no_markdown_table():
    # A table already written one row a line, a wrapped row starting with an empty cell.
    text = "TT | Nội dung | Chủ trì | Ghi chú\n1 | Tuyên truyền trên | UBND xã | \n | loa truyền thanh xã | |"
    assert plain_text(text) == text


def test_rows_without_outer_bars_lose_only_their_separator():
    text = "TT | Nội dung | Chủ trì\n---|---|---\n1 | Rà soát | Phòng Kinh tế"
    assert plain_text(text).split("\n")[:2] == ["TT | Nội dung | Chủ trì", "1 | Rà soát | Phòng Kinh tế"]


# --- Header and foot in plain text ---------------------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        ["Đồng Tháp,", "ngày 01 tháng 12 năm 2025"],
        ["Đồng Tháp, ngày 01 tháng 12", "năm 2025"],
        ["Đồng Tháp, ngày 01", "tháng 12 năm 2025"],
    ],
)
def test_a_place_and_date_over_two_lines(lines):
    text = "\n".join(
        ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "Số: 125/KH-UBND", *lines, "", "KẾ HOẠCH", "Phát triển hợp tác xã"]
    )
    data, warnings = parse_plan(text + "\n\nI. MỤC TIÊU\nNâng cao thu nhập.")
    assert (data["place"], data["date"], data["issuer"]["name"]) == (
        "Đồng Tháp",
        "2025-12-01",
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH",
    )
    assert warnings == []


def test_a_date_over_two_rows_of_a_flattened_table():
    text = "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN HIỆP | Độc lập - Tự do - Hạnh phúc\n"
    text += (
        "Số: 09/KH-UBND | An Hiệp, ngày 20 tháng 02\n | năm 2023\n\nKẾ HOẠCH\nNâng chất hợp tác xã\n\nI. MỤC TIÊU\nMột."
    )
    data, warnings = parse_plan(text)
    assert (data["number"], data["place"], data["date"]) == (9, "An Hiệp", "2023-02-20")
    assert warnings == []


@pytest.mark.parametrize(
    "names, issuer",
    [
        (["ỦY BAN NHÂN DÂN XÃ PHÚ", "HÒA ĐÔNG"], ("ỦY BAN NHÂN DÂN XÃ PHÚ HÒA ĐÔNG", "")),
        (
            ["UBND TỈNH ĐỒNG THÁP", "ỦY BAN NHÂN DÂN", "XÃ TÂN HÒA"],
            ("ỦY BAN NHÂN DÂN XÃ TÂN HÒA", "UBND TỈNH ĐỒNG THÁP"),
        ),
        (["ĐẢNG ỦY XÃ MỸ AN", "ỦY BAN NHÂN DÂN XÃ MỸ AN"], ("ỦY BAN NHÂN DÂN XÃ MỸ AN", "ĐẢNG ỦY XÃ MỸ AN")),
    ],
)
def test_an_issuer_wrapped_over_lines(names, issuer):
    data, _ = parse_plan(
        "\n".join([*names, "Số: 3/KH-UBND", "", "KẾ HOẠCH", "Phát triển hợp tác xã", "", "I. MỤC TIÊU", "Một."])
    )
    assert (data["issuer"]["name"], data["issuer"]["parent"]) == issuer


BODY = "KẾ HOẠCH\nPhát triển hợp tác xã\n\nI. MỤC TIÊU\nNâng cao thu nhập.\n\nTrên đây là Kế hoạch./.\n\n"


@pytest.mark.parametrize(
    "foot, signer, labels",
    [
        (
            "Nơi nhận :\n- Như trên;\n- Lưu: VT, VP.\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nLê Văn Tám",
            ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Tám"),
            ["Như trên", "Lưu: VT, VP"],
        ),
        (
            "*Nơi nhận:*\n- UBND tỉnh;\n- Lưu: VT\n|\n"
            "**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\n*(Ký, đóng dấu)*\n**Võ Minh Tâm**",
            ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Võ Minh Tâm"),
            ["UBND tỉnh", "Lưu: VT"],
        ),
        (
            "**TM. ỦY BAN NHÂN DÂN XÃ**\n**TÂN HIỆP**\n**CHỦ TỊCH**\nĐã ký\n**NGUYỄN THÀNH NHÂN**\n\n"
            "Nơi nhận:\n- Lưu: VT.",
            ("TM. ỦY BAN NHÂN DÂN XÃ TÂN HIỆP", "CHỦ TỊCH", "Nguyễn Thành Nhân"),
            ["Lưu: VT"],
        ),
        (
            "Nơi nhận:\n- Phòng Kinh tế;\n- Lưu: VT | TM. ỦY BAN NHÂN DÂN\nQ. CHỦ TỊCH\n(Đã ký)\nPhạm Minh Tuấn",
            ("TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH", "Phạm Minh Tuấn"),
            ["Phòng Kinh tế", "Lưu: VT"],
        ),
        (
            "| Nơi nhận: | KT. CHỦ TỊCH |\n|---|---|\n| - Lưu: VT. | PHÓ CHỦ TỊCH |\n| | (Đã ký) |\n"
            "| | Nguyễn Lê Hoàng |\n| | Phương |",
            ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Lê Hoàng Phương"),
            ["Lưu: VT"],
        ),
    ],
)
def test_signer_blocks_and_recipients_in_the_forms_a_web_copy_gives_them(foot, signer, labels):
    data, warnings = parse_plan(BODY + foot)
    assert (data["signer"]["authority"], data["signer"]["title"], data["signer"]["name"]) == signer
    assert [r["label"] for r in data["recipients"]] == labels
    assert warnings == []


def test_deeper_numbering_of_any_length_stays_in_its_item_and_figures_stay_text():
    items = "\n".join(f"{n}. Công việc số {n} của xã." for n in range(1, 121))
    items = items.replace(
        "12. Công việc số 12 của xã.", "12. Công việc số 12 của xã.\n12.10.3. Một phần của công việc."
    )
    text = f"KẾ HOẠCH\nPhát triển hợp tác xã\n\nII. NHIỆM VỤ\n{items}\n\nIII. GIẢI PHÁP\n1. Vốn góp của thành viên tăng"
    data, warnings = parse_plan(text + "\n1.240 ha đất sản xuất được giao.")
    tasks = data["tasks"]["items"]
    assert len(tasks) == 120 and tasks[119]["title"] == "Công việc số 120 của xã."
    assert tasks[11]["body"] == "12.10.3. Một phần của công việc."
    assert data["solutions"]["items"][0]["title"] == "Vốn góp của thành viên tăng 1.240 ha đất sản xuất được giao."
    assert warnings == []


@pytest.mark.parametrize(
    "heading, tasks_heading",
    [
        ("II. NHIỆM VỤ VÀ GIẢI PHÁP\nTHỰC HIỆN", "Nhiệm vụ và giải pháp thực hiện"),
        ("II.\nNHIỆM VỤ TRỌNG TÂM", "Nhiệm vụ trọng tâm"),
        # A line with a marker of its own, or one that opens a part, is no second line of the heading.
        ("II. NHIỆM VỤ\nA. NHIỆM VỤ CHUNG", "Nhiệm vụ"),
        ("II. NỘI DUNG\nNHIỆM VỤ CHUNG", "Nội dung"),
    ],
)
def test_a_heading_in_capitals_over_two_lines(heading, tasks_heading):
    # Lines of a page's width around it, as in a plan.
    body = "Rà soát, đánh giá thực trạng hoạt động của các hợp tác xã nông nghiệp trên địa bàn"
    text = f"KẾ HOẠCH\nPhát triển hợp tác xã\n\n{heading}\n1. Việc một.\n{body}\nxã.\n2. Việc hai.\n{body}\nxã."
    data, _ = parse_plan(text)
    assert (data["tasks"]["heading"], len(data["tasks"]["items"])) == (tasks_heading, 2)


def test_a_paragraph_right_above_a_table_is_no_cell_of_it():
    text = "Năm 2024, trên địa bàn phường có 07 hợp tác xã; kết quả chủ yếu như sau:\n"
    text += "Chỉ tiêu | Năm 2023 | Năm 2024\n---|---|---\nSố hợp tác xã | 6 | 7\nSố thành viên\nchính thức | 312 | 348"
    assert plain_text(text).split("\n")[:4] == [
        "Năm 2024, trên địa bàn phường có 07 hợp tác xã; kết quả chủ yếu như sau:",
        "Chỉ tiêu | Năm 2023 | Năm 2024",
        "Số hợp tác xã | 6 | 7",
        "Số thành viên chính thức | 312 | 348",
    ]
