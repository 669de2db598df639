"""System checks of a set-up with several web hosts (registered in ReportsConfig.ready)."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning

S3_BACKEND = "storages.backends.s3.S3Storage"


def several_hosts_share_the_cache(app_configs, **kwargs):
    """Files in a bucket mean several web hosts; the cache of roll-ups and
    versions must then be one Redis, not each process's memory (sessions are
    in the database already)."""
    backend = settings.STORAGES.get("default", {}).get("BACKEND", "")
    if backend != S3_BACKEND or getattr(settings, "REDIS_URL", ""):
        return []
    return [
        CheckWarning(
            "Tệp đặt trong kho S3 (AWS_STORAGE_BUCKET_NAME) nhưng chưa đặt REDIS_URL: mỗi tiến trình của mỗi máy "
            "chủ giữ bộ nhớ đệm riêng. / Files are in an S3 bucket (AWS_STORAGE_BUCKET_NAME) but REDIS_URL is "
            "not set: each process on each host keeps a cache of its own.",
            hint="Đặt REDIS_URL tới một Redis chung cho mọi máy chủ. / Set REDIS_URL to one Redis every host shares.",
            id="htxplan.W001",
        )
    ]
