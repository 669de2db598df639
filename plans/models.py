from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import Cooperative, Organization

# A document's text is read by people and laid out by WeasyPrint: a body of
# hundreds of pages, or a "word" of thousands of characters with no space
# (a pasted hash, a run of dots), is a mistake and would tie up the renderer.
MAX_BODY_CHARS = 30_000
MAX_WORD_CHARS = 200


def validate_document_text(value: str) -> None:
    if len(value) > MAX_BODY_CHARS:
        raise ValidationError(
            _("Đoạn văn bản dài %(n)s ký tự, vượt mức %(max)s ký tự; hãy tách thành nhiều mục."),
            params={"n": len(value), "max": MAX_BODY_CHARS},
            code="too_long",
        )
    longest = max(value.split(), key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        raise ValidationError(
            _("Có một chuỗi %(n)s ký tự liền nhau không có khoảng trắng (“%(start)s…”); hãy kiểm tra lại."),
            params={"n": len(longest), "start": longest[:20]},
            code="word_too_long",
        )


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        from plans import access

        return access.plans_visible_to(user, self)


class IssuedDocumentMixin:
    """What a numbered document (a plan, a progress report) knows of itself:
    its status, and its number written the Decree 30 way."""

    @property
    def is_editable(self) -> bool:
        return self.status == Plan.Status.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == Plan.Status.ISSUED

    @property
    def number_label(self) -> str:
        """'05/KH-UBND' once issued, '' before (a leading zero below 10)."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}"


class Plan(IssuedDocumentMixin, models.Model):
    class DocumentType(models.TextChoices):
        PLAN = "KH", _("Kế hoạch")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        ISSUED = "issued", _("Đã ban hành")

    issuer = models.ForeignKey(
        Organization, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    document_type = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentType.choices, default=DocumentType.PLAN
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    # Header lines are kept on the plan so an issued document never changes
    # when an organisation is renamed later.
    governing_body = models.CharField(
        _("tên cơ quan chủ quản"), max_length=200, blank=True, help_text=_("Ví dụ: UBND HUYỆN CHÂU THÀNH")
    )
    issuer_name = models.CharField(
        _("tên cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: ỦY BAN NHÂN DÂN XÃ VĨNH LỢI")
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True, help_text=_("Ví dụ: KH-UBND"))
    place = models.CharField(_("địa danh"), max_length=100)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    preamble = models.TextField(_("lời mở đầu"), blank=True, validators=[validate_document_text])
    objectives_heading = models.CharField(_("tiêu đề phần mục tiêu"), max_length=200, default="Mục tiêu")
    tasks_heading = models.CharField(_("tiêu đề phần nhiệm vụ"), max_length=200, default="Các nhiệm vụ trọng tâm")
    solutions_heading = models.CharField(_("tiêu đề phần giải pháp"), max_length=200, default="Giải pháp thực hiện")
    funding_heading = models.CharField(_("tiêu đề phần kinh phí"), max_length=200, default="Kinh phí hoạt động")
    funding_body = models.TextField(_("kinh phí"), blank=True, validators=[validate_document_text])
    closing = models.TextField(_("câu kết"), blank=True, validators=[validate_document_text])
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=200, blank=True, default="TM. ỦY BAN NHÂN DÂN XÃ"
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True, default="CHỦ TỊCH")
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    cooperatives = models.ManyToManyField(Cooperative, verbose_name=_("hợp tác xã"), blank=True, related_name="plans")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("thay thế kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
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
    # Folded copy of the searchable text (plans/search.py), written by the
    # services; derived data, so it stays out of the history.
    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "issuer__short_name", "-id"]
        indexes = [models.Index(fields=["year", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="issued") | (Q(number__isnull=False) & Q(issued_on__isnull=False)),
                name="issued_plan_has_number_and_date",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} {self.title} ({self.issuer.short_name}, {self.year})"

    def get_absolute_url(self) -> str:
        return reverse("plans:plan-detail", args=[self.pk])


class PlanPart(models.Model):
    """An ordered piece of a plan's text."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class LegalBasis(PlanPart):
    text = models.TextField(_("nội dung"), validators=[validate_document_text])
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")
        default_related_name = "legal_bases"

    def __str__(self) -> str:
        return self.text[:80]


class Objective(PlanPart):
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    body = models.TextField(_("nội dung"), blank=True, validators=[validate_document_text])
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        default_related_name = "objectives"

    def __str__(self) -> str:
        return (self.title or self.body)[:80]


class Task(PlanPart):
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    body = models.TextField(_("nội dung"), blank=True, validators=[validate_document_text])
    lead_unit = models.CharField(_("đơn vị chủ trì"), max_length=200, blank=True)
    partner_units = models.TextField(_("đơn vị phối hợp"), blank=True, help_text=_("Mỗi đơn vị một dòng."))
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("hợp tác xã báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    start_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    indicator_name = models.CharField(_("chỉ tiêu"), max_length=200, blank=True)
    indicator_target = models.DecimalField(
        _("giá trị mục tiêu"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_unit = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        default_related_name = "tasks"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_on__isnull=True) | Q(due_on__isnull=True) | Q(due_on__gte=F("start_on")),
                name="task_due_not_before_start",
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="task_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partner_units.splitlines() if line.strip()]


class Solution(PlanPart):
    # One level of sub-solutions, lettered a), b) as in the seed's III.2.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("giải pháp cha"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    body = models.TextField(_("nội dung"), blank=True, validators=[validate_document_text])
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("giải pháp")
        verbose_name_plural = _("giải pháp")
        default_related_name = "solutions"

    def __str__(self) -> str:
        return (self.title or self.body)[:80]


class ExtraSection(PlanPart):
    """A section the model has no field for ("Tổ chức thực hiện"): kept as free text.

    `after` keeps the section where the document put it among the standard
    sections, so a plan whose "Tổ chức thực hiện" comes before "Kinh phí"
    is numbered in its own order."""

    class After(models.TextChoices):
        START = "start", _("Trước mục tiêu (đầu nội dung)")
        OBJECTIVES = "objectives", _("Sau phần mục tiêu")
        TASKS = "tasks", _("Sau phần nhiệm vụ")
        SOLUTIONS = "solutions", _("Sau phần giải pháp")
        FUNDING = "funding", _("Sau phần kinh phí (cuối nội dung)")

    heading = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True, validators=[validate_document_text])
    after = models.CharField(_("vị trí"), max_length=12, choices=After.choices, default=After.FUNDING)
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("mục khác")
        verbose_name_plural = _("mục khác")
        default_related_name = "extra_sections"

    def __str__(self) -> str:
        return self.heading


class Recipient(PlanPart):
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("tên hiển thị"), max_length=200)
    purpose = models.CharField(_("mục đích"), max_length=100, blank=True, help_text=_("Ví dụ: để báo cáo"))
    is_archive = models.BooleanField(_("dòng lưu"), default=False, help_text=_("Ví dụ: Lưu: VT, VP"))
    history = HistoricalRecords()

    class Meta(PlanPart.Meta):
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        default_related_name = "recipients"

    def __str__(self) -> str:
        return self.label


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


class ProgressUpdate(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa bắt đầu")
        ON_TRACK = "on_track", _("Đúng tiến độ")
        AT_RISK = "at_risk", _("Có nguy cơ chậm")
        LATE = "late", _("Chậm tiến độ")
        DONE = "done", _("Hoàn thành")

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="updates")
    reported_on = models.DateField(_("ngày báo cáo"))
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"))
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
        indexes = [models.Index(fields=["task", "-reported_on", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="progress_percent_at_most_100"),
            models.CheckConstraint(condition=~Q(status="done") | Q(percent=100), name="progress_done_means_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task} – {self.reported_on:%d/%m/%Y}: {self.percent}%"


class Evidence(models.Model):
    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("cập nhật"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã kiểm tra SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Remark(models.Model):
    """A review remark (góp ý) from the district on a submitted plan."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="remarks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người góp ý"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("nội dung góp ý"), validators=[validate_document_text])
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("góp ý")
        verbose_name_plural = _("góp ý")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:80]


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
