"""What the district's figures count (issued plans in force only) and the
year its two pages open on, on the summary (page, PDF, XLSX) and /district/."""

import datetime
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cooperatives.models import AdministrativeUnit
from plans import services
from plans.models import Plan, ProgressUpdate
from reports.district.figures import default_year
from reports.district.summary import build_summary
from reports.tests.districts import add_communes
from reports.tests.readback import pdf_pages

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def make_plan(issuer, *, year=YEAR, status=Plan.Status.ISSUED, number=1, coop=None, tasks=0, due=None, **fields):
    plan = Plan.objects.create(
        issuer=issuer,
        year=year,
        title=fields.pop("title", f"Kế hoạch năm {year} của {issuer.short_name} ({status})"),
        issuer_name=issuer.name.upper(),
        symbol="KH-UBND",
        place=issuer.unit.name,
        status=status,
        number=number if status == Plan.Status.ISSUED else None,
        issued_on=datetime.date(year, 1, 10) if status == Plan.Status.ISSUED else None,
        **fields,
    )
    if coop is not None:
        plan.cooperatives.add(coop)
    for k in range(tasks):
        plan.tasks.create(position=k, title=f"Nhiệm vụ {k + 1}", due_on=due or datetime.date(year, 12, 31))
    return plan


def summary_page(client, year=YEAR) -> str:
    return client.get(f"/reports/summary/?unit=942&year={year}").content.decode()


def table_part(html: str, part: str) -> str:
    """The main table's <tbody> or <tfoot>, without the table of plans not in force."""
    main = html.split('<section class="summary-pending">')[0]
    return re.search(rf"<{part}>(.*?)</{part}>", main, re.S).group(1)


@pytest.fixture
def mixed(orgs, coops, cast):
    """Commune A: an issued plan (2 tasks, one late, one done). Commune B: a
    submitted plan of 3 overdue tasks naming HTX NN Phú Tân, an approved plan
    and a draft of 1 task."""
    issued = make_plan(orgs["ubnd_a"], coop=coops["a"], title="Kế hoạch đã ban hành của Vĩnh Lợi")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = issued.tasks.create(position=0, title="Trễ", due_on=yesterday)
    done = issued.tasks.create(position=1, title="Xong", due_on=datetime.date(YEAR, 12, 31))
    ProgressUpdate.objects.create(
        task=done, reported_on=timezone.localdate(), percent=100, status="done", work_done="Xong.",
        author=cast["staff_a"],
    )  # fmt: skip
    submitted = make_plan(orgs["ubnd_b"], status=Plan.Status.SUBMITTED, coop=coops["b"], tasks=3,
                          due=datetime.date(YEAR - 1, 6, 30), title="Kế hoạch chờ duyệt của Phú Tân")  # fmt: skip
    approved = make_plan(orgs["ubnd_b"], status=Plan.Status.APPROVED, title="Kế hoạch đã duyệt của Phú Tân")
    draft = make_plan(orgs["ubnd_b"], status=Plan.Status.DRAFT, tasks=1, title="Dự thảo của Phú Tân")
    return {"issued": issued, "late": late, "submitted": submitted, "approved": approved, "draft": draft}


@pytest.fixture(autouse=True)
def _vietnamese():
    # Labels built outside a request are in the thread's language, which an
    # earlier test's English request may have left active.
    with translation.override("vi"):
        yield


def test_totals_count_issued_plans_only(mixed, units):
    summary = build_summary(unit=units["district"], year=YEAR)
    assert [row.plan_id for row in summary.rows if row.plan_id] == [mixed["issued"].pk]
    totals = summary.totals
    assert (totals["plans"], totals["tasks"], totals["done"], totals["late"]) == (1, 2, 1, 1)
    assert totals["percent"] == 50
    # HTX NN Phú Tân is named by a submitted plan only: not yet in a plan in force.
    assert (totals["covered"], totals["cooperatives"]) == (1, 2)
    assert summary.totals_label == "Cộng: 2 xã, 1 kế hoạch đã ban hành, 1/2 hợp tác xã có trong kế hoạch"
    assert [(row.title, row.status_label) for row in summary.pending] == [
        ("Kế hoạch chờ duyệt của Phú Tân", "Chờ duyệt"),
        ("Kế hoạch đã duyệt của Phú Tân", "Đã duyệt"),
        ("Dự thảo của Phú Tân", "Dự thảo"),
    ]
    assert next(bar for bar in summary.bars if bar.name == "Xã Phú Tân").percent is None


