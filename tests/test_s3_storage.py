"""Several web hosts: evidence and rendered documents in an S3-compatible bucket.

A local S3 server (moto's ThreadedMotoServer, spoken to over HTTP as MinIO
or a cloud's object store would be) takes the place of the bucket, and the
default storage is django-storages' S3Storage with the options
htxplan/settings.py gives it when AWS_STORAGE_BUCKET_NAME is set. Then,
through the test client: a progress update with a photo and a PDF is
uploaded, both files are read back through /evidence/<id>/ and match the
objects in the bucket; a plan's PDF is downloaded twice, the second time
from the render cache object under rendered/; a long plan's PDF goes
through the prepared-file marks; prune_rendered empties rendered/. Nothing
is written under MEDIA_ROOT.

Skipped where moto is not installed, except on CI (CI=true), where it must run.
"""

import datetime
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files import storage as storage_module
from django.core.management import call_command
from django.utils import timezone
from django.utils.functional import empty

try:
    import boto3
    from moto.server import ThreadedMotoServer
except ImportError:
    if os.environ.get("CI") == "true":
        raise
    pytest.skip("moto[server] and boto3 are not installed", allow_module_level=True)

from plans.models import Evidence, Plan, ProgressUpdate
from plans.tests.conftest import jpeg_bytes, pdf_bytes
from reports.backup import BackupError
from reports.backup.run import media_on_disk
from reports.documents import preparing
from reports.documents import renders as document_renders

BUCKET = "htxplan-test"
KEYS = {"access_key": "testing", "secret_key": "testing"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _reset_storages():
    storage_module.storages._storages = {}
    storage_module.default_storage._wrapped = empty


@pytest.fixture
def bucket(s3_server, settings):
    """An empty bucket on the local server, and the default storage in it
    (as htxplan/settings.py sets it from the environment)."""
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", aws_access_key_id="testing",
                          aws_secret_access_key="testing")  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                **KEYS,
                "location": "",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    _reset_storages()
    yield client
    _reset_storages()
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in listed:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client, prefix=""):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", []))


def _object(client, key) -> bytes:
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def _local_files(settings):
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


@pytest.fixture
def renders(monkeypatch):
    calls = []
    real = document_renders.html_to_pdf

    def counting(html, **options):
        calls.append(html)
        return real(html, **options)

    monkeypatch.setattr(document_renders, "html_to_pdf", counting)
    return calls


@pytest.fixture
def task_a(plan_a):
    """plan_a issued, its one task under way (as plans/tests/conftest.py's task_a)."""
    plan_a.status, plan_a.number, plan_a.issued_on = Plan.Status.ISSUED, 3, timezone.localdate()
    plan_a.save()
    task = plan_a.tasks.get()
    task.due_on = timezone.localdate() + datetime.timedelta(days=30)
    task.save()
    return task


