"""Idempotent demo data: the seed plan of UBND xã Vĩnh Lợi (2021) with its
organisations, a second commune with its own cooperative and plan, and the
demo accounts. Running it again leaves the same data."""

import datetime
import json
import secrets
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from cooperatives.models import AdministrativeUnit, Cooperative, CooperativeRating, Membership, Organization
from plans import services
from plans.models import Plan

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
            services.plan_issue(plan=plan, user=None, issued_on=datetime.date(2021, 1, 5))

        second = Plan.objects.filter(issuer=ubnd_phutan, year=2021, title=SECOND_PLAN["title"]).first()
        if second is None:
            second = services.plan_import(data=SECOND_PLAN, issuer=ubnd_phutan)
            second.cooperatives.add(htx_phutan)
            second.status = Plan.Status.APPROVED
            second.save()
            services.plan_issue(plan=second, user=None, issued_on=datetime.date(2021, 1, 8))

        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa."))
        if generated and created_any:
            self.stdout.write(f"Mật khẩu các tài khoản demo (chỉ hiện một lần): {password}")
        elif not generated:
            self.stdout.write("Các tài khoản demo dùng mật khẩu đã chỉ định.")
