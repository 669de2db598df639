"""The rating summary issued as a numbered Báo cáo: its number from the
issuer's register (plans/services/register.py), its date and signer, and
the summary's rows frozen as they were issued, so the issued file never
changes when a rating is corrected later."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperatives.models import AdministrativeUnit, Organization


class RatingReport(models.Model):
    symbol_prefix = "BC"

    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="rating_reports"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="rating_reports"
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    issued_on = models.DateField(_("ngày ban hành"))
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    # rating_source() of the summary as issued (reports/ratings/summary.py).
    content = models.JSONField(_("nội dung"), encoder=DjangoJSONEncoder)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("báo cáo kết quả đánh giá hợp tác xã")
        verbose_name_plural = _("báo cáo kết quả đánh giá hợp tác xã")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.number_label} ({self.year})"

    @property
    def number_label(self) -> str:
        return f"{self.number:02d}/{self.symbol}"
