"""Distribution of issued documents to their recipients (Nơi nhận):
deliveries.py makes the deliveries (and "Gửi lại"), inbox.py records what
recipients do with them, mailing.py e-mails one, run by the task worker
(reports/tasks.py); views.py,
forms.py and table.py are the pages (the inbox, the issuer's delivery
table). The services are named here for their callers."""

from reports.distribution.deliveries import (
    delivery_email_retry,
    document_distribute,
    document_pending_recipients,
    linkable_organizations,
    plan_distribute,
    plan_recipient_link,
    report_distribute,
    report_recipient_lines,
    report_recipient_link,
)
from reports.distribution.inbox import (
    delivery_confirm,
    delivery_download_record,
    delivery_read,
    document_download_record,
)
from reports.distribution.mailing import (
    MAX_EMAIL_ATTEMPTS,
    RETRY_BASE_SECONDS,
    RETRY_FACTOR,
    delivery_email_send,
)

__all__ = [
    "MAX_EMAIL_ATTEMPTS",
    "RETRY_BASE_SECONDS",
    "RETRY_FACTOR",
    "delivery_confirm",
    "delivery_download_record",
    "delivery_email_retry",
    "delivery_email_send",
    "delivery_read",
    "document_distribute",
    "document_download_record",
    "document_pending_recipients",
    "linkable_organizations",
    "plan_distribute",
    "plan_recipient_link",
    "report_distribute",
    "report_recipient_lines",
    "report_recipient_link",
]
