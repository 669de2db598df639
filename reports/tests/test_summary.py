"""The district summary: page, PDF and XLSX from one structure."""

import datetime
import io
import re

import openpyxl
import pypdf
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from cooperatives.models import AdministrativeUnit, Cooperative, Organization
from plans.models import Plan
from reports.district.summary import build_summary
from reports.tests.readback import MM, pdf_fonts, pdf_text


@pytest.fixture
def district_with_plans(plan_with_updates, orgs, units):
    """Commune A has the issued plan; commune B a draft; a third commune has nothing."""
    Plan.objects.create(
        issuer=orgs["ubnd_b"],
        year=2022,
        title="Kế hoạch của xã Phú Tân năm 2022",
        issuer_name="ỦY BAN NHÂN DÂN XÃ PHÚ TÂN",
        symbol="KH-UBND",
        place="Phú Tân",
    )
    AdministrativeUnit.objects.create(code="C1", name="Xã Thuận Hòa", level="commune", parent=units["district"])
    return units["district"]


def summary_url(kind: str, unit: str = "942", year: str = "2022") -> str:
    return f"/reports/summary{kind}?unit={unit}&year={year}"


def test_reviewer_sees_every_commune_with_plans_status_tasks_and_progress(district_with_plans, cast, login):
    html = login(cast["reviewer"]).get(summary_url("/")).content.decode()
    for text in (
        "Xã Vĩnh Lợi",
        "Xã Phú Tân",
        "Xã Thuận Hòa",
        "Củng cố, nâng chất hoạt động hợp tác xã năm 2022",
        "04/KH-UBND",
        "Dự thảo / chưa ban hành",
        "Dự thảo",
        "HTX NN Vĩnh Lợi",
        "HTX NN Phú Tân",
        "Chưa có kế hoạch ban hành",
    ):
        assert text in html, text
    assert html.count('class="summary-bar"') == 3


def chart(html: str) -> str:
    return re.search(r'<figure class="summary-figure">.*?</figure>', html, re.S).group(0)


def test_the_chart_is_the_same_on_the_page_and_in_the_pdf(district_with_plans, cast, login):
    html = login(cast["reviewer"]).get(summary_url("/")).content.decode()
    summary = build_summary(unit=district_with_plans, year=2022)
    figure = chart(html)
    assert figure == chart(render_to_string("reports/summary_pdf.html", {"summary": summary}))
    names = re.findall(r'<span class="summary-bar-name">(.*?)</span>', figure)
    assert names == ["Xã Phú Tân", "Xã Thuận Hòa", "Xã Vĩnh Lợi"]
    # One commune has an issued plan with progress: one bar, its percent in words too.
    assert re.findall(r'class="summary-bar-fill pct-(\d+)"', figure) == ["45"]
    assert '<span class="summary-bar-value">45%</span>' in figure
    # The others say why they have no bar; an empty track would read as 0 %.
    assert figure.count("chưa có kế hoạch ban hành") == 2


def test_summary_pdf_is_landscape_with_embedded_fonts_and_the_table(district_with_plans, cast, login):
    response = login(cast["reviewer"]).get(summary_url(".pdf"))
    assert response["Content-Type"] == "application/pdf"
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    assert (round(float(page.mediabox.width) / MM), round(float(page.mediabox.height) / MM)) == (297, 210)
    assert all(font["emb"] == "yes" for font in pdf_fonts(response.content))
    text = " ".join(pdf_text(response.content).split())
    for phrase in ("HUYỆN CHÂU THÀNH", "Xã Vĩnh Lợi", "Xã Phú Tân", "Xã Thuận Hòa", "04/KH-UBND", "45%", "Tiến độ"):
        assert phrase in text, phrase


