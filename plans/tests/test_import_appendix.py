"""Plans that end with appendices: the task list "Phân công thực hiện" read
as the plan's tasks (group, lead, partners, time as written and its days,
output, note, the other columns kept by their heading), any other appendix
kept as one with its table, and nothing left unplaced or out of order."""

import io
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.imports import MARKER, data_words, import_file, parse_plan, words_of
from plans.imports.appendix import appendix_heading
from plans.imports.parser import UNPLACED_HEADING
from plans.interchange.load import plan_import
from plans.models import Plan
from plans.tests.wordorder import share_in_order

DATA = Path(__file__).resolve().parent / "data" / "appendix"


def read(name: str):
    path = DATA / name
    return import_file(path.name, path.read_bytes())


def assert_whole(result) -> None:
    """Nothing unplaced, and the words of the document in the result in its order."""
    assert UNPLACED_HEADING not in [e["heading"] for e in result.data["extra_sections"]]
    assert share_in_order(result.text, result.data) >= 0.99


def row(task: dict) -> tuple:
    return (task["group"], task["title"], task["lead"], task["partners"], task["period"], task["start"], task["due"])


def test_a_task_appendix_after_the_signature_becomes_the_plans_tasks():
    result = read("vinhthanh_2026.txt")
    data = result.data
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ VĨNH THẠNH"
    assert (data["number"], data["date"], data["place"]) == (125, "2025-12-01", "Vĩnh Thạnh")
    # Issued in December for the year its title names.
    assert data["year"] == 2026
    assert data["title"] == "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã Vĩnh Thạnh năm 2026"
    assert len(data["recipients"]) == 7 and data["recipients"][-1]["archive"]
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Nguyễn Văn Hùng",
    }
    assert data["task_appendix"] == {
        "title": "Danh mục nhiệm vụ phát triển kinh tế tập thể, hợp tác xã năm 2026",
        "listing": "appendix",
    }
    assert "appendices" not in data
    tasks = data["tasks"]["items"]
    assert len(tasks) == 16
    assert [t["group"] for t in tasks] == ["Củng cố, kiện toàn tổ chức hợp tác xã"] * 5 + [
        "Nâng cao năng lực và hiệu quả hoạt động"
    ] * 5 + ["Liên kết sản xuất và tiêu thụ sản phẩm"] * 6
    assert row(tasks[0]) == (
        "Củng cố, kiện toàn tổ chức hợp tác xã",
        "Rà soát, đánh giá thực trạng hoạt động của 06 hợp tác xã trên địa bàn xã",
        "Phòng Kinh tế",
        ["Văn phòng HĐND và UBND xã", "các hợp tác xã"],
        "Quý I/2026",
        "2026-01-01",
        "2026-03-31",
    )
    assert (tasks[0]["product"], tasks[0]["note"], tasks[0]["extra"]) == (
        "Báo cáo đánh giá",
        "",
        {"Kinh phí (triệu đồng)": "5"},
    )
    assert tasks[0]["body"] == ""
    # A unit's own dash stays; the note and an empty cost are kept.
    assert tasks[2]["partners"] == ["Phòng Tài chính - Kế hoạch", "Công an xã"]
    assert (tasks[2]["note"], tasks[2]["extra"]) == ("Theo đề nghị của hợp tác xã", {"Kinh phí (triệu đồng)": ""})
    assert [(t["period"], t["start"], t["due"]) for t in (tasks[1], tasks[4], tasks[8])] == [
        ("Trước 31/3/2026", None, "2026-03-31"),
        ("Thường xuyên", None, None),  # the plan's year already says it
        ("Từ 01/4/2026 đến 30/11/2026", "2026-04-01", "2026-11-30"),
    ]
    assert (tasks[7]["start"], tasks[7]["due"]) == ("2026-03-01", "2026-09-30")  # "Tháng 3 - tháng 9/2026"
    assert (tasks[10]["period"], tasks[10]["due"]) == ("Vụ Hè Thu 2026", None)
    last = tasks[15]
    assert (last["period"], last["due"], last["partners"]) == ("Trước 15/12", "2026-12-15", ["Các ngành, đoàn thể xã"])
    # "chi tiết tại Phụ lục kèm theo" inside a sentence is no heading.
    assert "tại Phụ lục kèm theo Kế hoạch này." in data["objectives"]["items"][1]["body"]
    assert [e["heading"] for e in data["extra_sections"]] == ["Tổ chức thực hiện"]
    assert result.warnings == [
        "Đọc được 16 nhiệm vụ từ phụ lục “Danh mục nhiệm vụ phát triển kinh tế tập thể, hợp tác xã năm 2026”."
    ]
    assert_whole(result)


