"""Turning two-factor sign-in on and off, new recovery codes, and a leader's
reset of a member's lost device: each change recorded (AccountEvent)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cooperatives.models import AccountEvent, Membership, Organization
from cooperatives.people.accounts import event_record
from cooperatives.people.rules import manages, needs_second_factor
from cooperatives.twofactor.devices import recovery_codes_make

Action = AccountEvent.Action


def setup_device(user) -> TOTPDevice:
    """The authenticator being set up: the same one while the page is
    reloaded, so a code already scanned keeps working."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)


@transaction.atomic
def second_factor_enable(*, user, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code from it; returns the new recovery codes."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed:
        raise ValidationError({"code": _("Xác thực hai lớp đã được bật rồi.")})
    if not device.verify_token(token):
        raise ValidationError(
            {
                "code": _(
                    "Mã chưa đúng. Hãy kiểm tra giờ trên điện thoại là giờ tự động, "
                    "rồi nhập mã 6 số đang hiện trong ứng dụng."
                )
            }
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = recovery_codes_make(user)
    event_record(actor=user, action=Action.TWO_FACTOR_ENABLED, subject=user)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Tài khoản chưa bật xác thực hai lớp."))
    return recovery_codes_make(user)


def _devices_delete(user) -> bool:
    """Whether there was a confirmed device to delete."""
    had = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return had


@transaction.atomic
def second_factor_disable(*, user) -> None:
    """Turned off by the user themselves: only by those who do not need it."""
    if needs_second_factor(user):
        raise PermissionDenied(_("Vai trò của bạn bắt buộc xác thực hai lớp, nên không thể tắt."))
    _devices_delete(user)
    event_record(actor=user, action=Action.TWO_FACTOR_RESET, subject=user, detail=_("tự tắt"))


@transaction.atomic
def second_factor_reset(*, actor, organization: Organization, user) -> bool:
    """A leader's reset of a member's lost device: the member sets up a new
    one at their next sign-in (or is simply without, if they need none).
    Returns whether there was one (a second click changes and records nothing)."""
    is_member = Membership.objects.filter(user=user, organization=organization).exists()
    if not (actor.is_superuser or (manages(actor, organization) and is_member)):
        raise PermissionDenied(_("Bạn không quản lý thành viên này."))
    if not _devices_delete(user):
        return False
    event_record(
        actor=actor,
        action=Action.TWO_FACTOR_RESET,
        organization=organization,
        subject=user,
        detail=_("thiết bị bị mất hoặc đổi điện thoại"),
    )
    return True