def test_summary_xlsx_keeps_numbers_and_dates_typed_and_the_header_frozen(district_with_plans, cast, login):
    response = login(cast["reviewer"]).get(summary_url(".xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Xã, phường", "Cơ quan ban hành", "Hợp tác xã", "Kế hoạch (trích yếu)"]
    rows = {row[0].value + "|" + str(row[3].value): row for row in sheet.iter_rows(min_row=2)}
    issued = rows["Xã Vĩnh Lợi|Củng cố, nâng chất hoạt động hợp tác xã năm 2022"]
    assert issued[5].value == datetime.datetime(2022, 1, 6) and issued[5].number_format == "DD/MM/YYYY"
    assert issued[7].value == 2 and isinstance(issued[7].value, int)
    assert isinstance(issued[10].value, float) and issued[10].number_format == "0%"
    assert rows["Xã Thuận Hòa|Chưa có kế hoạch ban hành"][7].value is None
    assert all(sheet.column_dimensions[c].width >= 10 for c in "ABCDEFGHIJK")


@pytest.mark.parametrize("who", ["editor_a", "approver_a", "staff_a", "outsider"])
def test_only_reviewers_of_the_unit_get_a_summary(district_with_plans, cast, login, who):
    client = login(cast[who])
    for kind in ("/", ".pdf", ".xlsx"):
        assert client.get(summary_url(kind)).status_code == 404


def test_a_reviewer_of_a_district_gets_404_for_the_province(district_with_plans, cast, login):
    assert login(cast["reviewer"]).get(summary_url("/", unit="94")).status_code == 404


def test_superuser_may_summarise_the_province(district_with_plans, login, superuser):
    html = login(superuser).get(summary_url("/", unit="94")).content.decode()
    assert "Xã Vĩnh Lợi" in html and "Tỉnh Sóc Trăng" in html


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(summary_url(".pdf"))
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_a_bad_year_is_explained(district_with_plans, cast, login):
    client = login(cast["reviewer"])
    response = client.get(summary_url(".xlsx", year="hai"))
    assert response.status_code == 400
    assert "Năm “hai” không hợp lệ" in response.content.decode()
    page = client.get(summary_url("/", year="1999")).content.decode()
    assert "Năm “1999” không hợp lệ" in page


def test_queries_do_not_grow_with_communes(district_with_plans, cast, login, orgs, django_assert_max_num_queries):
    client = login(cast["reviewer"])
    for i in range(20):
        commune = AdministrativeUnit.objects.create(
            code=f"X{i}", name=f"Xã {i}", level="commune", parent=orgs["office"].unit
        )
        ubnd = Organization.objects.create(
            name=f"UBND xã {i}", short_name=f"UBND xã {i}", kind="peoples_committee", unit=commune
        )
        htx = Organization.objects.create(name=f"HTX {i}", short_name=f"HTX {i}", kind="cooperative", unit=commune)
        coop = Cooperative.objects.create(organization=htx)
        plan = Plan.objects.create(issuer=ubnd, year=2022, title=f"KH {i}", issuer_name="X", place="X")
        plan.cooperatives.add(coop)
        plan.tasks.create(title="Một", position=0)
    # 16 to build it, 1 for the versions it is cached on.
    with django_assert_max_num_queries(17):
        assert client.get(summary_url("/")).status_code == 200
    # A repeat view reads the summary from the cache.
    with django_assert_max_num_queries(10):
        assert client.get(summary_url("/")).status_code == 200


def test_a_plan_not_yet_issued_does_not_pull_its_commune_progress_down(district_with_plans, orgs, cast, login):
    issued = build_summary(unit=district_with_plans, year=2022)
    percent_a = next(bar.percent for bar in issued.bars if bar.name == "Xã Vĩnh Lợi")
    assert percent_a > 0
    draft = Plan.objects.create(
        issuer=orgs["ubnd_a"],
        year=2022,
        title="Kế hoạch bổ sung của xã Vĩnh Lợi năm 2022",
        issuer_name="ỦY BAN NHÂN DÂN XÃ VĨNH LỢI",
        symbol="KH-UBND",
        place="Vĩnh Lợi",
        status=Plan.Status.SUBMITTED,
    )
    for i in range(4):
        draft.tasks.create(position=i, title=f"Nhiệm vụ {i}")
    summary = build_summary(unit=district_with_plans, year=2022)
    assert next(bar.percent for bar in summary.bars if bar.name == "Xã Vĩnh Lợi") == percent_a
    assert summary.totals["percent"] == pytest.approx(percent_a)
    assert draft.pk not in [row.plan_id for row in summary.rows]
    assert next(row for row in summary.pending if row.plan_id == draft.pk).percent is None


def test_summary_xlsx_ends_with_the_same_total_row_as_the_page(district_with_plans, cast, login):
    client = login(cast["reviewer"])
    page = client.get(summary_url("/")).content.decode()
    foot = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", foot, re.S)]
    label, tasks, done, late, percent = cells
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(summary_url(".xlsx")).content)).worksheets[0]
    total = [cell for cell in sheet[sheet.max_row]]
    assert total[0].value == label == "Cộng: 3 xã, 1 kế hoạch đã ban hành, 1/2 hợp tác xã có trong kế hoạch"
    assert total[0].font.bold
    assert [total[7].value, total[8].value, total[9].value] == [int(tasks), int(done), int(late)]
    assert all(isinstance(total[i].value, int) for i in (7, 8, 9))
    assert isinstance(total[10].value, float) and total[10].number_format == "0%"
    assert f"{total[10].value:.0%}" == percent
    # Sorting or filtering the table must not move the total in among the communes.
    assert sheet.auto_filter.ref == f"A1:K{sheet.max_row - 1}"


def test_summary_xlsx_total_percent_is_rounded_as_the_page_rounds_it(district_with_plans):
    from reports.district.summary import summary_xlsx

    summary = build_summary(unit=district_with_plans, year=2022)
    row = next(row for row in summary.rows if row.percent is not None)
    # 12.4999999 shows as 12 % on the page; the sheet must not make it 13 %.
    row.percent, row.tasks = 12.4999999, 3
    sheet = openpyxl.load_workbook(io.BytesIO(summary_xlsx(summary))).worksheets[0]
    assert sheet.cell(row=sheet.max_row, column=11).value == pytest.approx(0.12)


def test_a_provincial_reviewer_lands_on_the_province_not_a_district_below_it(district_with_plans, orgs, units, login):
    from django.contrib.auth import get_user_model

    from cooperatives.models import Membership, Organization

    department = Organization.objects.create(
        name="Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng", short_name="Sở NN&MT Sóc Trăng",
        kind="specialised_office", unit=units["province"],
    )  # fmt: skip
    officer = get_user_model().objects.create_user(username="so_nnmt")
    Membership.objects.create(user=officer, organization=department, role=Membership.Role.REVIEWER)
    response = login(officer).get("/reports/summary/")
    assert response.status_code == 200
    assert response.context["summary"].unit == units["province"]


# --- Languages: the page follows the reader, the PDF and the XLSX stay Vietnamese -----


@pytest.fixture
def english(cast, login):
    client = login(cast["reviewer"])
    # What the footer's language switch leaves behind.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    yield client
    # The request leaves its language active in this thread: not for the next test.
    translation.activate(settings.LANGUAGE_CODE)


def test_the_summary_page_is_in_english_when_the_reader_chose_english(district_with_plans, english):
    html = english.get(summary_url("/")).content.decode()
    assert 'lang="en"' in html
    for text in (
        "Summary of the implementation of the plans to consolidate and improve cooperatives, 2022",
        "figures as of",
        "Download PDF",
        "Download XLSX",
        "Progress of the 2022 plans by commune (%)",
        "Commune, ward",
        "Behind or overdue",
        ">Progress</th>",
        "No issued plan yet",
        "Total: 3 communes, 1 issued plan, 1 of 2 cooperatives in a plan",
        "Drafts / not yet issued",
        ">Draft</td>",
        'data-label="Cooperative"',
    ):
        assert text in html, text
    for text in ("Tổng hợp tình hình", "Tải PDF", "Tiến độ", "Xã, phường", "Cộng:", "Dự thảo", "chưa có kế hoạch"):
        assert text not in html, text
    # The data stays as written.
    assert "Xã Vĩnh Lợi" in html and "Củng cố, nâng chất hoạt động hợp tác xã năm 2022" in html


def test_the_pdf_stays_vietnamese_for_an_english_reader(district_with_plans, english, cast, login):
    english_pdf = english.get(summary_url(".pdf")).content
    text = " ".join(pdf_text(english_pdf).split())
    for phrase in (
        "TỔNG HỢP TÌNH HÌNH THỰC HIỆN KẾ HOẠCH CỦNG CỐ, NÂNG CHẤT HỢP TÁC XÃ NĂM 2022",
        "Tiến độ thực hiện kế hoạch năm 2022 theo xã (%)",
        "Xã, phường",
        "Tiến độ",
        "Cộng: 3 xã, 1 kế hoạch đã ban hành, 1/2 hợp tác xã có trong kế hoạch",
        "Dự thảo / chưa ban hành",
        "Chưa có kế hoạch ban hành",
    ):
        assert phrase in text, phrase
    for word in ("Progress", "Total", "Commune", "Draft", "issued"):
        assert word not in text, word
    # Rendered once and cached: a Vietnamese reader gets the same file.
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert english.get(summary_url(".pdf")).content == english_pdf


def test_the_xlsx_stays_vietnamese_for_an_english_reader(district_with_plans, english):
    book = openpyxl.load_workbook(io.BytesIO(english.get(summary_url(".xlsx")).content))
    sheet = book.worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert values[0] == "Xã, phường"
    assert "Đã ban hành" in values and "Chưa có kế hoạch ban hành" in values
    assert sheet.cell(row=sheet.max_row, column=1).value.startswith("Cộng: 3 xã, 1 kế hoạch đã ban hành")
    assert [row[4].value for row in book["Chưa ban hành"].iter_rows(min_row=2, max_row=2)] == ["Dự thảo"]
    assert not [v for v in values if "Issued" in v or "Total" in v or "plan" in v]


def test_a_year_with_no_issued_plan_shows_no_total_percent_rather_than_zero(district_with_plans, cast, login):
    html = login(cast["reviewer"]).get(summary_url("/", year="2030")).content.decode()
    total = re.search(r"<tfoot>.*?</tfoot>", html, re.S).group(0)
    assert "—" in total and "0%" not in total
    sheet = login(cast["reviewer"]).get(summary_url(".xlsx", year="2030"))
    assert sheet.status_code == 200
