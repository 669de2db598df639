"""Typed reads of the environment, for the settings and gunicorn.conf.py
alike, so "true"/"1"/"yes" mean the same to both; a value that is not what
it should be stops the start with its name."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def s3_storage(bucket: str) -> dict:
    """The default storage in a private S3-compatible bucket (settings.py,
    AWS_STORAGE_BUCKET_NAME), from the AWS_* variables."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("AWS_LOCATION", ""),
            # "path" for a MinIO or Ceph reached by an address without the bucket's name in it.
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE", "") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


def logging_config(log_format: str, level: str) -> dict:
    """LOGGING: every line carries the request's id (htxplan/logs.py), as text or JSON."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "htxplan.logs.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
            "json": {"()": "htxplan.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if log_format == "json" else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint logs every rendering step at INFO; its warnings still show.
        # django-axes logs every successful sign-in at INFO; failures and lock-outs are warnings.
        "loggers": {"weasyprint.progress": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
    }
