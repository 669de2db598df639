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
from cooperatives.rating.demo import demo_ratings
from cooperatives.registry.demo import registry_demo
from plans import services
from plans.demo import DEMO_PROGRESS, SECOND_PLAN
from plans.models import Plan, ProgressUpdate
from plans.progress.services import progress_log

SEED_PLAN = Path(__file__).resolve().parents[2] / "data" / "seed_vinhloi_2021.json"
Kind = Organization.Kind
Level = AdministrativeUnit.Level
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
    # Saved only when something differs: each save is a row of the profile's history.
    obj, created = Cooperative.objects.get_or_create(organization=org, defaults=fields)
    changed = {name: value for name, value in fields.items() if getattr(obj, name) != value}
    if changed and not created:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.save()
    return obj


def seed_units() -> dict[str, AdministrativeUnit]:
    """The province, the district and its two communes. The codes are demo
    values in the shape of the official list; the second commune is a demo."""
    province = unit("94", "Tỉnh Sóc Trăng", Level.PROVINCE)
    district = unit("942", "Huyện Châu Thành", Level.DISTRICT, province)
    return {
        "district": district,
        "vinhloi": unit("31516", "Xã Vĩnh Lợi", Level.COMMUNE, district),
        "phutan": unit("31501", "Xã Phú Tân", Level.COMMUNE, district),
    }


def seed_organizations(units: dict[str, AdministrativeUnit]) -> dict[str, Organization]:
    """The district's bodies, then each commune's; returned: those the accounts and plans need."""
    orgs = district_bodies(units["district"])
    orgs |= vinhloi_bodies(units["vinhloi"], orgs["ubnd_huyen"])
    return orgs | phutan_bodies(units["phutan"], orgs["ubnd_huyen"])


def district_bodies(district: AdministrativeUnit) -> dict[str, Organization]:
    """The district's people's committee and two of its offices."""
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
    return {"ubnd_huyen": ubnd_huyen, "phong_nn": phong_nn}


def vinhloi_bodies(vinhloi: AdministrativeUnit, ubnd_huyen: Organization) -> dict[str, Organization]:
    """The commune's people's committee, party committee, council and cooperative."""
    ubnd_vinhloi = organization(
        "UBND xã Vĩnh Lợi",
        name="Ủy ban nhân dân xã Vĩnh Lợi",
        abbreviation="UBND",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=vinhloi,
        parent=ubnd_huyen,
    )
    organization(
        "Đảng ủy xã Vĩnh Lợi", name="Đảng ủy xã Vĩnh Lợi", abbreviation="ĐU", kind=Kind.PARTY_COMMITTEE, unit=vinhloi
    )
    organization(
        "HĐND xã Vĩnh Lợi",
        name="Hội đồng nhân dân xã Vĩnh Lợi",
        abbreviation="HĐND",
        kind=Kind.PEOPLES_COUNCIL,
        unit=vinhloi,
    )
    htx_vinhloi = organization(
        "HTX NN Vĩnh Lợi",
        name="Hợp tác xã Nông nghiệp Vĩnh Lợi",
        abbreviation="HTX",
        kind=Kind.COOPERATIVE,
        unit=vinhloi,
    )
    return {"ubnd_vinhloi": ubnd_vinhloi, "htx_vinhloi": htx_vinhloi}


def phutan_bodies(phutan: AdministrativeUnit, ubnd_huyen: Organization) -> dict[str, Organization]:
    """The second commune (a demo): its people's committee and its cooperative."""
    ubnd_phutan = organization(
        "UBND xã Phú Tân",
        name="Ủy ban nhân dân xã Phú Tân",
        abbreviation="UBND",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=phutan,
        parent=ubnd_huyen,
    )
    htx_phutan = organization(
        "HTX NN Phú Tân", name="Hợp tác xã Nông nghiệp Phú Tân", abbreviation="HTX", kind=Kind.COOPERATIVE, unit=phutan
    )
    return {"ubnd_phutan": ubnd_phutan, "htx_phutan": htx_phutan}


def seed_cooperatives(orgs: dict[str, Organization]) -> dict[str, Cooperative]:
    """The two cooperatives with their rating for 2020."""
    vinhloi = cooperative(
        orgs["htx_vinhloi"],
        founded_on=datetime.date(2020, 11, 20),
        sector="Nông nghiệp",
        services="Dịch vụ làm đất, cung ứng vật tư, phun thuốc bằng máy bay không người lái (thử nghiệm).",
    )
    # The seed: founded 20/11/2020, too recently to be rated for 2020.
    CooperativeRating.objects.update_or_create(
        cooperative=vinhloi,
        year=2020,
        defaults={"rating": CooperativeRating.Rating.NOT_RATED, "note": "Chưa đủ thời gian phân loại, đánh giá"},
    )
    phutan = cooperative(orgs["htx_phutan"], founded_on=datetime.date(2016, 3, 15), sector="Nông nghiệp")
    CooperativeRating.objects.update_or_create(
        cooperative=phutan, year=2020, defaults={"rating": CooperativeRating.Rating.FAIR}
    )
    return {"vinhloi": vinhloi, "phutan": phutan}


