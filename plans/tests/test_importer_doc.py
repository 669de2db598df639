"""Word 97-2003 plans (.doc): converted to .docx by LibreOffice where the
server has it, then read as a .docx. LibreOffice is not installed here: a
fake `soffice` first on PATH stands in for it, writing the .docx that
python-docx builds, and notes how it was called."""

import json
import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from plans.imports import import_file, legacydoc
from plans.tests.data.word_plans import plan_docx

# The first bytes of an OLE2 compound file, and the name of a .doc's main stream in its directory.
WORD_97 = legacydoc.OLE2 + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512
FAKE = """#!{python}
import json, os, shutil, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_SOFFICE_LOG"], "a") as log:
    log.write(json.dumps({{"args": args, "home": os.environ["HOME"], "pid": os.getpid()}}) + "\\n")
time.sleep(float(os.environ.get("FAKE_SOFFICE_SLEEP", "0")))
if os.environ.get("FAKE_SOFFICE_DOCX"):
    source = args[-1]
    out = args[args.index("--outdir") + 1]
    os.makedirs(out, exist_ok=True)
    name = os.path.splitext(os.path.basename(source))[0] + ".docx"
    shutil.copy(os.environ["FAKE_SOFFICE_DOCX"], os.path.join(out, name))
"""


@pytest.fixture
def soffice(tmp_path, monkeypatch):
    """A fake LibreOffice first on PATH; returns the calls it has logged."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "soffice"
    program.write_text(FAKE.format(python=sys.executable))
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    docx = tmp_path / "converted.docx"
    docx.write_bytes(plan_docx())
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.setenv("FAKE_SOFFICE_DOCX", str(docx))

    def calls() -> list[dict]:
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    return calls


def messages(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        import_file(name, content)
    return " ".join(error.value.messages)


def test_a_doc_is_converted_by_libreoffice_then_read_as_a_docx(soffice):
    result = import_file("ke-hoach-tan-thuan.doc", WORD_97)
    assert (result.kind, result.encoding) == ("doc", "Word 97-2003 (.doc)")
    assert result.data["issuer"]["name"] == "ỦY BAN NHÂN DÂN XÃ TÂN THUẬN"
    assert (result.data["number"], result.data["date"]) == (57, "2025-03-14")
    assert result.data["signer"]["name"] == "Trần Văn Bình"
    (call,) = soffice()
    args, home = call["args"], Path(call["home"])
    assert args[args.index("--convert-to") + 1] == "docx" and "--headless" in args
    # Its own HOME and profile in the temporary directory of this conversion, gone afterwards.
    assert home != Path.home() and f"-env:UserInstallation={(home / 'profile').as_uri()}" in args
    assert Path(args[args.index("--outdir") + 1]).parent == home == Path(args[-1]).parent
    assert not home.exists()


def test_an_ole2_file_is_a_doc_whatever_its_name(soffice):
    assert import_file("ke-hoach.docx", WORD_97).kind == "doc"
    assert import_file("ke-hoach", WORD_97).kind == "doc"
    assert import_file("ke-hoach.doc", b"{\\rtf1\\ansi Ke hoach}").kind == "doc"  # an old .doc saved as RTF
    assert len(soffice()) == 3


def test_two_conversions_at_once_never_share_a_profile(soffice, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_SLEEP", "0.5")
    kinds = []
    threads = [threading.Thread(target=lambda: kinds.append(import_file("a.doc", WORD_97).kind)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert kinds == ["doc", "doc"]
    first, second = soffice()
    assert first["home"] != second["home"]


def test_without_libreoffice_the_message_says_how_to_save_as_docx(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    message = messages("ke-hoach.doc", WORD_97)
    assert "Word 97-2003 (.doc)" in message and "Lưu thành" in message and ".docx" in message


def test_a_conversion_that_runs_over_time_is_stopped(soffice, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_SLEEP", "30")
    monkeypatch.setattr(legacydoc, "TIMEOUT", 1)
    assert "quá 1 giây" in messages("ke-hoach.doc", WORD_97)
    (call,) = soffice()
    with pytest.raises(ProcessLookupError):
        os.kill(call["pid"], 0)


def test_a_conversion_that_gives_nothing_gets_a_message(soffice, monkeypatch):
    monkeypatch.delenv("FAKE_SOFFICE_DOCX")
    assert "Không chuyển được tệp .doc" in messages("ke-hoach.doc", WORD_97)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (legacydoc.OLE2 + b"\x00" * 504 + "Workbook".encode("utf-16-le"), "không phải văn bản Word"),
        (legacydoc.OLE2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"), "mật khẩu"),
        (b"Ke hoach", "không phải tệp Word"),
    ],
)
def test_other_office_files_locked_and_fake_docs_get_a_message(soffice, content, message):
    assert message in messages("ke-hoach.doc", content)
    assert soffice() == []
