"""Settings of bench/province.py: the portal's own, with the bench's bare page.

The environment (DEBUG off, the bench database, MEDIA_ROOT, STATIC_ROOT) is
set by bench/province.py before Django or gunicorn reads this; nothing else
differs from production.
"""

from htxplan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.province_urls"
