"""What every numbered document shares: its lifecycle states, its number
written the Decree 30 way, and the register numbers come from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Organization


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    ISSUED = "issued", _("Đã ban hành")


class NumberedDocument(models.Model):
    """What every numbered document (a plan, a progress report) holds and
    knows of itself: the fields the shared lifecycle (plans/services/
    lifecycle.py) and the Decree 30 header and signature read, and its
    number written the Decree 30 way. A new document type inherits it and
    adds its own text, its issuer (with its related name) and its history."""

    Status = DocumentStatus

    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=200, blank=True, default="TM. ỦY BAN NHÂN DÂN XÃ"
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    # Optimistic locking: every save through a service bumps it, a form
    # carries the version it was read at, and a stale save is refused.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def number_label(self) -> str:
        """'05/KH-UBND' once issued, '' before (a leading zero below 10)."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}"


class NumberRegister(models.Model):
    """Sổ đăng ký văn bản đi: one per issuer and year.

    Decree 30: numbers run from 01 on 1 January to 31 December, are unique in
    the year and never reused; plans and reports of an issuer share it.
    """

    issuer = models.ForeignKey(Organization, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        ordering = ["issuer", "-year"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="one_register_per_issuer_year")]

    def __str__(self) -> str:
        return f"{self.issuer} {self.year}: {self.last_number}"
