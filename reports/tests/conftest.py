import pytest
from django.core.management import call_command

from plans.models import Plan


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Rendered files are cached in the default storage; each test gets its own.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seed_plan(db):
    """The 2021 plan of UBND xã Vĩnh Lợi, issued as 01/KH-UBND on 05/01/2021."""
    call_command("seed_demo", password="demo-pass-123", stdout=open("/dev/null", "w"))
    return Plan.objects.get(issuer__short_name="UBND xã Vĩnh Lợi", year=2021)


@pytest.fixture
def user_named(django_user_model):
    return lambda username: django_user_model.objects.get(username=username)
