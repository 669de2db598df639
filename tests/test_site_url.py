"""Links in e-mails lead to the portal's configured address (SITE_URL), and
with DEBUG off the portal refuses to start while it is left at its local
default."""

import datetime
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from plans.models import Plan
from reports.models import Delivery
from reports.tasks import delivery_email_task

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://htxplan.chauthanh.example.gov.vn"


@pytest.mark.django_db
def test_a_delivery_email_links_the_inbox_at_the_configured_address(settings, plan_a, orgs):
    settings.SITE_URL = SITE
    delivery = Delivery.objects.create(
        plan=plan_a, organization=orgs["office"], email_address="phongnn@example.gov.vn", email_status="queued"
    )

    delivery_email_task.call(delivery.pk)

    (message,) = mail.outbox
    assert f"{SITE}/inbox/" in message.body
    assert "127.0.0.1" not in message.body


@pytest.mark.django_db
def test_a_progress_reminder_links_the_task_at_the_configured_address(settings, plan_a, cast):
    settings.SITE_URL = SITE
    staff = cast["staff_a"]
    staff.email = "htx_a@example.vn"
    staff.save()
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=7, issued_on=datetime.date(2022, 1, 10))
    task = plan_a.tasks.get()
    task.due_on = datetime.date(2022, 6, 15)
    task.save()

    call_command("send_progress_reminders", date="2022-06-13", stdout=io.StringIO())

    (message,) = [m for m in mail.outbox if m.to == [staff.email]]
    assert SITE + reverse("plans:progress-create", args=[task.pk]) in message.body
    assert SITE + reverse("plans:my-tasks") in message.body
    assert "127.0.0.1" not in message.body


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"DEBUG", "SITE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "htxplan.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "htxplan.chauthanh.example.gov.vn",
}


def test_with_debug_off_the_portal_refuses_to_start_without_site_url():
    result = manage("check", "--deploy", **PRODUCTION)

    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_with_debug_off_a_site_url_on_this_machine_is_refused_too():
    result = manage("check", "--deploy", **PRODUCTION, SITE_URL="http://127.0.0.1:8000")

    assert result.returncode != 0
    assert "an address of this machine" in result.stderr


def test_with_debug_off_and_site_url_set_the_deploy_check_is_clean():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, SITE_URL=SITE + "/")

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_a_site_url_that_is_not_a_web_address_is_refused_even_with_debug_on():
    result = manage("check", SITE_URL="htxplan.example.gov.vn")

    assert result.returncode != 0
    assert "SITE_URL must be an address such as https://" in result.stderr


def test_the_embedded_run_needs_no_site_url():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.SITE_URL)")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8000"
