"""A cooperative's proposed change to its own registry profile: its staff
propose, the commune's editors accept or refuse it with a reason."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperativeProposal(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xã xem xét")
        ACCEPTED = "accepted", _("Đã chấp nhận")
        REFUSED = "refused", _("Không chấp nhận")

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("hợp tác xã"), on_delete=models.CASCADE, related_name="proposals"
    )
    # {field name: proposed value as the form gives it, in text}: only the fields that change.
    changes = models.JSONField(_("nội dung đề xuất"), default=dict)
    note = models.TextField(_("ghi chú của hợp tác xã"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề xuất"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("đề xuất cập nhật hồ sơ hợp tác xã")
        verbose_name_plural = _("đề xuất cập nhật hồ sơ hợp tác xã")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cooperative_id}: {self.get_status_display()}"
