from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# People and accounts (cooperatives/people/): profiles, invitations, the record of who changed whom.
from cooperatives.people.records import AccountEvent, Invitation, Profile  # noqa: F401
from cooperatives.profile.records import SignInRecord  # noqa: F401


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh/Thành phố")
        DISTRICT = "district", _("Huyện/Quận")
        COMMUNE = "commune", _("Xã/Phường/Thị trấn")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=16, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    # A commune hangs under a district (as in 2021) or, since the two-tier
    # local government of July 2025, directly under a province.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Bumped (cooperatives/versions.py) in the same transaction as any write
    # to what the unit's pages show: its plans and their parts, progress,
    # reports, cooperatives. Cached roll-ups are keyed on it. Never written
    # by a save of the unit itself, so a stale copy cannot take it back.
    data_version = models.PositiveBigIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="province") | Q(parent__isnull=True),
                name="province_has_no_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "data_version"
            ]
        super().save(*args, **kwargs)


class Organization(models.Model):
    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
        SPECIALISED_OFFICE = "specialised_office", _("Cơ quan chuyên môn")
        PARTY_COMMITTEE = "party_committee", _("Đảng ủy")
        PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120)
    abbreviation = models.CharField(
        _("chữ viết tắt trong ký hiệu"), max_length=30, blank=True, help_text=_("Ví dụ: UBND")
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan chủ quản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subordinates",
        help_text=_("Cho dòng tên cơ quan chủ quản ở đầu văn bản."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    identifier_code = models.CharField(
        _("mã định danh"),
        max_length=40,
        blank=True,
        db_default="",
        help_text=_("Mã định danh điện tử của cơ quan, tổ chức (ví dụ 000.00.31.H12), nếu có."),
    )
    is_common_recipient = models.BooleanField(
        _("nơi nhận chung"),
        default=False,
        db_default=False,
        help_text=_(
            "Cơ quan ban hành nào, ở địa bàn nào, cũng chọn được tổ chức này làm nơi nhận "
            "(ví dụ Sở Nông nghiệp và Môi trường, Liên minh Hợp tác xã tỉnh). Chỉ quản trị viên đặt."
        ),
    )

    class Meta:
        verbose_name = _("cơ quan, tổ chức")
        verbose_name_plural = _("cơ quan, tổ chức")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class Cooperative(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        SUSPENDED = "suspended", _("Tạm ngừng hoạt động")
        DISSOLVED = "dissolved", _("Giải thể")

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        related_name="cooperative",
    )
    registration_code = models.CharField(_("mã số đăng ký"), max_length=40, blank=True)
    founded_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    sector = models.CharField(_("lĩnh vực"), max_length=120, blank=True)
    director = models.CharField(_("giám đốc"), max_length=120, blank=True)
    member_count = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    charter_capital = models.DecimalField(
        _("vốn điều lệ (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    services = models.TextField(_("dịch vụ"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # The registry's figures (cooperatives/registry/): the latest revenue the
    # commune knows, with its year, and how to reach the cooperative.
    revenue = models.DecimalField(_("doanh thu (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True)
    revenue_year = models.PositiveSmallIntegerField(_("năm của doanh thu"), null=True, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, db_default="")
    address = models.CharField(_("địa chỉ trụ sở"), max_length=255, blank=True, db_default="")
    # Optimistic locking of the registry's edit form: a save from a form read
    # at an older version is refused (cooperatives/registry/services.py).
    version = models.PositiveIntegerField(_("phiên bản"), default=1, db_default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hợp tác xã")
        verbose_name_plural = _("hợp tác xã")
        ordering = ["organization__short_name"]

    def __str__(self) -> str:
        return self.organization.short_name

    def get_absolute_url(self) -> str:
        return reverse("cooperatives:registry_detail", args=[self.pk])


class CooperativeRating(models.Model):
    class Rating(models.TextChoices):
        GOOD = "good", _("Tốt")
        FAIR = "fair", _("Khá")
        AVERAGE = "average", _("Trung bình")
        WEAK = "weak", _("Yếu")
        NOT_RATED = "not_rated", _("Chưa đánh giá")

    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("hợp tác xã"), on_delete=models.CASCADE, related_name="ratings"
    )

    class SizeClass(models.TextChoices):
        # Nghị định 113/2024/NĐ-CP, Điều 6: cooperatives in agriculture by size.
        MICRO = "micro", _("Siêu nhỏ")
        SMALL = "small", _("Nhỏ")
        MEDIUM = "medium", _("Vừa")
        LARGE = "large", _("Lớn")

    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=16, choices=Rating.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    score = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=1, null=True, blank=True)
    size_class = models.CharField(_("quy mô"), max_length=8, choices=SizeClass.choices, blank=True, db_default="")

    class Meta:
        verbose_name = _("xếp loại hợp tác xã")
        verbose_name_plural = _("xếp loại hợp tác xã")
        ordering = ["cooperative", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year"], name="one_rating_per_cooperative_year"),
        ]

    def __str__(self) -> str:
        return f"{self.cooperative} {self.year}: {self.get_rating_display()}"


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("Soạn thảo")
        APPROVER = "approver", _("Phê duyệt, ban hành")
        REPORTER = "reporter", _("Báo cáo tiến độ")
        REVIEWER = "reviewer", _("Theo dõi, góp ý")
        # Leaders of their organisation's members (cooperatives/people/rules.py).
        DIRECTOR = "director", _("Giám đốc HTX, quản lý thành viên")
        HEAD = "head", _("Lãnh đạo phòng, quản lý thành viên")
        ADMINISTRATOR = "administrator", _("Quản trị tổ chức và tài khoản")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên, vai trò")
        verbose_name_plural = _("thành viên, vai trò")
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="one_role_per_user_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"


# The registry's proposals and the OCOP products (cooperatives/registry/, cooperatives/ocop/):
# they point at Cooperative, so they are read once it exists.
from cooperatives.ocop.records import OcopEvidence, OcopExpiryReminder, OcopGroup, OcopProduct  # noqa: E402, F401

# The yearly rating (cooperatives/rating/): criteria sets, assessments, their scores and history.
from cooperatives.rating.records import RatingAssessment, RatingCriteriaSet, RatingEvent, RatingItemScore  # noqa: E402, F401
from cooperatives.registry.records import CooperativeProposal  # noqa: E402, F401
