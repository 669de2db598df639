"""The rows of people and accounts: a profile beside each user, the
invitations sent, and the record of who invited, granted, changed or
removed whom (AccountEvent), kept when the people in it leave."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="profile"
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    # "" follows the browser (Vietnamese first); else the language chosen on the profile page.
    language = models.CharField(_("ngôn ngữ"), max_length=8, blank=True, choices=settings.LANGUAGES)
    # An account made with a one-time password handed over on paper must choose its own at first sign-in.
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")

    def __str__(self) -> str:
        return str(self.user)


class Invitation(models.Model):
    """An e-mailed link that lets one person make their account and join an
    organisation with the roles given. Only a hash of the link's token is
    stored; the link works once, until `expires_at`."""

    organization = models.ForeignKey(
        "cooperatives.Organization", verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("thư điện tử"))
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    roles = models.JSONField(_("vai trò"), default=list)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mời"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("mời lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    accepted_at = models.DateTimeField(_("nhận lời lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản tạo ra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("lời mời")
        verbose_name_plural = _("lời mời")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class AccountEvent(models.Model):
    """One change to people and accounts. Names are copied, so the record
    still reads right after the people in it are renamed or removed."""

    class Action(models.TextChoices):
        ACCOUNT_CREATED = "account_created", _("tạo tài khoản")
        INVITED = "invited", _("mời tham gia")
        INVITATION_ACCEPTED = "invitation_accepted", _("nhận lời mời")
        INVITATION_REVOKED = "invitation_revoked", _("thu hồi lời mời")
        ROLES_CHANGED = "roles_changed", _("đổi vai trò")
        MEMBER_REMOVED = "member_removed", _("cho thôi tham gia")
        ACCOUNT_DEACTIVATED = "account_deactivated", _("khóa tài khoản")
        PASSWORD_RESET = "password_reset", _("cấp lại mật khẩu")
        PASSWORD_CHANGED = "password_changed", _("đổi mật khẩu")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("bật xác thực hai lớp")
        TWO_FACTOR_RESET = "two_factor_reset", _("đặt lại xác thực hai lớp")
        SIGNED_OUT_ELSEWHERE = "signed_out_elsewhere", _("đăng xuất ở nơi khác")
        EMAIL_CHANGED = "email_changed", _("đổi thư điện tử")
        ORGANIZATION_CHANGED = "organization_changed", _("sửa tổ chức")
        ORGANIZATION_CREATED = "organization_created", _("tạo tổ chức")
        PEOPLE_IMPORTED = "people_imported", _("nhập danh sách người dùng")

    at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)
    action = models.CharField(_("việc"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người làm"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(_("tên người làm"), max_length=150, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được thay đổi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_name = models.CharField(_("tên người được thay đổi"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "cooperatives.Organization",
        verbose_name=_("tổ chức"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("nhật ký tài khoản")
        verbose_name_plural = _("nhật ký tài khoản")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "-at"], name="account_event_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name}: {self.get_action_display()} {self.subject_name}"
