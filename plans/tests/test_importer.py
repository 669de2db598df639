import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.imports import (
    MARKER,
    RECIPIENTS,
    data_words,
    docx_lines,
    import_file,
    page_number_lines,
    parse_plan,
    words_of,
)
from plans.interchange.export import plan_to_dict
from plans.models import Plan
from plans.outline import prefetch_plan_text
from plans.services import plan_import

DATA = Path(__file__).resolve().parent / "data"
SEED_JSON = Path(__file__).resolve().parents[1] / "data" / "seed_vinhloi_2021.json"
SEED_TXT = Path("/work/shared/seed/000_af080740edf4b67f.txt")
needs_seed = pytest.mark.skipif(not SEED_TXT.exists(), reason="the shared seed file is not on this machine")


def read(path: Path):
    return import_file(path.name, path.read_bytes())


def export(plan) -> dict:
    return plan_to_dict(prefetch_plan_text(Plan.objects.filter(pk=plan.pk)).get())


# --- The seed ------------------------------------------------------------------------


@needs_seed
def test_the_seed_imports_into_the_structure_of_the_plan():
    data = read(SEED_TXT).data
    assert data["title"] == "Củng cố, nâng chất hoạt động hợp tác xã năm 2021"
    assert [b.split()[0] for b in data["legal_bases"]] == ["Căn", "Thực"]
    assert len(data["objectives"]["items"]) == 3
    assert [t["title"][:20] for t in data["tasks"]["items"]] == [
        "Duy trì và nâng cao ",
        "Phát triển HTX ứng d",
        "Thực hiện liên kết s",
        "Nâng cao chất lượng ",
    ]
    first, second = data["solutions"]["items"]
    assert first["children"] == []
    assert [c["title"] for c in second["children"]] == ["Về thể chế", "Về cơ chế, chính sách"]
    assert data["funding"]["heading"] == "Kinh phí hoạt động"
    assert data["funding"]["body"].startswith("Theo sự phân bổ của Ngân huyện")
    assert data["closing"].startswith("Trên đây là kế hoạch")
    assert [r["label"] for r in data["recipients"]] == [
        "Phòng NN&PTNT",
        "Phòng Tài chính – Kế hoạch",
        "TT. Đảng ủy xã",
        "TT. HĐND xã",
        "HTX NN Vĩnh Lợi",
        "Lưu: VP",
    ]
    assert data["recipients"][-1]["archive"] is True
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN XÃ", "title": "CHỦ TỊCH", "name": ""}
    assert data["extra_sections"] == []


@needs_seed
def test_the_seed_has_the_same_words_in_every_section_as_the_demo_plan():
    got = read(SEED_TXT).data
    want = json.loads(SEED_JSON.read_text(encoding="utf-8"))

    def sections(d):
        return {
            "title": d["title"],
            "legal_bases": d["legal_bases"],
            "preamble": d["preamble"],
            "objectives": [[o["title"], o["body"]] for o in d["objectives"]["items"]],
            "tasks": [[t["title"], t["body"]] for t in d["tasks"]["items"]],
            "solutions": [
                [s["title"], s["body"], [[c["title"], c["body"]] for c in s["children"]]]
                for s in d["solutions"]["items"]
            ],
            "headings": [d[k]["heading"] for k in ("objectives", "tasks", "solutions", "funding")],
            "funding": d["funding"]["body"],
            "closing": d["closing"],
            "recipients": [r["label"] for r in d["recipients"]],
            "signer": d["signer"],
        }

    got, want = sections(got), sections(want)
    for key in want:
        assert data_words(got[key]) == data_words(want[key]), key
    # Paragraph breaks too: the same items, paragraphs and dash items.
    assert got["tasks"] == want["tasks"]
    assert got["objectives"] == want["objectives"]


@needs_seed
def test_the_seed_repairs_are_listed_for_the_preview():
    result = read(SEED_TXT)
    mended = {r.after for r in result.repairs}
    assert {"được", "việc", "nhập", "hợp", "hộ gia", "thụ nông", "nhãn", "hiệu", "số", "ưu"} <= mended


