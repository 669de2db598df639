"""Every answer carries the Content-Security-Policy and the Permissions-Policy,
signed in or not, the standalone error pages included."""

import pytest

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in parts}


@pytest.mark.parametrize("url", ["/login/", "/login/help/", "/password-reset/", "/khong-co-trang-nay/"])
def test_pages_signed_out_carry_a_strict_policy(client, url):
    response = client.get(url)
    policy = _policy(response)
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_a_signed_in_page_carries_them_too(client, cast, plan_a):
    client.force_login(cast["editor_a"])
    response = client.get(plan_a.get_absolute_url())
    assert response.status_code == 200
    assert _policy(response)["script-src"] == "'self'" and "microphone=()" in response["Permissions-Policy"]


def test_no_page_carries_a_style_attribute_the_policy_would_block(client, cast, plan_a):
    # An appendix table's column widths come from classes on the page.
    plan_a.appendices.create(position=0, title="Phân công", table="TT | Nội dung | Chủ trì\n1 | Tập huấn | HTX")
    client.force_login(cast["editor_a"])
    for url in (plan_a.get_absolute_url(), f"/plans/{plan_a.pk}/edit/"):
        html = client.get(url).content.decode()
        assert "Tập huấn" in html
        assert " style=" not in html and "<style" not in html and " onclick=" not in html, url
