"""The strict Content-Security-Policy breaks nothing: every main page of every
role, on the demo data, loads in Chromium without a single violation, and
what used to be inline (the language switch, the "back" link) still works."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from conftest import browser_sign_in
from plans import services
from plans.models import Plan, ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_PASSWORD = "demo-pass-123"

# Counts every violation the page reports, also those before the console is read.
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def _pages_of(role: str) -> list[str]:
    issued = Plan.objects.filter(issuer__short_name="UBND xã Vĩnh Lợi", status=Plan.Status.ISSUED).first()
    task = ProgressUpdate.objects.filter(task__plan=issued).first().task
    current = Plan.objects.filter(issuer__short_name="UBND xã Vĩnh Lợi").exclude(pk=issued.pk).order_by("-year")[0]
    # A draft to edit: a copy of the issued plan, as the editor would make it.
    editor = get_user_model().objects.get(username="canbo_vinhloi")
    draft = services.plan_copy(plan=issued, user=editor, year=timezone.localdate().year + 1)
    common = ["/", "/plans/", issued.get_absolute_url(), f"/tasks/{task.pk}/", "/inbox/", "/notifications/"]
    return {
        "canbo_vinhloi": [*common, current.get_absolute_url(), f"/plans/{draft.pk}/edit/", "/plans/import/"],
        "chutich_vinhloi": [*common, current.get_absolute_url()],
        "htx_vinhloi": [*common, "/my-tasks/", "/account/two-factor/", "/account/two-factor/setup/"],
        "phongnn_chauthanh": [*common, "/district/", "/reports/summary/"],
        "admin": ["/admin/", "/admin/plans/plan/", f"/admin/plans/plan/{issued.pk}/change/"],
    }[role]


@pytest.fixture
def watched(page):
    page.context.add_init_script(WATCH)
    console = []

    def keep(message):
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", keep)
    page.csp_console = console
    return page


def _sign_in(page, username):
    browser_sign_in(page, get_user_model().objects.get(username=username), DEMO_PASSWORD)


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations") + page.csp_console


@pytest.mark.parametrize("role", ["canbo_vinhloi", "chutich_vinhloi", "htx_vinhloi", "phongnn_chauthanh", "admin"])
def test_every_main_page_loads_without_a_csp_violation(seed_plan, watched, role):
    user = get_user_model().objects.get(username=role)
    user.set_password(DEMO_PASSWORD)
    user.save()
    _sign_in(watched, role)
    seen = {}
    for url in _pages_of(role):
        response = watched.goto(url)
        assert response.status < 400, (url, response.status)
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        watched.wait_for_load_state("networkidle")
        seen[url] = _violations(watched)
    assert not any(seen.values()), {url: found for url, found in seen.items() if found}


def test_the_signed_out_pages_and_the_error_pages_keep_to_the_policy(seed_plan, watched):
    for url in ("/login/", "/login/help/", "/password-reset/"):
        watched.goto(url)
        watched.wait_for_load_state("networkidle")
        assert not _violations(watched), url
    _sign_in(watched, "canbo_vinhloi")
    other = Plan.objects.exclude(issuer__short_name="UBND xã Vĩnh Lợi").first()
    assert watched.goto(f"/plans/{other.pk}/edit/").status in (403, 404)
    assert not _violations(watched)


def test_the_language_switch_and_the_back_link_work_without_inline_script(seed_plan, watched):
    _sign_in(watched, "canbo_vinhloi")
    watched.goto("/plans/")
    watched.select_option("#language-select", "en")
    watched.wait_for_function("document.documentElement.lang === 'en'")
    assert "Plans" in watched.locator("nav").inner_text()
    watched.select_option("#language-select", "vi")
    watched.wait_for_function("document.documentElement.lang === 'vi'")
    assert not _violations(watched)