@needs_seed
def test_text_to_plan_to_json_to_plan_loses_nothing(orgs):
    data = read(SEED_TXT).data
    first = plan_import(data=data, issuer=orgs["ubnd_a"])
    exported = export(first)
    for key in ("title", "legal_bases", "preamble", "objectives", "solutions", "funding", "closing", "signer"):
        assert exported[key] == data[key], key
    assert [t["title"] for t in exported["tasks"]["items"]] == [t["title"] for t in data["tasks"]["items"]]
    assert [r["label"] for r in exported["recipients"]] == [r["label"] for r in data["recipients"]]
    second = plan_import(
        data=json.loads(json.dumps(exported)), issuer=orgs["ubnd_a"], additional_reason="Nhập lại để đối chiếu"
    )
    assert export(second) == exported
    assert first.year == 2021 and first.status == Plan.Status.DRAFT


# --- Plans of other communes -------------------------------------------------------------


def test_a_plan_with_a_flattened_header_table_and_a_deputy_signer():
    data = read(DATA / "tanhoa_2024.txt").data
    assert data["issuer"] == {
        "name": "ỦY BAN NHÂN DÂN XÃ TÂN HÒA",
        "parent": "UBND HUYỆN LAI VUNG",
        "abbreviation": "UBND",
    }
    assert (data["number"], data["symbol"], data["place"], data["date"]) == (47, "KH-UBND", "Tân Hòa", "2024-03-12")
    assert data["title"] == "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã Tân Hòa năm 2024"
    assert len(data["legal_bases"]) == 3
    assert data["preamble"].endswith("với các nội dung như sau:")
    assert data["objectives"]["heading"] == "Mục đích, yêu cầu"
    assert [o["title"] for o in data["objectives"]["items"]] == ["Mục đích", "Yêu cầu"]
    assert data["objectives"]["items"][1]["body"].startswith("- Các ngành, đoàn thể")
    tasks = data["tasks"]
    assert tasks["heading"] == "Nội dung thực hiện"
    assert [t["title"] for t in tasks["items"]] == [
        "Tuyên truyền, nâng cao nhận thức về hợp tác xã",
        "Củng cố, nâng chất hoạt động của các hợp tác xã",
        "Thành lập mới hợp tác xã",
    ]
    assert tasks["items"][0]["lead"] == "Văn phòng - Thống kê xã"
    assert tasks["items"][0]["partners"] == ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Hội Nông dân xã"]
    # The a) and b) points of a task stay in its text, as written.
    assert "a) Hợp tác xã Nông nghiệp Tân Hòa: mở rộng dịch vụ bơm tưới" in tasks["items"][1]["body"]
    assert "\n\n+ Hỗ trợ kết nối với doanh nghiệp" in tasks["items"][1]["body"]
    assert data["solutions"]["items"][0]["title"] == "Về cơ chế, chính sách"
    assert data["funding"]["heading"] == "Kinh phí thực hiện"
    assert data["extra_sections"][0]["heading"] == "Tổ chức thực hiện"
    assert data["extra_sections"][0]["body"].startswith("1. Văn phòng - Thống kê xã chủ trì")
    assert data["closing"].startswith("Trên đây là Kế hoạch phát triển")
    assert data["recipients"][0] == {
        "label": "UBND huyện Lai Vung",
        "organization": "UBND huyện Lai Vung",
        "purpose": "để báo cáo",
        "archive": False,
    }
    assert data["recipients"][-1]["label"] == "Lưu: VT" and data["recipients"][-1]["archive"]
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Trần Văn Bình",
    }