def _progress_with_files(client, task, files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.get(f"/tasks/{task.pk}/progress/new")
    data = {
        "submission_token": str(page.context["form"]["submission_token"].value()),
        "reported_on": timezone.localdate().isoformat(),
        "percent": "40",
        "work_done": "Phun thử nghiệm 12 ha lúa bằng drone.",
        "files": [SimpleUploadedFile(name, content, content_type=kind) for name, content, kind in files],
    }
    return client.post(f"/tasks/{task.pk}/progress/new", data)


def test_evidence_is_uploaded_to_the_bucket_and_read_back_through_the_portal(bucket, task_a, cast, login, settings):
    client = login(cast["staff_a"])
    photo, scan = jpeg_bytes(), pdf_bytes()

    response = _progress_with_files(
        client, task_a, [("drone.jpg", photo, "image/jpeg"), ("bien-ban.pdf", scan, "application/pdf")]
    )

    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    items = {item.content_type: item for item in update.evidence.all()}
    assert set(items) == {"image/jpeg", "application/pdf"}
    stored = _keys(bucket, "evidence/")
    # The clean photo, the photo as sent and the PDF.
    assert len(stored) == 3
    assert {
        items["image/jpeg"].file.name,
        items["image/jpeg"].original.name,
        items["application/pdf"].file.name,
    } == set(stored)
    assert _object(bucket, items["image/jpeg"].original.name) == photo
    assert _object(bucket, items["application/pdf"].file.name) == scan
    for item in items.values():
        answer = client.get(f"/evidence/{item.pk}/")
        assert answer.status_code == 200
        assert b"".join(answer.streaming_content) == _object(bucket, item.file.name)
    original = client.get(f"/evidence/{items['image/jpeg'].pk}/original")
    assert original.status_code == 200 and b"".join(original.streaming_content) == photo
    # Someone who does not see the task gets nothing, bucket or not.
    assert login(cast["staff_b"]).get(f"/evidence/{items['application/pdf'].pk}/").status_code == 404
    assert Evidence.objects.count() == 2
    assert _local_files(settings) == []


def test_a_plan_pdf_is_rendered_once_into_the_bucket_then_read_from_it(bucket, plan_a, cast, login, renders, settings):
    client = login(cast["editor_a"])

    first = client.get(f"/plans/{plan_a.pk}/pdf")
    second = client.get(f"/plans/{plan_a.pk}/pdf")

    assert first.status_code == second.status_code == 200
    assert first.content.startswith(b"%PDF") and first.content == second.content
    assert len(renders) == 1
    cached = _keys(bucket, "rendered/")
    assert len(cached) == 1 and cached[0].endswith(".pdf")
    assert _object(bucket, cached[0]) == first.content
    assert _local_files(settings) == []


def test_a_long_plan_pdf_goes_through_the_marks_in_the_bucket(bucket, plan_a, cast, login, monkeypatch):
    # The task worker runs at once in tests: the marks are written, cleared, and the file is ready.
    monkeypatch.setattr(preparing, "plan_pdf_is_long", lambda plan: True)
    client = login(cast["editor_a"])

    response = client.get(f"/plans/{plan_a.pk}/pdf")

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    cached = _keys(bucket, "rendered/")
    assert len(cached) == 1 and cached[0].endswith(".pdf"), cached


def test_prune_rendered_deletes_the_old_renders_in_the_bucket(bucket, plan_a, cast, login, capsys):
    login(cast["editor_a"]).get(f"/plans/{plan_a.pk}/docx")
    login(cast["editor_a"]).get(f"/plans/{plan_a.pk}/pdf")
    assert len(_keys(bucket, "rendered/")) == 2

    call_command("prune_rendered", "--days", "1")
    assert len(_keys(bucket, "rendered/")) == 2
    call_command("prune_rendered", "--days", "0")

    assert _keys(bucket, "rendered/") == []
    assert "Đã xóa 2 tệp" in capsys.readouterr().out


def test_backup_refuses_when_the_files_are_in_a_bucket(bucket):
    with pytest.raises(BackupError, match="kho đối tượng S3"):
        media_on_disk()


def test_several_hosts_without_redis_are_warned(bucket, settings):
    from reports.checks import several_hosts_share_the_cache

    settings.REDIS_URL = ""
    assert [w.id for w in several_hosts_share_the_cache(None)] == ["htxplan.W001"]
    settings.REDIS_URL = "redis://127.0.0.1:6379/1"
    assert several_hosts_share_the_cache(None) == []


def test_the_environment_sets_the_bucket_and_manage_py_check_warns_without_redis():
    """What htxplan/settings.py makes of the variables, in a fresh process."""
    root = Path(__file__).resolve().parents[1]
    drop = {"DATABASE_URL", "MEDIA_ROOT", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("AWS_")}
    env.update(
        AWS_STORAGE_BUCKET_NAME="htxplan-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_S3_REGION_NAME="hn-1",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    run = dict(cwd=root, env={**env, "DJANGO_SETTINGS_MODULE": "htxplan.settings"}, capture_output=True, text=True)
    shown = subprocess.run([sys.executable, "-c", script], check=True, **run)
    default = json.loads(shown.stdout)
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "htxplan-media",
        "endpoint_url": "https://s3.example.vn",
        "region_name": "hn-1",
        "access_key": "key",
        "secret_key": "secret",
        "location": "",
        "addressing_style": "path",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    checked = subprocess.run([sys.executable, "manage.py", "check"], **run)
    assert "htxplan.W001" in checked.stderr + checked.stdout
    with_redis = subprocess.run(
        [sys.executable, "manage.py", "check"],
        **{**run, "env": {**run["env"], "REDIS_URL": "redis://127.0.0.1:6379/1"}},
    )
    assert "htxplan.W001" not in with_redis.stderr + with_redis.stdout
