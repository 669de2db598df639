"""The throwaway database and media folder every benchmark runs against.

Imported by a benchmark before anything of Django: it points DATABASE_URL and
MEDIA_ROOT at a fresh temporary folder, so the real database and files are
never touched, and sets Django up.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="htxplan-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(WORK / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "htxplan.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.ALLOWED_HOSTS = ["*"]
# Reminders and distributions are counted, never mailed.
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def seed_demo() -> None:
    """The schema and the demo data (`seed_demo`) in the throwaway database."""
    print(f"Throwaway data in {WORK}")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", password="bench-only-password", stdout=io.StringIO())


def remove() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
