"""View helpers every numbered document shares (a plan, a progress report):
a service's refusal shown where the user looks, a workflow step from a
button, a step with a form. The reports app uses them too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal beside the field it concerns, else above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def posted_version(request) -> int:
    """The version a form was read at, as optimistic locking compares it.
    Every write from a page must say which version it edits: without it a
    change could overwrite someone else's unseen, so it is refused."""
    raw = request.POST.get("version", "").strip()
    if not raw.isdigit() or len(raw) > 9:
        raise ValidationError(
            _(
                "Biểu mẫu không cho biết bạn đang sửa phiên bản nào của văn bản, nên thay đổi chưa được lưu. "
                "Hãy tải lại trang rồi làm lại; nội dung bạn vừa nhập vẫn còn bên dưới."
            ),
            code="version_missing",
        )
    return int(raw)


def form_at_current_version(form_class, request, document, **kwargs):
    """A form refused as stale, shown again with everything typed but
    carrying the document's current version, so that a second, informed
    click saves (over the other person's change, knowingly)."""
    data = request.POST.copy()
    data["version"] = str(document.version)
    form = form_class(data, instance=document, **kwargs)
    form.is_valid()
    return form


def button_step(request, document, action: Callable[[], Any], done: str) -> HttpResponse:
    """A step from a button (submit, approve, copy...): the service's refusal
    (a double click, a wrong state) as a message on the document's page."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(document)
    messages.success(request, done)
    return redirect(result)


def form_step(request, form, action: Callable[[dict], Any], done: Callable[[Any], str]) -> Any | None:
    """A step with a form (a return with its reason, an issue with its date):
    the step's result with its message shown, or None with the refusal on
    the form so that the caller shows the form again."""
    if not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return None
    messages.success(request, done(result))
    return result
