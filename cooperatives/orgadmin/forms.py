"""The administrator's forms: a commune, an organisation, its first leader,
a spreadsheet of people."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import AdministrativeUnit, Organization
from cooperatives.orgadmin.services import Person, leader_role
from cooperatives.people.accounts import username_check
from cooperatives.people.phones import PhoneField

Kind = Organization.Kind


class LeaderFields(forms.Form):
    """The first leader, optional: nothing typed, no account."""

    leader_full_name = forms.CharField(label=gettext_lazy("Họ và tên người quản lý"), max_length=150, required=False)
    leader_username = forms.CharField(label=gettext_lazy("Tên đăng nhập"), max_length=150, required=False)
    leader_email = forms.EmailField(label=gettext_lazy("Thư điện tử của người quản lý"), required=False)
    leader_phone = PhoneField(label=gettext_lazy("Điện thoại"))

    def clean_leader_username(self) -> str:
        username = self.cleaned_data["leader_username"].strip()
        if username:
            try:
                username_check(username)
            except ValidationError as refused:
                raise ValidationError(refused.messages) from None
        return username

    def leader_clean(self, cleaned: dict) -> None:
        typed = any(cleaned.get(f"leader_{name}") for name in ("full_name", "username", "email", "phone"))
        if not typed:
            return
        if not cleaned.get("leader_full_name", "").strip():
            self.add_error("leader_full_name", _("Hãy nhập họ và tên người quản lý, hoặc để trống cả phần này."))
        if not cleaned.get("leader_username") and "leader_username" not in self.errors:
            self.add_error("leader_username", _("Hãy nhập tên đăng nhập cho người quản lý."))

    def leader(self) -> Person | None:
        data = self.cleaned_data
        if not data.get("leader_username"):
            return None
        return Person(
            full_name=data["leader_full_name"].strip(),
            username=data["leader_username"],
            email=data.get("leader_email", ""),
            phone=data.get("leader_phone", "").strip(),
        )


class CommuneForm(LeaderFields):
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Thuộc"), queryset=AdministrativeUnit.objects.none(), empty_label=None
    )
    code = forms.CharField(
        label=gettext_lazy("Mã đơn vị hành chính"),
        max_length=16,
        help_text=gettext_lazy("Mã xã trong danh mục đơn vị hành chính, ví dụ 31519."),
    )
    name = forms.CharField(
        label=gettext_lazy("Tên xã"), max_length=150, help_text=gettext_lazy("Không ghi chữ “Xã”, ví dụ: Vĩnh Hải.")
    )
    email = forms.EmailField(label=gettext_lazy("Thư điện tử của UBND xã"), required=False)
    identifier_code = forms.CharField(label=gettext_lazy("Mã định danh của UBND xã"), max_length=40, required=False)
    field_order = ["parent", "code", "name", "email", "identifier_code"]

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not (code.isascii() and code.isdigit() and len(code) == 5):
            raise ValidationError(
                _("Mã xã gồm đúng 5 chữ số, theo danh mục đơn vị hành chính (ví dụ 31519); “%(code)s” không phải.")
                % {"code": code[:20]}
            )
        if AdministrativeUnit.objects.filter(code__iexact=code).exists():
            raise ValidationError(_("Mã đơn vị hành chính “%(code)s” đã có.") % {"code": code})
        return code

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if name.lower().startswith("xã "):
            name = name[3:].strip()
        if not name:
            raise ValidationError(_("Hãy nhập tên xã."))
        return name

    def clean(self):
        cleaned = super().clean()
        self.leader_clean(cleaned)
        return cleaned


class OrganizationForm(forms.ModelForm):
    """An organisation's own fields, and its cooperative's when it is one."""

    registration_code = forms.CharField(label=gettext_lazy("Mã số đăng ký HTX"), max_length=40, required=False)
    founded_on = forms.DateField(
        label=gettext_lazy("Ngày thành lập HTX"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Organization
        fields = ["name", "short_name", "abbreviation", "kind", "unit", "parent", "email", "identifier_code"]

    def __init__(self, *args, units, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name")
        parents = parents.exclude(pk=self.instance.pk).exclude(parent=self.instance) if self.instance.pk else parents
        self.fields["parent"].queryset = parents
        cooperative = getattr(self.instance, "cooperative", None) if self.instance.pk else None
        if cooperative is not None:
            self.initial.setdefault("registration_code", cooperative.registration_code)
            self.initial.setdefault("founded_on", cooperative.founded_on)
        if self.instance.pk:
            # The roles its members hold depend on the kind (rules.py): it stays what it was made.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("Loại tổ chức không đổi được sau khi tạo.")
            if self.instance.kind != Kind.COOPERATIVE:
                del self.fields["registration_code"], self.fields["founded_on"]


class OrganizationCreateForm(OrganizationForm, LeaderFields):
    def clean(self):
        cleaned = super().clean()
        self.leader_clean(cleaned)
        kind = cleaned.get("kind")
        if kind and cleaned.get("leader_username") and leader_role(Organization(kind=kind)) is None:
            self.add_error(
                "leader_username", _("Loại tổ chức này không có vai trò quản lý thành viên; hãy để trống phần này.")
            )
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bảng tính Excel (.xlsx)"),
        help_text=gettext_lazy("Tối đa 2 MB, 100 người. Dòng đầu là tiêu đề cột, như tệp mẫu."),
        error_messages={
            "required": gettext_lazy("Hãy chọn tệp bảng tính .xlsx để tải lên."),
            "empty": gettext_lazy("Tệp trống, không có gì để nhập."),
            "invalid": gettext_lazy("Không nhận được tệp; hãy chọn lại tệp rồi tải lên."),
            "missing": gettext_lazy("Không nhận được tệp; hãy chọn lại tệp rồi tải lên."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
