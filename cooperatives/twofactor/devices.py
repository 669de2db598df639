"""A user's second factor: the authenticator app (a TOTPDevice) and the
recovery codes (one StaticDevice with its tokens), the code check with its
limit, and what the session remembers of the last code given.

The limit is kept on the authenticator's own row (its throttling columns),
so every web process and every address counts the same failures: after
CODE_FAILURE_LIMIT wrong codes, each within CODE_LOCKOUT of the one before,
no code is checked until CODE_LOCKOUT has passed since the last. A wrong
recovery code counts there too, so switching between the two kinds buys no
extra tries. A six-digit code is good for 30 seconds and only once
(django-otp keeps the last step used), so guessing inside the limit is hopeless.
"""

from __future__ import annotations

import datetime
import math
import re
import time
from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

CODE_FAILURE_LIMIT = 5
CODE_LOCKOUT = datetime.timedelta(minutes=15)
RECOVERY_CODE_COUNT = 10
VERIFIED_AT_KEY = "twofactor_verified_at"
HAS_DEVICE_KEY = "twofactor_has_device"
SIX_DIGITS = re.compile(r"\d{6}")


def confirmed_totp(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalized(token: str) -> str:
    """What was typed without spaces and dashes ("123 456", "abcd-efgh")."""
    return re.sub(r"[\s\-]", "", token or "").lower()


def secret_groups(device: TOTPDevice) -> str:
    """The secret as typed into an app by hand: base32, in groups of four."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def recovery_code_label(token: str) -> str:
    return f"{token[:4]}-{token[4:]}" if len(token) == 8 else token


def recovery_codes_make(user) -> list[str]:
    """Ten new recovery codes in place of any the user had; returns them to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Mã dự phòng"), confirmed=True)
    tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=token) for token in tokens)
    return [recovery_code_label(token) for token in tokens]


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass
class CodeResult:
    device: object | None = None
    error: str = ""
    codes_left: int | None = None  # after a recovery code was used


def _lock_message(totp: TOTPDevice, now) -> str:
    ends = totp.throttling_failure_timestamp + CODE_LOCKOUT
    minutes = max(1, math.ceil((ends - now).total_seconds() / 60))
    return _(
        "Bạn đã nhập sai mã %(limit)d lần liền. Để bảo vệ tài khoản, hãy đợi %(minutes)d phút rồi thử lại. "
        "Nếu mất điện thoại, hãy dùng mã dự phòng (sau khi hết thời gian chờ) hoặc nhờ lãnh đạo đơn vị đặt lại."
    ) % {"limit": CODE_FAILURE_LIMIT, "minutes": minutes}


def code_check(user, token: str) -> CodeResult:
    """Check a six-digit code from the app, or a recovery code, within the limit."""
    token = normalized(token)
    with transaction.atomic():
        totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if totp is None:
            return CodeResult(error=_("Tài khoản chưa bật xác thực hai lớp."))
        now = timezone.now()
        last = totp.throttling_failure_timestamp
        if totp.throttling_failure_count and last is not None and now - last >= CODE_LOCKOUT:
            totp.throttle_reset()
        if totp.throttling_failure_count >= CODE_FAILURE_LIMIT:
            return CodeResult(error=_lock_message(totp, now))
        if not totp.verify_is_allowed()[0]:
            return CodeResult(error=_("Bạn nhập hơi nhanh: hãy đợi vài giây rồi nhập lại mã."))
        if SIX_DIGITS.fullmatch(token):
            if totp.verify_token(token):
                return CodeResult(device=totp)
        else:
            static = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            if static is not None and token:
                static.throttle_reset(commit=False)  # the limit above governs both kinds
                if static.verify_token(token):
                    totp.throttle_reset()
                    return CodeResult(device=static, codes_left=static.token_set.count())
            totp.throttle_increment()
    if totp.throttling_failure_count >= CODE_FAILURE_LIMIT:
        return CodeResult(error=_lock_message(totp, timezone.now()))
    left = CODE_FAILURE_LIMIT - totp.throttling_failure_count
    return CodeResult(
        error=_(
            "Mã chưa đúng hoặc đã dùng rồi. Hãy nhập mã 6 số đang hiện trong ứng dụng xác thực "
            "(mã đổi sau mỗi 30 giây). Còn %(left)d lần thử."
        )
        % {"left": left}
    )


def session_verify(request, device) -> None:
    """The session has given its second factor now (django-otp's mark, and the time)."""
    django_otp.login(request, device)
    request.session[VERIFIED_AT_KEY] = time.time()
    request.session[HAS_DEVICE_KEY] = True


def is_fresh(request) -> bool:
    at = request.session.get(VERIFIED_AT_KEY)
    if not request.user.is_verified() or not isinstance(at, (int, float)):
        return False
    return time.time() - at < settings.SECOND_FACTOR_FRESH_MINUTES * 60