def test_a_hard_wrapped_draft_with_page_breaks_and_columns_split_by_spaces():
    result = read(DATA / "hoabinh_2025.txt")
    data = result.data
    assert result.warnings == []
    assert data["issuer"] == {"name": "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "parent": "", "abbreviation": "UBND"}
    assert (data["number"], data["symbol"], data["date"], data["year"]) == (None, "KH-UBND", None, 2025)
    assert data["title"] == "Hỗ trợ hợp tác xã nông nghiệp ứng dụng công nghệ cao giai đoạn 2025 - 2026"
    assert len(data["legal_bases"]) == 1
    assert data["preamble"].startswith("Căn cứ tình hình thực tế")
    assert [o["title"] for o in data["objectives"]["items"]] == ["Mục tiêu chung", "Mục tiêu cụ thể"]
    task_2 = data["tasks"]["items"][1]["body"]
    assert task_2.split("\n\n") == [
        "- Chọn 01 hợp tác xã làm điểm, quy mô 5.000 m2.",
        "+ Hỗ trợ 50% chi phí thiết bị tưới nhỏ giọt theo chính sách của tỉnh.",
        "- Tổ chức tham quan, nhân rộng mô hình sau khi tổng kết.",
    ]
    # The page number "2" between two pages is gone, the item after it is whole.
    assert data["tasks"]["items"][2]["title"] == "Ứng dụng chuyển đổi số trong quản lý hợp tác xã"
    assert data["solutions"]["items"][0]["children"][1] == {
        "title": "Vốn tín dụng",
        "body": "Phối hợp Ngân hàng Chính sách xã hội và Quỹ hỗ trợ phát triển hợp tác xã "
        "cho thành viên vay vốn ưu đãi.",
    }
    assert data["funding"] == {
        "heading": "Kinh phí",
        "body": "Từ nguồn ngân sách tỉnh phân bổ, ngân sách xã và vốn đối ứng của hợp tác xã.",
    }
    assert [r["label"] for r in data["recipients"]][2:4] == ["Đảng ủy xã", "HĐND xã"]
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Thị Mai"}


def test_a_document_that_stops_early_imports_what_is_there():
    text = (DATA / "tanhoa_2024.txt").read_text(encoding="utf-8")
    cut = text[: text.index("III. GIẢI PHÁP")] + "III. GIẢI PHÁP\n1. Về cơ chế, chính"
    data, warnings = parse_plan(cut)
    assert len(data["tasks"]["items"]) == 3
    assert data["solutions"]["items"] == [{"title": "Về cơ chế, chính", "body": "", "children": []}]
    assert data["recipients"] == [] and data["signer"]["authority"] == ""


def test_text_that_fits_nowhere_is_kept_and_announced():
    data, warnings = parse_plan(
        "KẾ HOẠCH\nPhát triển hợp tác xã\nI. Mục tiêu\nNâng cao thu nhập.\nNơi nhận:\n- Lưu: VT.\nghi chú lạ"
    )
    assert data["extra_sections"][-1]["body"] == "ghi chú lạ"
    assert warnings


# --- Word files -----------------------------------------------------------------------


def _numbered_docx() -> bytes:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "UBND HUYỆN CHÂU THÀNH"
    table.cell(0, 0).add_paragraph("ỦY BAN NHÂN DÂN XÃ AN HIỆP")
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    table.cell(0, 1).add_paragraph("Độc lập - Tự do - Hạnh phúc")
    table.cell(1, 0).text = "Số: 09/KH-UBND"
    table.cell(1, 1).text = "An Hiệp, ngày 20 tháng 02 năm 2023"
    numbering = document.part.numbering_part.element
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "-")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def add(text: str, level: int | None = None) -> None:
        paragraph = document.add_paragraph(text)
        if level is not None:
            p_pr = paragraph._p.get_or_add_pPr()
            p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    add("KẾ HOẠCH")
    add("Nâng chất hoạt động hợp tác xã năm 2023")
    add("Căn cứ Kế hoạch số 12/KH-UBND ngày 10/01/2023 của Ủy ban nhân dân huyện Châu Thành;")
    add("Ủy ban nhân dân xã An Hiệp xây dựng kế hoạch như sau:")
    add("Mục tiêu", 0)
    add("Hợp tác xã An Hiệp được xếp loại khá trở lên.")
    add("Nhiệm vụ", 0)
    add("Mở rộng dịch vụ làm đất", 1)
    add("Cơ giới hóa khâu làm đất cho 200 ha lúa.", 3)
    add("Liên kết tiêu thụ lúa", 1)
    add("Giải pháp", 0)
    add("Về vốn", 1)
    add("Vốn ngân sách", 2)
    add("Hỗ trợ lãi suất theo chính sách của tỉnh.")
    add("Vốn của thành viên", 2)
    add("Kinh phí hoạt động", 0)
    add("Ngân sách xã năm 2023.")
    add("Trên đây là Kế hoạch nâng chất hoạt động hợp tác xã năm 2023.")
    sign = document.add_table(rows=1, cols=2)
    sign.cell(0, 0).text = "Nơi nhận:"
    sign.cell(0, 0).add_paragraph("- Phòng NN&PTNT huyện;")
    sign.cell(0, 0).add_paragraph("- Lưu: VT.")
    sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN"
    sign.cell(0, 1).add_paragraph("CHỦ TỊCH")
    sign.cell(0, 1).add_paragraph("Lê Văn Tám")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_numbering_and_tables_are_written_out_as_lines():
    lines = [line for line in docx_lines(_numbered_docx()) if line]
    assert "UBND HUYỆN CHÂU THÀNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "I. Mục tiêu" in lines and "II. Nhiệm vụ" in lines and "III. Giải pháp" in lines
    assert "1. Mở rộng dịch vụ làm đất" in lines and "2. Liên kết tiêu thụ lúa" in lines
    assert "- Cơ giới hóa khâu làm đất cho 200 ha lúa." in lines
    assert "a) Vốn ngân sách" in lines and "b) Vốn của thành viên" in lines
    assert "1. Về vốn" in lines  # numbering restarts under a new section


