"""What each rendered file in the render cache must hold: its SHA-256 and
size, written once the file is whole. A cached file is served only when
its bytes match; `manage.py storage_check` compares the two both ways."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RenderedFile(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", _("kế hoạch")
        REPORT = "report", _("báo cáo")
        SUMMARY = "summary", _("tổng hợp")

    name = models.CharField(_("tên tệp trong kho"), max_length=255, unique=True)
    kind = models.CharField(_("loại văn bản"), max_length=16, choices=Kind.choices)
    # The plan's or the report's id, so that a damaged file can be rendered again; none for a summary.
    document_id = models.PositiveIntegerField(_("mã văn bản"), null=True, blank=True)
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    created_at = models.DateTimeField(_("dựng lúc"), default=timezone.now)

    class Meta:
        app_label = "reports"
        verbose_name = _("tệp văn bản đã dựng")
        verbose_name_plural = _("tệp văn bản đã dựng")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name
