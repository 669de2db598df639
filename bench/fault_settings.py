"""Settings of bench/fault_db_restart.py: the portal's own (DEBUG off, from
the environment it sets), except that static files are named without the
manifest, so the run needs no collectstatic (18 s of compressing) for pages
whose stylesheets nobody loads. Nothing about the database differs."""

from htxplan.settings import *  # noqa: F403
from htxplan.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
