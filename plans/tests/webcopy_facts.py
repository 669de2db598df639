"""What a reader of each web-copy test document (plans/tests/data/webcopy/)
takes from its header and foot, field by field, and the share of those fields
an import gets right. Run it to print the figures:

    .venv/bin/python -m plans.tests.webcopy_facts
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

WEBCOPY = Path(__file__).resolve().parent / "data" / "webcopy"

TM = "TM. ỦY BAN NHÂN DÂN"
KT = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"

# name, parent, number, symbol, place, date, title, signer (authority, title, name), recipient labels
FACTS: dict[str, dict[str, Any]] = {
    "anbinh_2025.txt": {
        "issuer": ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", ""),
        "number": (125, "KH-UBND"),
        "place": "An Bình",
        "date": "2025-12-01",
        "title": "Phát triển kinh tế tập thể, hợp tác xã trên địa bàn xã An Bình năm 2026",
        "signer": (TM, "CHỦ TỊCH", "Nguyễn Văn Hùng"),
        "recipients": [
            "Sở Nông nghiệp và Môi trường",
            "Liên minh Hợp tác xã tỉnh",
            "Thường trực Đảng ủy xã",
            "Các hợp tác xã trên địa bàn xã",
            "Lưu: VT, VP",
        ],
    },
    "tanloc_2026.txt": {
        "issuer": ("ỦY BAN NHÂN DÂN XÃ TÂN LỘC", ""),
        "number": (8, "KH-UBND"),
        "place": "Tân Lộc",
        "date": "2026-01-15",
        "title": "Hỗ trợ hợp tác xã nuôi trồng thủy sản ứng dụng công nghệ cao trên địa bàn xã Tân Lộc năm 2026",
        "signer": (KT, "PHÓ CHỦ TỊCH", "Trần Thị Bích Ngọc"),
        "recipients": [
            "Sở Nông nghiệp và Môi trường",
            "Liên minh Hợp tác xã tỉnh",
            "Thường trực Đảng ủy, HĐND xã",
            "Các hợp tác xã trên địa bàn xã",
            "Lưu: VT, KT",
        ],
    },
    "phuhoa_dong_2025.txt": {
        "issuer": ("ỦY BAN NHÂN DÂN XÃ PHÚ HÒA ĐÔNG", ""),
        "number": (57, "KH-UBND"),
        "place": "Phú Hòa Đông",
        "date": "2025-12-22",
        "title": (
            "Nâng cao hiệu quả hoạt động của hợp tác xã nông nghiệp gắn với xây dựng nông thôn mới "
            "trên địa bàn xã Phú Hòa Đông năm 2026"
        ),
        "signer": (KT, "PHÓ CHỦ TỊCH", "Nguyễn Lê Hoàng Phương"),
        "recipients": [
            "Sở Nông nghiệp và Môi trường",
            "Liên minh Hợp tác xã tỉnh",
            "Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội xã",
            "Các hợp tác xã nông nghiệp trên địa bàn xã",
            "Lưu: VT, PKT",
        ],
    },
    "longthanh_2025.txt": {
        "issuer": ("ỦY BAN NHÂN DÂN XÃ LONG THẠNH", ""),
        "number": (47, "KH-UBND"),
        "place": "Đồng Tháp",
        "date": "2025-10-20",
        "title": "Tổ chức Ngày hội hợp tác xã và giới thiệu sản phẩm OCOP xã Long Thạnh năm 2025",
        "signer": (TM, "CHỦ TỊCH", "Lê Hoàng Phúc"),
        "recipients": [
            "Như trên",
            "Thường trực Đảng ủy xã",
            "Thường trực HĐND xã",
            "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
            "Lưu: VT, VP",
        ],
    },
    "binhminh_2026.txt": {
        "issuer": ("ỦY BAN NHÂN DÂN XÃ BÌNH MINH", "UBND TỈNH VĨNH LONG"),
        "number": (212, "KH-UBND"),
        "place": "Bình Minh",
        "date": "2025-12-30",
        "title": "Các công việc phát triển hợp tác xã, tổ hợp tác trên địa bàn xã Bình Minh năm 2026",
        "signer": ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Võ Thị Kim Loan"),
        "recipients": ["UBND tỉnh", "Các ấp, các hợp tác xã", "Lưu: VT"],
    },
    "mytho_2025.txt": {
        "issuer": ("ỦY BAN NHÂN DÂN PHƯỜNG MỸ THO", ""),
        "number": (33, "KH-UBND"),
        "place": "Mỹ Tho",
        "date": "2025-03-05",
        "title": ("Hỗ trợ phát triển hợp tác xã dịch vụ, thương mại trên địa bàn phường Mỹ Tho giai đoạn 2025 - 2026"),
        "signer": (TM, "Q. CHỦ TỊCH", "Phạm Minh Tuấn"),
        "recipients": [
            "UBND tỉnh",
            "Liên minh Hợp tác xã tỉnh",
            "Các phòng, đơn vị thuộc UBND phường",
            "Lưu: VT",
        ],
    },
    "tanhiep_2025.txt": {
        "issuer": ("ỦY BAN NHÂN DÂN XÃ TÂN HIỆP", ""),
        "number": (19, "KH-UBND"),
        "place": "Tân Hiệp",
        "date": "2025-02-10",
        "title": (
            "Chuyển đổi, củng cố tổ hợp tác trồng rau an toàn thành hợp tác xã trên địa bàn xã Tân Hiệp năm 2025"
        ),
        "signer": ("TM. ỦY BAN NHÂN DÂN XÃ TÂN HIỆP", "CHỦ TỊCH", "Nguyễn Thành Nhân"),
        "recipients": ["Như trên", "Hội Nông dân xã", "Các tổ hợp tác trồng rau an toàn", "Lưu: VT"],
    },
}


def expected_fields(name: str) -> dict[str, Any]:
    """The header and foot facts of one document, one entry a field."""
    facts = FACTS[name]
    authority, title, signer = facts["signer"]
    return {
        "issuer.name": facts["issuer"][0],
        "issuer.parent": facts["issuer"][1],
        "number": facts["number"][0],
        "symbol": facts["number"][1],
        "place": facts["place"],
        "date": facts["date"],
        "title": facts["title"],
        "signer.authority": authority,
        "signer.title": title,
        "signer.name": signer,
        "recipients": facts["recipients"],
    }


def read_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The same fields as an import read them."""
    return {
        "issuer.name": data["issuer"]["name"],
        "issuer.parent": data["issuer"]["parent"],
        "number": data["number"],
        "symbol": data["symbol"],
        "place": data["place"],
        "date": data["date"],
        "title": data["title"],
        "signer.authority": data["signer"]["authority"],
        "signer.title": data["signer"]["title"],
        "signer.name": data["signer"]["name"],
        "recipients": [r["label"] for r in data["recipients"]],
    }


