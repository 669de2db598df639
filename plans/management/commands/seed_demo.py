"""Idempotent demo data: the seed plan of UBND xã Vĩnh Lợi (2021) with its
organisations, a second commune with its own cooperative and plan, and the
demo accounts. Running it again leaves the same data."""

import datetime
import json
import re
import secrets
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Membership, Organization
from plans import services
from plans.models import Plan, ProgressUpdate
from plans.progress.services import progress_log

SEED_PLAN = Path(__file__).resolve().parents[2] / "data" / "seed_vinhloi_2021.json"
Kind = Organization.Kind
Role = Membership.Role


def unit(code: str, name: str, level: str, parent=None) -> AdministrativeUnit:
    obj, _ = AdministrativeUnit.objects.update_or_create(
        code=code, defaults={"name": name, "level": level, "parent": parent}
    )
    return obj


def organization(short_name: str, **fields) -> Organization:
    obj, _ = Organization.objects.update_or_create(short_name=short_name, defaults=fields)
    return obj


def cooperative(org: Organization, **fields) -> Cooperative:
    obj, _ = Cooperative.objects.update_or_create(organization=org, defaults=fields)
    return obj


SECOND_PLAN = {
    "format": "htxplan.plan/1",
    "document_type": "KH",
    "issuer": {"name": "ỦY BAN NHÂN DÂN XÃ PHÚ TÂN", "parent": "UBND HUYỆN CHÂU THÀNH", "abbreviation": "UBND"},
    "symbol": "KH-UBND",
    "place": "Phú Tân",
    "year": 2021,
    "title": "Củng cố, nâng chất hoạt động hợp tác xã năm 2021 (dữ liệu minh họa)",
    "legal_bases": [
        "Căn cứ kế hoạch số 18/KH/PNN&PTNN ngày 02/12/2020 của Phòng Nông nghiệp và Phát triển Nông thôn "
        "huyện Châu Thành về việc củng cố, nâng chất hợp tác xã năm 2021."
    ],
    "preamble": "Ủy ban nhân dân xã Phú Tân xây dựng Kế hoạch củng cố, nâng chất hoạt động Hợp tác xã "
    "Nông nghiệp Phú Tân năm 2021 như sau:",
    "objectives": {
        "heading": "Mục tiêu",
        "items": [{"title": "", "body": "Nâng cao chất lượng dịch vụ của HTX Nông nghiệp Phú Tân cho thành viên."}],
    },
    "tasks": {
        "heading": "Các nhiệm vụ trọng tâm",
        "items": [
            {
                "title": "Mở rộng dịch vụ cung ứng giống lúa xác nhận",
                "body": "Cung ứng giống lúa xác nhận cho thành viên trên toàn bộ diện tích vụ Đông Xuân.",
                "cooperative": "HTX NN Phú Tân",
                "due": "2021-12-31",
                "indicator": {"name": "Diện tích sử dụng giống xác nhận", "target": 300, "unit": "ha"},
                "weight": 2,
            },
            {
                "title": "Tập huấn kỹ thuật canh tác lúa an toàn",
                "body": "- Tổ chức 02 lớp tập huấn cho thành viên.\n- Phối hợp Trạm Khuyến nông huyện.",
                "cooperative": "HTX NN Phú Tân",
                "due": "2021-09-30",
                "weight": 1,
            },
        ],
    },
    "funding": {"heading": "Kinh phí hoạt động", "body": "Từ ngân sách xã và nguồn vốn của HTX."},
    "closing": "Trên đây là kế hoạch củng cố, nâng chất hoạt động Hợp tác xã Nông nghiệp Phú Tân năm 2021.",
    "recipients": [
        {"label": "Phòng NN&PTNT", "organization": "Phòng NN&PTNT huyện Châu Thành"},
        {"label": "HTX NN Phú Tân", "organization": "HTX NN Phú Tân"},
        {"label": "Lưu: VP", "archive": True},
    ],
    "signer": {"authority": "TM. ỦY BAN NHÂN DÂN XÃ", "title": "CHỦ TỊCH", "name": ""},
}


