"""OCOP products: a product's page (with what other apps add to it, the tasks
that work for it among them: registry/panels.py), its form for the commune's
editors and the cooperative's staff, its evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cooperatives.models import OcopEvidence
from cooperatives.ocop.forms import PRODUCT_FIELDS, OcopProductForm
from cooperatives.ocop.services import ocop_product_save
from cooperatives.registry import access
from cooperatives.registry.panels import cooperative_page_parts
from htxplan.uploads import EVIDENCE_HEADERS, download_name, evidence_check


@login_required
def ocop_detail(request, pk: int):
    product = access.get_product_for_user(request.user, pk)
    ctx = {
        "product": product,
        "cooperative": product.cooperative,
        "evidence": list(product.evidence.all()),
        "may_edit": access.can_keep_products(request.user, product.cooperative),
        "parts": cooperative_page_parts(request, "product", product),
    }
    return render(request, "cooperatives/ocop/ocop_detail.html", ctx)


def _save(request, form, cooperative, product):
    """The saved product, or None with the refusal shown on the form (files beside the files)."""
    try:
        checked = evidence_check(form.cleaned_data["files"])
    except ValidationError as error:
        form.add_error("files", error)
        return None
    try:
        return ocop_product_save(
            cooperative=cooperative,
            product=product,
            user=request.user,
            version=form.cleaned_data.get("version"),
            fields={name: form.cleaned_data[name] for name in PRODUCT_FIELDS},
            files=checked,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _product_form(request, cooperative, product=None):
    form = OcopProductForm(request.POST or None, request.FILES or None, instance=product)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, cooperative, product)
        if saved is not None:
            messages.success(request, _("Đã lưu sản phẩm OCOP."))
            return redirect(saved.get_absolute_url())
    ctx = {"cooperative": cooperative, "product": product, "form": form, "files_dropped": bool(request.FILES)}
    return render(request, "cooperatives/ocop/ocop_form.html", ctx)


@login_required
def ocop_create(request, cooperative_id: int):
    cooperative = access.get_cooperative_for_user(request.user, cooperative_id, may="products")
    return _product_form(request, cooperative)


@login_required
def ocop_edit(request, pk: int):
    product = access.get_product_for_user(request.user, pk, may="products")
    return _product_form(request, product.cooperative, product)


@login_required
def ocop_evidence(request, pk: int):
    evidence = OcopEvidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404("Không tìm thấy tệp minh chứng.")
    access.get_product_for_user(request.user, evidence.product_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Tệp minh chứng không còn trên máy chủ.")) from None
    response = FileResponse(
        handle,
        content_type=evidence.content_type,
        filename=download_name(evidence.original_name, evidence.file.name),
        as_attachment=not evidence.is_picture,
    )
    for header, value in EVIDENCE_HEADERS.items():
        response[header] = value
    response["Cache-Control"] = "private, max-age=3600"
    return response
