"""The appendices of a plan in its PDF, read back as a printer would see them:
after the signature, each from a new page; a wide table across A4 landscape
pages with its heading row on every page; the body pages stay portrait."""

import io

import pypdf
import pytest

from plans.models import Plan
from reports.tests.appendix_plans import (
    ATTACHED,
    COLUMNS,
    GROUPS,
    LEADS,
    TASKS,
    flat,
    layout_text,
    task_title,
    with_task_list,
)
from reports.tests.readback import MM, pdf_pages, pdf_text, words_of
from reports.tests.test_plan_pdf import download

TOLERANCE = 1.5 * MM
WORKS = "TT | Công trình | Kinh phí (triệu đồng)\nI. Giao thông nội đồng\n1 | Đường đal ấp 3 | 450\n2 | Cống ấp 4 | 120"


def page_texts(data: bytes) -> list[str]:
    return [flat(page) for page in pdf_text(data).split("\f") if page.strip()]


def sizes(data: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def runs(data: bytes, page: int) -> list[tuple[str, str, float]]:
    """(text, font, size) of each run of text on a page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            found.append((text.strip(), str(font["/BaseFont"]).split("+")[-1], round(size * tm[0] * cm[0], 1)))

    pypdf.PdfReader(io.BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return found


@pytest.fixture
def task_appendix_pdf(plan_a, cast, login) -> bytes:
    return download(login(cast["editor_a"]), with_task_list(plan_a))


def appendix_start(texts: list[str]) -> int:
    return next(i for i, text in enumerate(texts) if "PHỤ LỤC" in text)


def test_the_task_list_is_an_appendix_on_landscape_pages_after_portrait_body_pages(task_appendix_pdf):
    texts = page_texts(task_appendix_pdf)
    start = appendix_start(texts)
    pages = sizes(task_appendix_pdf)
    assert len(pages) - start >= 2  # the table runs over more than one page
    for number, (width, height) in enumerate(pages):
        assert (width > height) == (number >= start), number
        assert sorted((round(width / MM), round(height / MM))) == [210, 297]
    opening = texts[start]
    order = ["PHỤ LỤC", "PHÂN CÔNG THỰC HIỆN", ATTACHED, " ".join(COLUMNS[:2]), f"I. {GROUPS[0]}", task_title(1)]
    positions = [opening.find(text) for text in order]
    assert -1 not in positions, [t for t, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    # The signature comes before it, on the last body page.
    assert "Nơi nhận:" in texts[start - 1] and "Nơi nhận:" not in " ".join(texts[start:])


def test_every_task_and_its_lead_and_group_are_in_the_appendix_each_row_on_one_page(task_appendix_pdf):
    texts = page_texts(task_appendix_pdf)
    start = appendix_start(texts)
    appendix = texts[start:]
    for number in range(1, TASKS + 1):
        # A row kept whole: the title is all on one page, word for word.
        assert sum(task_title(number) in text for text in appendix) == 1, number
    everything = " ".join(appendix)
    for lead in LEADS:
        assert lead in everything
    for numeral, group in zip(("I", "II", "III"), GROUPS, strict=True):
        assert f"{numeral}. {group}" in everything
    assert everything.split().count("NN") == TASKS  # every partner cell: "HTX NN Vĩnh Lợi"
    assert all(f"Quý {q}/2022" in everything for q in ("I", "II", "III", "IV"))


def test_the_body_no_longer_lists_the_tasks(task_appendix_pdf):
    texts = page_texts(task_appendix_pdf)
    body = " ".join(texts[: appendix_start(texts)])
    assert "hợp tác xã số 01" not in body and "Nội dung thực hiện của nhiệm vụ" not in body


def test_the_heading_row_is_repeated_at_the_top_of_every_appendix_page(task_appendix_pdf):
    pages = pdf_pages(task_appendix_pdf)
    start = appendix_start(page_texts(task_appendix_pdf))
    for number, page in enumerate(pages[start:], start + 1):
        heading = page.line_of("Nội")
        assert " ".join(w.text for w in heading).startswith("Nội dung nhiệm vụ"), number
        cells = [w for w in page.words if w.text == "hợp" and w.y0 > heading[0].y0]
        assert cells, number
        first_row = min(w.y0 for w in page.words if w.text in ("1", "UBND", "Phòng", "Hội", "Liên"))
        assert heading[0].y0 < first_row, number
        for label in ("TT", "chủ", "phối", "Thời"):
            assert any(w.text == label and w.y0 < first_row for w in page.words), (number, label)


def test_landscape_pages_keep_their_margins_and_number_on_from_the_body(task_appendix_pdf):
    pages = pdf_pages(task_appendix_pdf)
    start = appendix_start(page_texts(task_appendix_pdf))
    for number, page in enumerate(pages[start:], start + 1):
        top = [w for w in page.words if w.y1 < 30 * MM]
        assert [w.text for w in top] == [str(number)]
        assert abs((top[0].x0 + top[0].x1) / 2 - (25 + 252 / 2) * MM) < TOLERANCE
        body = [w for w in page.words if w.y0 > 30 * MM - TOLERANCE]
        assert min(w.x0 for w in body) > 25 * MM
        assert max(w.x1 for w in body) < page.width - 20 * MM + TOLERANCE
        assert max(w.y1 for w in body) < page.height - 15 * MM + TOLERANCE


def test_table_text_is_twelve_point_with_bold_headings_and_grouping_rows(task_appendix_pdf):
    start = appendix_start(page_texts(task_appendix_pdf))
    found = runs(task_appendix_pdf, start)

    def run(text):
        return next((font, size) for t, font, size in found if text in t)

    assert run("PHỤ LỤC") == ("HTX-Serif-Bold", 14)
    assert run("(Kèm theo") == ("HTX-Serif-Italic", 14)
    assert run("Nội dung nhiệm vụ") == ("HTX-Serif-Bold", 12)
    assert run(f"I. {GROUPS[0]}") == ("HTX-Serif-Bold", 12)
    assert run(task_title(1)[:30]) == ("HTX-Serif", 12)


def test_columns_are_narrow_for_the_number_and_widest_for_the_task(task_appendix_pdf):
    page = pdf_pages(task_appendix_pdf)[appendix_start(page_texts(task_appendix_pdf))]
    # The grouping row starts at the left of the table and runs across the "TT" column.
    group = page.line_of("I.")
    assert abs(group[0].x0 - (25 + 1.5) * MM) < TOLERANCE
    number = next(w for w in page.words if w.text == "1" and w.x0 < 45 * MM)
    title = page.line_of(task_title(1).split()[0], right_of=number.x1)
    lead = next(w for w in page.words if w.text == "UBND" and w.x0 > title[0].x0)
    partner = next(w for w in page.words if w.text == "HTX" and w.x0 > lead.x0)
    period = next(w for w in page.words if w.text == "Quý" and w.x0 > partner.x0)
    # A cell's text starts at its column's left edge (plus the padding), so the steps are the column widths.
    widths = {
        "TT": title[0].x0 - 25 * MM,
        "task": lead.x0 - title[0].x0,
        "lead": partner.x0 - lead.x0,
        "partners": period.x0 - partner.x0,
        "time": page.width - 20 * MM - period.x0,
    }
    assert widths["TT"] < 12 * MM
    assert widths["task"] > 2 * max(widths["lead"], widths["partners"], widths["time"])
    assert widths["time"] > 20 * MM  # "Quý III/2022" and its heading on two lines


def test_with_both_listings_the_tasks_are_in_the_body_and_in_the_appendix(plan_a, cast, login):
    data = download(login(cast["editor_a"]), with_task_list(plan_a, tasks=6, listing=Plan.TaskListing.BOTH))
    texts = page_texts(data)
    start = appendix_start(texts)
    body, appendix = " ".join(texts[:start]), " ".join(texts[start:])
    for number in range(1, 7):
        assert f"{number}. {task_title(number)}" in body
        assert task_title(number) in appendix
    assert all(width > height for width, height in sizes(data)[start:])


def test_a_three_column_table_of_the_plans_own_stays_on_a_portrait_page(plan_a, cast, login):
    plan = with_task_list(plan_a, tasks=3, listing=Plan.TaskListing.BOTH)
    plan.appendices.create(position=0, title="Danh mục công trình", body="Các công trình năm 2022.", table=WORKS)
    data = download(login(cast["editor_a"]), plan)
    texts = page_texts(data)
    assert "PHỤ LỤC I PHÂN CÔNG THỰC HIỆN" in texts[-2]
    last = texts[-1]
    order = ["PHỤ LỤC II", "DANH MỤC CÔNG TRÌNH", ATTACHED, "Các công trình năm 2022.", "I. Giao thông nội đồng"]
    positions = [last.find(text) for text in order]
    assert -1 not in positions and positions == sorted(positions)
    assert all(text in last for text in ("Công trình", "Kinh phí (triệu đồng)", "Đường đal ấp 3", "450"))
    (width, height), (wide, _high) = sizes(data)[-1], sizes(data)[-2]
    assert width < height and wide > _high
    page = pdf_pages(data)[-1]
    # The portrait margins: the grouping row starts at the left margin plus the cell's padding.
    assert abs(page.line_of("I.")[0].x0 - (30 + 1.5) * MM) < TOLERANCE


def test_a_row_taller_than_a_page_breaks_and_loses_no_word(plan_a, cast, login):
    plan = with_task_list(plan_a, tasks=3)
    long_title = " ".join(f"Bước {i}: hoàn thiện hồ sơ, thủ tục pháp lý của hợp tác xã." for i in range(1, 120))
    plan.tasks.filter(position=1).update(title=long_title[:500], product="\n".join([long_title] * 3))
    data = download(login(cast["editor_a"]), plan)
    texts = page_texts(data)
    appendix = " ".join(texts[appendix_start(texts) :])
    assert len(texts) - appendix_start(texts) >= 2
    assert not words_of(long_title) - words_of(appendix)
    assert not words_of(task_title(3)) - words_of(appendix)


def test_the_signer_lines_are_printed_one_under_another(plan_a, cast, login):
    plan = with_task_list(plan_a, tasks=2)
    Plan.objects.filter(pk=plan.pk).update(
        signer_authority="TM. Ủy ban nhân dân KT. Chủ tịch", signer_title="Phó Chủ tịch", signer_name="Trần Văn Bình"
    )
    lines = layout_text(download(login(cast["editor_a"]), plan))
    authority = [i for i, line in enumerate(lines) if line.rstrip().endswith("TM. ỦY BAN NHÂN DÂN")]
    assert len(authority) == 1
    first = authority[0]
    assert lines[first + 1].strip() == "KT. CHỦ TỊCH"
    assert lines[first + 2].strip() == "PHÓ CHỦ TỊCH"
    assert any(line.strip() == "Trần Văn Bình" for line in lines[first + 3 :])


def test_a_draft_marks_its_appendix_pages_too(plan_a, cast, login):
    plan = with_task_list(plan_a, tasks=30)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT, number=None, issued_on=None)
    data = download(login(cast["editor_a"]), plan)
    pages = pdf_pages(data)
    start = appendix_start(page_texts(data))
    assert len(pages) - start >= 2
    for page in pages[start:]:
        assert "DỰ THẢO" in " ".join(w.text for w in page.words if w.y1 < 30 * MM)
    # The number and date the draft does not have yet are left blank, as in its header.
    attached = pages[start].line_of("(Kèm")
    blank = "(Kèm theo Kế hoạch số /KH-UBND ngày / / của Ủy ban nhân dân xã Vĩnh Lợi)"
    assert " ".join(w.text for w in attached) == blank


def test_a_change_to_an_appendix_gives_a_new_file(plan_a, cast, login):
    plan = with_task_list(plan_a, tasks=2)
    client = login(cast["editor_a"])
    appendix = plan.appendices.create(position=0, title="Danh mục công trình", table=WORKS)
    before = download(client, plan)
    appendix.table = WORKS.replace("450", "475")
    appendix.save()
    after = " ".join(page_texts(download(client, plan)))
    assert "475" in after and "450" not in after
    assert "450" in " ".join(page_texts(before))