def test_a_task_list_headed_after_the_signer_and_an_appendix_of_works_with_costs():
    result = read("tanthanh_2026.txt")
    data = result.data
    assert (data["issuer"]["name"], data["issuer"]["parent"]) == ("ỦY BAN NHÂN DÂN XÃ TÂN THÀNH", "UBND TỈNH AN GIANG")
    assert (data["number"], data["date"], data["year"]) == (36, "2026-01-20", 2026)
    assert [r["label"] for r in data["recipients"]] == [
        "Sở Tài chính",
        "Sở Nông nghiệp và Môi trường",
        "Các hợp tác xã nông nghiệp",
        "Lưu: VT, KT",
    ]
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Trần Minh Tâm"}
    assert data["task_appendix"] == {"title": "Phân công thực hiện", "listing": "appendix"}
    tasks = data["tasks"]["items"]
    assert len(tasks) == 8
    # Grouping rows written in the number and task columns, the others empty.
    assert [t["group"] for t in tasks] == ["Chuẩn bị đầu tư"] * 3 + ["Triển khai xây dựng"] * 3 + [
        "Nghiệm thu, bàn giao"
    ] * 2
    assert row(tasks[4]) == (
        "Triển khai xây dựng",
        "Thi công các công trình",
        "Ban Quản lý dự án xã",
        ["Các hợp tác xã nông nghiệp"],
        "Từ tháng 5 đến tháng 10/2026",
        "2026-05-01",
        "2026-10-31",
    )
    assert tasks[4]["note"] == "Theo tiến độ từng công trình"
    assert (tasks[5]["period"], tasks[5]["start"], tasks[5]["due"]) == ("Trong thời gian thi công", None, None)
    assert (tasks[7]["partners"], tasks[7]["due"]) == ([], "2026-12-20")
    (works,) = data["appendices"]
    assert works["title"] == "Danh mục công trình hỗ trợ hợp tác xã năm 2026"
    assert works["body"].startswith("Các công trình được ưu tiên theo thứ tự dưới đây")
    assert works["columns"] == [
        "TT",
        "Tên công trình",
        "Địa điểm",
        "Quy mô",
        "Kinh phí (triệu đồng)",
        "Nguồn vốn",
        "Thời gian thực hiện",
    ]
    assert works["rows"][0] == ["A. GIAO THÔNG NỘI ĐỒNG"]
    assert works["rows"][3] == ["B. THỦY LỢI"]
    assert works["rows"][1] == [
        "1",
        "Đường đal nội đồng ấp Tân Hòa",
        "Ấp Tân Hòa",
        "1,2 km",
        "450",
        "Ngân sách tỉnh",
        "Quý II/2026",
    ]
    assert works["rows"][-1] == ["Tổng cộng", "", "", "", "1.250", "", ""]
    assert works["note"].startswith("Ghi chú: Kinh phí là dự kiến")
    assert_whole(result)


def test_a_body_task_section_beside_a_task_appendix_is_kept_as_written_in_its_place():
    result = read("phuloi_2026.txt")
    data = result.data
    assert data["issuer"]["parent"] == "ĐẢNG ỦY XÃ PHÚ LỢI"
    # A title in capitals is written in sentence case; the place keeps its capitals.
    assert data["task_appendix"]["title"] == (
        "Kế hoạch triển khai các nhiệm vụ phát triển hợp tác xã trên địa bàn xã Phú Lợi năm 2026"
    )
    section = next(e for e in data["extra_sections"] if e["heading"] == "Nhiệm vụ trọng tâm")
    assert section["after"] == "objectives"
    assert section["body"].startswith("1. Củng cố tổ chức, nâng cao chất lượng hoạt động của hợp tác xã\n\nRà soát")
    assert section["body"].endswith("Nhiệm vụ cụ thể của từng cơ quan, đơn vị tại Phụ lục I kèm theo Kế hoạch này.")
    tasks = data["tasks"]["items"]
    assert len(tasks) == 8  # from the appendix only: none read twice
    sorting, congress, chain, fair = (
        "Củng cố tổ chức, nâng cao chất lượng hoạt động — Sắp xếp lại hợp tác xã",
        "Củng cố tổ chức, nâng cao chất lượng hoạt động — Đại hội thành viên",
        "Phát triển hợp tác xã gắn với chuỗi giá trị — Liên kết tiêu thụ sản phẩm",
        "Phát triển hợp tác xã gắn với chuỗi giá trị",
    )
    # Sub-groups "1." spanning the row, or "3" in the number column over "3.1", "3.2"; task 4 is B's own.
    assert [t["group"] for t in tasks] == [sorting] * 2 + [congress] * 2 + [chain] * 2 + [fair] + [
        "Đào tạo, bồi dưỡng nguồn nhân lực"
    ]
    assert (tasks[3]["period"], tasks[3]["start"], tasks[3]["due"]) == (
        "6 tháng cuối năm 2026",
        "2026-07-01",
        "2026-12-31",
    )
    assert tasks[5]["product"] == "Giấy chứng nhận VietGAP"
    assert tasks[7]["period"] == "Theo kế hoạch của Liên minh Hợp tác xã tỉnh" and tasks[7]["due"] is None
    # A second table of tasks is an appendix of its own.
    (digital,) = data["appendices"]
    assert digital["title"] == "Danh mục nhiệm vụ chuyển đổi số trong hợp tác xã"
    assert digital["columns"] == ["TT", "Nội dung", "Đơn vị thực hiện", "Thời gian"]
    assert len(digital["rows"]) == 2
    assert any("phần “Nhiệm vụ trọng tâm” của văn bản được giữ nguyên văn" in w for w in result.warnings)
    assert_whole(result)


