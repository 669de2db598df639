"""Cached pages are keyed on the release (htxplan/release.py): after an
upgrade that changes a template, a stylesheet or the code, no server serves
the HTML the old one made, and servers of one release share their cache."""

from cooperatives import versions
from htxplan import release


def test_the_digest_follows_the_contents_of_the_code_templates_and_styles(tmp_path):
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>Kế hoạch</p>", encoding="utf-8")
    (tmp_path / "templates" / "logo.png").write_bytes(b"\x89PNG")
    roots = [tmp_path / "templates"]
    first = release.digest_of(roots)
    assert release.digest_of(roots) == first  # the same files, the same digest (another server)

    page.write_text("<p>Kế hoạch năm</p>", encoding="utf-8")
    assert release.digest_of(roots) != first
    page.write_text("<p>Kế hoạch</p>", encoding="utf-8")
    assert release.digest_of(roots) == first  # contents, not modification times
    (tmp_path / "templates" / "logo.png").write_bytes(b"\x89PNG changed")
    assert release.digest_of(roots) == first  # images are not what renders a page


def test_a_cached_page_of_another_release_is_not_found(monkeypatch):
    key = versions.rollup_key("plan-page-html", 1, [2, 3])
    monkeypatch.setattr(versions, "release", lambda: "another")
    assert versions.rollup_key("plan-page-html", 1, [2, 3]) != key
    assert release.release() in key
