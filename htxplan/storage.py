"""Files on disk written whole or not at all, and the storage errors the
portal answers with a message rather than a stack trace.

Django's FileSystemStorage writes straight into the file's own name, so a
disk that fills up halfway leaves a truncated file under a name a row may
point to, and a rendered PDF cut short would be served from the cache
ever after. Here the bytes go to a hidden ".partial-" file beside it first
and are linked under the real name only once they are all written; a
failure removes the partial file. Readers never see half a file, and a
name is still never written over (a taken name gets a new one, as before).

An S3 bucket (django-storages) writes an object whole by itself.
"""

from __future__ import annotations

import errno
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.storage import FileSystemStorage

PARTIAL_PREFIX = ".partial-"

# The failures of a storage that is full, read-only or refused: a clear
# message and nothing half-saved, never a stack trace. A missing file
# (FileNotFoundError) is not among them: each view answers that itself.
STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO, errno.EFBIG})


def _object_store_errors() -> tuple[type[BaseException], ...]:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is pinned with django-storages
        return ()
    return BotoCoreError, ClientError


OBJECT_STORE_ERRORS = _object_store_errors()
# What a save or a read of a stored file may raise when the storage fails.
STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, *OBJECT_STORE_ERRORS)


def is_storage_fault(exception: BaseException) -> bool:
    """A full disk, a refused or read-only folder, an object store that
    does not answer: the storage, not the request, is at fault."""
    if isinstance(exception, OBJECT_STORE_ERRORS):
        return True
    return isinstance(exception, OSError) and exception.errno in STORAGE_ERRNOS


class AtomicFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose files appear under their name only when whole."""

    def _save(self, name: str, content) -> str:
        directory, base = os.path.split(name)
        partial = os.path.join(directory, f"{PARTIAL_PREFIX}{uuid.uuid4().hex}-{base}")
        try:
            partial = super()._save(partial, content)
        except BaseException:
            self._remove(partial)
            raise
        try:
            return self._publish(partial, name)
        finally:
            self._remove(partial)

    def _publish(self, partial: str, name: str) -> str:
        """The whole file linked under `name`, or under a free name if
        another writer took it meanwhile (a hard link never replaces)."""
        while True:
            try:
                os.link(self.path(partial), self.path(name))
            except FileExistsError:
                name = self.get_available_name(name)
            else:
                return name

    def _remove(self, name: str) -> None:
        try:
            os.remove(self.path(name))
        except FileNotFoundError:
            pass


def storage_walk(folder: str):
    """Every file name under `folder` in the default storage, in / form
    (on disk or in a bucket alike)."""
    from django.core.files.storage import default_storage

    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from storage_walk(f"{folder}/{sub}")


@dataclass
class StorageProblem:
    """One thing `manage.py storage_check` found: what, where, and the
    repair when there is one (it returns what it did, in Vietnamese)."""

    what: str
    name: str
    detail: str = ""
    repair: Callable[[], str] | None = field(default=None, repr=False)
