"""Logging progress: one update of a task, with its evidence files."""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from htxplan.storage import is_storage_fault
from plans import access
from plans.models import Evidence, ProgressUpdate, Task
from plans.models.text import typed_text
from plans.progress.evidence import CheckedFile, evidence_check, evidence_discard, evidence_store, quota_check

log = logging.getLogger(__name__)


def progress_log(
    *,
    task: Task,
    user,
    reported_on: datetime.date,
    percent: int,
    work_done: str,
    indicator_value: Decimal | None = None,
    files: Sequence[UploadedFile | CheckedFile] = (),
    submission_token: uuid.UUID | None = None,
    today: datetime.date | None = None,
) -> ProgressUpdate:
    """Record one progress update of a task with its evidence files.

    The reporter gives the percent; the status follows from it (0 not
    started, 1-99 in progress, 100 done), so the two never disagree.

    A form carries a one-time submission token: a second submit of the same
    form (a double tap, a resend after a timeout) returns the update already
    stored instead of storing it twice. The unique token column settles two
    submits racing each other.
    """
    if submission_token is not None:
        existing = ProgressUpdate.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            if existing.task_id != task.pk:
                raise ValidationError(_("Mã gửi biểu mẫu không hợp lệ, vui lòng tải lại trang."))
            return existing
    if not task.plan.is_issued:
        raise ValidationError(_("Chỉ cập nhật tiến độ cho kế hoạch đã ban hành."))
    if not access.can_log_progress(user, task):
        raise ValidationError(_("Bạn không được cập nhật tiến độ nhiệm vụ này."))
    update = ProgressUpdate(
        task=task,
        reported_on=reported_on,
        percent=percent,
        status=ProgressUpdate.Status.for_percent(percent),
        work_done=typed_text(work_done or ""),
        indicator_value=indicator_value if task.indicator_name else None,
        author=user,
        submission_token=submission_token,
    )
    checked = _checked(update, indicator_value, files, today or timezone.localdate())
    return _store(update, checked)


def _checked(update: ProgressUpdate, indicator_value, files, today: datetime.date) -> list:
    """Every refusal at once, each beside its field; the files that pass."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if update.reported_on > today:
        refuse(
            "reported_on",
            _("Ngày báo cáo %(date)s ở tương lai; chọn ngày hôm nay hoặc trước đó.")
            % {"date": f"{update.reported_on:%d/%m/%Y}"},
        )
    if not 0 <= update.percent <= 100:
        refuse("percent", _("Tỷ lệ hoàn thành phải từ 0 đến 100%."))
    if not update.work_done:
        refuse("work_done", _("Hãy ghi những việc đã làm."))
    if indicator_value is not None:
        if not update.task.indicator_name:
            refuse("indicator_value", _("Nhiệm vụ này không có chỉ tiêu."))
        elif indicator_value < 0:
            refuse("indicator_value", _("Giá trị chỉ tiêu không được âm."))
    checked = []
    try:
        checked = evidence_check(list(files))
    except ValidationError as error:
        errors.setdefault("files", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def _store(update: ProgressUpdate, checked: list[CheckedFile]) -> ProgressUpdate:
    """The row and its files in one transaction; files of a rolled-back
    update are removed, since the disk does not roll back."""
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            if checked:
                list(get_user_model().objects.select_for_update().filter(pk=update.author_id).values_list("pk"))
                try:
                    quota_check(update.author, sum(item.sent_size for item in checked))
                except ValidationError as error:
                    raise ValidationError({"files": error.messages}) from None
            update.full_clean(validate_unique=False)
            update.save()
            for item in checked:
                stored.append(evidence_store(update, item))
    except IntegrityError:
        evidence_discard(stored)
        existing = ProgressUpdate.objects.filter(submission_token=update.submission_token).first()
        if update.submission_token is None or existing is None:
            raise
        return existing
    except BaseException as error:
        evidence_discard(stored)
        if is_storage_fault(error):
            log.error("Evidence of an update to task %s not stored: %s", update.task_id, error)
            message = _(
                "Máy chủ chưa lưu được tệp minh chứng (bộ nhớ máy chủ đã đầy hoặc thư mục lưu tệp không ghi "
                "được), nên cập nhật này chưa được lưu. Nội dung bạn nhập vẫn còn đây: hãy chọn lại tệp và gửi "
                "lại sau ít phút, hoặc báo quản trị viên."
            )
            raise ValidationError({"files": [message]}) from error
        raise
    return update
