"""The shared cast of the test suite.

Commune A (Vĩnh Lợi) and commune B (Phú Tân) under one district; each has a
people's committee and a cooperative. Users: an editor and an approver of A,
an editor of B, cooperative staff of A and of B, the district reviewer, and
an outsider with no membership at all.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cooperatives.models import AdministrativeUnit, Cooperative, Membership, Organization
from cooperatives.twofactor.testing import authenticator_for, second_factor_pass, signed_in  # noqa: F401
from plans.models import Plan

Role = Membership.Role
Kind = Organization.Kind
PASSWORD = "mat-khau-thu-nghiem-1"


@pytest.fixture
def units(db):
    province = AdministrativeUnit.objects.create(code="94", name="Tỉnh Sóc Trăng", level="province")
    district = AdministrativeUnit.objects.create(code="942", name="Huyện Châu Thành", level="district", parent=province)
    commune_a = AdministrativeUnit.objects.create(code="A1", name="Xã Vĩnh Lợi", level="commune", parent=district)
    commune_b = AdministrativeUnit.objects.create(code="B1", name="Xã Phú Tân", level="commune", parent=district)
    return {"province": province, "district": district, "a": commune_a, "b": commune_b}


@pytest.fixture
def orgs(units):
    ubnd_huyen = Organization.objects.create(
        name="Ủy ban nhân dân huyện Châu Thành",
        short_name="UBND huyện Châu Thành",
        abbreviation="UBND",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=units["district"],
    )
    office = Organization.objects.create(
        name="Phòng Nông nghiệp và Phát triển Nông thôn huyện Châu Thành",
        short_name="Phòng NN&PTNT huyện",
        abbreviation="PNN",
        kind=Kind.SPECIALISED_OFFICE,
        unit=units["district"],
        parent=ubnd_huyen,
        email="phongnn@example.gov.vn",
    )
    ubnd_a = Organization.objects.create(
        name="Ủy ban nhân dân xã Vĩnh Lợi",
        short_name="UBND xã Vĩnh Lợi",
        abbreviation="UBND",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=units["a"],
        parent=ubnd_huyen,
    )
    ubnd_b = Organization.objects.create(
        name="Ủy ban nhân dân xã Phú Tân",
        short_name="UBND xã Phú Tân",
        abbreviation="UBND",
        kind=Kind.PEOPLES_COMMITTEE,
        unit=units["b"],
        parent=ubnd_huyen,
    )
    htx_a = Organization.objects.create(
        name="Hợp tác xã Nông nghiệp Vĩnh Lợi",
        short_name="HTX NN Vĩnh Lợi",
        abbreviation="HTX",
        kind=Kind.COOPERATIVE,
        unit=units["a"],
    )
    htx_b = Organization.objects.create(
        name="Hợp tác xã Nông nghiệp Phú Tân",
        short_name="HTX NN Phú Tân",
        abbreviation="HTX",
        kind=Kind.COOPERATIVE,
        unit=units["b"],
    )
    return {
        "ubnd_huyen": ubnd_huyen,
        "office": office,
        "ubnd_a": ubnd_a,
        "ubnd_b": ubnd_b,
        "htx_a": htx_a,
        "htx_b": htx_b,
    }


@pytest.fixture
def coops(orgs):
    return {
        "a": Cooperative.objects.create(organization=orgs["htx_a"], founded_on=datetime.date(2020, 11, 20)),
        "b": Cooperative.objects.create(organization=orgs["htx_b"]),
    }


def _user(username: str, org: Organization | None = None, role: str | None = None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if org is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def cast(orgs, coops):
    return {
        "editor_a": _user("canbo_a", orgs["ubnd_a"], Role.EDITOR),
        "approver_a": _user("chutich_a", orgs["ubnd_a"], Role.APPROVER),
        "editor_b": _user("canbo_b", orgs["ubnd_b"], Role.EDITOR),
        "staff_a": _user("htx_a", orgs["htx_a"], Role.REPORTER),
        "staff_b": _user("htx_b", orgs["htx_b"], Role.REPORTER),
        "reviewer": _user("phongnn", orgs["office"], Role.REVIEWER),
        "outsider": _user("nguoi_ngoai"),
    }


@pytest.fixture
def superuser(db):
    """The administrator of the back office (no membership of its own)."""
    return get_user_model().objects.create_superuser("quantri", password=PASSWORD)


@pytest.fixture
def plan_a(orgs, coops):
    """A draft plan of commune A with one task for its cooperative."""
    plan = Plan.objects.create(
        issuer=orgs["ubnd_a"],
        year=2022,
        title="Củng cố, nâng chất hoạt động hợp tác xã năm 2022",
        issuer_name="ỦY BAN NHÂN DÂN XÃ VĨNH LỢI",
        governing_body="UBND HUYỆN CHÂU THÀNH",
        symbol="KH-UBND",
        place="Vĩnh Lợi",
    )
    plan.cooperatives.add(coops["a"])
    plan.tasks.create(position=0, title="Phun thuốc bằng drone", cooperative=coops["a"], weight=1)
    return plan


@pytest.fixture
def login(client):
    def _login(user):
        return signed_in(client, user)

    return _login


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    # Background tasks (distribution e-mails) run inside the test, in the
    # web process, instead of waiting for a db_worker that is not there.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers cost ~0.3 s per password; the suite makes hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Evidence files and cached renders are written to MEDIA_ROOT; each test
    # gets its own, so no test sees another's files or leaves any behind.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached roll-ups are keyed on unit ids and versions, which a new test
    # database gives out again from the start: no test may find another's.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed_plan(db):
    """The demo data (`seed_demo`) and its 2021 plan of UBND xã Vĩnh Lợi,
    issued as 01/KH-UBND on 05/01/2021."""
    call_command("seed_demo", password="demo-pass-123", stdout=open("/dev/null", "w"))
    return Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _browser():
    """Debian's Chromium through Playwright (no downloaded browser builds).

    Skipped where Chromium is missing, except on CI where that is a failure.
    """
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's
    # own ORM calls are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    """A fresh browser page (1280 px wide) against the live server."""
    context = _browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(_browser, live_server):
    """A 360 px wide touch page, as cooperative staff use the portal in the field."""
    context = _browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="vi-VN", base_url=live_server.url
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def totp_code(device, offset_seconds: int = 0) -> str:
    """The six digits the authenticator app shows now (or `offset_seconds` later)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_seconds
    return f"{totp.token():0{device.digits}d}"


def browser_sign_in(page, user, password=PASSWORD):
    """Through the login form, as a person would; one who must give a
    second factor types the six digits their (made up) authenticator shows."""
    from cooperatives.people.rules import needs_second_factor

    device = None
    if needs_second_factor(get_user_model().objects.get(pk=user.pk)):
        device = authenticator_for(user)
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    if device is not None:
        page.wait_for_url(lambda url: "/login/code/" in url)
        type(device).objects.filter(pk=device.pk).update(last_t=-1)  # a second sign-in within the same 30 s
        page.fill("#id_code", totp_code(device))
        page.click("form:has(input[value=app]) button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


@pytest.fixture
def browser_login():
    """Sign a user in through the login form, as a person would."""
    return browser_sign_in