# Demo progress of the seed plan in 2021, as HTX NN Vĩnh Lợi might have logged
# it: (task position, date, percent, status, what was done, indicator value).
# The drone trial of task 2 counts hectares sprayed against its 50 ha target;
# tasks 1 and 3 are left unfinished, so the demo shows late and quiet tasks.
DEMO_PROGRESS = [
    (0, "2021-03-15", 20, "on_track",
     "Tổ chức họp thành viên đầu năm, rà soát phương án sản xuất kinh doanh năm 2021; "
     "kiện toàn Ban kiểm soát theo Luật Hợp tác xã 2012.", None),
    (0, "2021-06-30", 50, "on_track",
     "Hoàn thiện sổ sách kế toán 6 tháng đầu năm; duy trì dịch vụ làm đất và cung ứng vật tư cho 126 thành viên.",
     None),
    (0, "2021-09-30", 70, "at_risk",
     "Do giãn cách xã hội phòng, chống dịch COVID-19, đại hội thành viên thường niên phải hoãn; "
     "Hội đồng quản trị họp trực tuyến để điều hành sản xuất vụ Thu Đông.", None),
    (1, "2021-04-20", 20, "on_track",
     "Phối hợp Trạm Khuyến nông huyện khảo sát, chọn 3 cánh đồng thử nghiệm; "
     "phun thuốc bảo vệ thực vật bằng máy bay không người lái trên 8 ha lúa vụ Hè Thu.", "8"),
    (1, "2021-07-15", 60, "on_track",
     "Mở rộng phun thử nghiệm bằng drone lên 28 ha; ghi nhận tiết kiệm khoảng 90% lượng nước "
     "và 20–30% lượng thuốc so với phun thủ công.", "28"),
    (1, "2021-10-25", 100, "done",
     "Hoàn thành thử nghiệm phun thuốc bằng drone trên 52 ha (vượt chỉ tiêu 50 ha); "
     "tổ chức hội thảo đầu bờ giới thiệu kết quả cho thành viên.", "52"),
    (2, "2021-05-10", 30, "on_track",
     "Ký biên bản thỏa thuận liên kết tiêu thụ lúa vụ Hè Thu với một doanh nghiệp lương thực trong tỉnh "
     "trên diện tích 120 ha.", None),
    (2, "2021-08-20", 45, "late",
     "Giãn cách xã hội do dịch COVID-19, doanh nghiệp chậm thu mua; HTX hỗ trợ thành viên bán lúa "
     "cho thương lái, việc ký hợp đồng vụ Thu Đông phải lùi lại.", None),
    (3, "2021-06-30", 40, "on_track",
     "Xây dựng phương án sản xuất kinh doanh, quy chế hoạt động; cử 02 cán bộ quản lý dự lớp bồi dưỡng "
     "do Liên minh HTX tỉnh tổ chức.", None),
    (3, "2021-12-15", 100, "done",
     "Hoàn thành đánh giá, phân loại HTX năm 2021; báo cáo tài chính năm được Ban kiểm soát thông qua.", None),
]  # fmt: skip


def demo_progress(plan: Plan, author) -> None:
    """Add the demo updates through the same service as the form; each has a
    fixed submission token, so a second run adds nothing."""
    tasks = {t.position: t for t in plan.tasks.select_related("plan", "cooperative")}
    tz = timezone.get_current_timezone()
    for i, (position, day, percent, status, work_done, indicator) in enumerate(DEMO_PROGRESS):
        token = uuid.uuid5(uuid.NAMESPACE_URL, f"htxplan-demo/vinhloi-2021/progress/{i}")
        if ProgressUpdate.objects.filter(submission_token=token).exists():
            continue
        reported_on = datetime.date.fromisoformat(day)
        update = progress_log(
            task=tasks[position],
            user=author,
            reported_on=reported_on,
            percent=percent,
            status=status,
            work_done=work_done,
            indicator_value=Decimal(indicator) if indicator else None,
            submission_token=token,
        )
        # Recorded at the end of the reported day, as the staff would have.
        recorded = datetime.datetime.combine(reported_on, datetime.time(17, 0), tzinfo=tz)
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=recorded)


