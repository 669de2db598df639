"""One synthetic plan of a commune, written out by the Word and PDF fixture
builders (word_plans, pdf_plans) the way officials lay it out: a header
band in two columns, legal bases with a footnote, numbered sections, a task
table of seven columns on a landscape page with grouping rows across the
table, a lead unit written once for two tasks and a time across two
columns, and the signature band. `plan_text()` is the plan as a person
reads it, the reference an import is measured against."""

from __future__ import annotations

HEADER_LEFT = ["UBND HUYỆN CHÂU THÀNH", "ỦY BAN NHÂN DÂN XÃ TÂN THUẬN"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
NUMBER = "Số: 57/KH-UBND"
DATE = "Tân Thuận, ngày 14 tháng 3 năm 2025"
TITLE = ["Phát triển kinh tế tập thể, hợp tác xã", "trên địa bàn xã Tân Thuận năm 2025"]
BASES = [
    "Căn cứ Luật Hợp tác xã ngày 20 tháng 6 năm 2023;",
    "Căn cứ Kế hoạch số 41/KH-UBND ngày 25/02/2025 của Ủy ban nhân dân huyện Châu Thành "
    "về phát triển kinh tế tập thể năm 2025;",
]
FOOTNOTE = "Kế hoạch số 41/KH-UBND được gửi kèm theo văn bản này."  # on the second basis
PREAMBLE = "Ủy ban nhân dân xã Tân Thuận ban hành Kế hoạch phát triển kinh tế tập thể, hợp tác xã năm 2025 như sau:"

# (level, text): 0 a Roman-numbered section, 1 a numbered item, 2 a dash item, None a paragraph.
BEFORE_TABLE = [
    (0, "MỤC ĐÍCH, YÊU CẦU"),
    (1, "Mục đích"),
    (2, "Nâng cao hiệu quả hoạt động của các hợp tác xã nông nghiệp trên địa bàn xã."),
    (2, "Phấn đấu thành lập mới 02 hợp tác xã trong năm 2025."),
    (1, "Yêu cầu"),
    (2, "Các ngành, đoàn thể phối hợp chặt chẽ, thực hiện đúng tiến độ đề ra."),
    (0, "NHIỆM VỤ CỤ THỂ"),
    (None, "Phân công thực hiện theo bảng sau:"),
]
COLUMNS = [
    "STT",
    "Nội dung nhiệm vụ",
    "Đơn vị chủ trì",
    "Đơn vị phối hợp",
    "Thời gian bắt đầu",
    "Thời gian hoàn thành",
    "Ghi chú",
]
LEAD_OF_TWO = "Công chức Nông nghiệp - Môi trường"
# A str is a grouping row across the table. In a row, None is a cell merged
# with the one above (the lead of task 1 is task 2's too) and a tuple is a
# cell across two columns; a list is a cell of several paragraphs.
TASK_ROWS: list = [
    "I. CỦNG CỐ TỔ CHỨC",
    [
        "1",
        "Rà soát, kiện toàn bộ máy quản lý của 04 hợp tác xã",
        LEAD_OF_TWO,
        "Liên minh Hợp tác xã tỉnh",
        "Tháng 3/2025",
        "Tháng 6/2025",
        "",
    ],
    [
        "2",
        "Hướng dẫn hợp tác xã xây dựng điều lệ theo Luật năm 2023",
        None,
        "Phòng Kinh tế huyện",
        "Tháng 4/2025",
        "Tháng 9/2025",
        "Ưu tiên hợp tác xã mới",
    ],
    "II. PHÁT TRIỂN SẢN XUẤT",
    [
        "3",
        "Xây dựng vùng nguyên liệu lúa chất lượng cao 300 ha",
        "Hợp tác xã Nông nghiệp Tân Thuận",
        "Hội Nông dân xã",
        ("Cả năm 2025",),
        "Liên kết với doanh nghiệp",
    ],
    [
        "4",
        ["Tổ chức lớp tập huấn quản trị cho cán bộ hợp tác xã", "(02 lớp, 60 học viên)"],
        "Hội Nông dân xã",
        "Hợp tác xã Nông nghiệp Tân Thuận; Đoàn Thanh niên xã",
        "Tháng 7/2025",
        "Tháng 8/2025",
        "",
    ],
]
AFTER_TABLE = [
    (0, "GIẢI PHÁP"),
    (1, "Tăng cường tuyên truyền về kinh tế tập thể trên hệ thống truyền thanh xã."),
    (1, "Lồng ghép các nguồn vốn hỗ trợ hợp tác xã từ các chương trình mục tiêu quốc gia."),
    (0, "KINH PHÍ THỰC HIỆN"),
    (None, "Kinh phí thực hiện từ ngân sách xã năm 2025 là 150 triệu đồng."),
    (0, "TỔ CHỨC THỰC HIỆN"),
    (
        1,
        "Công chức Nông nghiệp - Môi trường: chủ trì, phối hợp các đơn vị liên quan triển khai Kế hoạch; "
        "theo dõi, tổng hợp, báo cáo kết quả thực hiện về Ủy ban nhân dân xã trước ngày 15 tháng 12 năm 2025.",
    ),
    (1, "Công chức Tài chính - Kế toán: tham mưu bố trí kinh phí thực hiện Kế hoạch theo quy định."),
    (
        1,
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã và các đoàn thể: tuyên truyền, vận động hội viên tham gia "
        "hợp tác xã, góp vốn và sử dụng dịch vụ của hợp tác xã.",
    ),
    (1, "Các hợp tác xã trên địa bàn: xây dựng kế hoạch sản xuất, kinh doanh năm 2025 và tổ chức thực hiện."),
    (
        None,
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo về Ủy ban nhân dân xã "
        "để xem xét, giải quyết.",
    ),
]
CLOSING = "Trên đây là Kế hoạch phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã Tân Thuận năm 2025./."
RECIPIENTS = ["Nơi nhận:", "- UBND huyện Châu Thành;", "- Phòng Kinh tế huyện;", "- Lưu: VT."]
SIGNER = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Trần Văn Bình"]


def cell_text(cell) -> str:
    if isinstance(cell, tuple):
        return cell[0]
    if isinstance(cell, list):
        return " ".join(cell)
    return cell or ""


def table_rows() -> list[str]:
    """The rows a reader gives for the task table: a grouping row as "text |",
    the cell merged down repeated, the cell across two columns then an empty one."""
    rows = [" | ".join(COLUMNS)]
    above: dict[int, str] = {}
    for row in TASK_ROWS:
        if isinstance(row, str):
            rows.append(f"{row} |")
            continue
        cells: list[str] = []
        for cell in row:
            if cell is None:
                cells.append(above[len(cells)])
                continue
            above[len(cells)] = cell_text(cell)
            cells.append(cell_text(cell))
            if isinstance(cell, tuple):
                cells.append("")
        rows.append(" | ".join(cells).rstrip())
    return rows


def numbered(items: list, roman_from: int = 1) -> list[str]:
    """The items with their numbers written out, as a person sees them."""
    from plans.outline import roman

    lines, section, item = [], roman_from - 1, 0
    for level, text in items:
        if level == 0:
            section, item = section + 1, 0
            lines.append(f"{roman(section)}. {text}")
        elif level == 1:
            item += 1
            lines.append(f"{item}. {text}")
        elif level == 2:
            lines.append(f"- {text}")
        else:
            lines.append(text)
    return lines


def plan_text(*, footnote: bool = True) -> str:
    """The plan as a person reads it, in order (the footnote after its basis)."""
    task_cells = []
    for row in TASK_ROWS:
        task_cells.append(row if isinstance(row, str) else " ".join(cell_text(c) for c in row if c is not None))
    lines = [
        *HEADER_LEFT,
        *HEADER_RIGHT,
        NUMBER,
        DATE,
        "KẾ HOẠCH",
        *TITLE,
        *BASES,
        *([f"[1] {FOOTNOTE}"] if footnote else []),
        PREAMBLE,
        *numbered(BEFORE_TABLE),
        " ".join(COLUMNS),
        *task_cells,
        *numbered(AFTER_TABLE, roman_from=3),
        CLOSING,
        *RECIPIENTS,
        *SIGNER,
    ]
    return "\n".join(lines)
