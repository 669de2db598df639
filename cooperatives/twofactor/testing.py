"""For the test suite and the benchmarks: a test client signed in as if
the user had just typed their six-digit code. Not used by the portal."""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cooperatives.people.rules import needs_second_factor
from cooperatives.twofactor.devices import HAS_DEVICE_KEY, VERIFIED_AT_KEY, has_device


def authenticator_for(user) -> TOTPDevice:
    """The user's confirmed authenticator, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=True)


def second_factor_pass(client, user) -> TOTPDevice:
    """The client's session carries django-otp's mark and the time of the code."""
    device = authenticator_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT_KEY] = time.time()
    session[HAS_DEVICE_KEY] = True
    session.save()
    return device


def signed_in(client, user):
    """force_login, and for one who must give a second factor (approvers,
    administrators, superusers) the code given too; for others, what the
    sign-in stores, so that the first page is measured as any other."""
    client.force_login(user)
    if needs_second_factor(get_user_model().objects.get(pk=user.pk)):
        second_factor_pass(client, user)
    else:
        session = client.session
        session[HAS_DEVICE_KEY] = has_device(user)
        session.save()
    return client
