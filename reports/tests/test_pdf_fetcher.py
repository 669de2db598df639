"""WeasyPrint may fetch the project's static files and nothing else."""

import socket
from pathlib import Path

import pytest
from django.conf import settings

from reports.documents.pdf import StaticOnlyFetcher, html_to_pdf

STATIC = Path(settings.BASE_DIR, "static")


def test_static_files_are_served():
    response = StaticOnlyFetcher().fetch((STATIC / "css" / "print.css").as_uri())
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://127.0.0.1/secret",
        "ftp://example.com/x",
        "data:text/plain,hello",
        "file:///etc/passwd",
        (STATIC / ".." / "htxplan" / "settings.py").as_uri(),
        (STATIC / "css" / "missing.css").as_uri(),
        "file://otherhost" + str(STATIC / "css" / "print.css"),
    ],
)
def test_everything_else_is_refused(url):
    with pytest.raises(ValueError):
        StaticOnlyFetcher().fetch(url)


def test_rendering_a_page_with_outside_references_opens_no_connection(monkeypatch):
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = """<html><head><link rel="stylesheet" href="http://example.com/x.css"></head><body>
      <p>Văn bản</p><img src="https://example.com/a.png"><img src="file:///etc/hostname">
      <div style="background: url('http://example.com/b.png')">x</div></body></html>"""
    assert html_to_pdf(html).startswith(b"%PDF")
    assert attempts == []