def import_document(name: str):
    from plans.imports import import_file

    path = WEBCOPY / name
    return import_file(path.name, path.read_bytes())


def wrong_fields(name: str) -> dict[str, tuple[Any, Any]]:
    """The fields an import of the document gets wrong: expected, read."""
    want, got = expected_fields(name), read_fields(import_document(name).data)
    return {field: (want[field], got[field]) for field in want if want[field] != got[field]}


def report() -> tuple[int, int, list[str]]:
    """Fields right, fields in all, and a line a document."""
    from django.core.exceptions import ValidationError

    from plans.tests.wordorder import share_in_order

    right = total = 0
    lines = []
    for name in FACTS:
        want = expected_fields(name)
        total += len(want)
        try:
            result = import_document(name)
        except ValidationError as error:
            lines.append(f"{name:24} fields  0/{len(want)}  not imported: {error.messages[0][:60]}")
            continue
        got = read_fields(result.data)
        ok = sum(1 for field in want if want[field] == got[field])
        right += ok
        share = share_in_order((WEBCOPY / name).read_text(encoding="utf-8"), result.data)
        lines.append(f"{name:24} fields {ok:2}/{len(want)}  words in order {share:.4f}")
    return right, total, lines


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "htxplan.settings")
    django.setup()
    right, total, lines = report()
    print("\n".join(lines))
    print(f"header and foot fields right: {right}/{total} = {right / total:.1%}")
