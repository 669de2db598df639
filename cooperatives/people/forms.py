"""Forms of the members page and of an invitation's link; one per action.
The roles offered are only those the signed-in leader may give in the
organisation: a posted value outside them is refused by the form, and the
services check the rules again."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cooperatives.models import Membership, Organization
from cooperatives.people.invitations import split_full_name
from cooperatives.people.phones import PhoneField
from cooperatives.people.rules import grantable_roles, roles_grantable_by

ROLE_REFUSED = _("Vai trò “%(value)s” không giao được ở tổ chức này.")


def grantable_choices(user, organization: Organization) -> list[tuple[str, str]]:
    labels = dict(Membership.Role.choices)
    allowed = roles_grantable_by(user, organization)
    return [(role, labels[role]) for role in grantable_roles(organization) if role in allowed]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Vai trò"))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": ROLE_REFUSED, "required": _("Hãy chọn ít nhất một vai trò.")}
        )
        super().__init__(**kwargs)


class _RolesForm(forms.Form):
    def __init__(self, *args, user, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = grantable_choices(user, organization)


class InviteForm(_RolesForm):
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        error_messages={"invalid": _("Địa chỉ thư điện tử chưa đúng (ví dụ: ten@example.com).")},
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    roles = RolesField()


class AccountCreateForm(_RolesForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chữ không dấu, số và các dấu @ . + - _ ; ví dụ: nguyenvanan."),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử chưa đúng (ví dụ: ten@example.com).")},
    )
    phone = PhoneField(label=_("Điện thoại"))
    roles = RolesField()


class MemberRolesForm(_RolesForm):
    roles = RolesField()


class AcceptForm(forms.Form):
    """The invited person's own details and password."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        help_text=_("Chữ không dấu, số và các dấu @ . + - _ ; ví dụ: nguyenvanan."),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không quá giống tên đăng nhập, không toàn chữ số."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    phone = PhoneField(label=_("Điện thoại"))

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password, again = data.get("password1"), data.get("password2")
        if password and again and password != again:
            self.add_error("password2", _("Hai lần nhập mật khẩu không giống nhau."))
        elif password:
            first, last = split_full_name(data.get("full_name", ""))
            candidate = get_user_model()(
                username=data.get("username", ""), first_name=first, last_name=last, email=self.email
            )
            try:
                password_validation.validate_password(password, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