def test_a_pdf_with_wrapped_rows_a_repeated_header_and_page_numbers():
    result = read("binhhoa_2026.txt")
    data = result.data
    assert (data["issuer"]["name"], data["number"], data["date"]) == ("ỦY BAN NHÂN DÂN XÃ BÌNH HÒA", 18, "2026-01-10")
    assert data["signer"]["name"] == "Phạm Thị Thu Hương" and len(data["recipients"]) == 3
    # "Phụ lục I kèm theo Kế hoạch này" starting a wrapped line is the closing's, not a heading.
    assert data["closing"].endswith("triển khai các nhiệm vụ cụ thể tại Phụ lục I kèm theo Kế hoạch này./.")
    assert data["task_appendix"]["title"] == "Bảng phân công nhiệm vụ"
    tasks = data["tasks"]["items"]
    assert len(tasks) == 7
    assert row(tasks[0]) == (
        "Công tác tuyên truyền",
        "Tuyên truyền Luật Hợp tác xã năm 2023 trên hệ thống loa truyền thanh xã",
        "Văn phòng HĐND và UBND xã",
        ["Hội Nông dân xã", "Hội Liên hiệp Phụ nữ xã"],
        "Quý I/2026",
        "2026-01-01",
        "2026-03-31",
    )
    assert tasks[0]["extra"] == {"Kinh phí (triệu đồng)": "10"}
    assert tasks[4]["partners"] == ["Bộ phận tiếp nhận và trả kết quả thủ tục hành chính xã"]
    # Across the page break: the header repeated on the new page is form, the wrapped row goes on.
    assert tasks[5]["title"] == (
        "Hỗ trợ hợp tác xã xây dựng phương án sản xuất, kinh doanh và hồ sơ vay vốn Quỹ Hỗ trợ phát triển hợp tác xã"
    )
    assert (tasks[6]["partners"], tasks[6]["start"], tasks[6]["due"]) == (
        ["Các cơ quan, đơn vị liên quan"],
        "2026-06-01",
        "2026-12-31",
    )
    assert [t["group"] for t in tasks].count("Hỗ trợ thành lập mới và củng cố hợp tác xã") == 4
    assert [e["heading"] for e in data["extra_sections"]] == ["Nội dung", "Tổ chức thực hiện"]
    assert_whole(result)


