"""Settings for HTX Plan.

Every deploy-time value comes from the environment through the small typed
helpers of htxplan/env.py; the defaults give the embedded run (SQLite, console e-mail,
DEBUG on) that `make run` starts on a fresh machine.
"""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from htxplan.env import env_bool, env_int, env_list, env_str, logging_config, s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DEBUG", True)
# The technical error pages of DEBUG (URL patterns, tracebacks) for a developer;
# off, the embedded run shows the portal's own pages (htxplan/errors.py).
DEBUG_TECHNICAL_PAGES = env_bool("DEBUG_TECHNICAL_PAGES", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-embedded-default-only-for-local-runs-0123456789-abcdefghij"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "csp",
    # Failed sign-ins counted and locked out (htxplan/signin.py)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "cooperatives",
    "plans",
    "reports",
    # After reports: the `db_worker` command is reports' own, with the lease
    # sweep (the first app listed that has a command of that name wins).
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: every later line of the request's log carries its id.
    "htxplan.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "htxplan.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "htxplan.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cooperatives.profile.middleware.ProfileMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # With DEBUG on, the portal's own 403/404/500 pages instead of Django's technical ones.
    "htxplan.errors.PlainErrorPagesMiddleware",
    # Holds a signed-in user on the code or set-up page until the second factor is given,
    "cooperatives.twofactor.middleware.SecondFactorMiddleware",
    # then one on a one-time password on the password page.
    "cooperatives.profile.middleware.MustChangePasswordMiddleware",
    "htxplan.middleware.ExpiredSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Answers a locked-out sign-in with htxplan/signin.py's page.
    "axes.middleware.AxesMiddleware",
    # Last, so that it sees a view's database error before anything else.
    "htxplan.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "htxplan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "htxplan.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection the database dropped (a restart) is found and
        # replaced when a request begins, instead of failing that request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database is written by the web server's threads and by the
    # task worker at once (`make run` starts both). WAL lets readers go on
    # while one connection writes; the timeout makes a writer wait its turn
    # (up to 20 s) instead of failing; IMMEDIATE takes the write lock when a
    # transaction begins, because two transactions that each read and then
    # write would deadlock on the lock upgrade, and SQLite answers that at
    # once with "database is locked" whatever the timeout. It also makes the
    # services' row locks real here (SQLite ignores SELECT ... FOR UPDATE).
    # synchronous=NORMAL is safe with WAL: a power cut can lose the last
    # commits, never corrupt the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
# PostgreSQL's statement_timeout for the web server's connections
# (htxplan/wsgi.py, htxplan/database.py), in ms; 0 turns it off. Commands
# (migrate, backup, the task worker) are not capped.
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 30000)
if DB_STATEMENT_TIMEOUT_MS < 0:
    raise ImproperlyConfigured(f"DB_STATEMENT_TIMEOUT_MS must be 0 (off) or more, not {DB_STATEMENT_TIMEOUT_MS}")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Roll-ups of the dashboards, the district page and the summary are cached
# on the versions of the units they read (cooperatives/versions.py), so a
# stale entry is never served whatever the backend. REDIS_URL (production)
# shares them between every worker; without it each process keeps its own
# in memory, which is right for the embedded default.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "htxplan"),
            # A Redis that does not answer costs a page its cache, not its answer.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "htxplan",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes; the rules are in htxplan/signin.py): after
# LOGIN_FAILURE_LIMIT failures in a row for one user name or from one
# address, sign-in is refused for LOGIN_LOCKOUT_MINUTES after the last one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's, with the profile read in the user's query; Django's own stays for sessions made before it.
    "cooperatives.profile.backends.ModelBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success clears that user's own failures only (htxplan/signin.py): axes'
# own reset would also clear every failure from the same address, letting
# anyone with an account wipe the count of the account being guessed.
AXES_RESET_ON_SUCCESS = False
# The lock ends a fixed time after the failure that set it; tries made
# while locked do not push it later.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "htxplan.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "htxplan.signin.client_address"
# The address of every request is not logged, only the failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# A password-reset link stays valid 3 days (Django's default, said on the pages).
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "plans:dashboard"
LOGOUT_REDIRECT_URL = "login"
# Two-factor sign-in (cooperatives/twofactor/): issuing asks again for a code older than this.
OTP_TOTP_ISSUER = "HTX Plan"
SECOND_FACTOR_FRESH_MINUTES = env_int("SECOND_FACTOR_FRESH_MINUTES", 15)

