"""Gunicorn in production, sized for a 2-core machine:

    gunicorn -c gunicorn.conf.py htxplan.wsgi

Every value here can be changed from the environment (GUNICORN_BIND,
GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS),
read with the same helpers as htxplan/settings.py (htxplan/env.py), so "true"/"1"/"yes" mean
the same here as there and a mistyped value stops the start with its name.
"""

import sys
from pathlib import Path

# The config is read before gunicorn loads the application: make the
# project importable for the settings' helpers, wherever gunicorn runs from.
ROOT = str(Path(__file__).resolve().parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from htxplan.env import env_bool, env_int, env_str  # noqa: E402

bind = env_str("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers: 3 processes keep both cores busy with one to spare while
# another renders a PDF (WeasyPrint holds a core for seconds and a few hundred
# MB), and their threads wait on PostgreSQL and on file reads (cached
# documents, evidence) instead of blocking the whole process. The usual
# 2 x cores + 1 sync workers would hold more memory and serve fewer requests
# at once.
worker_class = "gthread"
workers = env_int("GUNICORN_WORKERS", 3)
threads = env_int("GUNICORN_THREADS", 4)

# A fresh PDF of a long plan or of a province's summary takes seconds, not
# minutes; 120 s leaves room on a busy machine and still ends a worker that
# hangs. On a restart (a deploy's HUP, max_requests below) a request under
# way gets as long to finish as it would have had.
timeout = env_int("GUNICORN_TIMEOUT", 120)
graceful_timeout = timeout
keepalive = 5

# Rendering grows a worker's memory (bench/province.py: about +0.3 MB per
# fresh PDF, not given back), so each worker is replaced after 1000 to 1500
# requests. Workers that start together and share the load evenly reach
# their limit together: their restarts spread only over the time they take
# to serve the jitter's number of requests (with 100, at 200 requests/s, all
# three restarted within 3 s), hence a wide jitter.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 2

# Access log on stdout for journald or docker, with the time each request took.
accesslog = "-"
errorlog = "-"
# The last field is the request's id (htxplan/logs.py), as in the application's own lines.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms %({x-request-id}o)s'

# X-Forwarded-Proto and the like are believed only behind the TLS proxy, as
# Django's SECURE_PROXY_SSL_HEADER is (htxplan/settings.py): otherwise any
# client could claim HTTPS. Behind it, only from the proxy's addresses
# (FORWARDED_ALLOW_IPS, comma-separated). A unix socket bind is trusted
# whatever this says: gunicorn cannot tell who is on the other end.
if env_bool("BEHIND_TLS_PROXY", False):
    forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
else:
    forwarded_allow_ips = ""