def test_a_pdf_table_of_tasks_one_cell_a_line():
    result = read("hoaan_2026.txt")
    data = result.data
    assert data["task_appendix"]["title"] == "Danh mục nhiệm vụ năm 2026"
    tasks = data["tasks"]["items"]
    assert [(t["group"], t["title"], t["lead"], t["partners"], t["due"]) for t in tasks] == [
        (
            "Củng cố hợp tác xã",
            "Rà soát, đánh giá hoạt động của 05 hợp tác xã",
            "Phòng Kinh tế",
            ["Các hợp tác xã"],
            "2026-03-31",
        ),
        (
            "Củng cố hợp tác xã",
            "Hướng dẫn hợp tác xã tổ chức đại hội thành viên thường niên",
            "Phòng Kinh tế",
            ["Liên minh Hợp tác xã thành phố"],
            "2026-03-31",
        ),
        (
            "Thành lập mới hợp tác xã",
            "Vận động thành lập Hợp tác xã Chăn nuôi bò sữa Hòa An",
            "Hội Nông dân xã",
            ["Phòng Kinh tế"],
            "2026-06-30",
        ),
        (
            "Thành lập mới hợp tác xã",
            "Hỗ trợ hợp tác xã mới thành lập xây dựng chuồng trại",
            "Phòng Kinh tế",
            ["Hợp tác xã Chăn nuôi bò sữa Hòa An"],
            "2026-09-30",
        ),
    ]
    # The note under the task list has no place in it: kept as an appendix of its own, and said so.
    (note,) = data["appendices"]
    assert (note["title"], note["columns"], note["body"]) == ("Danh mục nhiệm vụ năm 2026", [], "")
    assert note["note"].startswith("Ghi chú: Các đơn vị báo cáo kết quả")
    assert "được giữ thành một phụ lục riêng cùng tên" in result.warnings[0]
    assert_whole(result)


def _word_plan() -> bytes:
    """A Word plan whose task appendix has grouping rows spanning the table
    (gridSpan) and a lead cell merged over two rows (vMerge)."""
    import docx

    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "UBND TỈNH VĨNH LONG"
    head.cell(0, 0).add_paragraph("ỦY BAN NHÂN DÂN XÃ LONG PHÚ")
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    head.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    head.cell(1, 0).text = "Số: 21/KH-UBND"
    head.cell(1, 1).text = "Long Phú, ngày 12 tháng 01 năm 2026"
    for text in [
        "KẾ HOẠCH",
        "Phát triển hợp tác xã nông nghiệp năm 2026",
        "Căn cứ Luật Hợp tác xã ngày 20 tháng 6 năm 2023;",
        "I. MỤC TIÊU",
        "Mỗi hợp tác xã có ít nhất một hợp đồng liên kết tiêu thụ sản phẩm.",
        "II. KINH PHÍ",
        "Ngân sách xã năm 2026.",
        "Trên đây là Kế hoạch phát triển hợp tác xã nông nghiệp năm 2026 của Ủy ban nhân dân xã Long Phú.",
    ]:
        document.add_paragraph(text)
    sign = document.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:"
    sign.cell(0, 0).add_paragraph("- UBND tỉnh;")
    sign.cell(0, 0).add_paragraph("- Lưu: VT.")
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN"
    sign.cell(0, 1).add_paragraph("CHỦ TỊCH")
    sign.cell(0, 1).add_paragraph("Huỳnh Văn Lộc")
    document.add_page_break()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("PHÂN CÔNG THỰC HIỆN NHIỆM VỤ NĂM 2026")
    document.add_paragraph("(Kèm theo Kế hoạch số 21/KH-UBND ngày 12/01/2026 của Ủy ban nhân dân xã Long Phú)")
    rows = [
        ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"],
        ["I. LIÊN KẾT SẢN XUẤT"],
        ["1", "Ký hợp đồng liên kết tiêu thụ lúa", None, "Các hợp tác xã", "Quý I/2026", "Hợp đồng"],
        ["2", "Xây dựng cánh đồng lớn 200 ha", None, "Hội Nông dân xã", "Vụ Hè Thu 2026", "Cánh đồng lớn"],
        ["II. NÂNG CAO NĂNG LỰC"],
        [
            "3",
            "Tập huấn kế toán hợp tác xã",
            "Liên minh Hợp tác xã tỉnh",
            "Phòng Kinh tế",
            "Tháng 5/2026",
            "30 học viên",
        ],
    ]
    table = document.add_table(rows=len(rows), cols=6)
    for r, cells in enumerate(rows):
        if len(cells) == 1:
            table.cell(r, 0).merge(table.cell(r, 5)).text = cells[0]
            continue
        for c, text in enumerate(cells):
            if text is not None:
                table.cell(r, c).text = text
    table.cell(2, 2).merge(table.cell(3, 2)).text = "Phòng Kinh tế"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_word_task_appendix_with_spanning_grouping_rows_and_a_merged_lead_cell():
    result = import_file("long-phu.docx", _word_plan())
    data = result.data
    assert (data["number"], data["date"], data["signer"]["name"]) == (21, "2026-01-12", "Huỳnh Văn Lộc")
    assert data["task_appendix"]["title"] == "Phân công thực hiện nhiệm vụ năm 2026"
    assert [row(t) for t in data["tasks"]["items"]] == [
        (
            "Liên kết sản xuất",
            "Ký hợp đồng liên kết tiêu thụ lúa",
            "Phòng Kinh tế",
            ["Các hợp tác xã"],
            "Quý I/2026",
            "2026-01-01",
            "2026-03-31",
        ),
        (
            "Liên kết sản xuất",
            "Xây dựng cánh đồng lớn 200 ha",
            "Phòng Kinh tế",
            ["Hội Nông dân xã"],
            "Vụ Hè Thu 2026",
            None,
            None,
        ),
        (
            "Nâng cao năng lực",
            "Tập huấn kế toán hợp tác xã",
            "Liên minh Hợp tác xã tỉnh",
            ["Phòng Kinh tế"],
            "Tháng 5/2026",
            "2026-05-01",
            "2026-05-31",
        ),
    ]
    assert [t["product"] for t in data["tasks"]["items"]] == ["Hợp đồng", "Cánh đồng lớn", "30 học viên"]
    assert_whole(result)