# Vietnamese is the source language of the interface; English is the second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Files appear under their name only once whole (a full disk leaves no half file).
    "default": {"BACKEND": "htxplan.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Evidence files are private: they live outside the static tree and are only
# served through an access-checked view.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"

# Several web hosts: with AWS_STORAGE_BUCKET_NAME set, evidence files and
# rendered documents go to that S3-compatible bucket (AWS, MinIO, Ceph, a
# Vietnamese cloud's object storage) through django-storages, and MEDIA_ROOT
# is unused. The bucket stays private: objects get no ACL and every file is
# still served through the portal's own access-checked views, never by a
# bucket URL. A name is never written over (file_overwrite off), as on disk.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = s3_storage(AWS_STORAGE_BUCKET_NAME)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if not env_str("EMAIL_HOST", "")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Who to ask when a sign-in fails and the account has no e-mail, shown on
# /login/help/ (for example "Phòng Nông nghiệp huyện Châu Thành, 0299 3xxx xxx").
SUPPORT_CONTACT = env_str("SUPPORT_CONTACT", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "HTX Plan <no-reply@htxplan.local>")
# Seconds a mail server may stay silent before a send fails (and is retried):
# a stuck server must not hold the task worker, and on SQLite the database's
# write lock, for long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Only behind a proxy that overwrites X-Forwarded-Proto: otherwise any client
# could claim to be on HTTPS.
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy (django-csp): scripts, styles, images and
# fonts from the portal itself only, no inline script or style anywhere (the
# pages' behaviour is in static/js, their looks in static/css), nothing
# embedded, no framing. data: images are Bootstrap's own icons in its CSS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "screen-wake-lock", "xr-spatial-tracking",
    )
)  # fmt: skip

# Every line carries the request's id (htxplan/logs.py); LOG_FORMAT=json for a log collector.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = logging_config(LOG_FORMAT, env_str("LOG_LEVEL", "INFO"))

# Demo accounts' password for `seed_demo` when --password is not given.
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "")

# Progress (issue 4): a task with no update for this many days is flagged as
# gone quiet; evidence files per update and the size of each.
PROGRESS_STALE_DAYS = env_int("PROGRESS_STALE_DAYS", 30)
PROGRESS_MAX_FILE_MB = env_int("PROGRESS_MAX_FILE_MB", 10)
PROGRESS_MAX_FILES = env_int("PROGRESS_MAX_FILES", 5)
# Evidence one person may send in any 24 hours (the bytes sent), in MB.
PROGRESS_UPLOAD_QUOTA_MB_PER_DAY = env_int("PROGRESS_UPLOAD_QUOTA_MB_PER_DAY", 200)
if PROGRESS_UPLOAD_QUOTA_MB_PER_DAY < 1:
    raise ImproperlyConfigured(
        f"PROGRESS_UPLOAD_QUOTA_MB_PER_DAY must be 1 or more, not {PROGRESS_UPLOAD_QUOTA_MB_PER_DAY}"
    )
# A task not done is "at risk" (Có nguy cơ chậm) when the share of its time
# gone is ahead of the share of work done by more than this many percentage
# points, or when its deadline is this many days away or fewer.
PROGRESS_AT_RISK_MARGIN = env_int("PROGRESS_AT_RISK_MARGIN", 20)
PROGRESS_AT_RISK_DAYS = env_int("PROGRESS_AT_RISK_DAYS", 7)
if not 0 <= PROGRESS_AT_RISK_MARGIN <= 100:
    raise ImproperlyConfigured(f"PROGRESS_AT_RISK_MARGIN must be 0 to 100 (points), not {PROGRESS_AT_RISK_MARGIN}")
if PROGRESS_AT_RISK_DAYS < 0:
    raise ImproperlyConfigured(f"PROGRESS_AT_RISK_DAYS must be 0 or more, not {PROGRESS_AT_RISK_DAYS}")
# Links in e-mails (reminders, digests, deliveries) point here: mail has no
# request to take the host from. Left at the local default, every link in a
# production mail would send its reader to their own computer, so with DEBUG
# off the portal refuses to start without it (like SECRET_KEY above).
SITE_URL = env_str("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off: the address people open the portal at, "
            "e.g. https://htxplan.example.gov.vn (links in e-mails are built from it)"
        )
    SITE_URL = "http://127.0.0.1:8000"
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname or _site.query or _site.fragment:
    raise ImproperlyConfigured(f"SITE_URL must be an address such as https://htxplan.example.gov.vn, not {SITE_URL!r}")
if not DEBUG and _site.hostname in {"localhost", "127.0.0.1", "::1"}:
    raise ImproperlyConfigured(
        f"SITE_URL is {SITE_URL!r}, an address of this machine: with DEBUG off it must be the address "
        "people open the portal at, e.g. https://htxplan.example.gov.vn"
    )

# Background tasks (django-tasks): e-mailing a distribution runs in a worker
# (`manage.py db_worker`) so issuing never waits on the mail server.
# TASKS_BACKEND: "database" (the default; the worker reads the queue from the
# database), "immediate" (run in the web process, for development and tests)
# or the dotted path of a backend class.
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASKS_BACKENDS and "." not in TASKS_BACKEND:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)} or a dotted path, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}
# A task whose worker stopped mid-run (killed, crashed, host gone) is run
# again once it has run this long (reports/worker/), and a send cut off that
# long ago may be sent again; every task ends well inside it. After
# TASK_MAX_CLAIMS claims the task is marked failed.
# Days an invitation's link (cooperatives/people/invitations.py) stays valid.
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 300)
TASK_MAX_CLAIMS = env_int("TASK_MAX_CLAIMS", 3)
if TASK_LEASE_SECONDS < 1 or TASK_LEASE_SECONDS <= EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        f"TASK_LEASE_SECONDS ({TASK_LEASE_SECONDS}) must be longer than EMAIL_TIMEOUT ({EMAIL_TIMEOUT}): "
        "a send still waiting on its mail server would be claimed again"
    )