def test_a_word_plan_with_automatic_numbering_and_a_header_table_parses():
    result = import_file("ke-hoach.docx", _numbered_docx())
    data = result.data
    assert result.kind == "docx"
    assert data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ AN HIỆP"
    assert (data["number"], data["place"], data["date"]) == (9, "An Hiệp", "2023-02-20")
    assert data["title"] == "Nâng chất hoạt động hợp tác xã năm 2023"
    assert data["objectives"]["items"] == [{"title": "", "body": "Hợp tác xã An Hiệp được xếp loại khá trở lên."}]
    assert [t["title"] for t in data["tasks"]["items"]] == ["Mở rộng dịch vụ làm đất", "Liên kết tiêu thụ lúa"]
    assert data["tasks"]["items"][0]["body"] == "- Cơ giới hóa khâu làm đất cho 200 ha lúa."
    assert data["solutions"]["items"][0]["children"] == [
        {"title": "Vốn ngân sách", "body": "Hỗ trợ lãi suất theo chính sách của tỉnh."},
        {"title": "Vốn của thành viên", "body": ""},
    ]
    assert data["funding"]["body"] == "Ngân sách xã năm 2023."
    assert [r["label"] for r in data["recipients"]] == ["Phòng NN&PTNT huyện", "Lưu: VT"]
    assert data["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Lê Văn Tám"}


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ke-hoach.txt", b"x" * (5 * 1024 * 1024 + 1), "quá lớn"),
        ("ke-hoach.xlsx", b"PK\x03\x04data", "Chỉ nhận tệp"),
        ("ke-hoach.pdf", b"%PDF-1.7 ...", "PDF"),
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0", ".doc"),
        ("ke-hoach.txt", b"", "rỗng"),
        ("ke-hoach.txt", b"   \n\n ", "rỗng"),
        ("ke-hoach.txt", bytes(range(256)) * 20, "không phải là văn bản"),
        ("ke-hoach.docx", b"PK\x03\x04 not really a zip", "bị hỏng"),
        ("ke-hoach.docx", "Kế hoạch".encode(), "bị hỏng"),
        ("ke-hoach.json", b"{not json", "không đọc được"),
        ("ke-hoach.json", b'{"format": "other"}', "htxplan.plan/1"),
        ("ke-hoach.txt", "Hôm nay trời đẹp, chúng tôi đi chơi công viên.".encode(), "Không nhận ra cấu trúc"),
        ("ke-hoach.txt", b"12345 67890", "không có chữ"),
    ],
)
def test_bad_files_get_a_clear_vietnamese_message(name, content, message):
    with pytest.raises(ValidationError) as error:
        import_file(name, content)
    assert message in " ".join(error.value.messages)


