"""One lifecycle for every numbered document: a plan, a progress report, and
whatever document type comes next.

draft -> submitted -> approved -> issued; submitted or approved -> back to
draft with a reason. Each step locks the document's row, checks its state
(so a double click finds the step already done and says so), bumps the
version that optimistic locking compares, and leaves a history row with
who did it and why. Issuing takes the next number of the issuer's register
and then runs what other apps attached to issuing (the reports app delivers
the document to its Nơi nhận) in the same transaction: a document is never
issued without its deliveries, and a failed delivery takes no number.

A document model needs: `issuer`, `status` (DocumentStatus), `version`,
`return_reason`, `number`, `symbol`, `issued_on`, a simple_history
`history`, and two class attributes: `document_noun` ("kế hoạch") and
`symbol_prefix` ("KH").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from plans.events import DocumentEvent, Kind, emit
from plans.models import DocumentStatus
from plans.models.text import typed_text
from plans.services.register import number_allocate

Status = DocumentStatus

# Which states each step starts from.
STEPS: dict[str, tuple[str, ...]] = {
    "submit": (Status.DRAFT,),
    "approve": (Status.SUBMITTED,),
    "return": (Status.SUBMITTED, Status.APPROVED),
    "issue": (Status.APPROVED,),
}

# Work other apps attach to issuing, each called as hook(document=, user=)
# inside the issue's transaction; each returns how many recipients it reached.
_ISSUE_HOOKS: list[Callable[..., int]] = []


def on_issue(hook: Callable[..., int]) -> Callable[..., int]:
    """Attach `hook` to the issue of every document (an AppConfig.ready() calls this)."""
    if hook not in _ISSUE_HOOKS:
        _ISSUE_HOOKS.append(hook)
    return hook


def available_steps(document) -> set[str]:
    return {step for step, sources in STEPS.items() if document.status in sources}


def step_permissions(document, *, may_submit: bool, may_decide: bool) -> dict[str, bool]:
    """Which step buttons a document's page shows: the user's right (an
    editor submits; an approver approves, returns and issues) and the state."""
    steps = available_steps(document)
    return {
        "submit": "submit" in steps and may_submit,
        "approve": "approve" in steps and may_decide,
        "return": "return" in steps and may_decide,
        "issue": "issue" in steps and may_decide,
    }


class StaleVersionError(ValidationError):
    """The document was changed by someone else since the form was read."""

    def __init__(self, message: str, *, document=None, since_version: int | None = None):
        self.document = document
        self.since_version = since_version
        super().__init__(message)


def version_check(document, version: Any) -> None:
    """Refuse a write made from a form read before someone else's save."""
    if version is None or int(version) == document.version:
        return
    raise StaleVersionError(
        capfirst(
            _(
                "%(noun)s vừa được người khác sửa (bạn mở phiên bản %(since)s, nay đã là phiên bản "
                "%(version)s), nên thay đổi của bạn chưa được lưu. Nội dung bạn nhập vẫn còn nguyên bên dưới: "
                "hãy xem họ đã sửa gì, rồi bấm lưu lần nữa nếu vẫn muốn ghi đè."
            )
            % {**_words(document), "since": int(version), "version": document.version}
        ),
        document=document,
        since_version=int(version),
    )


def document_lock(document):
    """The document's row, locked until the transaction ends: concurrent
    steps on one document run one after the other."""
    return type(document).objects.select_for_update(of=("self",)).select_related("issuer").get(pk=document.pk)


def document_record(document, *, user, reason: str) -> None:
    """Save a change with a new version and a history row naming who and why."""
    document.version += 1
    document._change_reason = reason
    if user is not None:
        document._history_user = user
    document.save()


def _words(document) -> dict[str, str]:
    """The document's noun for messages. A message that begins with it goes
    through capfirst: Vietnamese starts the sentence with the noun, English
    with "The %(noun)s", and both keep one placeholder."""
    return {"noun": str(document.document_noun)}


def _refuse_state(document, message: str) -> None:
    raise ValidationError(capfirst(message % {**_words(document), "status": document.get_status_display()}))


