import io
import os
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command


def _save(name: str, age_days: float) -> str:
    name = default_storage.save(name, ContentFile(b"%PDF-1.7"))
    then = time.time() - age_days * 86400
    os.utime(default_storage.path(name), (then, then))
    return name


def run(*args) -> str:
    out = io.StringIO()
    call_command("prune_rendered", *args, stdout=out)
    return out.getvalue()


def test_old_rendered_files_are_deleted_and_recent_ones_kept(db):
    old = _save("rendered/plan/ab/abcdef.pdf", age_days=40)
    recent = _save("rendered/plan/cd/cdef01.pdf", age_days=2)
    other = _save("evidence/2026/11/photo.jpg", age_days=400)
    assert "Đã xóa 1 tệp cũ hơn 30 ngày, giữ 1 tệp." in run()
    assert not default_storage.exists(old)
    assert default_storage.exists(recent)
    assert default_storage.exists(other)  # evidence is never touched


def test_a_dry_run_deletes_nothing(db):
    old = _save("rendered/plan/ab/abcdef.pdf", age_days=40)
    assert "Sẽ xóa 1 tệp" in run("--dry-run")
    assert default_storage.exists(old)


def test_a_deleted_file_is_simply_rendered_again(db, cast, login, plan_a):
    client = login(cast["editor_a"])
    first = client.get(f"/plans/{plan_a.pk}/pdf").content
    run("--days", "0")
    assert client.get(f"/plans/{plan_a.pk}/pdf").content == first
