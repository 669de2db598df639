"""The rows of the yearly rating: the criteria sets loaded from files, each
cooperative's assessment of a year (one version per correction), its item
scores and its history. Imported at the bottom of cooperatives/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RatingCriteriaSet(models.Model):
    """A versioned set of criteria (cooperatives/rating/sets/*.json), loaded
    by `manage.py load_rating_criteria`; the newest set valid for a year
    rates it, and each assessment keeps the set it used."""

    code = models.CharField(_("mã bộ tiêu chí"), max_length=40, unique=True)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    source = models.TextField(_("căn cứ"))
    valid_from = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    data = models.JSONField(_("tiêu chí, thang điểm, ngưỡng"))
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("bộ tiêu chí đánh giá HTX")
        verbose_name_plural = _("bộ tiêu chí đánh giá HTX")
        ordering = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.code} ({self.valid_from})"


class RatingAssessment(models.Model):
    """One cooperative's assessment of one year. A correction after the
    district's confirmation is a new row (`number` + 1) pointing at the one
    it replaces, which stays, superseded, with its history."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("HTX đang tự đánh giá")
        SUBMITTED = "submitted", _("Chờ xã thẩm định")
        FORWARDED = "forwarded", _("Xã đã thẩm định, chờ huyện xác nhận")
        CONFIRMED = "confirmed", _("Huyện đã xác nhận")
        SUPERSEDED = "superseded", _("Đã được đính chính bằng bản sau")

    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.FORWARDED)

    cooperative = models.ForeignKey(
        "cooperatives.Cooperative", verbose_name=_("hợp tác xã"), on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    number = models.PositiveSmallIntegerField(_("lần"), default=1)
    criteria_set = models.ForeignKey(
        RatingCriteriaSet, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("đính chính cho"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    correction_reason = models.TextField(_("lý do đính chính"), blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    # The year's figures.
    member_count = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    revenue = models.DecimalField(_("tổng doanh thu (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True)
    capital = models.DecimalField(_("tổng nguồn vốn (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True)
    stopped_from = models.DateField(_("tạm ngừng hoạt động từ ngày"), null=True, blank=True)
    stopped_until = models.DateField(_("tạm ngừng hoạt động đến ngày"), null=True, blank=True)
    # Computed by rules.py at every save, never typed.
    score = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=1, null=True, blank=True)
    rating = models.CharField(_("xếp loại"), max_length=16, blank=True)
    size_class = models.CharField(_("quy mô"), max_length=8, blank=True)
    not_rated_reason = models.CharField(_("lý do không phân loại"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    # Optimistic locking: a form read at an older version is refused.
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
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("bản đánh giá HTX")
        verbose_name_plural = _("bản đánh giá HTX")
        ordering = ["cooperative", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year", "number"], name="one_assessment_number_per_year"),
            models.UniqueConstraint(
                fields=["cooperative", "year"],
                condition=Q(status__in=["draft", "submitted", "forwarded"]),
                name="one_open_assessment_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} {self.year} ({self.number})"

    def get_absolute_url(self) -> str:
        return reverse("cooperatives:rating_detail", args=[self.cooperative_id, self.year])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class RatingItemScore(models.Model):
    """The points of one item of the set: claimed by the cooperative, counted
    after the commune's or district's adjustment (with its reason)."""

    assessment = models.ForeignKey(
        RatingAssessment, verbose_name=_("bản đánh giá"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("mã nội dung"), max_length=12)
    claimed = models.DecimalField(_("điểm HTX tự chấm"), max_digits=4, decimal_places=1, null=True, blank=True)
    points = models.DecimalField(_("điểm được tính"), max_digits=4, decimal_places=1, null=True, blank=True)
    note = models.TextField(_("giải trình, minh chứng"), blank=True)
    evidence = models.FileField(_("tệp minh chứng"), upload_to="rating/%Y/", blank=True)
    evidence_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    adjust_reason = models.TextField(_("lý do điều chỉnh"), blank=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("điểm nội dung đánh giá")
        verbose_name_plural = _("điểm nội dung đánh giá")
        ordering = ["assessment", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.code}: {self.points}"


class RatingEvent(models.Model):
    """What happened to an assessment: who, when, what, why."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Lưu bản tự đánh giá")
        SUBMITTED = "submitted", _("HTX gửi bản tự đánh giá")
        ADJUSTED = "adjusted", _("Điều chỉnh điểm")
        RETURNED = "returned", _("Trả lại")
        FORWARDED = "forwarded", _("Xã gửi huyện xác nhận")
        CONFIRMED = "confirmed", _("Huyện xác nhận")
        CORRECTED = "corrected", _("Mở bản đính chính")

    assessment = models.ForeignKey(
        RatingAssessment, verbose_name=_("bản đánh giá"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("việc"), max_length=12, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    reason = models.TextField(_("lý do"), blank=True)
    changes = models.JSONField(_("thay đổi"), default=list, blank=True)

    class Meta:
        app_label = "cooperatives"
        verbose_name = _("lịch sử bản đánh giá")
        verbose_name_plural = _("lịch sử bản đánh giá")
        ordering = ["assessment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.get_action_display()}"