@transaction.atomic
def document_submit(*, document, user, problems: Callable[[Any], list[str]] = lambda d: []):
    """Draft -> submitted; `problems` lists what the document still lacks."""
    document = document_lock(document)
    if document.status == Status.SUBMITTED:
        raise ValidationError(capfirst(_("%(noun)s đã được trình, đang chờ duyệt.") % _words(document)))
    if document.status != Status.DRAFT:
        _refuse_state(document, _("%(noun)s đang ở trạng thái “%(status)s”, không trình được."))
    missing = problems(document)
    if missing:
        raise ValidationError(
            _("Chưa trình được: %(noun)s %(problems)s.") % {**_words(document), "problems": ", ".join(missing)}
        )
    document.status = Status.SUBMITTED
    document.return_reason = ""
    document_record(document, user=user, reason="Trình duyệt")
    emit(DocumentEvent(Kind.SUBMITTED, document, user))
    return document


@transaction.atomic
def document_approve(*, document, user):
    document = document_lock(document)
    if document.status == Status.APPROVED:
        raise ValidationError(capfirst(_("%(noun)s đã được duyệt rồi.") % _words(document)))
    if document.status != Status.SUBMITTED:
        _refuse_state(document, _("Chỉ duyệt được %(noun)s đã trình; %(noun)s đang “%(status)s”."))
    document.status = Status.APPROVED
    document_record(document, user=user, reason="Phê duyệt")
    emit(DocumentEvent(Kind.APPROVED, document, user))
    return document


@transaction.atomic
def document_return(*, document, user, reason: str):
    """Submitted or approved -> back to draft, with the reason the editors read."""
    reason = typed_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do trả lại để người soạn biết cần sửa gì.")})
    document = document_lock(document)
    if document.status not in STEPS["return"]:
        _refuse_state(document, _("Không trả lại được %(noun)s đang “%(status)s”."))
    document.status = Status.DRAFT
    document.return_reason = reason
    document_record(document, user=user, reason="Trả lại để sửa")
    emit(DocumentEvent(Kind.RETURNED, document, user, reason=reason))
    return document


@transaction.atomic
def document_issue(
    *,
    document,
    user,
    issued_on: datetime.date | None = None,
    date_check: Callable[[Any, datetime.date], None] = lambda d, day: None,
    run_hooks: bool = True,
    signer_name: str = "",
):
    """Approved -> issued: the next number of the issuer's register, the date
    (and the signer's name when one is given), then the issue hooks. The row lock makes two clicks on "Ban hành" take
    one number. `date_check` raises for a date this document type refuses.
    `run_hooks=False` only records a document issued before the portal knew
    it (the demo's 2021 plan, issued on paper): nothing is delivered.

    The document comes back with `recipients_reached`, the hooks' count."""
    document = document_lock(document)
    if document.status == Status.ISSUED:
        raise ValidationError(
            capfirst(
                _("%(noun)s đã được ban hành rồi (số %(number)s).")
                % {**_words(document), "number": document.number_label}
            )
        )
    if document.status != Status.APPROVED:
        raise ValidationError(_("Chỉ %(noun)s đã được duyệt mới có thể ban hành.") % _words(document))
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("Ngày ban hành không được ở tương lai.")})
    date_check(document, issued_on)
    # Decree 30: numbers restart on 1 January, so the register is the one of
    # the year the document is issued in, not the year it is about.
    document.number = number_allocate(issuer=document.issuer, year=issued_on.year)
    document.symbol = document.symbol or f"{document.symbol_prefix}-{document.issuer.abbreviation}"
    document.issued_on = issued_on
    if signer_name:
        document.signer_name = signer_name
    document.status = Status.ISSUED
    document_record(document, user=user, reason="Ban hành")
    hooks = _ISSUE_HOOKS if run_hooks else []
    document.recipients_reached = sum(hook(document=document, user=user) for hook in hooks)
    if run_hooks:
        emit(DocumentEvent(Kind.ISSUED, document, user))
    return document