def demo_plan_to_issue(seed: Plan, editor, approver) -> Plan | None:
    """This year's plan of UBND xã Vĩnh Lợi, written as a commune would (a
    copy of the 2021 plan moved to this year), submitted and approved, so
    the chairman can issue it and the district receive it. Made once: a
    later run finds it, whatever happened to it since."""
    existing = Plan.objects.filter(issuer_id=seed.issuer_id, copied_from=seed).first()
    year = timezone.localdate().year
    if existing is not None or year <= seed.year:
        return existing
    draft = services.plan_copy(plan=seed, user=editor)
    if draft.year != year:

        def this_year(text: str) -> str:
            return re.sub(rf"\b{seed.year}\b", str(year), text)

        draft = services.plan_update(
            plan=draft,
            user=editor,
            version=draft.version,
            year=year,
            title=this_year(seed.title),
            preamble=this_year(draft.preamble),
            closing=this_year(draft.closing),
        )
        # The demo's tasks run through this year, as the 2021 ones did.
        draft.tasks.update(start_on=datetime.date(year, 1, 5), due_on=datetime.date(year, 12, 31))
    services.plan_submit(plan=draft, user=editor)
    return services.plan_approve(plan=draft, user=approver)


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa: kế hoạch năm 2021 của UBND xã Vĩnh Lợi, xã thứ hai và các tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Mật khẩu cho các tài khoản demo (mặc định: DEMO_PASSWORD).")

    @transaction.atomic
    def handle(self, *args, password=None, **options):
        password = password or settings.DEMO_PASSWORD
        generated = not password
        if generated:
            password = secrets.token_urlsafe(9)

        # Units and organisations. The unit codes are demo values in the shape
        # of the official list; the second commune and its plan are a demo.
        province = unit("94", "Tỉnh Sóc Trăng", AdministrativeUnit.Level.PROVINCE)
        district = unit("942", "Huyện Châu Thành", AdministrativeUnit.Level.DISTRICT, province)
        vinhloi = unit("31516", "Xã Vĩnh Lợi", AdministrativeUnit.Level.COMMUNE, district)
        phutan = unit("31501", "Xã Phú Tân", AdministrativeUnit.Level.COMMUNE, district)

        ubnd_huyen = organization(
            "UBND huyện Châu Thành",
            name="Ủy ban nhân dân huyện Châu Thành",
            abbreviation="UBND",
            kind=Kind.PEOPLES_COMMITTEE,
            unit=district,
        )
        phong_nn = organization(
            "Phòng NN&PTNT huyện Châu Thành",
            name="Phòng Nông nghiệp và Phát triển Nông thôn huyện Châu Thành",
            abbreviation="PNN&PTNT",
            kind=Kind.SPECIALISED_OFFICE,
            unit=district,
            parent=ubnd_huyen,
            email="phongnn.chauthanh@example.gov.vn",
        )
        organization(
            "Phòng TC-KH huyện Châu Thành",
            name="Phòng Tài chính – Kế hoạch huyện Châu Thành",
            abbreviation="PTCKH",
            kind=Kind.SPECIALISED_OFFICE,
            unit=district,
            parent=ubnd_huyen,
        )
        ubnd_vinhloi = organization(
            "UBND xã Vĩnh Lợi",
            name="Ủy ban nhân dân xã Vĩnh Lợi",
            abbreviation="UBND",
            kind=Kind.PEOPLES_COMMITTEE,
            unit=vinhloi,
            parent=ubnd_huyen,
        )
        organization(
            "Đảng ủy xã Vĩnh Lợi",
            name="Đảng ủy xã Vĩnh Lợi",
            abbreviation="ĐU",
            kind=Kind.PARTY_COMMITTEE,
            unit=vinhloi,
        )
        organization(
            "HĐND xã Vĩnh Lợi",
            name="Hội đồng nhân dân xã Vĩnh Lợi",
            abbreviation="HĐND",
            kind=Kind.PEOPLES_COUNCIL,
            unit=vinhloi,
        )
        htx_vinhloi_org = organization(
            "HTX NN Vĩnh Lợi",
            name="Hợp tác xã Nông nghiệp Vĩnh Lợi",
            abbreviation="HTX",
            kind=Kind.COOPERATIVE,
            unit=vinhloi,
        )
        htx_vinhloi = cooperative(
            htx_vinhloi_org,
            founded_on=datetime.date(2020, 11, 20),
            sector="Nông nghiệp",
            services="Dịch vụ làm đất, cung ứng vật tư, phun thuốc bằng máy bay không người lái (thử nghiệm).",
        )
        # The seed: founded 20/11/2020, too recently to be rated for 2020.
        CooperativeRating.objects.update_or_create(
            cooperative=htx_vinhloi,
            year=2020,
            defaults={"rating": CooperativeRating.Rating.NOT_RATED, "note": "Chưa đủ thời gian phân loại, đánh giá"},
        )
        ubnd_phutan = organization(
            "UBND xã Phú Tân",
            name="Ủy ban nhân dân xã Phú Tân",
            abbreviation="UBND",
            kind=Kind.PEOPLES_COMMITTEE,
            unit=phutan,
            parent=ubnd_huyen,
        )
        htx_phutan_org = organization(
            "HTX NN Phú Tân",
            name="Hợp tác xã Nông nghiệp Phú Tân",
            abbreviation="HTX",
            kind=Kind.COOPERATIVE,
            unit=phutan,
        )
        htx_phutan = cooperative(htx_phutan_org, founded_on=datetime.date(2016, 3, 15), sector="Nông nghiệp")
        CooperativeRating.objects.update_or_create(
            cooperative=htx_phutan, year=2020, defaults={"rating": CooperativeRating.Rating.FAIR}
        )

        # Accounts.
        accounts = [
            ("canbo_vinhloi", "Cán bộ", "Vĩnh Lợi", ubnd_vinhloi, Role.EDITOR),
            ("chutich_vinhloi", "Chủ tịch", "Vĩnh Lợi", ubnd_vinhloi, Role.APPROVER),
            ("htx_vinhloi", "Nhân viên HTX", "Vĩnh Lợi", htx_vinhloi_org, Role.REPORTER),
            ("phongnn_chauthanh", "Chuyên viên", "Phòng NN&PTNT", phong_nn, Role.REVIEWER),
            ("canbo_xa2", "Cán bộ", "Phú Tân", ubnd_phutan, Role.EDITOR),
            ("htx_xa2", "Nhân viên HTX", "Phú Tân", htx_phutan_org, Role.REPORTER),
        ]
        User = get_user_model()
        created_any = False
        for username, first, last, org, role in accounts:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if created or not generated:
                user.set_password(password)
                user.save()
            created_any |= created
            Membership.objects.get_or_create(user=user, organization=org, role=role)
        admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True})
        if created or not generated:
            admin.set_password(password)
            admin.save()
        created_any |= created

        # Plans.
        seed = json.loads(SEED_PLAN.read_text(encoding="utf-8"))
        plan = Plan.objects.filter(issuer=ubnd_vinhloi, year=2021, title=seed["title"]).first()
        if plan is None:
            plan = services.plan_import(data=seed, issuer=ubnd_vinhloi)
            plan.cooperatives.add(htx_vinhloi)
            # What the seed does not say (who reports, dates, indicators) is demo.
            plan.tasks.update(
                cooperative=htx_vinhloi,
                lead_unit="UBND xã Vĩnh Lợi",
                start_on=datetime.date(2021, 1, 5),
                due_on=datetime.date(2021, 12, 31),
            )
            drone = plan.tasks.get(position=1)
            drone.indicator_name = "Diện tích phun thử nghiệm bằng drone"
            drone.indicator_target = Decimal(50)
            drone.indicator_unit = "ha"
            drone.partner_units = "HTX NN Vĩnh Lợi\nTrạm Khuyến nông huyện"
            drone.save()
            plan.status = Plan.Status.APPROVED
            plan.save()
            services.plan_issue(plan=plan, user=None, issued_on=datetime.date(2021, 1, 5), deliver=False)

        second = Plan.objects.filter(issuer=ubnd_phutan, year=2021, title=SECOND_PLAN["title"]).first()
        if second is None:
            second = services.plan_import(data=SECOND_PLAN, issuer=ubnd_phutan)
            second.cooperatives.add(htx_phutan)
            second.status = Plan.Status.APPROVED
            second.save()
            services.plan_issue(plan=second, user=None, issued_on=datetime.date(2021, 1, 8), deliver=False)

        demo_progress(plan, User.objects.get(username="htx_vinhloi"))
        demo_plan_to_issue(
            plan, User.objects.get(username="canbo_vinhloi"), User.objects.get(username="chutich_vinhloi")
        )

        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa."))
        if generated and created_any:
            self.stdout.write(f"Mật khẩu các tài khoản demo (chỉ hiện một lần): {password}")
        elif not generated:
            self.stdout.write("Các tài khoản demo dùng mật khẩu đã chỉ định.")
