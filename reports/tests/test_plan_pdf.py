"""The plan as an official PDF, read back as a printer would see it.

Decree 30/2020/NĐ-CP, Appendix I (../shared/spec/decree30.md): A4; margins
25/20/30/15 mm; the two-column header; page numbers from page 2.
"""

import datetime
import io
import json
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from plans.models import Plan
from reports.tests.readback import (
    MM,
    baselines,
    embedded_font_programs,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    words_of,
)

SEED = Path(settings.BASE_DIR, "plans", "data", "seed_vinhloi_2021.json")
TOLERANCE = 1.5 * MM


def download(client, plan) -> bytes:
    response = client.get(f"/plans/{plan.pk}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def seed_pdf(seed_plan, login, user_named) -> bytes:
    return download(login(user_named("phongnn_chauthanh")), seed_plan)


def issued(plan: Plan, day: datetime.date, number: int = 7) -> Plan:
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.ISSUED, number=number, issued_on=day)
    plan.refresh_from_db()
    return plan


def test_seed_plan_is_a4_and_three_to_four_pages(seed_pdf):
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    assert 3 <= len(reader.pages) <= 4
    for page in reader.pages:
        assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (210, 297)


def test_pdf_reads_header_title_sections_recipients_and_signer_in_order(seed_pdf):
    # The header, column by column, top to bottom, all above the title.
    page = pdf_pages(seed_pdf)[0]
    column_end = (30 + 67.5) * MM
    left = ["UBND HUYỆN CHÂU THÀNH", "ỦY BAN NHÂN DÂN", "XÃ VĨNH LỢI", "Số: 01/KH-UBND"]
    right = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Vĩnh Lợi, ngày 05 tháng 01 năm 2021"]
    title_top = page.line_of("KẾ")[0].y0
    for lines, bounds in ((left, {"left_of": column_end}), (right, {"right_of": column_end})):
        tops = []
        for line in lines:
            words = page.line_of(line.split()[0], **bounds)
            assert " ".join(w.text for w in words) == line
            tops.append(words[0].y0)
        assert tops == sorted(tops) and tops[-1] < title_top
    text = " ".join(pdf_text(seed_pdf).split())
    body = [
        "KẾ HOẠCH",
        "Củng cố, nâng chất hoạt động hợp tác xã năm 2021",
        "Căn cứ kế hoạch số 18/KH/PNN&PTNN",
        "Thực hiện công văn số 141/PNN&PTNT",
        "I. MỤC TIÊU",
        "II. CÁC NHIỆM VỤ TRỌNG TÂM",
        "1. Duy trì và nâng cao chất lượng",
        "III. GIẢI PHÁP THỰC HIỆN",
        "a) Về thể chế",
        "b) Về cơ chế, chính sách",
        "IV. KINH PHÍ HOẠT ĐỘNG",
        "Trên đây là kế hoạch",
        "Nơi nhận:",
        "- Phòng NN&PTNT;",
        "- Lưu: VP.",
        "TM. ỦY BAN NHÂN DÂN XÃ",
        "CHỦ TỊCH",
    ]
    positions = [text.find(s) for s in body]
    assert -1 not in positions, [s for s, p in zip(body, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert "DỰ THẢO" not in text


def test_every_word_of_the_seed_plan_is_in_the_pdf(seed_pdf):
    seed = json.loads(SEED.read_text())
    texts = [seed["title"], seed["preamble"], seed["closing"], *seed["legal_bases"]]
    for key in ("objectives", "tasks", "solutions"):
        texts.append(seed[key]["heading"])
        for item in seed[key]["items"]:
            texts += [item["title"], item["body"]]
            texts += [t for child in item.get("children", []) for t in (child["title"], child["body"])]
    texts += [seed["funding"]["heading"], seed["funding"]["body"]]
    texts += [t for extra in seed["extra_sections"] for t in (extra["heading"], extra["body"])]
    texts += [r["label"] for r in seed["recipients"]]
    texts += [seed["signer"]["authority"], seed["signer"]["title"], seed["signer"]["name"]]
    expected = words_of(" ".join(texts))
    assert len(expected) > 300
    missing = expected - words_of(pdf_text(seed_pdf))
    assert not missing


def test_fonts_are_liberation_serif_embedded_in_the_file(seed_pdf):
    fonts = pdf_fonts(seed_pdf)
    assert len(fonts) >= 3  # regular, bold, italic (and bold italic)
    assert all(font["emb"] == "yes" and font["sub"] == "yes" for font in fonts)
    programs = embedded_font_programs(seed_pdf)
    assert programs
    assert all("Liberation Serif".encode("utf-16-be") in program for program in programs)


def test_text_keeps_to_the_decree_margins(seed_pdf):
    pages = pdf_pages(seed_pdf)
    for number, page in enumerate(pages, 1):
        body = [w for w in page.words if w.y0 > 25 * MM - TOLERANCE]  # below the page number
        left, right = page.span(body)
        assert abs(left - 30 * MM) < TOLERANCE, number
        assert right < page.width - 15 * MM + TOLERANCE, number
        assert max(w.y1 for w in page.words) < page.height - 20 * MM + TOLERANCE, number
    # Justified lines of a full page reach the right margin; its text starts at the top margin.
    page = pages[1]
    body = [w for w in page.words if w.y0 > 20 * MM]
    assert abs(page.span(body)[1] - (page.width - 15 * MM)) < TOLERANCE
    assert abs(min(w.y0 for w in body) - 25 * MM) < TOLERANCE


def test_header_columns_sit_where_the_official_template_puts_them(seed_pdf):
    page = pdf_pages(seed_pdf)[0]
    # Left column 67.5 mm from the left margin, right column 100 mm beside it; lines centred in each.
    column_end = (30 + 67.5) * MM
    left = page.span(page.line_of("UBND", left_of=column_end))
    assert abs(sum(left) / 2 - (30 + 67.5 / 2) * MM) < TOLERANCE
    issuer = page.span(page.line_of("ỦY", left_of=column_end))
    assert abs(sum(issuer) / 2 - (30 + 67.5 / 2) * MM) < TOLERANCE
    nation = page.span(page.line_of("CỘNG"))
    assert abs(sum(nation) / 2 - (30 + 67.5 + 50) * MM) < TOLERANCE
    date = page.span(page.line_of("Vĩnh"))
    assert abs(sum(date) / 2 - (30 + 67.5 + 50) * MM) < TOLERANCE
    # The signature band: 53 mm for Nơi nhận, the signer centred in the 111 mm beside it.
    last = pdf_pages(seed_pdf)[-1]
    recipients = last.line_of("Nơi", left_of=(30 + 53) * MM)
    assert abs(last.span(recipients)[0] - 30 * MM) < TOLERANCE
    authority = last.span(last.line_of("TM."))
    assert abs(sum(authority) / 2 - (30 + 53 + 111 / 2) * MM) < TOLERANCE


def test_number_and_place_date_share_one_baseline(seed_pdf):
    lines = baselines(seed_pdf)
    number = next(y for text, y in lines.items() if text.startswith("Số:"))
    date = next(y for text, y in lines.items() if text.startswith("Vĩnh Lợi, ngày"))
    assert abs(number - date) < 0.5


def test_page_numbers_are_at_the_top_centre_from_page_two(seed_pdf):
    pages = pdf_pages(seed_pdf)
    assert not [w for w in pages[0].words if w.y1 < 25 * MM]
    for number, page in enumerate(pages[1:], 2):
        top = [w for w in page.words if w.y1 < 25 * MM]
        assert [w.text for w in top] == [str(number)]
        assert abs((top[0].x0 + top[0].x1) / 2 - (30 + 165 / 2) * MM) < TOLERANCE


def test_type_sizes_and_styles_follow_the_decree(seed_pdf):
    reader = pypdf.PdfReader(io.BytesIO(seed_pdf))
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            runs.append((text.strip(), str(font["/BaseFont"]), round(size * tm[0] * cm[0], 1)))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)

    def run(start):
        return next((font.split("+")[1], size) for text, font, size in runs if text.startswith(start))

    assert run("UBND HUYỆN") == ("HTX-Serif", 13)
    assert run("ỦY BAN NHÂN DÂN") == ("HTX-Serif-Bold", 13)
    assert run("CỘNG HÒA") == ("HTX-Serif-Bold", 13)
    assert run("Độc lập") == ("HTX-Serif-Bold", 14)
    assert run("Số: 01") == ("HTX-Serif", 13)
    assert run("Vĩnh Lợi, ngày") == ("HTX-Serif-Italic", 14)
    assert run("KẾ HOẠCH") == ("HTX-Serif-Bold", 14)
    assert run("Căn cứ kế hoạch") == ("HTX-Serif-Italic", 14)
    assert run("I. MỤC TIÊU") == ("HTX-Serif-Bold", 14)
    assert run("a) Về thể chế") == ("HTX-Serif", 14)
    assert run("Ủy ban nhân dân xã Vĩnh Lợi xây") == ("HTX-Serif", 14)
    assert run("Nơi nhận:") == ("HTX-Serif-Bold-Italic", 12)
    assert run("- Phòng NN&PTNT;") == ("HTX-Serif", 11)
    assert run("TM. ỦY BAN") == ("HTX-Serif-Bold", 14)


def test_body_paragraphs_are_indented_one_centimetre(seed_pdf):
    page = pdf_pages(seed_pdf)[0]
    preamble = page.line_of("Ủy")
    assert abs(preamble[0].x0 - (30 * MM + 10 * MM)) < 0.5 * MM


@pytest.mark.parametrize("extra_lines", [0, 3, 6, 9, 12, 15, 18, 21, 24, 27])
def test_recipients_and_signer_are_never_split_across_pages(seed_plan, login, user_named, extra_lines):
    # Lengthen the closing a few lines at a time so the band meets every position on the page.
    Plan.objects.filter(pk=seed_plan.pk).update(closing=seed_plan.closing + "\n\nThêm." * extra_lines)
    pages = pdf_pages(download(login(user_named("canbo_vinhloi")), seed_plan))
    band_pages = {i for i, page in enumerate(pages) for w in page.words if w.text in ("nhận:", "TM.", "Lưu:", "TỊCH")}
    assert len(band_pages) == 1


def test_a_draft_says_so_on_every_page_and_leaves_number_and_date_blank(plan_a, cast, login):
    plan_a.objectives.create(position=0, body="Mục tiêu thử.\n\n" + "Một đoạn văn khá dài. " * 400)
    data = download(login(cast["editor_a"]), plan_a)
    pages = pdf_pages(data)
    assert len(pages) >= 2
    for page in pages:
        top = " ".join(w.text for w in page.words if w.y1 < 25 * MM)
        assert "DỰ THẢO" in top
    text = " ".join(pdf_text(data).split())
    assert "Số: /KH-UBND" in text
    assert "Vĩnh Lợi, ngày tháng năm" in text


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (datetime.date(2022, 1, 5), "ngày 05 tháng 01 năm 2022"),
        (datetime.date(2022, 2, 28), "ngày 28 tháng 02 năm 2022"),
        (datetime.date(2022, 6, 9), "ngày 09 tháng 6 năm 2022"),
        (datetime.date(2022, 12, 1), "ngày 01 tháng 12 năm 2022"),
    ],
)
def test_dates_are_written_the_decree_way(plan_a, cast, login, day, written):
    issued(plan_a, day, number=3)
    text = " ".join(pdf_text(download(login(cast["editor_a"]), plan_a)).split())
    assert f"Vĩnh Lợi, {written}" in text
    assert "Số: 03/KH-UBND" in text


def test_anonymous_visitor_is_sent_to_login(plan_a, client):
    response = client.get(f"/plans/{plan_a.pk}/pdf")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("who", ["editor_b", "staff_b", "outsider"])
def test_those_who_may_not_see_the_plan_get_404(plan_a, cast, login, who):
    assert login(cast[who]).get(f"/plans/{plan_a.pk}/pdf").status_code == 404


def test_a_word_longer_than_the_line_breaks_instead_of_running_off_the_page(plan_a, cast, login):
    # A pasted link or a run of characters with no space: on paper the part past the margin was simply lost.
    long_word = "https://example.gov.vn/" + "a" * 300
    plan_a.preamble = long_word
    plan_a.save()

    pages = pdf_pages(download(login(cast["editor_a"]), plan_a))

    words = [w for page in pages for w in page.words]
    assert "".join(w.text for w in words if w.text.startswith(("https", "a"))).count("a" * 300) == 1
    assert all(w.x1 <= pages[0].width - 15 * MM + TOLERANCE for w in words)