def test_the_rows_a_reader_writes_are_read_whichever_way_it_writes_a_spanning_row():
    """The convention "text |" for a row one cell spans, and a line without "|" between two rows."""
    for grouping in ("I. LIÊN KẾT SẢN XUẤT |", "I. LIÊN KẾT SẢN XUẤT", "I | Liên kết sản xuất | | |"):
        text = "\n".join(
            [
                "KẾ HOẠCH",
                "Liên kết sản xuất năm 2026",
                "I. MỤC TIÊU",
                "Tăng liên kết.",
                "Nơi nhận:",
                "- Lưu: VT.",
                "TM. ỦY BAN NHÂN DÂN",
                "CHỦ TỊCH",
                "Lê Văn A",
                "",
                "PHỤ LỤC",
                "TT | Nội dung | Chủ trì | Thời gian",
                grouping,
                "100 | Ký hợp đồng | Phòng Kinh tế | Quý I/2026",
                "101 | Xây dựng cánh đồng lớn | Hội Nông dân xã | Quý II/2026",
            ]
        )
        data, _warnings = parse_plan(text)
        tasks = data["tasks"]["items"]
        assert [(t["group"], t["title"]) for t in tasks] == [
            ("Liên kết sản xuất", "Ký hợp đồng"),
            ("Liên kết sản xuất", "Xây dựng cánh đồng lớn"),
        ], grouping


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("PHỤ LỤC", ("PHỤ LỤC", "")),
        ("PHỤ LỤC I", ("PHỤ LỤC I", "")),
        ("PHỤ LỤC: Danh mục nhiệm vụ", ("PHỤ LỤC", "Danh mục nhiệm vụ")),
        ("Phụ lục 02 - DANH MỤC CÔNG TRÌNH", ("Phụ lục 02", "DANH MỤC CÔNG TRÌNH")),
        ("PHỤ LỤC SỐ 3 KẾ HOẠCH TRIỂN KHAI", ("PHỤ LỤC SỐ 3", "KẾ HOẠCH TRIỂN KHAI")),
        ("Phụ lục kèm theo Kế hoạch này.", None),
        ("Phụ lục I kèm theo Kế hoạch này./.", None),
        ("Phụ lục I. Các đơn vị triển khai theo kế hoạch.", None),
        ("Chi tiết tại Phụ lục kèm theo", None),
    ],
)
def test_an_appendix_heading_is_a_short_line_never_a_sentence(line, heading):
    assert appendix_heading(line) == heading


def test_an_appendix_named_in_the_body_and_after_the_signer_is_no_appendix():
    lines = [
        "KẾ HOẠCH",
        "Phát triển hợp tác xã năm 2026",
        "I. NHIỆM VỤ",
        "1. Rà soát hợp tác xã, chi tiết tại",
        "Phụ lục kèm theo Kế hoạch này.",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Lê Văn A",
    ]
    data, _warnings = parse_plan("\n".join(lines))
    assert "appendices" not in data and "task_appendix" not in data
    assert data["tasks"]["items"][0]["title"] == "Rà soát hợp tác xã, chi tiết tại Phụ lục kèm theo Kế hoạch này."


VOCABULARY = (
    "hợp tác xã nông nghiệp củng cố thành viên dịch vụ tiêu thụ liên kết doanh nghiệp Phòng Kinh tế "
    "Hội Nông dân Quý II/2026 Tháng 6 năm Trước 30/6/2026 Thường xuyên phụ lục kèm theo 50 triệu"
).split()
phrase = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join)


