"""Rendered files are stored under a hash of what they were rendered from."""

import datetime
import io
import shutil
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from plans.models import Plan
from plans.outline import prefetch_plan_text
from reports.documents import renders as document_renders
from reports.documents.cache import plan_source, source_hash


@pytest.fixture
def renders(monkeypatch):
    """Counts the real renders behind the downloads."""
    calls = []
    real = document_renders.html_to_pdf

    def counting(html, **options):
        calls.append(html)
        return real(html, **options)

    monkeypatch.setattr(document_renders, "html_to_pdf", counting)
    return calls


def test_second_download_is_read_from_storage_not_rendered(plan_a, cast, login, renders):
    client = login(cast["editor_a"])
    first = client.get(f"/plans/{plan_a.pk}/pdf").content
    second = client.get(f"/plans/{plan_a.pk}/pdf").content
    assert len(renders) == 1
    assert first == second
    stored = list(Path(settings.MEDIA_ROOT, "rendered").rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == first


def test_any_change_to_the_plan_renders_a_new_file(plan_a, cast, login, renders):
    client = login(cast["editor_a"])
    before = client.get(f"/plans/{plan_a.pk}/pdf").content
    plan_a.tasks.update(body="Nội dung mới của nhiệm vụ.")
    after = client.get(f"/plans/{plan_a.pk}/pdf").content
    assert len(renders) == 2 and before != after
    Plan.objects.filter(pk=plan_a.pk).update(signer_name="Nguyễn Văn A")
    client.get(f"/plans/{plan_a.pk}/pdf")
    assert len(renders) == 3


def test_pdf_and_docx_of_one_plan_are_stored_apart(plan_a, cast, login):
    client = login(cast["editor_a"])
    client.get(f"/plans/{plan_a.pk}/pdf")
    client.get(f"/plans/{plan_a.pk}/docx")
    names = sorted(p.suffix for p in Path(settings.MEDIA_ROOT, "rendered").rglob("*.*"))
    assert names == [".docx", ".pdf"]


def test_cache_key_changes_with_the_layout(plan_a, monkeypatch):
    from reports.documents import cache

    plan = prefetch_plan_text(Plan.objects.all()).get(pk=plan_a.pk)
    source = cache.plan_source(plan)
    before = cache.source_hash("plan", source)
    assert cache.source_hash("plan", source) == before
    monkeypatch.setattr(cache, "RENDERER_VERSION", "test")
    assert cache.source_hash("plan", source) != before


def _fresh_pdf(plan: Plan) -> bytes:
    """A render that no cached file can answer, as on a server that never saw the plan."""
    shutil.rmtree(Path(settings.MEDIA_ROOT, "rendered"), ignore_errors=True)
    return document_renders.plan_pdf_render(plan=Plan.objects.get(pk=plan.pk))


def test_two_fresh_renders_of_an_issued_plan_are_the_same_bytes_dated_on_its_issue(plan_with_updates):
    first, second = _fresh_pdf(plan_with_updates), _fresh_pdf(plan_with_updates)
    assert first == second
    reader = pypdf.PdfReader(io.BytesIO(first))
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20220106"
    key = source_hash("plan", plan_source(plan_with_updates))
    assert str(reader.trailer["/ID"][0]) == key[:32]


def test_a_drafts_pdf_is_dated_on_its_last_change_in_utc(plan_a):
    Plan.objects.filter(pk=plan_a.pk).update(updated_at=datetime.datetime(2022, 3, 4, 1, 2, 3, tzinfo=datetime.UTC))
    first, second = _fresh_pdf(plan_a), _fresh_pdf(plan_a)
    assert first == second
    assert pypdf.PdfReader(io.BytesIO(first)).metadata["/CreationDate"] == "D:20220304010203Z"
