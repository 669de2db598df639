"""A plan from a file: upload a .docx, .txt or .json plan, preview what was
read and the repairs made, then save it as a draft."""

import secrets
from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from plans import access, services
from plans import forms as plan_forms
from plans.imports import fill_header_from_issuer, import_file, import_text, preview_context
from plans.interchange.load import import_year
from plans.views.documents import add_errors

IMPORT_SESSION_KEY = "plan_imports"


IMPORT_KEEP = 3  # previews kept per session; older ones are dropped


def _import_store(request, result, issuer) -> str:
    """Keep a parsed import on the server between preview and save, so the
    save step trusts nothing the browser sends but the token."""
    pending = request.session.get(IMPORT_SESSION_KEY, {})
    token = secrets.token_urlsafe(16)
    pending[token] = {
        "issuer": issuer.pk,
        "name": result.name,
        "data": result.data,
        "source": result.source,
        "text": result.text,
        "repairs": [asdict(r) for r in result.repairs],
        "warnings": result.warnings,
        "kind": result.kind,
        "encoding": result.encoding,
    }
    request.session[IMPORT_SESSION_KEY] = dict(list(pending.items())[-IMPORT_KEEP:])
    return token


def _import_preview(request, token: str, stored: dict, *, form=None, status: int = 200):
    """The preview, warning of the plans the issuer already has for the
    file's year (the same title marked): open one of them rather than import
    it again; the save then asks for the reason of an additional plan."""
    issuer = _issuer(request, stored)
    try:
        year = import_year(stored["data"])
    except ValidationError:
        year = None  # the save says why
    live = services.live_plans(issuer=issuer, year=year) if year else []
    title = " ".join(str(stored["data"].get("title") or "").split()).casefold()
    ctx = {
        "token": token,
        "issuer": issuer,
        "form": form or plan_forms.PlanImportSaveForm(initial={"token": token}),
        "live": live,
        "year": year,
        "same_title": [p for p in live if " ".join(p.title.split()).casefold() == title],
    }
    ctx.update(preview_context(stored))
    return render(request, "plans/plan_import_preview.html", ctx, status=status)


@login_required
def plan_import(request):
    """Upload a .docx, .txt or .json plan, preview what was read and the
    repairs made, then save it as a draft."""
    issuers = access.get_issuers_for_user(request.user, _("Bạn không có quyền nhập kế hoạch."))
    if request.method == "POST" and "token" in request.POST:
        return _plan_import_save(request)
    form = plan_forms.PlanImportForm(request.POST or None, request.FILES or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        upload, pasted = form.cleaned_data["file"], form.cleaned_data["text"]
        try:
            if upload:
                result = import_file(upload.name, upload.read())
            else:
                result = import_text(pasted)
        except ValidationError as error:
            form.add_error("file" if upload else "text", error)
        else:
            result.name = upload.name if upload else _("Nội dung dán vào")
            fill_header_from_issuer(result, form.cleaned_data["issuer"])
            token = _import_store(request, result, form.cleaned_data["issuer"])
            return _import_preview(request, token, request.session[IMPORT_SESSION_KEY][token])
    return render(request, "plans/plan_import.html", {"form": form}, status=400 if form.errors else 200)


def _plan_import_save(request):
    form = plan_forms.PlanImportSaveForm(request.POST)
    token = request.POST["token"]
    stored = request.session.get(IMPORT_SESSION_KEY, {}).get(token)
    if stored is None or not form.is_valid():
        messages.error(request, _("Bản xem trước đã hết hạn hoặc đã được lưu. Hãy tải tệp lên lại."))
        return redirect("plans:plan-import")
    issuer = _issuer(request, stored)
    try:
        plan = services.plan_import(
            data=stored["data"],
            issuer=issuer,
            user=request.user,
            additional_reason=form.cleaned_data["additional_reason"],
        )
    except ValidationError as error:
        add_errors(form, error)
        return _import_preview(request, token, stored, form=form, status=400)
    pending = request.session[IMPORT_SESSION_KEY]
    pending.pop(token, None)
    request.session[IMPORT_SESSION_KEY] = pending
    messages.success(request, _("Đã lưu kế hoạch nhập từ tệp thành dự thảo. Hãy rà soát lại trước khi trình."))
    return redirect(plan)


def _issuer(request, stored: dict):
    """The organisation a stored preview is for, if the user still writes for it."""
    issuers = access.get_issuers_for_user(request.user, _("Bạn không có quyền nhập kế hoạch."))
    issuer = next((o for o in issuers if o.pk == stored["issuer"]), None)
    if issuer is None:
        raise PermissionDenied(_("Bạn không có quyền nhập kế hoạch cho cơ quan này."))
    return issuer