def test_an_exported_plan_json_is_read_as_it_is(plan_a):
    data = export(plan_a)
    result = import_file("ke-hoach.json", json.dumps(data, ensure_ascii=False).encode())
    assert result.data == data and result.repairs == []


# --- Properties ----------------------------------------------------------------------------

VOCABULARY = (
    "hợp tác xã nông nghiệp củng cố nâng chất hoạt động thành viên dịch vụ sản xuất tiêu thụ liên kết "
    "doanh nghiệp chuỗi giá trị tuyên truyền vốn tín dụng đào tạo cán bộ quản lý Vĩnh Lợi Phú Tân "
    "HTX OCOP 2021 50 ha ngân sách thủy lợi giống lúa xoài nhãn hiệu"
).split()
sentence = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=18).map(" ".join)
ending = st.sampled_from(["", ".", ";", ":", ","])
HEADINGS = [
    "Mục tiêu",
    "MỤC ĐÍCH, YÊU CẦU",
    "Nhiệm vụ trọng tâm",
    "Nội dung",
    "Giải pháp",
    "Kinh phí",
    "Tổ chức thực hiện",
]


@st.composite
def plan_lines(draw):
    lines = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(
            st.sampled_from(
                ["text", "text", "num", "letter", "dash", "plus", "roman", "blank", "basis", "row", "number"]
            )
        )
        text = draw(sentence) + draw(ending)
        if kind == "num":
            text = f"{draw(st.integers(1, 5))}. {text}"
        elif kind == "letter":
            text = f"{draw(st.sampled_from('abcd'))}) {text}"
        elif kind == "dash":
            text = f"- {text}"
        elif kind == "plus":
            text = f"+ {text}"
        elif kind == "roman":
            text = f"{draw(st.sampled_from(['I', 'II', 'III', 'IV', 'V']))}. {draw(st.sampled_from(HEADINGS))}"
        elif kind == "basis":
            text = f"Căn cứ {text}"
        elif kind == "number":  # a table cell or a wrapped figure alone on its line
            text = str(draw(st.integers(0, 999)))
        elif kind == "row":
            text = f"{text} | {draw(sentence)}"
        elif kind == "blank":
            text = ""
        lines.append(text)
    if draw(st.booleans()):
        lines += ["Nơi nhận:", "- " + draw(sentence) + ";", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    return lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_the_parser_never_crashes_on_any_text(text):
    try:
        import_file("x.txt", text.encode("utf-8"))
    except ValidationError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=sentence, body=plan_lines())
def test_the_parser_never_drops_a_word(title, body):
    lines = ["KẾ HOẠCH", title, *body]
    data, _warnings = parse_plan("\n".join(lines))
    have = set(data_words(data))
    pages = page_number_lines(lines)
    for k, line in enumerate(lines[1:], 1):
        # "Nơi nhận:" is a label, and a page number is no content.
        if RECIPIENTS.match(line) or k in pages:
            continue
        missing = set(words_of(MARKER.sub("", line))) - have
        assert not missing, (line, missing)


def test_lettered_sections_dashed_bases_a_slashed_date_and_a_name_in_capitals():
    data = read(DATA / "myan_2022.txt").data
    assert data["date"] == "2022-02-15" and data["number"] == 3
    assert data["title"] == "Thực hiện Đề án phát triển Hợp tác xã Nông nghiệp Mỹ An năm 2022"
    assert data["legal_bases"] == [
        "Căn cứ Luật Hợp tác xã năm 2012;",
        "Căn cứ Nghị định số 193/2013/NĐ-CP ngày 21/11/2013 của Chính phủ;",
    ]
    assert data["objectives"]["heading"] == "Mục đích, yêu cầu"
    assert [t["title"] for t in data["tasks"]["items"]] == [
        "Mở rộng diện tích lúa chất lượng cao.",
        "Xây dựng cửa hàng vật tư nông nghiệp.",
    ]
    assert data["extra_sections"] == [
        {"heading": "Tổ chức thực hiện", "body": "Giao công chức Địa chính - Nông nghiệp theo dõi.", "after": "tasks"}
    ]
    assert data["signer"]["name"] == "Nguyễn Văn Hùng"  # "(Đã ký)" is not a name


