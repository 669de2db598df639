"""A disk that fills up, or a folder that refuses writes, in the middle of
a save: the real FileSystemStorage writes the first bytes, then the next
write fails as the kernel would fail it."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.core.files.storage import FileSystemStorage


class _Cut:
    """The content being saved, cut off after `allowed` bytes by `error`."""

    def __init__(self, content, allowed: int, error: OSError):
        self.content, self.allowed, self.error = content, allowed, error

    def chunks(self, chunk_size=None):
        written = 0
        for chunk in self.content.chunks():
            room = self.allowed - written
            if len(chunk) > room:
                if room:
                    yield chunk[:room]
                raise self.error
            written += len(chunk)
            yield chunk


@contextmanager
def full_disk(after: int = 1024, error_number: int = errno.ENOSPC):
    """Every file saved in the block gets `after` bytes written, then
    "No space left on device" (or, with errno.EACCES, "Permission denied")."""
    original = FileSystemStorage._save
    failures = []

    def _save(self, name, content):
        error = OSError(error_number, os.strerror(error_number))
        failures.append(name)
        return original(self, name, _Cut(content, after, error))

    with mock.patch.object(FileSystemStorage, "_save", _save):
        yield failures


def files_under(root) -> list[str]:
    """Every file under `root`, hidden ones included, relative to it."""
    root = Path(root)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []
