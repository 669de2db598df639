"""People imported from a spreadsheet: every row checked against the
accounts, the organisations the administrator administers and the roles
each may grant, then all made in one transaction or none.

Between the preview and the import the rows travel in a hidden field,
signed (django.core.signing) with the administrator's id and a salt of
this form: changed rows, another user's rows or an old preview are refused.
The rows are checked again at import, since accounts may have been made
meanwhile."""

from __future__ import annotations

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperatives.models import AccountEvent, Membership, Organization
from cooperatives.orgadmin.services import Person, person_create
from cooperatives.orgadmin.spreadsheet import FIELDS, fold
from cooperatives.people.accounts import event_record, roles_text, username_check
from cooperatives.people.phones import phone_clean
from cooperatives.people.rules import grantable_roles, roles_grantable_by, with_implied

Role = Membership.Role
SALT = "cooperatives.orgadmin.import"
MAX_AGE_SECONDS = 2 * 3600
SEPARATORS = (",", ";", "\n")


def rows_sign(user, rows: list[dict]) -> str:
    return signing.dumps({"user": user.pk, "rows": rows}, salt=SALT, compress=True)


def rows_unsign(user, token: str) -> list[dict]:
    refused = ValidationError(_("Bản xem trước không còn dùng được (đã hết hạn hoặc bị sửa). Hãy tải tệp lên lại."))
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise refused from None
    if not isinstance(payload, dict) or payload.get("user") != user.pk or not isinstance(payload.get("rows"), list):
        raise refused
    return [{key: str(row.get(key, "")) for key in FIELDS} | {"line": int(row["line"])} for row in payload["rows"]]


def _role_names() -> dict[str, str]:
    """Folded label, the label's first part ("Phê duyệt") and code → role."""
    names: dict[str, str] = {}
    for code, label in Role.choices:
        names[fold(code)] = code
        names[", ".join(fold(part) for part in str(label).split(","))] = code
        names.setdefault(fold(str(label).split(",")[0]), code)
    return names


def roles_parse(text: str) -> tuple[list[str], list[str]]:
    """(roles, words not understood). A label may hold a comma ("Phê duyệt,
    ban hành"), so the longest run of pieces that names a role wins."""
    for separator in SEPARATORS[1:]:
        text = text.replace(separator, ",")
    pieces = [fold(piece) for piece in text.split(",") if fold(piece)]
    names = _role_names()
    roles, unknown, start = [], [], 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):
            role = names.get(", ".join(pieces[start:end]))
            if role:
                roles.append(role)
                start = end
                break
        else:
            unknown.append(pieces[start])
            start += 1
    return list(dict.fromkeys(roles)), unknown


class Directory:
    """The administered organisations, found by short name, name or identifier code."""

    def __init__(self, organizations):
        self.by_key: dict[str, list[Organization]] = {}
        for organization in organizations:
            keys = {fold(organization.short_name), fold(organization.name), fold(organization.identifier_code)}
            for key in keys - {""}:
                self.by_key.setdefault(key, []).append(organization)

    def find(self, text: str) -> list[Organization]:
        return self.by_key.get(fold(text), [])


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:]


def _organization_check(row: dict, directory: Directory, errors: list[str]) -> Organization | None:
    found = directory.find(row["organization"])
    if len(found) > 1:
        errors.append(
            _("có nhiều tổ chức cùng tên “%(org)s”; hãy ghi tên đầy đủ hoặc mã định danh")
            % {"org": row["organization"]}
        )
    elif not found:
        errors.append(_("tổ chức “%(org)s” không thuộc địa bàn bạn quản trị") % {"org": row["organization"]})
    return found[0] if len(found) == 1 else None


def _roles_check(actor, row: dict, organization: Organization | None, errors: list[str]) -> list[str]:
    roles, unknown = roles_parse(row["roles"])
    if unknown:
        errors.append(
            _("không hiểu vai trò “%(words)s”; các vai trò: %(all)s")
            % {"words": ", ".join(unknown), "all": roles_text(Role.values)}
        )
    if organization is None or not roles:
        return roles
    roles = with_implied(roles)
    allowed = roles_grantable_by(actor, organization)
    refused = [role for role in roles if role not in allowed]
    if refused:
        errors.append(
            _("%(org)s không giao được vai trò %(roles)s (giao được: %(allowed)s)")
            % {"org": organization, "roles": roles_text(refused), "allowed": roles_text(grantable_roles(organization))}
        )
    return roles


def _person_check(row: dict, seen: dict[str, int], errors: list[str]) -> None:
    if len(row["full_name"]) > 150:
        errors.append(_("họ và tên dài quá 150 ký tự"))
    if row["username"]:
        try:
            username_check(row["username"])
        except ValidationError as refused:
            errors.extend(_lower_first(message) for message in refused.messages)
        first = seen.setdefault(row["username"].lower(), row["line"])
        if first != row["line"]:
            errors.append(
                _("tên đăng nhập “%(name)s” trùng với dòng %(line)s") % {"name": row["username"], "line": first}
            )
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(_("thư điện tử “%(email)s” không đúng dạng") % {"email": row["email"]})
    try:
        phone_clean(row["phone"])
    except forms.ValidationError:
        errors.append(
            _("số điện thoại “%(phone)s” không đúng dạng (ví dụ 0912 345 678)") % {"phone": row["phone"][:30]}
        )


MISSING = {
    "full_name": gettext_lazy("thiếu họ và tên"),
    "username": gettext_lazy("thiếu tên đăng nhập"),
    "organization": gettext_lazy("thiếu tổ chức"),
    "roles": gettext_lazy("thiếu vai trò"),
}


def rows_check(actor, rows: list[dict], organizations) -> list[dict]:
    """Each row with what it will make (`organization`, `roles`) and its
    `errors`, each message starting "Dòng N: "."""
    directory = Directory(organizations)
    seen: dict[str, int] = {}
    checked = []
    for row in rows:
        errors = [str(message) for field, message in MISSING.items() if not row[field]]
        _person_check(row, seen, errors)
        organization = _organization_check(row, directory, errors) if row["organization"] else None
        roles = _roles_check(actor, row, organization, errors) if row["roles"] else []
        prefix = _("Dòng %(line)s") % {"line": row["line"]}
        checked.append(
            row
            | {
                "org": organization,
                "role_codes": roles,
                "role_labels": roles_text(roles) if roles else "",
                "errors": [f"{prefix}: {error}" for error in errors],
            }
        )
    return checked


class ImportRefused(Exception):
    """The rows have errors: nothing was saved."""

    def __init__(self, checked: list[dict]):
        super().__init__("refused")
        self.checked = checked


@transaction.atomic
def people_import(*, actor, rows: list[dict], organizations, record_in: Organization | None) -> list[dict]:
    """Every row's account made, or none: returns the cards to print."""
    # The usernames are locked against a twin import only by the unique
    # index: a clash inside the transaction undoes every row.
    checked = rows_check(actor, rows, organizations)
    if any(row["errors"] for row in checked):
        raise ImportRefused(checked)
    cards = []
    for row in checked:
        person = Person(full_name=row["full_name"], username=row["username"], email=row["email"], phone=row["phone"])
        cards.append(person_create(actor=actor, organization=row["org"], person=person, roles=row["role_codes"]))
    event_record(
        actor=actor,
        action=AccountEvent.Action.PEOPLE_IMPORTED,
        organization=record_in,
        detail=_("%(count)s người") % {"count": len(cards)},
    )
    return cards
