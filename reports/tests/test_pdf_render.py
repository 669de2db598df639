"""html_to_pdf keeps one font configuration per thread and holds the cyclic
garbage collector off while it lays a document out; neither may change a
byte of the PDF, and the collector must come back as it was."""

import datetime
import gc
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


def test_the_collector_is_on_again_after_a_render():
    assert gc.isenabled()
    render()
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_render_that_fails(monkeypatch):
    def broken(html):
        assert not gc.isenabled()
        raise ValueError("no layout")

    monkeypatch.setattr(pdf, "html_document", broken)
    with pytest.raises(ValueError):
        render()
    assert gc.isenabled()


def test_a_collector_switched_off_before_a_render_stays_off():
    gc.disable()
    try:
        render()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_waits_for_the_last_of_two_overlapping_renders():
    with pdf.collector_paused():
        with pdf.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the other render is still laying out
    assert gc.isenabled()


def test_a_render_leaves_no_cycles_for_the_collector_to_find():
    gc.collect()
    render()
    # A render's styles and boxes hold cycles (some 1 700 objects for this one page): gone when it ends.
    assert gc.collect() < 100
