"""Writes of OCOP products: a product with its evidence files, in one
transaction; the edit form's version is the optimistic lock."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from cooperatives.models import Cooperative, OcopEvidence, OcopProduct
from cooperatives.ocop.forms import PRODUCT_FIELDS
from htxplan.uploads import EVIDENCE_TYPES, CheckedFile


def _sha256(chunks) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _evidence_store(product: OcopProduct, checked: CheckedFile, user) -> OcopEvidence:
    """The clean copy of a photo, or a PDF as sent, under a random name."""
    upload = checked.upload
    evidence = OcopEvidence(
        product=product, original_name=(upload.name or "")[:255], content_type=checked.content_type, uploaded_by=user
    )
    name = f"{uuid.uuid4().hex}.{EVIDENCE_TYPES[checked.content_type]}"
    if checked.clean is not None:
        evidence.size, evidence.sha256 = len(checked.clean), _sha256([checked.clean])
        evidence.file.save(name, ContentFile(checked.clean), save=False)
    else:
        upload.seek(0)
        evidence.size, evidence.sha256 = upload.size, _sha256(upload.chunks())
        upload.seek(0)
        evidence.file.save(name, upload, save=False)
    try:
        evidence.save()
    except BaseException:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def ocop_product_save(
    *,
    cooperative: Cooperative,
    user,
    fields: dict[str, Any],
    files: list[CheckedFile],
    product: OcopProduct | None = None,
    version: int | None = None,
) -> OcopProduct:
    """A new product of the cooperative, or the changes to `product` read at `version`."""
    if product is None:
        product = OcopProduct(cooperative=cooperative)
    else:
        product = OcopProduct.objects.select_for_update().get(pk=product.pk, cooperative=cooperative)
        if version is not None and product.version != version:
            raise ValidationError(
                _(
                    "Sản phẩm vừa được người khác sửa (phiên bản %(now)s, bạn mở ở phiên bản %(seen)s). "
                    "Hãy tải lại trang rồi sửa lại; những gì bạn nhập chưa được lưu."
                )
                % {"now": product.version, "seen": version}
            )
        product.version += 1
    for name in PRODUCT_FIELDS:
        if name in fields:
            setattr(product, name, fields[name])
    product.full_clean()
    product.save()
    stored = []
    try:
        for checked in files:
            stored.append(_evidence_store(product, checked, user))
    except BaseException:
        for evidence in stored:  # rows vanish with the transaction, files on disk do not
            evidence.file.delete(save=False)
        raise
    return product
