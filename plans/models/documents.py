"""What every numbered document shares: its lifecycle states, its number
written the Decree 30 way, and the register numbers come from."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Organization


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    ISSUED = "issued", _("Đã ban hành")


class IssuedDocumentMixin:
    """What a numbered document (a plan, a progress report) knows of itself:
    its status, and its number written the Decree 30 way."""

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