@st.composite
def appendix_lines(draw):
    width = draw(st.integers(3, 7))
    headings = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian thực hiện", "Ghi chú", "Kinh phí", "Địa điểm"]
    lines = [draw(st.sampled_from(["PHỤ LỤC", "PHỤ LỤC I", "PHÂN CÔNG THỰC HIỆN"])), " | ".join(headings[:width])]
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["task", "task", "group", "wrap", "text", "short"]))
        cells = [draw(phrase) for _ in range(width - 1)]
        if kind == "task":
            lines.append(" | ".join([str(draw(st.integers(1, 200))), *cells]))
        elif kind == "group":
            lines.append(f"{draw(st.sampled_from(['I', 'II', 'A', '1']))}. {draw(phrase).upper()} |")
        elif kind == "wrap":
            lines.append(" | ".join(["", draw(phrase).lower(), *cells[1:]]))
        elif kind == "short":
            lines.append(" | ".join(cells[: draw(st.integers(1, width - 1))]))
        else:
            lines.append(draw(phrase))
    return lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(appendix=appendix_lines())
def test_no_word_of_an_appendix_is_lost_however_its_table_is_laid_out(appendix):
    lines = ["KẾ HOẠCH", "Phát triển hợp tác xã năm 2026", "I. MỤC TIÊU", "Tăng liên kết.", "Nơi nhận:", "- Lưu: VT."]
    lines += ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn A", "", *appendix]
    data, _warnings = parse_plan("\n".join(lines))
    have = set(data_words(data))
    # The label, the heading row of a task list and the numbers of its rows are form.
    form = {"phụ", "lục", "tt", "nội", "dung", "nhiệm", "vụ", "đơn", "vị", "chủ", "trì", "thời", "gian"}
    form |= {"thực", "hiện", "ghi", "chú", "kinh", "phí", "địa", "điểm", "nơi", "nhận"}
    for line in lines[1:]:  # "KẾ HOẠCH" is the type
        missing = {w for w in words_of(MARKER.sub("", line)) if not w.isdigit() and w not in form} - have
        assert not missing, (line, missing)


# --- Saved as a plan -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["vinhthanh_2026.txt", "tanthanh_2026.txt", "phuloi_2026.txt", "binhhoa_2026.txt", "hoaan_2026.txt"]
)
def test_each_plan_with_appendices_saves_its_tasks_columns_and_tables(name, orgs):
    data = read(name).data
    plan = plan_import(data=data, issuer=orgs["ubnd_a"])
    tasks = list(plan.tasks.order_by("position"))
    assert len(tasks) == len(data["tasks"]["items"])
    for task, item in zip(tasks, data["tasks"]["items"], strict=True):
        assert (task.group, task.title, task.lead_unit, task.partner_list) == (
            item["group"],
            item["title"],
            item["lead"],
            item["partners"],
        )
        assert task.period_text == item["period"]
        assert (task.start_on and task.start_on.isoformat(), task.due_on and task.due_on.isoformat()) == (
            item["start"],
            item["due"],
        )
        assert (task.product, task.note, task.extra_columns) == (item["product"], item["note"], item["extra"])
    assert plan.task_listing == Plan.TaskListing.APPENDIX
    assert plan.task_appendix_title == data["task_appendix"]["title"]
    saved = [a.columns_and_rows for a in plan.appendices.order_by("position")]
    assert [(columns, trimmed(rows)) for columns, rows in saved] == [
        (a["columns"], trimmed(a["rows"])) for a in data.get("appendices", [])
    ]


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    """A table's rows without their trailing empty cells, which the saved table leaves out."""
    out = []
    for cells in rows:
        cells = list(cells)
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        out.append(cells)
    return out


def test_the_saved_plan_keeps_the_period_due_date_group_and_other_columns(orgs):
    plan = plan_import(data=read("vinhthanh_2026.txt").data, issuer=orgs["ubnd_a"])
    task = plan.tasks.get(title__startswith="Hỗ trợ hợp tác xã xây dựng kho lạnh")
    assert (task.period_text, task.start_on.isoformat(), task.due_on.isoformat()) == (
        "Từ 01/4/2026 đến 30/11/2026",
        "2026-04-01",
        "2026-11-30",
    )
    assert task.group == "Nâng cao năng lực và hiệu quả hoạt động"
    assert task.extra_columns == {"Kinh phí (triệu đồng)": "450"}
    assert (task.product, task.note) == ("01 kho lạnh 50 tấn", "Ngân sách tỉnh hỗ trợ")
    assert plan.year == 2026
    works = plan_import(
        data=read("tanthanh_2026.txt").data, issuer=orgs["ubnd_a"], additional_reason="Thử"
    ).appendices.get()
    assert works.table.splitlines()[:3] == [
        "TT | Tên công trình | Địa điểm | Quy mô | Kinh phí (triệu đồng) | Nguồn vốn | Thời gian thực hiện",
        "A. GIAO THÔNG NỘI ĐỒNG",
        "1 | Đường đal nội đồng ấp Tân Hòa | Ấp Tân Hòa | 1,2 km | 450 | Ngân sách tỉnh | Quý II/2026",
    ]


