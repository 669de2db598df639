"""The English catalogue is complete and the English interface shows no Vietnamese label.

Vietnamese is the source language: every msgid is Vietnamese and the English
text lives in locale/en/LC_MESSAGES/django.po (compiled to django.mo, which is
committed so that no gettext tools are needed at run time). When a test here
fails: `make messages`, write the English of each listed msgid in the .po,
then `make messages` again to compile it.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
# What makemessages reads for the "django" domain, and the catalogue itself.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".po"}
SKIPPED_DIRS = {"__pycache__", "media", "node_modules"}


def _entries(path: Path) -> list[dict]:
    """The entries of a PO file: msgctxt, msgid, msgid_plural, msgstr / msgstr[n], flags."""
    entries: list[dict] = []
    entry: dict | None = None
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and "msgid" in entry:
                entries.append(entry)
            entry = None
            continue
        if line.startswith("#~"):
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line):
            key, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if key == "msgstr":
                key = f"msgstr:{index or 0}"
                entry["msgstr"][int(index or 0)] = text
            else:
                entry[key] = text
        elif line.startswith('"'):
            if key.startswith("msgstr:"):
                entry["msgstr"][int(key.split(":")[1])] += ast.literal_eval(line)
            else:
                entry[key] += ast.literal_eval(line)
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def _name(entry: dict) -> str:
    context = f"[{entry['msgctxt']}] " if "msgctxt" in entry else ""
    return f"{context}{entry['msgid']!r}"


def _copy_sources(target: Path) -> None:
    """The project's source files (not the venv, the database or uploads)."""
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in relative.parts):
            continue
        if path.is_file() and path.suffix in SOURCE_SUFFIXES:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)


def test_every_string_the_code_marks_has_an_english_translation(tmp_path, monkeypatch):
    assert shutil.which("xgettext") and shutil.which("msgmerge"), "gettext is not installed (apt-get install gettext)"
    project = tmp_path / "project"
    _copy_sources(project)
    # makemessages works on the current directory and merges into the copy of
    # the catalogue, so the project's own locale/ is never written to.
    monkeypatch.chdir(project)
    with override_settings(LOCALE_PATHS=[project / "locale"]):
        call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)
    merged = _entries(project / "locale" / "en" / "LC_MESSAGES" / "django.po")

    missing = [
        _name(e) for e in merged if "fuzzy" in e["flags"] or not all(text.strip() for text in e["msgstr"].values())
    ]
    assert merged, "makemessages extracted nothing"
    assert not missing, (
        f"{len(missing)} interface string(s) without an English translation in {CATALOGUE.relative_to(ROOT)} "
        "(run `make messages`, translate them, run `make messages` again):\n  " + "\n  ".join(missing)
    )


def test_the_compiled_catalogue_matches_the_po_file():
    with COMPILED.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in _entries(CATALOGUE):
        if "fuzzy" in entry["flags"]:
            continue
        msgid = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
        if "msgid_plural" in entry:
            found = {n: compiled.get((msgid, n)) for n in entry["msgstr"]}
        else:
            found = {0: compiled.get(msgid)}
        if found != entry["msgstr"]:
            stale.append(_name(entry))
    assert not stale, "django.mo is older than django.po (run `make messages`):\n  " + "\n  ".join(stale)


# --- The interface in English ---------------------------------------------------

BASE_LABELS = re.findall(
    r"""{% translate ["']([^"']+)["'](?: context ["'][^"']+["'])? %}""", (ROOT / "templates" / "base.html").read_text()
)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _assert_no_base_label_in_vietnamese(html: str) -> None:
    assert BASE_LABELS, "base.html has no translated labels any more?"
    left = [label for label in BASE_LABELS if label in html]
    assert not left, f"Vietnamese labels of base.html on an English page: {left}"


def test_login_page_in_english(english, db):
    html = english.get("/login/").content.decode()
    assert 'lang="en"' in html
    assert '<h1 class="h3 mb-3">Sign in</h1>' in html
    assert "Portal for managing the plans to consolidate and improve the activities of cooperatives." in html
    assert "Management of plans to consolidate and improve cooperatives" in html
    assert "Đăng nhập" not in html
    _assert_no_base_label_in_vietnamese(html)


def test_dashboard_in_english(english, cast, plan_a):
    english.force_login(cast["editor_a"])
    html = english.get("/").content.decode()
    for label in ("Dashboard", ">Plans<", "Sign out", "Recent plans", "See all", "Language"):
        assert label in html
    _assert_no_base_label_in_vietnamese(html)
    assert "Kế hoạch gần đây" not in html


def test_plan_list_in_english(english, cast, plan_a):
    english.force_login(cast["editor_a"])
    html = english.get("/plans/").content.decode()
    assert "<title>Plans · HTX Plan</title>" in html
    for label in ("Draft a new plan", "Import from a Word/text file", "Filter", "All years", "Draft"):
        assert label in html
    assert plan_a.title in html  # the data stays as written
    _assert_no_base_label_in_vietnamese(html)
    assert "Soạn kế hoạch mới" not in html
    assert "Dự thảo" not in html


def test_without_the_switch_the_interface_stays_vietnamese(client, cast, plan_a):
    client.force_login(cast["editor_a"])
    html = client.get("/plans/").content.decode()
    assert "<title>Kế hoạch · HTX Plan</title>" in html
    assert "Soạn kế hoạch mới" in html
    assert "Draft a new plan" not in html
