"""Every page has an icon, and /favicon.ico (asked for by browsers whatever
the page links) answers with an image instead of a 404."""

import re
import urllib.request

import pytest

pytestmark = pytest.mark.django_db


def fetch(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # follows the redirect
        return response.status, response.headers["Content-Type"], response.read()


def icon_links(html: str) -> list[dict[str, str]]:
    tags = re.findall(r"<link [^>]*rel=\"(?:icon|apple-touch-icon)\"[^>]*>", html)
    return [dict(re.findall(r'([a-z-]+)="([^"]*)"', tag)) for tag in tags]


def test_pages_link_an_svg_icon_and_an_ico_fallback_that_answer_with_images(client, live_server):
    links = icon_links(client.get("/login/").content.decode())

    assert {"image/svg+xml"} == {link["type"] for link in links if link["href"].endswith(".svg")}
    assert [link["sizes"] for link in links if link["href"].endswith(".ico")] == ["32x32"]
    for link in links:
        status, content_type, body = fetch(live_server.url + link["href"])
        assert status == 200 and content_type.startswith("image/"), (link, content_type)
        assert body.startswith((b"<svg", b"\x00\x00\x01\x00", b"\x89PNG")), link


def test_favicon_ico_at_the_root_answers_with_an_icon(live_server):
    status, content_type, body = fetch(live_server.url + "/favicon.ico")

    assert status == 200
    assert content_type in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO header
