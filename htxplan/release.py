"""What code and templates this process runs, as a short digest: part of
every cached page's key (cooperatives/versions.py), so that after an upgrade
no server serves HTML its old templates made. Computed once per process from
the files' contents, so every server of one release agrees on it."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

# What renders pages: the apps' code and templates, the project's templates,
# and the stylesheets and scripts whose hashed names the pages link.
SOURCES = ("htxplan", "cooperatives", "plans", "reports", "templates", "static")
SUFFIXES = {".py", ".html", ".txt", ".css", ".js"}


def digest_of(roots: list[Path]) -> str:
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file()):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def release() -> str:
    return digest_of([Path(settings.BASE_DIR, name) for name in SOURCES])
