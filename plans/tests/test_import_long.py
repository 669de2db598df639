"""No length limit that real documents exceed: a plan of hundreds of pages
imports, its longest parts cut into sections rather than refused."""

from plans.imports import import_text
from plans.imports.parser import SECTION_CHARS
from plans.interchange.load import plan_import
from plans.models import MAX_BODY_CHARS

HEAD = (
    "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN BÌNH | Độc lập - Tự do - Hạnh phúc\n\n"
    "KẾ HOẠCH\nHỗ trợ hợp tác xã năm 2026\n\n"
)


def test_the_importer_cuts_at_the_limit_the_models_hold():
    assert SECTION_CHARS == MAX_BODY_CHARS


def test_a_section_of_half_a_million_characters_imports_in_parts_and_loses_nothing(orgs):
    paragraph = "Hợp tác xã tổ chức sản xuất theo chuỗi giá trị, liên kết tiêu thụ nông sản cho thành viên. " * 8
    body = "\n\n".join(f"{paragraph}Đoạn {k}." for k in range(700))
    assert len(body) > 2.5 * MAX_BODY_CHARS
    text = HEAD + "I. MỤC TIÊU\nNâng cao chất lượng.\n\nII. TỔ CHỨC THỰC HIỆN\n" + body + "\n"
    data = import_text(text).data
    parts = [e for e in data["extra_sections"] if e["heading"].startswith("Tổ chức thực hiện")]
    assert [e["heading"] for e in parts] == ["Tổ chức thực hiện"] + ["Tổ chức thực hiện (tiếp theo)"] * (len(parts) - 1)
    assert len(parts) >= 3 and all(len(e["body"]) <= MAX_BODY_CHARS for e in parts)
    assert "\n\n".join(e["body"] for e in parts).replace("\n\n", " ").split() == body.replace("\n\n", " ").split()
    plan = plan_import(data=data, issuer=orgs["ubnd_a"])
    assert plan.extra_sections.filter(heading__startswith="Tổ chức thực hiện").count() == len(parts)
