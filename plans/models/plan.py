"""A plan and the ordered parts of its text, and the district's remarks on it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperatives.models import Cooperative, Organization
from plans.models.documents import NumberedDocument
from plans.models.text import validate_document_text


class Plan(NumberedDocument):
    class DocumentType(models.TextChoices):
        PLAN = "KH", _("Kế hoạch")

    class TaskListing(models.TextChoices):
        """Where the official document lists the tasks: in the body, as the
        appendix "Phân công thực hiện" (a table of leads, partners and
        deadlines), or both."""

        BODY = "body", _("Trong nội dung kế hoạch")
        BOTH = "both", _("Trong nội dung và thành phụ lục phân công thực hiện")
        APPENDIX = "appendix", _("Chỉ trong phụ lục phân công thực hiện")

    # What the shared lifecycle calls the document in its messages, and the
    # symbol its number is written with (Decree 30: "05/KH-UBND").
    document_noun = _("kế hoạch")
    symbol_prefix = "KH"

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
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True, help_text=_("Ví dụ: KH-UBND"))
    preamble = models.TextField(_("lời mở đầu"), blank=True, validators=[validate_document_text])
    objectives_heading = models.CharField(_("tiêu đề phần mục tiêu"), max_length=200, default="Mục tiêu")
    tasks_heading = models.CharField(_("tiêu đề phần nhiệm vụ"), max_length=200, default="Các nhiệm vụ trọng tâm")
    solutions_heading = models.CharField(_("tiêu đề phần giải pháp"), max_length=200, default="Giải pháp thực hiện")
    funding_heading = models.CharField(_("tiêu đề phần kinh phí"), max_length=200, default="Kinh phí hoạt động")
    funding_body = models.TextField(_("kinh phí"), blank=True, validators=[validate_document_text])
    closing = models.TextField(_("câu kết"), blank=True, validators=[validate_document_text])
    task_listing = models.CharField(
        _("in danh sách nhiệm vụ"), max_length=10, choices=TaskListing.choices, default=TaskListing.BODY
    )
    task_appendix_title = models.CharField(
        _("tên phụ lục nhiệm vụ"), max_length=300, blank=True, default="Phân công thực hiện"
    )
    cooperatives = models.ManyToManyField(Cooperative, verbose_name=_("hợp tác xã"), blank=True, related_name="plans")
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
    # One live plan per issuer, year and type (plans/services/authoring.py):
    # a second one is an additional plan (kế hoạch bổ sung) and says why.
    additional_reason = models.TextField(
        _("lý do kế hoạch bổ sung"),
        blank=True,
        validators=[validate_document_text],
        help_text=_("Chỉ ghi khi cơ quan đã có kế hoạch khác cùng năm, ví dụ: kế hoạch bổ sung về chuyển đổi số."),
    )
    # Folded copy of the searchable text (plans/search.py), written by the
    # services; derived data, so it stays out of the history.
    search_text = models.TextField(_("nội dung tìm kiếm"), blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

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

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        """The plan's period, its calendar year: a 2027 plan runs 01/01/2027-31/12/2027."""
        return datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)

    @property
    def earliest_task_start(self) -> datetime.date:
        """A year's plan is written and issued at the end of the year before
        (an issue date then is accepted, plans/services/workflow.py), so a
        task may start in that year's last quarter, as preparation for the
        year; it is still due within the plan's own year."""
        return datetime.date(self.year - 1, 10, 1)


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
    # The grouping row of a task list ("I. Củng cố tổ chức"), without its numeral.
    group = models.CharField(_("nhóm nhiệm vụ"), max_length=300, blank=True)
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
    # The time as the document writes it ("Quý II/2026", "Thường xuyên"):
    # it says more than the dates read from it.
    period_text = models.CharField(
        _("thời gian thực hiện"), max_length=200, blank=True, help_text=_("Như văn bản ghi, ví dụ: Quý II/2026.")
    )
    start_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    product = models.TextField(_("sản phẩm"), blank=True, validators=[validate_document_text])
    # The OCOP product the task works for (cooperatives/ocop/), one of the commune's.
    ocop_product = models.ForeignKey(
        "cooperatives.OcopProduct",
        verbose_name=_("sản phẩm OCOP"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=[validate_document_text])
    # The columns of an imported task table the model has no field for, {label: value}, in their order.
    extra_columns = models.JSONField(_("cột khác"), default=dict, blank=True)
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

    @property
    def date_warnings(self) -> dict[str, str]:
        """The task's dates that fall outside its plan's period, by field: a
        warning, not a refusal (a task may run over, and the author decides);
        shown beside the field, on the item and before the plan is submitted."""
        first, last = self.plan.period
        span = f"{first:%d/%m/%Y}–{last:%d/%m/%Y}"
        warnings = {}
        if self.start_on and not self.plan.earliest_task_start <= self.start_on <= last:
            warnings["start_on"] = gettext(
                "Ngày bắt đầu %(date)s nằm ngoài thời gian của kế hoạch năm %(year)s (%(span)s; "
                "việc chuẩn bị được bắt đầu sớm nhất từ %(earliest)s)."
            ) % {
                "date": f"{self.start_on:%d/%m/%Y}",
                "year": self.plan.year,
                "span": span,
                "earliest": f"{self.plan.earliest_task_start:%d/%m/%Y}",
            }
        if self.due_on and not first <= self.due_on <= last:
            warnings["due_on"] = gettext(
                "Hạn hoàn thành %(date)s nằm ngoài thời gian của kế hoạch năm %(year)s (%(span)s)."
            ) % {"date": f"{self.due_on:%d/%m/%Y}", "year": self.plan.year, "span": span}
        return warnings


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


class RemarkBase(models.Model):
    """A review remark (góp ý) from the district on a document, which the
    issuing commune marks resolved; each document type has its own table."""

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
        abstract = True
        verbose_name = _("góp ý")
        verbose_name_plural = _("góp ý")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:80]


class Remark(RemarkBase):
    """A remark on a plan: while it waits for approval, or once issued."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="remarks")

    class Meta(RemarkBase.Meta):
        pass

    @property
    def document(self) -> Plan:
        return self.plan