def test_the_page_lists_plans_not_in_force_apart_and_marked(mixed, cast, login):
    html = summary_page(login(cast["reviewer"]))
    body, foot = table_part(html, "tbody"), table_part(html, "tfoot")
    assert "Kế hoạch đã ban hành của Vĩnh Lợi" in body
    for title in ("Kế hoạch chờ duyệt của Phú Tân", "Kế hoạch đã duyệt của Phú Tân", "Dự thảo của Phú Tân"):
        assert title not in body
    # The cooperative only a submitted plan names is shown as left out.
    assert re.search(r"HTX NN Phú Tân</td>\s*<td[^>]*><em>Chưa có kế hoạch ban hành</em>", body)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th[^>]*>(.*?)</th>", foot, re.S)]
    assert cells == ["Cộng: 2 xã, 1 kế hoạch đã ban hành, 1/2 hợp tác xã có trong kế hoạch", "2", "1", "1", "50%"]
    pending = html.split('<section class="summary-pending">')[1]
    assert "Dự thảo / chưa ban hành" in pending and "không tính vào số liệu tổng hợp" in pending
    assert pending.index("Kế hoạch chờ duyệt của Phú Tân") < pending.index("Chờ duyệt")
    assert f'href="/plans/{mixed["draft"].pk}/"' in pending


def test_the_pdf_and_the_xlsx_count_the_same(mixed, cast, login):
    client = login(cast["reviewer"])
    pdf = client.get(f"/reports/summary.pdf?unit=942&year={YEAR}").content
    (page,) = pdf_pages(pdf)
    line = [w.text for w in sorted(page.line_of("Cộng:"), key=lambda w: w.x0)]
    assert " ".join(line) == "Cộng: 2 xã, 1 kế hoạch đã ban hành, 1/2 hợp tác xã có trong kế hoạch 2 1 1 50%"
    total = page.line_of("Cộng:")[0].y0
    below = " ".join(w.text for w in page.words if w.y0 > total)
    assert "Dự thảo / chưa ban hành" in below and "Kế hoạch chờ duyệt của Phú Tân" in below
    assert "Kế hoạch chờ duyệt" not in " ".join(w.text for w in page.words if w.y0 < total)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/reports/summary.xlsx?unit=942&year={YEAR}").content))
    main, pending = book.worksheets[0], book["Chưa ban hành"]
    titles = [row[3].value for row in main.iter_rows(min_row=2)]
    assert "Kế hoạch đã ban hành của Vĩnh Lợi" in titles and "Dự thảo của Phú Tân" not in titles
    assert [c.value for c in main[main.max_row]][7:10] == [2, 1, 1]
    assert [(r[3].value, r[4].value, r[5].value) for r in pending.iter_rows(min_row=2, max_row=4)] == [
        ("Kế hoạch chờ duyệt của Phú Tân", "Chờ duyệt", 3),
        ("Kế hoạch đã duyệt của Phú Tân", "Đã duyệt", 0),
        ("Dự thảo của Phú Tân", "Dự thảo", 1),
    ]


def test_the_district_page_counts_issued_plans_only(mixed, cast, login):
    html = login(cast["reviewer"]).get(f"/district/?year={YEAR}").content.decode()
    assert "1 kế hoạch đã ban hành" in html and "1 nhiệm vụ trễ hạn" in html
    phutan = html.split('id="xa-B1"')[1].split("</section>")[0]
    assert "chưa có kế hoạch ban hành" in phutan and "Chưa có kế hoạch ban hành." in phutan
    pending = phutan.split('class="district-pending')[1]
    assert "Dự thảo / chưa ban hành (không tính vào số liệu):" in pending
    for plan in ("submitted", "approved", "draft"):
        assert f'href="/plans/{mixed[plan].pk}/"' in pending


@pytest.fixture
def amended(orgs, coops):
    """Commune A's 2022 plan 01/KH-UBND (4 tasks), replaced by its issued
    amendment 02/KH-UBND (2 tasks), which a draft amendment would replace in turn."""
    original = make_plan(orgs["ubnd_a"], year=2022, coop=coops["a"], tasks=4, title="Kế hoạch gốc")
    amendment = make_plan(orgs["ubnd_a"], year=2022, number=2, coop=coops["a"], tasks=2, supersedes=original,
                          title="Kế hoạch sửa đổi")  # fmt: skip
    draft = make_plan(orgs["ubnd_a"], year=2022, status=Plan.Status.DRAFT, supersedes=amendment, tasks=5,
                      title="Dự thảo sửa đổi lần hai")  # fmt: skip
    return {"original": original, "amendment": amendment, "draft": draft}


def test_a_plan_and_its_issued_amendment_count_once_as_the_amendment(amended, units, cast, login):
    summary = build_summary(unit=units["district"], year=2022)
    assert [row.title for row in summary.rows if row.plan_id] == ["Kế hoạch sửa đổi"]
    assert (summary.totals["plans"], summary.totals["tasks"], summary.totals["covered"]) == (1, 2, 1)
    assert [(row.title, row.status_label) for row in summary.pending] == [
        ("Kế hoạch gốc", "Đã được thay thế bởi 02/KH-UBND"),
        ("Dự thảo sửa đổi lần hai", "Dự thảo"),
    ]
    html = login(cast["reviewer"]).get("/district/?year=2022").content.decode()
    assert "1 kế hoạch đã ban hành" in html
    pending = html.split('class="district-pending')[1]
    assert "Đã được thay thế bởi 02/KH-UBND" in pending and "01/KH-UBND · Kế hoạch gốc" in pending


def test_the_demo_with_an_imported_draft_counts_its_two_issued_plans(seed_plan, client):
    """The demo, then its seed file imported again as a draft beside the issued 01/KH-UBND."""
    data = json.loads(Path(settings.BASE_DIR, "plans/data/seed_vinhloi_2021.json").read_text())
    imported = services.plan_import(data=data, issuer=seed_plan.issuer, additional_reason="Nhập lại để đối chiếu.")
    assert imported.status == Plan.Status.DRAFT and imported.year == 2021
    client.force_login(get_user_model().objects.get(username="phongnn_chauthanh"))
    html = client.get("/reports/summary/").content.decode()
    assert client.get("/reports/summary/").context["summary"].year == 2021
    body, foot = table_part(html, "tbody"), table_part(html, "tfoot")
    assert "Cộng: 2 xã, 2 kế hoạch đã ban hành" in foot
    assert f'href="/plans/{imported.pk}/"' not in body
    assert '<td data-label="Hợp tác xã">—</td>' not in body
    pending = html.split('<section class="summary-pending">')[1]
    assert f'href="/plans/{imported.pk}/"' in pending and "Dự thảo" in pending


# --- The year both pages open on ---------------------------------------------------


def opening_years(client) -> tuple[int, int]:
    return client.get("/district/").context["year"], client.get("/reports/summary/").context["summary"].year


def test_both_pages_open_on_the_latest_year_with_an_issued_plan(orgs, cast, login, units):
    client = login(cast["reviewer"])
    assert opening_years(client) == (YEAR, YEAR)  # nothing issued yet: the current year
    make_plan(orgs["ubnd_a"], year=2021)
    make_plan(orgs["ubnd_a"], status=Plan.Status.APPROVED)
    make_plan(orgs["ubnd_b"], year=YEAR + 1, status=Plan.Status.DRAFT)
    # As in the demo: issued 2021 plans and an approved plan this year.
    assert opening_years(client) == (2021, 2021)
    # A plan issued ahead for next year does not move them.
    make_plan(orgs["ubnd_b"], year=YEAR + 1, number=2)
    assert opening_years(client) == (2021, 2021)
    make_plan(orgs["ubnd_b"], number=3)
    assert opening_years(client) == (YEAR, YEAR)
    assert default_year(AdministrativeUnit.objects.filter(pk=units["a"].pk)) == 2021


def test_the_demo_opens_both_pages_on_2021(seed_plan, client):
    client.force_login(get_user_model().objects.get(username="phongnn_chauthanh"))
    assert Plan.objects.filter(year=YEAR).exclude(status=Plan.Status.ISSUED).exists()
    assert opening_years(client) == (2021, 2021)


def test_a_bad_year_falls_back_to_the_same_opening_year(orgs, cast, login):
    make_plan(orgs["ubnd_a"], year=2021)
    response = login(cast["reviewer"]).get("/reports/summary/?unit=942&year=hai")
    assert response.context["summary"].year == 2021
    assert "Năm “hai” không hợp lệ" in response.content.decode()


# --- Query counts ------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [f"/reports/summary/?unit=942&year={YEAR}", f"/district/?year={YEAR}"])
def test_the_summary_and_the_district_page_do_not_grow_in_queries_from_2_to_20_communes(mixed, units, cast, login, url):
    client = login(cast["reviewer"])
    assert count_queries(client, url) > 0  # warm: sessions, first-use caches
    cache.clear()  # the page built, not read from the roll-up cache (cooperatives/versions.py)
    few = count_queries(client, url)
    add_communes(units["district"], 18, year=YEAR, author=cast["staff_a"])
    assert AdministrativeUnit.objects.filter(level="commune").count() == 20
    cache.clear()
    many = count_queries(client, url)
    assert "Xã Thử 017" in client.get(url).content.decode()
    assert many == few
    # Read again from the cache: fewer queries still, and the same page.
    assert count_queries(client, url) < many
