"""The summary PDF fits its page: 100 communes with long names, read back
from the PDF word by word (poppler's boxes), every word inside the text area
of landscape A4 and the last column whole."""

import re

import pytest

from reports.district.summary import build_summary
from reports.documents.renders import summary_pdf_render
from reports.tests.districts import LONG_NAME, add_communes
from reports.tests.readback import MM, pdf_pages

YEAR = 2022
# print.css: Decree 30 margins, top 25, bottom 20, left 30, right 15 mm.
TOP, BOTTOM, LEFT, RIGHT = 25 * MM, 20 * MM, 30 * MM, 15 * MM
SLACK = 0.5  # points: poppler's boxes are rounded


@pytest.fixture
def long_district(units, cast):
    add_communes(units["district"], 100, year=YEAR, author=cast["staff_a"], long_names=True)
    return units["district"]


def test_a_100_commune_summary_with_long_names_fits_its_pages(long_district):
    """One render (several seconds), three readings of it."""
    summary = build_summary(unit=long_district, year=YEAR)
    assert len(summary.rows) == 102  # 100 plans, and the two cooperatives of the shared cast without one
    pages = pdf_pages(summary_pdf_render(summary=summary))
    every_word_lies_inside_the_text_area(pages)
    the_last_column_tien_do_is_whole_on_every_page_of_the_table(pages)
    every_long_commune_name_is_printed_whole_in_the_chart_and_the_table(pages)


def every_word_lies_inside_the_text_area(pages):
    assert len(pages) > 3
    outside = []
    for number, page in enumerate(pages, 1):
        assert (round(page.width / MM), round(page.height / MM)) == (297, 210)
        for word in page.words:
            inside = (
                LEFT - SLACK <= word.x0
                and word.x1 <= page.width - RIGHT + SLACK
                and TOP - SLACK <= word.y0
                and word.y1 <= page.height - BOTTOM + SLACK
            )
            # Decree 30: the page number, from page 2, centred in the top margin.
            page_number = word.text == str(number) and number > 1 and word.y1 <= TOP
            if not inside and not page_number:
                outside.append((number, word.text, round(word.x0), round(word.x1), round(word.y0), round(word.y1)))
    assert not outside, outside[:10]


def the_last_column_tien_do_is_whole_on_every_page_of_the_table(pages):
    table_pages = [page for page in pages if any(w.text == "phường" for w in page.words)]
    assert len(table_pages) >= 3  # the heading repeats on every page of the table
    for page in table_pages:
        heading = next(w for w in page.words if w.text == "phường")
        tien = next(w for w in page.words if w.text == "Tiến" and abs(w.y0 - heading.y0) < 16)
        do = next(w for w in page.words if w.text == "độ" and abs(w.y0 - tien.y0) < 1 and w.x0 > tien.x1)
        assert do.x0 - tien.x1 < 6  # one heading on one line, not two pieces
        assert do.x1 <= page.width - RIGHT + SLACK
        # The last column is the right-most: nothing of the table lies beyond it.
        assert max(w.x1 for w in page.words if w.y0 > tien.y0) <= page.width - RIGHT + SLACK
        assert max(w.x1 for w in page.words if w.y0 > tien.y0) > tien.x0


def every_long_commune_name_is_printed_whole_in_the_chart_and_the_table(pages):
    words = [w.text for page in pages for w in page.words]
    text = " ".join(words)
    for word in LONG_NAME.format(i=0).split()[:-1]:
        assert words.count(word) >= 200, word  # each of the 100 names, in the chart and in the table
    for i in range(100):
        assert words.count(f"{i:03d}") >= 2, i
    # Each commune's progress, once in the chart and once in the last column.
    percents = [w for w in words if re.fullmatch(r"\d{1,3}%", w)]
    assert len(percents) >= 201  # 100 bars, 100 rows and the total
    assert "Cộng: 102 xã, 100 kế hoạch đã ban hành" in text