# --- The preview -----------------------------------------------------------------------------


def test_the_preview_shows_the_task_list_and_each_appendix_as_tables(cast, login, orgs):
    path = DATA / "tanthanh_2026.txt"
    client = login(cast["editor_a"])
    response = client.post("/plans/import/", {"file": _upload(path), "issuer": orgs["ubnd_a"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "8 nhiệm vụ" in html and "· 2 phụ lục" in html
    assert "Đọc được 8 nhiệm vụ từ phụ lục “Phân công thực hiện”." in html
    assert "Các nhiệm vụ được liệt kê ở phụ lục “Phân công thực hiện” sau chữ ký." in html
    assert '<td colspan="6" class="fw-semibold">Chuẩn bị đầu tư</td>' in html
    assert '<td>Từ tháng 5 đến tháng 10/2026<br><span class="text-muted">01/05/2026 – 31/10/2026</span></td>' in html
    assert "<td>Các hợp tác xã nông nghiệp</td>" in html
    assert '<td colspan="7" class="fw-semibold">A. GIAO THÔNG NỘI ĐỒNG</td>' in html
    assert "<th>Kinh phí (triệu đồng)</th>" in html and "<td>Tổng cộng</td>" in html
    response = client.post("/plans/import/", {"token": response.context["token"]})
    plan = Plan.objects.get()
    assert plan.tasks.count() == 8 and plan.appendices.count() == 1 and plan.task_listing == "appendix"


def _upload(path: Path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


PLAN = ["KẾ HOẠCH", "Phát triển hợp tác xã năm 2026", "I. MỤC TIÊU", "Tăng liên kết."]
CLOSING = "Trên đây là Kế hoạch phát triển hợp tác xã năm 2026."
FOOT = ["Nơi nhận:", "- UBND tỉnh;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn A"]


def test_a_foot_written_under_the_appendix_is_still_the_plans():
    appendix = ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ", "(Kèm theo Kế hoạch số 5/KH-UBND ngày 05/01/2026 của UBND xã A)"]
    appendix += ["TT | Nội dung | Chủ trì | Thời gian", "1 | Ký hợp đồng | Phòng Kinh tế | Quý I/2026", ""]
    data, warnings = parse_plan("\n".join([*PLAN, CLOSING, *appendix, *FOOT]))
    assert [r["label"] for r in data["recipients"]] == ["UBND tỉnh", "Lưu: VT"]
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Lê Văn A"}
    assert [t["title"] for t in data["tasks"]["items"]] == ["Ký hợp đồng"]
    assert data["extra_sections"] == [] and warnings == ["Đọc được 1 nhiệm vụ từ phụ lục “Danh mục nhiệm vụ”."]


def test_an_appendix_of_text_alone_is_kept_with_its_title():
    appendix = ["PHỤ LỤC II", "HƯỚNG DẪN BÁO CÁO", "(Kèm theo Kế hoạch số 5/KH-UBND)"]
    appendix += ["1. Báo cáo quý gửi trước ngày 20 của tháng cuối quý.", "2. Báo cáo năm gửi trước ngày 15/12."]
    data, warnings = parse_plan("\n".join([*PLAN, CLOSING, *FOOT, *appendix]))
    assert data["appendices"] == [
        {
            "title": "Hướng dẫn báo cáo",
            "body": "1. Báo cáo quý gửi trước ngày 20 của tháng cuối quý.\n\n2. Báo cáo năm gửi trước ngày 15/12.",
            "columns": [],
            "rows": [],
            "note": "",
        }
    ]
    assert "task_appendix" not in data and data["extra_sections"] == [] and warnings == []


def test_a_table_of_tasks_in_the_body_stays_the_task_list_and_a_task_appendix_is_then_a_table():
    body = [*PLAN, "II. NHIỆM VỤ", "STT | Nội dung | Đơn vị chủ trì | Thời gian thực hiện"]
    # (A grouping row "I. ... |" in the body is read as a heading by blocks.py: a table row must be checked first.)
    body += ["A. TUYÊN TRUYỀN |", "1 | Tuyên truyền Luật | Hội Nông dân xã | Quý I/2026", ""]
    appendix = ["PHỤ LỤC", "TT | Nội dung | Chủ trì | Thời gian", "1 | Ký hợp đồng | Phòng Kinh tế | Quý I/2026"]
    data, _warnings = parse_plan("\n".join([*body, CLOSING, *FOOT, "", *appendix]))
    (task,) = data["tasks"]["items"]
    assert (task["group"], task["title"], task["due"]) == ("Tuyên truyền", "Tuyên truyền Luật", "2026-03-31")
    assert task["body"] == "Thời gian thực hiện: Quý I/2026"  # a body table's task says its time in its text
    assert "task_appendix" not in data
    assert data["appendices"][0]["rows"] == [["1", "Ký hợp đồng", "Phòng Kinh tế", "Quý I/2026"]]


def _pdf_of(text: str) -> bytes:
    """A PDF of a plan written as text: its "a | b" lines as a band of two
    columns, the appendix on landscape pages with the table ruled."""
    import weasyprint

    plan, appendix = text.split("\nPHỤ LỤC\n", 1)
    body = []
    for line in plan.split("\n"):
        if " | " in line:
            left, right = (escape(cell) for cell in line.split(" | ", 1))
            body.append(f'<table class="band"><tr><td>{left}</td><td>{right}</td></tr></table>')
        elif line.strip():
            body.append(f"<p>{escape(line)}</p>")
    head, table = appendix.split("\n\n", 1)
    rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().split("\n")]
    cells = ["<tr>" + "".join(f"<th>{escape(c)}</th>" for c in rows[0]) + "</tr>"]
    for cells_of_row in rows[1:]:
        if not any(cells_of_row[1:]):  # "I. NHÓM |": a row across the table
            cells.append(f'<tr><td colspan="{len(rows[0])}"><b>{escape(cells_of_row[0])}</b></td></tr>')
        else:
            cells.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells_of_row) + "</tr>")
    titles = "".join(f'<p class="center">{escape(line)}</p>' for line in ["PHỤ LỤC", *head.split("\n")])
    style = (
        "@page { size: A4; margin: 2cm } @page wide { size: A4 landscape } body { font: 13pt 'Liberation Serif' }"
        " .band { width: 100% } .band td { width: 50%; text-align: center } .center { text-align: center }"
        " section { page: wide; break-before: page } table.tasks { border-collapse: collapse; font-size: 11pt }"
        " table.tasks td, table.tasks th { border: 0.75pt solid black; padding: 3pt; vertical-align: top }"
    )
    html = f"<html><head><style>{style}</style></head><body>{''.join(body)}<section>{titles}"
    html += f'<table class="tasks">{"".join(cells)}</table></section></body></html>'
    return weasyprint.HTML(string=html).write_pdf()


def test_a_pdf_plan_with_its_task_appendix_on_landscape_pages():
    source = (DATA / "vinhthanh_2026.txt").read_text(encoding="utf-8")
    result = import_file("vinh-thanh.pdf", _pdf_of(source))
    data = result.data
    assert result.kind == "pdf"
    assert (data["number"], data["date"], data["year"]) == (125, "2025-12-01", 2026)
    assert data["signer"]["name"] == "Nguyễn Văn Hùng" and len(data["recipients"]) == 7
    # The national heading wrapped in its column ("... VIỆT" / the parent / "NAM") is no part of a name.
    assert data["issuer"] == {
        "name": "ỦY BAN NHÂN DÂN XÃ VĨNH THẠNH",
        "parent": "UBND TỈNH ĐỒNG THÁP",
        "abbreviation": "UBND",
    }
    assert data["task_appendix"]["title"] == "Danh mục nhiệm vụ phát triển kinh tế tập thể, hợp tác xã năm 2026"
    tasks = data["tasks"]["items"]
    text = read("vinhthanh_2026.txt").data["tasks"]["items"]
    assert len(tasks) == 16
    # The rows the reader gives whole read as from the text; the last row, cut by
    # the page break, comes from the PDF reader with its columns lost.
    for got, want in zip(tasks[:15], text[:15], strict=True):
        assert (row(got), got["product"], got["extra"]) == (row(want), want["product"], want["extra"])
    assert UNPLACED_HEADING not in [e["heading"] for e in data["extra_sections"]]
    assert share_in_order(result.text, data) >= 0.99
