"""html_to_pdf keeps one font configuration per thread; it may not change a
byte of the PDF."""

import datetime
import threading

import pytest
from weasyprint.text import fonts as weasyprint_fonts

from reports.documents import pdf

HTML = """<html><head><link rel="stylesheet" href="css/document.css"><link rel="stylesheet" href="css/print.css">
  </head><body><article class="doc"><p class="doc-p">Ủy ban nhân dân xã Vĩnh Lợi <b>đẩy mạnh</b>
  <i>phát triển</i> hợp tác xã.</p></article></body></html>"""
DATED = datetime.date(2022, 1, 5)
KEY = "4f" * 32


def render() -> bytes:
    return pdf.html_to_pdf(HTML, dated=DATED, key=KEY)


@pytest.fixture
def counted_fonts(monkeypatch):
    made = []

    class Counted(weasyprint_fonts.FontConfiguration):
        def __init__(self):
            super().__init__()
            made.append(self)

    monkeypatch.setattr(pdf, "FontConfiguration", Counted)
    monkeypatch.setattr(pdf, "_thread", threading.local())
    return made


def test_renders_with_the_kept_fonts_give_the_bytes_fresh_fonts_give(monkeypatch):
    kept = [render(), render()]
    # A configuration of its own for every render, as WeasyPrint makes one when given none.
    monkeypatch.setattr(pdf, "font_config", weasyprint_fonts.FontConfiguration)
    assert kept == [render(), render()]


def test_a_thread_makes_its_font_configuration_once(counted_fonts):
    first = render()
    assert [render(), render()] == [first, first]
    assert len(counted_fonts) == 1


def test_each_thread_has_its_own_font_configuration(counted_fonts):
    here = pdf.font_config()
    there = []
    worker = threading.Thread(target=lambda: there.append((pdf.font_config(), render())))
    worker.start()
    worker.join()
    ((other, data),) = there
    assert other is not here and pdf.font_config() is here
    assert data == render()
    assert len(counted_fonts) == 2
