"""Rebuild the encoded test documents from their UTF-8 sources in sources/:
TCVN3 and VNI as the 8-bit bytes an old Vietnamese editor saved, UTF-16 as
Notepad saves it. Run from the project root: .venv/bin/python plans/tests/data/build_fixtures.py"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from plans.imports import TCVN3, VNI_LETTERS, VNI_MARKS, convert_vni  # noqa: E402


def to_tcvn3(text: str) -> str:
    # .VnTimeH capitals are the lower-case codes drawn by a capital font.
    inverse = {v: chr(k) for k, v in TCVN3.items()}
    return "".join(inverse.get(c, inverse.get(c.lower(), c)) for c in text)


def to_vni(text: str) -> str:
    inverse: dict[str, str] = {}
    for base in "aeouyAEOUYôöÔÖ":
        for mark in VNI_MARKS:
            if mark.isupper() == base.isupper():
                inverse.setdefault(convert_vni(base + mark), base + mark)
    inverse.update({convert_vni(k): k for k in VNI_LETTERS})
    return "".join(inverse.get(c, c) for c in text)


def numbered_docx(path: Path) -> None:
    """A plan as Word writes it: header and signature in borderless tables,
    headings numbered by Word itself (w:numPr: "I.", "1.", "a)", bullets "•"
    and "+"), and the tasks as a table STT | Nội dung | Đơn vị chủ trì |
    Đơn vị phối hợp | Thời gian thực hiện."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "UBND HUYỆN CAO LÃNH"
    header.cell(0, 0).add_paragraph("ỦY BAN NHÂN DÂN XÃ MỸ LONG")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    header.cell(1, 0).text = "Số: 88/KH-UBND"
    header.cell(1, 1).text = "Mỹ Long, ngày 12 tháng 6 năm 2025"
    numbering = document.part.numbering_part.element
    lists = {
        "91": [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)")],
        "92": [("bullet", "•"), ("bullet", "+")],
    }
    for num_id, levels in lists.items():
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
            for i, (fmt, text) in enumerate(levels)
        )
        numbering.insert(
            0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
        )
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
        )

    def add(text: str, num_id: str | None = None, level: int = 0) -> None:
        paragraph = document.add_paragraph(text)
        if num_id:
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )

    add("KẾ HOẠCH")
    add("Về việc phát triển hợp tác xã nông nghiệp")
    add("gắn với vùng trồng xoài xuất khẩu năm 2025")
    add(
        "Căn cứ Luật Hợp tác xã ngày 20 tháng 6 năm 2023; Căn cứ Kế hoạch số 60/KH-UBND ngày 02/4/2025 "
        "của Ủy ban nhân dân huyện Cao Lãnh về phát triển kinh tế tập thể năm 2025;"
    )
    add("Ủy ban nhân dân xã Mỹ Long ban hành Kế hoạch như sau:")
    add("MỤC ĐÍCH, YÊU CẦU", "91", 0)
    add("Mục đích", "91", 1)
    add("Hình thành vùng trồng xoài đạt chuẩn xuất khẩu do hợp tác xã quản lý.", "92", 0)
    add("Nâng thu nhập của thành viên thêm 15% so với năm 2024.", "92", 0)
    add("Yêu cầu", "91", 1)
    add("Các đơn vị phối hợp chặt chẽ, thực hiện đúng thời gian.", "92", 0)
    add("NHIỆM VỤ", "91", 0)
    tasks = document.add_table(rows=4, cols=5)
    rows = [
        ("STT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"),
        (
            "1",
            "Cấp mã số vùng trồng cho 120 ha xoài",
            "Hợp tác xã Xoài Mỹ Long",
            "Trạm Trồng trọt huyện",
            "Quý III/2025",
        ),
        (
            "2",
            "Tập huấn quy trình VietGAP cho thành viên",
            "Hội Nông dân xã",
            "Hợp tác xã Xoài Mỹ Long; Trạm Khuyến nông",
            "Tháng 8/2025",
        ),
        (
            "3",
            "Ký hợp đồng tiêu thụ với doanh nghiệp xuất khẩu",
            "Hợp tác xã Xoài Mỹ Long",
            "Ủy ban nhân dân xã",
            "Năm 2025",
        ),
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            tasks.cell(r, c).text = value
    add("GIẢI PHÁP", "91", 0)
    add("Về vốn", "91", 1)
    add("Vốn vay", "91", 2)
    add("Hướng dẫn thành viên vay vốn Ngân hàng Nông nghiệp và Phát triển nông thôn.")
    add("Vốn góp", "91", 2)
    add("Vận động thành viên tăng vốn góp.", "92", 0)
    add("Dưới 50 triệu đồng: góp trong năm 2025;", "92", 1)
    add("Về thị trường", "91", 1)
    add("Tổ chức thực hiện", "91", 0)
    add("Giao công chức Nông nghiệp - Môi trường theo dõi, báo cáo kết quả.")
    add("Kinh phí: Ngân sách xã 120 triệu đồng và vốn đối ứng của hợp tác xã.", "91", 0)
    add("Trên đây là Kế hoạch phát triển hợp tác xã nông nghiệp gắn với vùng trồng xoài xuất khẩu năm 2025./.")
    sign = document.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:"
    sign.cell(0, 0).add_paragraph("- UBND huyện (để báo cáo); - Phòng Kinh tế huyện; - Lưu: VT.")
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN"
    sign.cell(0, 1).add_paragraph("KT. CHỦ TỊCH")
    sign.cell(0, 1).add_paragraph("PHÓ CHỦ TỊCH")
    sign.cell(0, 1).add_paragraph("(Đã ký)")
    sign.cell(0, 1).add_paragraph("PHAN VĂN THỌ")
    document.core_properties.author = ""
    document.save(path)


def main() -> None:
    source = HERE / "sources"
    (HERE / "tanphu_2023_tcvn3.txt").write_bytes(
        to_tcvn3((source / "tanphu_2023_tcvn3.txt").read_text(encoding="utf-8")).encode("latin-1")
    )
    (HERE / "longhiep_2023_vni.txt").write_bytes(
        to_vni((source / "longhiep_2023_vni.txt").read_text(encoding="utf-8")).replace("\n", "\r\n").encode("cp1252")
    )
    (HERE / "binhthanh_2025_utf16.txt").write_bytes(
        (source / "binhthanh_2025.txt").read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16")
    )
    numbered_docx(HERE / "mylong_2025.docx")


if __name__ == "__main__":
    main()