def test_a_signer_block_extracted_above_noi_nhan_is_still_the_signer():
    text = (
        "KẾ HOẠCH\nPhát triển hợp tác xã năm 2023\nI. MỤC TIÊU\nNâng cao thu nhập cho thành viên.\n"
        "Trên đây là kế hoạch của UBND xã.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nPhạm Thị Lan\n"
        "Nơi nhận:\n- UBND huyện;\n- Lưu: VT."
    )
    data, warnings = parse_plan(text)
    assert data["closing"] == "Trên đây là kế hoạch của UBND xã."
    assert data["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Phạm Thị Lan",
    }
    assert [r["label"] for r in data["recipients"]] == ["UBND huyện", "Lưu: VT"] and warnings == []


@needs_seed
@pytest.mark.parametrize("variant", ["single-spaced", "windows line ends", "with a header"])
def test_the_seed_reads_the_same_however_its_lines_are_laid_out(variant):
    text = SEED_TXT.read_text(encoding="utf-8")
    if variant == "single-spaced":
        text = "\n".join(line for line in text.split("\n") if line.strip())
    elif variant == "windows line ends":
        text = text.replace("\n", "\r\n")
    else:
        text = (
            "UBND HUYỆN CHÂU THÀNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "ỦY BAN NHÂN DÂN XÃ VĨNH LỢI Độc lập - Tự do - Hạnh phúc\n"
            "Số: 05/KH-UBND Vĩnh Lợi, ngày 05 tháng 01 năm 2021\n" + text
        )
    data = import_file("seed.txt", text.encode("utf-8")).data
    want = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    assert data["tasks"] == want["tasks"] and data["solutions"] == want["solutions"]
    assert data["objectives"] == want["objectives"] and data["extra_sections"] == []
    if variant == "with a header":
        assert data["issuer"] == want["issuer"] and (data["place"], data["date"]) == ("Vĩnh Lợi", "2021-01-05")


def test_a_free_section_between_the_tasks_and_the_funding_keeps_its_place_in_the_saved_plan(orgs):
    from plans.outline import build_outline

    text = (
        "KẾ HOẠCH\nPhát triển kinh tế tập thể năm 2025\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\nNâng cao hiệu quả hoạt động của hợp tác xã.\n\n"
        "II. NỘI DUNG\n\n1. Kiện toàn bộ máy quản lý hợp tác xã.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\nGiao Phòng Kinh tế chủ trì theo dõi.\n\n"
        "IV. KINH PHÍ\n\nNgân sách xã bố trí.\n\n"
        "V. CHẾ ĐỘ BÁO CÁO\n\nBáo cáo hằng quý.\n"
    )
    data, _ = parse_plan(text)
    assert [(e["heading"], e["after"]) for e in data["extra_sections"]] == [
        ("Tổ chức thực hiện", "tasks"),
        ("Chế độ báo cáo", "funding"),
    ]
    plan = plan_import(data=data, issuer=orgs["ubnd_a"])
    outline = build_outline(prefetch_plan_text(Plan.objects.filter(pk=plan.pk)).get())
    assert [(s.number, s.heading) for s in outline.sections] == [
        ("I.", "Mục đích, yêu cầu"),
        ("II.", "Nội dung"),
        ("III.", "Tổ chức thực hiện"),
        ("IV.", "Kinh phí"),
        ("V.", "Chế độ báo cáo"),
    ]


def test_a_free_section_before_the_objectives_stands_first():
    text = (
        "KẾ HOẠCH\nPhát triển kinh tế tập thể năm 2025\n\n"
        "I. ĐÁNH GIÁ TÌNH HÌNH\n\nNăm 2024 xã có 4 hợp tác xã.\n\n"
        "II. MỤC TIÊU\n\nCó thêm 01 hợp tác xã.\n\n"
        "III. NHIỆM VỤ\n\n1. Vận động thành lập hợp tác xã mới.\n"
    )
    data, _ = parse_plan(text)
    assert [(e["heading"], e["after"]) for e in data["extra_sections"]] == [("Đánh giá tình hình", "start")]
