"""The default storage writes a file whole or not at all (htxplan/storage.py)."""

import errno

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from htxplan.storage import AtomicFileSystemStorage
from tests.storage_faults import files_under, full_disk


def test_the_default_storage_is_the_atomic_one():
    assert isinstance(default_storage, AtomicFileSystemStorage)


def test_a_disk_full_halfway_leaves_no_file_at_all(settings):
    with full_disk(after=3000), pytest.raises(OSError) as raised:
        default_storage.save("evidence/2026/12/anh.jpg", ContentFile(b"x" * 10_000))

    assert raised.value.errno == errno.ENOSPC
    # Django's own FileSystemStorage leaves the 3,000 bytes it wrote under the name.
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_whole_file_appears_under_its_name_and_nothing_else_is_left(settings):
    name = default_storage.save("rendered/plan/ab/abc.pdf", ContentFile(b"%PDF-1.7 ..."))

    assert name == "rendered/plan/ab/abc.pdf"
    assert files_under(settings.MEDIA_ROOT) == ["rendered/plan/ab/abc.pdf"]
    assert default_storage.open(name).read() == b"%PDF-1.7 ..."


def test_a_taken_name_is_never_written_over():
    first = default_storage.save("evidence/a.jpg", ContentFile(b"first"))
    second = default_storage.save("evidence/a.jpg", ContentFile(b"second"))

    assert first == "evidence/a.jpg" and second != first
    assert default_storage.open(first).read() == b"first"
    assert default_storage.open(second).read() == b"second"
