from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import AdministrativeUnit, Organization
from plans.models import NumberedDocument, Plan, RemarkBase

# The render cache's record of each file (reports/documents/cache.py), a model of this app.
from reports.documents.records import RenderedFile  # noqa: F401

# The rating summary issued as a numbered Báo cáo (reports/ratings/).
from reports.ratings.records import RatingReport  # noqa: F401


class ProgressReport(NumberedDocument):
    """Báo cáo kết quả thực hiện kế hoạch: a document with its own number.

    Section I is compiled from the latest progress updates as of `as_of`
    and then edited by the official like sections II to IV.
    """

    # For the shared lifecycle (plans/services/lifecycle.py): its messages' noun and the number's symbol.
    document_noun = _("báo cáo")
    symbol_prefix = "BC"

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    as_of = models.DateField(_("số liệu tính đến ngày"))
    title = models.CharField(_("trích yếu"), max_length=500)
    # Header lines are copied from the plan so an issued report never changes
    # when an organisation is renamed later.
    governing_body = models.CharField(_("tên cơ quan chủ quản"), max_length=200, blank=True)
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=200)
    addressees = models.TextField(
        _("kính gửi"), blank=True, help_text=_("Mỗi cơ quan một dòng; để trống nếu báo cáo không gửi cấp trên.")
    )
    results = models.TextField(_("I. Kết quả thực hiện"), blank=True)
    shortcomings = models.TextField(_("II. Tồn tại, hạn chế và nguyên nhân"), blank=True)
    directions = models.TextField(_("III. Phương hướng, nhiệm vụ thời gian tới"), blank=True)
    recommendations = models.TextField(_("IV. Kiến nghị, đề xuất"), blank=True)
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi nơi nhận một dòng, dòng cuối thường là “Lưu: VT, VP”.")
    )
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True, help_text=_("Ví dụ: BC-UBND"))
    # Who took each workflow step and why, as for plans.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("báo cáo kết quả thực hiện")
        verbose_name_plural = _("báo cáo kết quả thực hiện")
        ordering = ["-as_of", "-id"]
        indexes = [models.Index(fields=["plan", "-as_of"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="issued") | (Q(number__isnull=False) & Q(issued_on__isnull=False)),
                name="issued_report_has_number_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo {self.title[:80]} ({self.as_of:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("reports:report-detail", args=[self.pk])

    @property
    def addressee_list(self) -> list[str]:
        return [line.strip() for line in self.addressees.splitlines() if line.strip()]


class ReportRemark(RemarkBase):
    """A remark of the district on a progress report, as on a plan."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="remarks"
    )

    class Meta(RemarkBase.Meta):
        verbose_name = _("góp ý về báo cáo")
        verbose_name_plural = _("góp ý về báo cáo")

    @property
    def document(self) -> ProgressReport:
        return self.report


# --- Distribution (Nơi nhận) ----------------------------------------------------


class Delivery(models.Model):
    """One issued document (a plan or a progress report) delivered to one
    recipient organisation: it is in that organisation's inbox, e-mailed to
    its address when it has one, and records who read and confirmed it."""

    class EmailStatus(models.TextChoices):
        NONE = "none", _("Không gửi thư (chưa có địa chỉ)")
        QUEUED = "queued", _("Đang chờ gửi thư")
        SENDING = "sending", _("Đang gửi thư")
        SENT = "sent", _("Đã gửi thư")
        FAILED = "failed", _("Gửi thư lỗi")

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.PROTECT, related_name="deliveries"
    )
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("nơi nhận"), on_delete=models.PROTECT, related_name="deliveries"
    )
    # The recipient line as the document writes it ("Phòng NN&PTNT"), so a
    # free-text line linked later is matched to its delivery.
    label = models.CharField(_("dòng nơi nhận"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email_status = models.CharField(
        _("thư điện tử"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_address = models.EmailField(_("địa chỉ thư"), blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("số lần gửi thư"), default=0)
    email_error = models.TextField(_("lỗi gửi thư"), blank=True)
    email_sent_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)
    email_next_attempt_at = models.DateTimeField(_("thử gửi lại lúc"), null=True, blank=True)
    # A try in progress: claimed by a task worker at this time. A worker that
    # stops mid-send leaves it; past TASK_LEASE_SECONDS the try counts as
    # interrupted and the send may be claimed again (reports/worker/).
    email_claimed_at = models.DateTimeField(_("đang gửi thư từ"), null=True, blank=True)
    # Made once, at the first try, and sent with every try: a copy sent
    # twice after a crash is the same message to the recipient's mail program.
    email_message_id = models.CharField(_("mã thư (Message-ID)"), max_length=255, blank=True, db_default="")
    email_interrupted_at = models.DateTimeField(_("lần gửi thư bị gián đoạn lúc"), null=True, blank=True)
    first_read_at = models.DateTimeField(_("xem lần đầu lúc"), null=True, blank=True)
    first_read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem đầu tiên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("xác nhận đã nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("văn bản đã gửi")
        verbose_name_plural = _("văn bản đã gửi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"], name="delivery_inbox_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, report__isnull=True) | Q(plan__isnull=True, report__isnull=False),
                name="delivery_of_one_document",
            ),
            models.UniqueConstraint(
                fields=["plan", "organization"], condition=Q(plan__isnull=False), name="one_delivery_per_plan_org"
            ),
            models.UniqueConstraint(
                fields=["report", "organization"],
                condition=Q(report__isnull=False),
                name="one_delivery_per_report_org",
            ),
            # A receipt is confirmed once: the moment is set with the person.
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True) | Q(confirmed_at__isnull=False),
                name="delivery_confirmation_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(email_status="failed") | ~Q(email_error=""), name="delivery_failed_mail_has_error"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.organization}"

    @property
    def email_stuck(self) -> bool:
        """A send that should have ended by now: a try claimed longer than the
        lease ago (its worker stopped mid-send), or a mail queued that long
        without a try (its task lost). "Gửi lại" is offered on it."""
        cutoff = timezone.now() - datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)
        if self.email_status == self.EmailStatus.SENDING:
            return self.email_claimed_at is None or self.email_claimed_at < cutoff
        if self.email_status == self.EmailStatus.QUEUED:
            return (self.email_next_attempt_at or self.created_at) < cutoff
        return False

    @property
    def document(self):
        return self.plan if self.plan_id else self.report

    @property
    def document_kind(self) -> str:
        return _("Kế hoạch") if self.plan_id else _("Báo cáo")

    @property
    def is_read(self) -> bool:
        return self.first_read_at is not None

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class DeliveryDownload(models.Model):
    """A download of a delivered document by a member of the recipient."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("văn bản đã gửi"), on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    format = models.CharField(_("định dạng"), max_length=4, choices=Format.choices)
    downloaded_at = models.DateTimeField(_("tải lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt tải văn bản")
        verbose_name_plural = _("lượt tải văn bản")
        ordering = ["downloaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery} – {self.user} ({self.format})"


# --- Notifications --------------------------------------------------------------


class Notification(models.Model):
    """Something a person must know or do next: a document waiting for them,
    returned to them, issued, remarked on, delivered to their organisation.
    Shown under the bell; e-mailed at once, in a daily digest or not at all,
    as the person chose (NotificationSetting)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Văn bản chờ duyệt")
        RETURNED = "returned", _("Văn bản bị trả lại")
        APPROVED = "approved", _("Văn bản đã được duyệt")
        ISSUED = "issued", _("Văn bản đã ban hành")
        REMARK_ADDED = "remark_added", _("Góp ý mới")
        REMARK_RESOLVED = "remark_resolved", _("Góp ý đã được xử lý")
        DELIVERED = "delivered", _("Văn bản đến")
        PLAN_MISSING = "plan_missing", _("Chưa trình kế hoạch của năm")
        TASKS_QUIET = "tasks_quiet", _("Nhiệm vụ lâu chưa cập nhật tiến độ")
        RATING_DUE = "rating_due", _("Sắp đến hạn đánh giá, phân loại hợp tác xã")
        RATING_STEP = "rating_step", _("Đánh giá, phân loại hợp tác xã")
        OCOP_EXPIRING = "ocop_expiring", _("Giấy chứng nhận OCOP sắp hết hạn")

    class Email(models.TextChoices):
        NONE = "none", _("Không gửi thư")
        QUEUED = "queued", _("Chờ gửi thư")
        DIGEST = "digest", _("Chờ thư tổng hợp trong ngày")
        SENT = "sent", _("Đã gửi thư")
        FAILED = "failed", _("Gửi thư lỗi")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), null=True, blank=True, on_delete=models.CASCADE)
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("báo cáo"), null=True, blank=True, on_delete=models.CASCADE
    )
    # The document's title when it happened, and the reason of a return or the text of a remark.
    subject = models.CharField(_("văn bản"), max_length=500)
    detail = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã xem lúc"), null=True, blank=True)
    email = models.CharField(_("thư điện tử"), max_length=8, choices=Email.choices, default=Email.NONE)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject[:80]}"


class NotificationSetting(models.Model):
    """How a person wants one kind of notification e-mailed; without a row, at once."""

    class Mode(models.TextChoices):
        NOW = "now", _("Gửi thư ngay")
        DIGEST = "digest", _("Gộp vào thư tổng hợp hằng ngày")
        OFF = "off", _("Không gửi thư (chỉ xem trong cổng)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("loại thông báo"), max_length=20, choices=Notification.Kind.choices)
    mode = models.CharField(_("cách gửi thư"), max_length=8, choices=Mode.choices, default=Mode.NOW)

    class Meta:
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")
        ordering = ["user", "kind"]
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_notification_setting_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}: {self.get_mode_display()}"


class PlanDeadline(models.Model):
    """The date by which the communes of a district (or province) submit
    their plan of the year, set by its reviewers; after it, the committees
    with no plan submitted are reminded (`manage.py send_reminders`)."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="plan_deadlines"
    )
    year = models.PositiveSmallIntegerField(_("năm kế hoạch"))
    due_on = models.DateField(_("hạn trình kế hoạch"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đặt"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hạn trình kế hoạch")
        verbose_name_plural = _("hạn trình kế hoạch")
        ordering = ["-year", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_plan_deadline_per_unit_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_deadline_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.due_on:%d/%m/%Y}"
