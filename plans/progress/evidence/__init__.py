"""Evidence files of a progress update: photos from the field, scanned papers.

Before anything is stored each file goes through the checks every upload
of the portal goes through (htxplan/uploads/: the count and size, the type
read from the content, a photo decoded and written anew, a PDF with nothing
that runs), and then:

- the photo as sent is kept beside its clean copy (Evidence.original): its
  EXIF date and GPS position may be the proof of when and where the work
  was done. It is only ever served as a download (application/octet-stream,
  attachment, nosniff), to those who see the task, and the form says so;
- what a user sent in the last 24 hours stays within
  PROGRESS_UPLOAD_QUOTA_MB_PER_DAY (quota.py), checked in the same
  transaction that stores the files.

Stored names are random, with the extension of the stored type. Evidence.sha256
and .size are those of the stored file (the clean copy for a photo);
original_sha256 and original_size those of the photo as sent.
"""

from __future__ import annotations

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile

from htxplan.storage import STORAGE_ERRORS
from htxplan.uploads import (
    EVIDENCE_TYPES,
    EVIDENCE_TYPES_LABEL,
    EXTENSIONS,
    CheckedFile,
    download_name,
    evidence_check,
    evidence_limits,
)
from plans.models import Evidence, ProgressUpdate
from plans.progress.evidence.quota import quota_check

log = logging.getLogger(__name__)

__all__ = [
    "EVIDENCE_TYPES",
    "EVIDENCE_TYPES_LABEL",
    "EXTENSIONS",
    "CheckedFile",
    "download_name",
    "evidence_check",
    "evidence_discard",
    "evidence_limits",
    "evidence_store",
    "quota_check",
]


def evidence_store(update: ProgressUpdate, checked: CheckedFile) -> Evidence:
    """The row and its file(s), under random names: nothing a user typed
    reaches the path. Files written before a failure are removed."""
    upload = checked.upload
    evidence = Evidence(update=update, original_name=(upload.name or "")[:255], content_type=checked.content_type)
    try:
        _save_files(evidence, checked, uuid.uuid4().hex)
        evidence.full_clean()
        evidence.save()
    except BaseException:
        evidence_discard([evidence])
        raise
    finally:
        upload.seek(0)
    return evidence


def _save_files(evidence: Evidence, checked: CheckedFile, stem: str) -> None:
    upload, extension = checked.upload, EVIDENCE_TYPES[checked.content_type]
    if checked.clean is None:
        evidence.size, evidence.sha256 = upload.size, _sha256(upload.chunks())
        upload.seek(0)
        evidence.file.save(f"{stem}.{extension}", upload, save=False)
        return
    evidence.size, evidence.sha256 = len(checked.clean), _sha256([checked.clean])
    evidence.file.save(f"{stem}.{extension}", ContentFile(checked.clean), save=False)
    evidence.reencoded = True
    evidence.original_size, evidence.original_sha256 = upload.size, _sha256(upload.chunks())
    upload.seek(0)
    evidence.original.save(f"{stem}.original.{EVIDENCE_TYPES[checked.detected]}", upload, save=False)


def _sha256(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def evidence_discard(evidence: list[Evidence]) -> None:
    """Remove the files of a rolled-back update: rows vanish with the
    transaction, files on disk do not."""
    for item in evidence:
        for field_file in (item.file, item.original):
            if not field_file:
                continue
            try:
                field_file.delete(save=False)
            except STORAGE_ERRORS as error:
                # A folder that refuses writes may refuse this too: the file
                # stays, and `manage.py storage_check` lists it as having no row.
                log.error("Evidence file %s of a rolled-back update not removed: %s", field_file.name, error)
