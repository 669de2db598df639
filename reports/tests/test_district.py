"""The district office's page over its communes (/district/), also under the two-tier government."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import signed_in
from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Membership, Organization
from plans.models import Plan, ProgressUpdate
from reports.models import ProgressReport

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def make_plan(issuer, *, status=Plan.Status.ISSUED, year=YEAR, number=1, coop=None, title=None):
    plan = Plan.objects.create(
        issuer=issuer,
        year=year,
        title=title or f"Kế hoạch hỗ trợ hợp tác xã năm {year} của {issuer.short_name}",
        issuer_name=issuer.name.upper(),
        symbol="KH-UBND",
        place=issuer.unit.name,
        status=status,
        number=number if status == Plan.Status.ISSUED else None,
        issued_on=datetime.date(year, 1, 10) if status == Plan.Status.ISSUED else None,
    )
    if coop is not None:
        plan.cooperatives.add(coop)
    return plan


@pytest.fixture
def district_data(orgs, coops, cast):
    """Commune A: an issued plan half done with a late task, and an issued report; commune B: a draft."""
    plan = make_plan(orgs["ubnd_a"], coop=coops["a"])
    late = plan.tasks.create(position=0, title="Thử nghiệm drone", due_on=datetime.date(YEAR, 1, 31), weight=1)
    done = plan.tasks.create(position=1, title="Tập huấn thành viên", due_on=datetime.date(YEAR, 12, 31), weight=1)
    ProgressUpdate.objects.create(
        task=done, reported_on=datetime.date(YEAR, 1, 20), percent=100, status="done", work_done="Xong.",
        author=cast["staff_a"],
    )  # fmt: skip
    report = ProgressReport.objects.create(
        plan=plan, issuer=orgs["ubnd_a"], as_of=datetime.date(YEAR, 1, 25), title="Kết quả thực hiện kế hoạch",
        issuer_name="ỦY BAN NHÂN DÂN XÃ VĨNH LỢI", place="Vĩnh Lợi", status=ProgressReport.Status.ISSUED, number=2,
        symbol="BC-UBND", issued_on=datetime.date(YEAR, 1, 26),
    )  # fmt: skip
    draft = make_plan(orgs["ubnd_b"], status=Plan.Status.DRAFT, coop=coops["b"])
    CooperativeRating.objects.create(cooperative=coops["a"], year=YEAR - 1, rating="fair")
    old = make_plan(orgs["ubnd_a"], year=YEAR - 1, title="Kế hoạch năm trước")
    return {"plan": plan, "late": late, "report": report, "draft": draft, "old": old}


def test_the_reviewer_sees_every_commune_with_its_cooperatives_plans_progress_late_tasks_and_reports(
    district_data, cast, login
):
    html = login(cast["reviewer"]).get("/district/").content.decode()
    assert "Xã Vĩnh Lợi" in html and "Xã Phú Tân" in html
    assert "HTX NN Vĩnh Lợi" in html and "HTX NN Phú Tân" in html
    assert f"xếp loại {YEAR - 1}: Khá" in html
    plan, draft = district_data["plan"], district_data["draft"]
    assert f'href="/plans/{plan.pk}/"' in html and f'href="/plans/{draft.pk}/"' in html
    assert "Đã ban hành" in html and "Dự thảo" in html
    assert 'aria-valuenow="50"' in html  # one of two equal tasks done: 50 %
    assert f'href="/tasks/{district_data["late"].pk}/"' in html
    assert f'href="/reports/{district_data["report"].pk}/"' in html and "02/BC-UBND" in html
    assert "Kế hoạch năm trước" not in html
    assert "1 nhiệm vụ trễ hạn" in html and "1 báo cáo đã nhận" in html


def test_it_links_the_summary_downloads_of_the_district(district_data, cast, login):
    html = login(cast["reviewer"]).get("/district/").content.decode()
    assert f"/reports/summary.pdf?unit=942&amp;year={YEAR}" in html
    assert f"/reports/summary.xlsx?unit=942&amp;year={YEAR}" in html


def test_filters_by_year_and_commune(district_data, cast, login, units):
    client = login(cast["reviewer"])
    html = client.get(f"/district/?year={YEAR - 1}").content.decode()
    assert "Kế hoạch năm trước" in html and f'href="/plans/{district_data["plan"].pk}/"' not in html
    html = client.get(f"/district/?year={YEAR}&commune={units['b'].pk}").content.decode()
    assert 'id="xa-B1"' in html and 'id="xa-A1"' not in html


def test_only_reviewers_have_the_page_and_the_navbar_link(district_data, cast, login, client):
    assert 'href="/district/"' in login(cast["reviewer"]).get("/").content.decode()
    for user in ("editor_a", "approver_a", "staff_a", "outsider"):
        client = login(cast[user])
        assert 'href="/district/"' not in client.get("/").content.decode()
        assert client.get("/district/").status_code == 404
    client.logout()
    assert client.get("/district/")["Location"].startswith("/login/")


def add_communes(district, count: int, start: int, cast) -> None:
    for i in range(start, start + count):
        unit = AdministrativeUnit.objects.create(code=f"X{i}", name=f"Xã Thử {i}", level="commune", parent=district)
        ubnd = Organization.objects.create(
            name=f"Ủy ban nhân dân xã Thử {i}", short_name=f"UBND xã Thử {i}", kind="peoples_committee", unit=unit
        )
        htx = Organization.objects.create(name=f"HTX Thử {i}", short_name=f"HTX Thử {i}", kind="cooperative", unit=unit)
        coop = Cooperative.objects.create(organization=htx)
        plan = make_plan(ubnd, coop=coop, number=i)
        task = plan.tasks.create(position=0, title="Nhiệm vụ", due_on=datetime.date(YEAR, 1, 2), cooperative=coop)
        ProgressUpdate.objects.create(
            task=task, reported_on=datetime.date(YEAR, 1, 1), percent=30, status="late", work_done="Chậm.",
            author=cast["staff_a"],
        )  # fmt: skip
        ProgressReport.objects.create(
            plan=plan, issuer=ubnd, as_of=datetime.date(YEAR, 1, 3), title="Báo cáo", issuer_name="UBND",
            place="Thử", status="issued", number=i + 100, symbol="BC-UBND", issued_on=datetime.date(YEAR, 1, 4),
        )  # fmt: skip


def test_the_query_count_does_not_grow_with_the_number_of_communes(district_data, cast, login, units):
    client = login(cast["reviewer"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/district/")
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add_communes(units["district"], 2, 0, cast)
    few = queries()
    add_communes(units["district"], 8, 10, cast)
    many = queries()
    assert "Xã Thử 17" in client.get("/district/").content.decode()
    assert many == few


# --- Two-tier local government (since July 2025) ---------------------------------


@pytest.fixture
def two_tier(db):
    """A province with communes placed directly under it, supervised by the
    provincial Sở Nông nghiệp và Môi trường; no district in between."""
    province = AdministrativeUnit.objects.create(code="92", name="Thành phố Cần Thơ", level="province")
    commune = AdministrativeUnit.objects.create(code="31117", name="Xã Thới Lai", level="commune", parent=province)
    ubnd_tp = Organization.objects.create(
        name="Ủy ban nhân dân thành phố Cần Thơ", short_name="UBND TP Cần Thơ", abbreviation="UBND",
        kind="peoples_committee", unit=province,
    )  # fmt: skip
    so = Organization.objects.create(
        name="Sở Nông nghiệp và Môi trường thành phố Cần Thơ", short_name="Sở NN&MT Cần Thơ", abbreviation="SNNMT",
        kind="specialised_office", unit=province, parent=ubnd_tp, email="sonnmt@example.gov.vn",
    )  # fmt: skip
    ubnd = Organization.objects.create(
        name="Ủy ban nhân dân xã Thới Lai", short_name="UBND xã Thới Lai", abbreviation="UBND",
        kind="peoples_committee", unit=commune, parent=ubnd_tp,
    )  # fmt: skip
    htx = Organization.objects.create(
        name="HTX NN Thới Lai", short_name="HTX NN Thới Lai", kind="cooperative", unit=commune
    )
    coop = Cooperative.objects.create(organization=htx)
    User = get_user_model()
    officer = User.objects.create_user(username="so_nnmt")
    Membership.objects.create(user=officer, organization=so, role=Membership.Role.REVIEWER)
    chairman = User.objects.create_user(username="chutich_thoilai")
    Membership.objects.create(user=chairman, organization=ubnd, role=Membership.Role.APPROVER)
    plan = Plan.objects.create(
        issuer=ubnd, year=YEAR, title=f"Củng cố hợp tác xã năm {YEAR}", issuer_name="ỦY BAN NHÂN DÂN XÃ THỚI LAI",
        governing_body="UBND TP CẦN THƠ", symbol="KH-UBND", place="Thới Lai", status=Plan.Status.APPROVED,
    )  # fmt: skip
    plan.cooperatives.add(coop)
    plan.tasks.create(position=0, title="Liên kết tiêu thụ lúa", cooperative=coop)
    plan.recipients.create(position=0, label="Sở NN&MT", organization=so, purpose="để báo cáo")
    plan.recipients.create(position=1, label="Lưu: VT", is_archive=True)
    return {"province": province, "commune": commune, "so": so, "officer": officer, "chairman": chairman, "plan": plan}


def test_a_provincial_department_supervises_communes_directly_under_the_province(two_tier, district_data, login, cast):
    html = login(two_tier["officer"]).get("/district/").content.decode()
    assert "Xã Thới Lai" in html and "Thành phố Cần Thơ" in html
    assert "HTX NN Thới Lai" in html and two_tier["plan"].title in html
    # Not the communes of another province.
    assert "Xã Vĩnh Lợi" not in html
    assert f"/reports/summary.pdf?unit=92&amp;year={YEAR}" in html
    # The Châu Thành reviewer does not see Cần Thơ.
    assert "Xã Thới Lai" not in login(cast["reviewer"]).get("/district/").content.decode()


def test_a_provincial_department_receives_confirms_and_is_seen_confirming(
    two_tier, client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from reports.models import Delivery

    plan = two_tier["plan"]
    signed_in(client, two_tier["chairman"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/plans/{plan.pk}/issue/")
    delivery = Delivery.objects.get(plan=plan)
    assert delivery.organization == two_tier["so"]
    assert mail.outbox[0].to == ["sonnmt@example.gov.vn"]

    client.force_login(two_tier["officer"])
    assert plan.title in client.get("/inbox/").content.decode()
    assert client.get(f"/plans/{plan.pk}/pdf").status_code == 200
    client.post(f"/inbox/{delivery.pk}/confirm/")

    signed_in(client, two_tier["chairman"])
    html = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Sở NN&amp;MT Cần Thơ" in html and "so_nnmt" in html and "Đã nhận" in html
