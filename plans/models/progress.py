"""Progress on a plan's tasks: the updates, their evidence files, and the
reminders already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models.plan import Task
from plans.models.text import validate_document_text


class ProgressUpdate(models.Model):
    class Status(models.TextChoices):
        """Where the work stands, read from the percent alone: the reporter
        gives the percent, never a status that could say otherwise."""

        NOT_STARTED = "not_started", _("Chưa bắt đầu")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")

        @classmethod
        def for_percent(cls, percent: int) -> ProgressUpdate.Status:
            if percent <= 0:
                return cls.NOT_STARTED
            return cls.DONE if percent >= 100 else cls.IN_PROGRESS

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="updates")
    reported_on = models.DateField(_("ngày báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"))
    # Stored beside the percent it follows (Status.for_percent, set by
    # progress_log) so that the admin and queries can filter on it; the
    # constraints below keep the two from contradicting each other.
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices)
    work_done = models.TextField(_("kết quả thực hiện"), validators=[validate_document_text])
    indicator_value = models.DecimalField(
        _("giá trị chỉ tiêu đạt được"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    # The form carries a one-time token so that a double submit stores one row.
    submission_token = models.UUIDField(_("mã gửi"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-reported_on", "-created_at", "-id"]
        # The newest update of a task is one probe of this index (plans/progress/rollup.py).
        indexes = [models.Index(fields=["task", "-reported_on", "-created_at", "-id"], name="progress_latest_idx")]
        # The messages are %-formatted by Django, hence "%%".
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_at_most_100"),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(percent=100),
                name="progress_done_means_100",
                violation_error_message=_("“Hoàn thành” nghĩa là 100%%."),
            ),
            models.CheckConstraint(
                condition=~Q(percent=100) | Q(status="done"),
                name="progress_100_means_done",
                violation_error_message=_("100%% nghĩa là “Hoàn thành”."),
            ),
            models.CheckConstraint(
                condition=~Q(status="not_started") | Q(percent=0),
                name="progress_not_started_means_0",
                violation_error_message=_("“Chưa bắt đầu” nghĩa là 0%%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} – {self.reported_on:%d/%m/%Y}: {self.percent}%"


class Evidence(models.Model):
    """A file attached to an update (plans/progress/evidence/). `file` is
    what pages show: for a photo, a clean copy written anew by Pillow
    (`reencoded`), the photo as sent kept in `original`, served only as a
    download; a PDF is stored as sent. `size` and `sha256` are those of
    `file`, `original_size` and `original_sha256` those of `original`."""

    PICTURE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("cập nhật"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64)
    # Rows stored before photos were cleaned have reencoded False and no original.
    reencoded = models.BooleanField(_("ảnh đã làm sạch"), default=False, editable=False)
    original = models.FileField(_("ảnh gốc"), upload_to="evidence/%Y/%m/", blank=True, editable=False)
    original_size = models.PositiveIntegerField(_("dung lượng ảnh gốc (byte)"), null=True, blank=True, editable=False)
    original_sha256 = models.CharField(_("mã SHA-256 của ảnh gốc"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_picture(self) -> bool:
        """Shown as a picture on the task page (HEIC and PDF as a file to download)."""
        return self.content_type in self.PICTURE_TYPES

    @property
    def shown_inline(self) -> bool:
        """Only a clean copy opens in the browser; anything else downloads."""
        return self.reencoded and self.is_picture


class SentReminder(models.Model):
    """A reminder e-mail already sent: the reminder command runs from cron,
    perhaps several times a day, and sends each kind at most once a day."""

    class Kind(models.TextChoices):
        TASKS_DUE = "tasks_due", _("Nhắc nhiệm vụ sắp đến hạn, trễ hạn")
        WEEKLY_DIGEST = "weekly_digest", _("Tổng hợp tiến độ hằng tuần")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    sent_on = models.DateField(_("ngày gửi"))
    task_count = models.PositiveIntegerField(_("số nhiệm vụ"), default=0)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thư nhắc đã gửi")
        verbose_name_plural = _("thư nhắc đã gửi")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "sent_on"], name="one_reminder_per_user_kind_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user} ({self.sent_on:%d/%m/%Y})"
