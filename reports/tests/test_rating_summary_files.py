"""The rating summary's PDF (a Decree 30 Báo cáo) and XLSX, and what the
page costs in queries."""

import io
from decimal import Decimal

import openpyxl
import pytest

from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Organization
from reports.documents.records import RenderedFile
from reports.tests import test_rating_summary as base
from reports.tests.readback import _poppler, pdf_fonts, pdf_pages, pdf_text

Rating = CooperativeRating.Rating
# The cast of ratings of test_rating_summary.py, shared as a fixture.
rated = base.rated
url = base.url


def test_the_pdf_is_an_official_draft_report_with_the_title_and_the_tables(rated, cast, login):
    response = login(cast["reviewer"]).get(url(".pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(pdf_text(response.content).split())
    # The two header columns, in either order.
    for part in ("ỦY BAN NHÂN DÂN HUYỆN", "PHÒNG NÔNG NGHIỆP VÀ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số:", "/BC-PNN", "Châu Thành, ngày"):  # fmt: skip
        assert part in text, part
    order = [
        "BÁO CÁO",
        "Kết quả đánh giá, phân loại hợp tác xã năm 2021",
        "trên địa bàn huyện Châu Thành như sau:",
        "Số lượng theo xếp loại và quy mô",
        "Siêu nhỏ",
        "So với năm 2020",
        "DANH SÁCH HỢP TÁC XÃ",
        "Xã Phú Tân",
        "Xã Vĩnh Lợi",
        "Nơi nhận:",
        "TRƯỞNG PHÒNG",
    ]
    at = 0
    for part in order:  # each after the one before
        found = text.find(part, at)
        assert found >= 0, part
        at = found + len(part)
    # Each cooperative's line as printed: its category, last year's and the reason side by side.
    lines = _poppler(["pdftotext", "-layout", "-enc", "UTF-8"], response.content).splitlines()
    phu_tan = next(line for line in lines if "HTX NN Phú Tân" in line)
    assert "Chưa" in phu_tan and "Yếu" in phu_tan and "Hoạt động chưa đủ" in phu_tan
    vinh_loi = next(line for line in lines if "HTX NN Vĩnh Lợi" in line)
    assert all(part in vinh_loi for part in ("85,0", "Tốt", "Nhỏ", "Khá", "▲")), vinh_loi
    assert "DỰ THẢO" in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(response.content))


def test_a_long_list_repeats_its_header_and_stays_inside_the_page(rated, cast, login, units):
    for i in range(70):
        coop = Cooperative.objects.create(
            organization=Organization.objects.create(
                name=f"HTX Dịch vụ Nông nghiệp Tổng hợp Thương mại số {i:03d}",
                short_name=f"HTX Dịch vụ Nông nghiệp Tổng hợp Thương mại số {i:03d}",
                kind=Organization.Kind.COOPERATIVE,
                unit=units["a"],
            )
        )
        CooperativeRating.objects.create(cooperative=coop, year=2021, rating=Rating.FAIR, score=Decimal("70.5"))
    data = login(cast["reviewer"]).get(url(".pdf")).content
    pages = pdf_pages(data)
    assert len(pages) >= 3
    list_pages = [p for p in pages if any(w.text == "STT" for w in p.words)]
    assert len(list_pages) >= 2  # the header row again on every page of the list
    for page in pages:
        assert all(0 <= w.x0 and w.x1 <= page.width for w in page.words)


def test_the_xlsx_has_the_counts_and_the_list_with_numbers_as_numbers(rated, cast, login):
    response = login(cast["reviewer"]).get(url(".xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    counts, listing = book["Số lượng"], book["Danh sách"]
    rows = {r[0]: r[1:] for r in counts.iter_rows(min_row=5, max_row=11, values_only=True)}
    assert rows["Tốt"] == (0, 1, 0, 0, 0, 1)
    assert rows["Chưa có kết quả"] == (0, 0, 0, 0, 1, 1)
    assert rows["Cộng"] == (1, 1, 0, 0, 2, 4)
    header = [c.value for c in listing[1]]
    assert header[:6] == ["STT", "Huyện", "Xã, phường", "Hợp tác xã", "Tổng điểm", "Xếp loại"]
    lines = {r[3]: r for r in listing.iter_rows(min_row=2, values_only=True)}
    assert lines["HTX NN Vĩnh Lợi"][4] == 85.0 and isinstance(lines["HTX NN Vĩnh Lợi"][4], int | float)
    assert lines["HTX NN Vĩnh Lợi"][5:9] == ("Tốt", "Nhỏ", "Khá", "Lên loại")
    assert lines["HTX NN Vĩnh Lợi"][1] == "Huyện Châu Thành"  # a district's own sheet names it too
    assert lines["HTX NN Phú Tân"][5] == "Chưa đánh giá" and lines["HTX NN Phú Tân"][9] == "Hoạt động chưa đủ 12 tháng"
    assert lines["HTX Mới"][4] is None and lines["HTX Mới"][5] == "Chưa có kết quả"


def _add_communes(district, count: int, start: int) -> None:
    for i in range(start, start + count):
        commune = AdministrativeUnit.objects.create(code=f"Q{i}", name=f"Xã Thử {i}", level="commune", parent=district)
        org = Organization.objects.create(name=f"HTX {i}", short_name=f"HTX {i}", kind="cooperative", unit=commune)
        coop = Cooperative.objects.create(organization=org)
        CooperativeRating.objects.create(cooperative=coop, year=2021, rating=Rating.GOOD, score=Decimal("90"))
        CooperativeRating.objects.create(cooperative=coop, year=2020, rating=Rating.WEAK, score=Decimal("30"))


@pytest.mark.parametrize("kind", ["/", ".xlsx"])
def test_queries_are_the_same_for_two_communes_and_for_twenty(rated, cast, login, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast["reviewer"])
    client.get("/cooperatives/ratings/summary/?year=1990")  # the session's first request reads more

    def cost() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(kind)).status_code == 200
        return len(queries)

    two = cost()
    _add_communes(rated, 18, 0)
    assert cost() == two


def test_the_pdf_is_found_from_the_cached_summary_without_building_it(rated, cast, login):
    client = login(cast["reviewer"])
    client.get(url(".pdf"))
    assert RenderedFile.objects.filter(kind="rating-summary").count() == 1
    from reports.ratings import summary as module

    calls = []
    original = module.build_rating_summary
    module.build_rating_summary = lambda **kw: calls.append(kw) or original(**kw)
    try:
        assert client.get(url(".pdf")).status_code == 200
    finally:
        module.build_rating_summary = original
    assert calls == []