# username, first name, last name, organisation (a key of seed_organizations), role.
DEMO_ACCOUNTS = [
    ("canbo_vinhloi", "Cán bộ", "Vĩnh Lợi", "ubnd_vinhloi", Role.EDITOR),
    ("chutich_vinhloi", "Chủ tịch", "Vĩnh Lợi", "ubnd_vinhloi", Role.APPROVER),
    ("htx_vinhloi", "Nhân viên HTX", "Vĩnh Lợi", "htx_vinhloi", Role.REPORTER),
    ("phongnn_chauthanh", "Chuyên viên", "Phòng NN&PTNT", "phong_nn", Role.REVIEWER),
    # Creates the district's communes, cooperatives and their first leaders (cooperatives/people/).
    ("quantri_chauthanh", "Quản trị", "huyện Châu Thành", "phong_nn", Role.ADMINISTRATOR),
    ("canbo_xa2", "Cán bộ", "Phú Tân", "ubnd_phutan", Role.EDITOR),
    ("htx_xa2", "Nhân viên HTX", "Phú Tân", "htx_phutan", Role.REPORTER),
]


def account(username: str, password: str, *, reset: bool, **defaults):
    """The account, made if it is missing, and whether it was made now. A
    given password is set again on every run; a generated one only on the
    accounts made now, since it is shown once."""
    user, created = get_user_model().objects.get_or_create(username=username, defaults=defaults)
    if created or reset:
        user.set_password(password)
        user.save()
    return user, created


def seed_accounts(orgs: dict[str, Organization], password: str, *, reset: bool) -> bool:
    """The demo accounts, each a member of its organisation, and the admin.
    Returns whether any account was made."""
    created_any = False
    for username, first, last, org, role in DEMO_ACCOUNTS:
        user, created = account(username, password, reset=reset, first_name=first, last_name=last)
        created_any |= created
        Membership.objects.get_or_create(user=user, organization=orgs[org], role=role)
    _admin, created = account("admin", password, reset=reset, is_staff=True, is_superuser=True)
    return created_any or created


def issue_as_approved(plan: Plan, issued_on: datetime.date) -> None:
    """The demo plans were approved and issued on paper before the portal:
    straight to the issue, and nothing delivered."""
    plan.status = Plan.Status.APPROVED
    plan.save()
    services.plan_issue(plan=plan, user=None, issued_on=issued_on, deliver=False)


def add_demo_details(plan: Plan, coop: Cooperative) -> None:
    """What the seed does not say (who reports, dates, indicators) is demo."""
    plan.tasks.update(
        cooperative=coop,
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


def seed_plan(issuer: Organization, coop: Cooperative) -> Plan:
    """The seed: the 2021 plan of UBND xã Vĩnh Lợi, issued on 05/01/2021."""
    data = json.loads(SEED_PLAN.read_text(encoding="utf-8"))
    plan = Plan.objects.filter(issuer=issuer, year=2021, title=data["title"]).first()
    if plan is None:
        plan = services.plan_import(data=data, issuer=issuer)
        plan.cooperatives.add(coop)
        add_demo_details(plan, coop)
        issue_as_approved(plan, datetime.date(2021, 1, 5))
    return plan


def seed_second_commune_plan(issuer: Organization, coop: Cooperative) -> Plan:
    """The 2021 plan of UBND xã Phú Tân (a demo), issued on 08/01/2021."""
    plan = Plan.objects.filter(issuer=issuer, year=2021, title=SECOND_PLAN["title"]).first()
    if plan is None:
        plan = services.plan_import(data=SECOND_PLAN, issuer=issuer)
        plan.cooperatives.add(coop)
        issue_as_approved(plan, datetime.date(2021, 1, 8))
    return plan


def demo_progress(plan: Plan, author) -> None:
    """Add the demo updates through the same service as the form; each has a
    fixed submission token, so a second run adds nothing."""
    tasks = {t.position: t for t in plan.tasks.select_related("plan", "cooperative")}
    tz = timezone.get_current_timezone()
    for i, (position, day, percent, work_done, indicator) in enumerate(DEMO_PROGRESS):
        token = uuid.uuid5(uuid.NAMESPACE_URL, f"htxplan-demo/vinhloi-2021/progress/{i}")
        if ProgressUpdate.objects.filter(submission_token=token).exists():
            continue
        reported_on = datetime.date.fromisoformat(day)
        update = progress_log(
            task=tasks[position],
            user=author,
            reported_on=reported_on,
            percent=percent,
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


def user_named(username: str):
    return get_user_model().objects.get(username=username)


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

        # Each step finds what an earlier run made, so a second run changes nothing.
        units = seed_units()
        orgs = seed_organizations(units)
        coops = seed_cooperatives(orgs)
        registry_demo(coops)
        created_any = seed_accounts(orgs, password, reset=not generated)
        plan = seed_plan(orgs["ubnd_vinhloi"], coops["vinhloi"])
        seed_second_commune_plan(orgs["ubnd_phutan"], coops["phutan"])
        demo_progress(plan, user_named("htx_vinhloi"))
        demo_plan_to_issue(plan, user_named("canbo_vinhloi"), user_named("chutich_vinhloi"))
        demo_ratings(coops)

        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu minh họa."))
        if generated and created_any:
            self.stdout.write(f"Mật khẩu các tài khoản demo (chỉ hiện một lần): {password}")
        elif not generated:
            self.stdout.write("Các tài khoản demo dùng mật khẩu đã chỉ định.")
