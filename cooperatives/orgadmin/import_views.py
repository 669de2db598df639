"""People imported from a spreadsheet: upload and preview, then import
(only a preview without errors), then the cards; and the template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives.models import Membership
from cooperatives.orgadmin import access, importing, spreadsheet
from cooperatives.orgadmin.forms import ImportForm
from cooperatives.orgadmin.views import CARDS_KEY

TEMPLATE = "cooperatives/orgadmin/people_import.html"


def _preview(request, form, checked: list[dict]):
    errors = [error for row in checked for error in row["errors"]]
    context = {
        "form": form,
        "rows": checked,
        "errors": errors,
        "signed": "" if errors else importing.rows_sign(request.user, [_plain(row) for row in checked]),
    }
    return render(request, TEMPLATE, context)


def _plain(row: dict) -> dict:
    return {key: row[key] for key in ("line", *spreadsheet.FIELDS)}


@login_required
def people_import_upload(request):
    organizations = access.organizations_for_user(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = spreadsheet.rows_read(spreadsheet.upload_check(form.cleaned_data["file"]))
        except ValidationError as refused:
            form.add_error("file", refused.messages)
        else:
            return _preview(request, ImportForm(), importing.rows_check(request.user, rows, organizations))
    return render(request, TEMPLATE, {"form": form})


@require_POST
@login_required
def people_import_confirm(request):
    organizations = access.organizations_for_user(request.user)
    try:
        rows = importing.rows_unsign(request.user, request.POST.get("signed", ""))
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("orgadmin:people-import")
    try:
        cards = importing.people_import(
            actor=request.user,
            rows=rows,
            organizations=organizations,
            record_in=access.administrator_organization(request.user),
        )
    except importing.ImportRefused as refused:
        messages.error(request, _("Chưa nhập ai: bảng tính còn lỗi. Hãy sửa tệp rồi tải lên lại."))
        return _preview(request, ImportForm(), refused.checked)
    except (ValidationError, PermissionDenied, IntegrityError):
        # A row became wrong between the check and the save (an account made
        # meanwhile): the transaction undid every row.
        messages.error(request, _("Chưa nhập ai: dữ liệu vừa thay đổi. Hãy tải tệp lên lại để xem trước."))
        return redirect("orgadmin:people-import")
    request.session[CARDS_KEY] = cards
    messages.success(request, _("Đã tạo %(count)s tài khoản.") % {"count": len(cards)})
    return redirect("orgadmin:cards")


@login_required
def import_template(request):
    organizations = access.organizations_for_user(request.user).order_by("unit__name", "short_name")
    data = spreadsheet.template_build(
        [(o.short_name, o.name, o.identifier_code) for o in organizations],
        [(str(label), code) for code, label in Membership.Role.choices],
    )
    response = HttpResponse(data, content_type=spreadsheet.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nguoi-dung.xlsx"'
    return response
