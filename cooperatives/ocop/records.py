"""The rows of OCOP products (Chương trình mỗi xã một sản phẩm): the six
product groups, each cooperative's products with their scores, stars and
certificate, the evidence files, and the expiry reminders already sent.
The rules computed with them are in cooperatives/ocop/rules.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OcopGroup(models.Model):
    """One of the product groups of Quyết định 148/QĐ-TTg (rows, so a new
    decision is a data change)."""

    code = models.SlugField(_("mã nhóm"), max_length=40, unique=True)
    name = models.CharField(_("tên nhóm"), max_length=200)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("nhóm sản phẩm OCOP")
        verbose_name_plural = _("nhóm sản phẩm OCOP")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class OcopProduct(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh")
        CENTRAL = "central", _("Cấp trung ương")

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative",
        verbose_name=_("hợp tác xã"),
        on_delete=models.CASCADE,
        related_name="ocop_products",
    )
    name = models.CharField(_("tên sản phẩm"), max_length=200)
    group = models.ForeignKey(OcopGroup, verbose_name=_("nhóm sản phẩm"), on_delete=models.PROTECT, related_name="+")
    score_a = models.DecimalField(_("điểm phần A"), max_digits=4, decimal_places=1, null=True, blank=True)
    score_b = models.DecimalField(_("điểm phần B"), max_digits=4, decimal_places=1, null=True, blank=True)
    score_c = models.DecimalField(_("điểm phần C"), max_digits=4, decimal_places=1, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("số sao"))
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=80, blank=True)
    certified_on = models.DateField(_("ngày cấp giấy chứng nhận"), null=True, blank=True)
    expires_on = models.DateField(_("ngày hết hạn"), null=True, blank=True)
    level = models.CharField(_("cấp công nhận"), max_length=16, choices=Level.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["cooperative", "-stars", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5), name="ocop_stars_1_to_5"),
            models.CheckConstraint(
                condition=Q(score_a__isnull=True) | Q(score_a__gte=0, score_a__lte=40), name="ocop_score_a_range"
            ),
            models.CheckConstraint(
                condition=Q(score_b__isnull=True) | Q(score_b__gte=0, score_b__lte=25), name="ocop_score_b_range"
            ),
            models.CheckConstraint(
                condition=Q(score_c__isnull=True) | Q(score_c__gte=0, score_c__lte=35), name="ocop_score_c_range"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(certified_on__isnull=True)
                | Q(expires_on__gt=F("certified_on")),
                name="ocop_expiry_after_certificate",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"], name="ocop_expires_on")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cooperatives:ocop_detail", args=[self.pk])

    @property
    def total_score(self):
        parts = (self.score_a, self.score_b, self.score_c)
        return None if any(part is None for part in parts) else sum(parts)


class OcopEvidence(models.Model):
    """A file behind a product's certificate or scores, checked as progress
    evidence is (htxplan/uploads): its type from its content."""

    product = models.ForeignKey(
        OcopProduct, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to="ocop/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("minh chứng sản phẩm OCOP")
        verbose_name_plural = _("minh chứng sản phẩm OCOP")
        ordering = ["product", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_picture(self) -> bool:
        return self.content_type.startswith("image/")


class OcopExpiryReminder(models.Model):
    """An expiry reminder already sent: one per product, certificate expiry and threshold."""

    product = models.ForeignKey(OcopProduct, on_delete=models.CASCADE, related_name="+")
    expires_on = models.DateField(_("ngày hết hạn"))
    days_before = models.PositiveSmallIntegerField(_("số ngày trước hạn"))
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("nhắc hạn giấy chứng nhận OCOP")
        verbose_name_plural = _("nhắc hạn giấy chứng nhận OCOP")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "expires_on", "days_before"], name="one_ocop_reminder_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} ({self.days_before})"
