"""Pages of the distribution: the inbox of the recipients and the issuer's
actions on the delivery table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives import versions
from cooperatives.memberships import member_organization_ids
from reports import access as report_access
from reports import distribution
from reports.distribution.forms import PlanRecipientLinkForm, ReportRecipientLinkForm
from reports.documents import preparing
from reports.documents.downloads import DOCX, PDF, document_filename, download_response
from reports.documents.renders import document_render


class CountedPaginator(Paginator):
    """A paginator told its count: the inbox has just counted each view."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self) -> int:
        return self._count


@login_required
def inbox(request):
    """The documents delivered to the user's organisations. The list is
    cached as HTML on the counts just made (which change with every delivery
    added, read, confirmed or deleted), the user's memberships, the view, the
    page, the language, the day and the names' version (a sender or a
    confirmer renamed): a repeat view costs the counts."""
    show = request.GET.get("show", "")
    show = show if show in report_access.INBOX_FILTERS else ""
    deliveries, counts = report_access.inbox_for(request.user, show)
    parts = [versions.user_signature(request.user), counts, show, request.GET.get("page", ""), get_language()]
    parts.append(versions.names_version())  # the senders' and the confirmers' names

    def compute() -> str:
        ctx = {
            "page": CountedPaginator(deliveries, 25, count=counts[show or "total"]).get_page(request.GET.get("page")),
            "show": show,
            "counts": counts,
            "several_organizations": len(member_organization_ids(request.user)) > 1,
        }
        return render_to_string("reports/includes/_inbox_body.html", ctx, request=request)

    return render(request, "reports/inbox.html", {"body": versions.cached_html(request, "inbox-html", parts, compute)})


@login_required
def delivery_open(request, pk: int):
    """Open a received document from the inbox; the first opening marks it read."""
    delivery = report_access.get_delivery_for_recipient(request.user, pk)
    distribution.delivery_read(delivery=delivery, user=request.user)
    return redirect(delivery.document)


def _delivery_download(request, pk: int, extension: str, content_type: str) -> HttpResponse:
    delivery = report_access.get_delivery_for_recipient(request.user, pk)
    if extension == "pdf" and delivery.plan_id and preparing.plan_pdf_is_long(delivery.plan):
        # Prepared by the worker while a page waits; that download is recorded on this delivery too.
        return redirect("reports:plan-pdf", delivery.plan_id)
    data = document_render(delivery.document, extension)
    distribution.delivery_download_record(delivery=delivery, user=request.user, format=extension)
    return download_response(data, content_type, document_filename(delivery.document, extension))


@login_required
def delivery_pdf(request, pk: int):
    return _delivery_download(request, pk, "pdf", PDF)


@login_required
def delivery_docx(request, pk: int):
    return _delivery_download(request, pk, "docx", DOCX)


@login_required
@require_POST
def delivery_confirm(request, pk: int):
    delivery = report_access.get_delivery_for_recipient(request.user, pk)
    delivery, confirmed_now = distribution.delivery_confirm(delivery=delivery, user=request.user)
    if confirmed_now:
        messages.success(request, _("Đã xác nhận đã nhận văn bản."))
    else:
        who = delivery.confirmed_by.get_full_name() or delivery.confirmed_by.username if delivery.confirmed_by else ""
        when = date_format(timezone.localtime(delivery.confirmed_at), "d/m/Y H:i")
        messages.info(
            request, _("Văn bản này đã được xác nhận trước đó (%(who)s, %(when)s).") % {"who": who, "when": when}
        )
    return redirect("reports:inbox")


def _to_table(document):
    return redirect(document.get_absolute_url() + "#noi-nhan")


@login_required
@require_POST
def delivery_retry(request, pk: int):
    """ "Gửi lại" on the issuer's delivery table: mail a failed delivery again."""
    delivery = report_access.get_delivery_for_issuer(request.user, pk)
    try:
        distribution.delivery_email_retry(delivery=delivery, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        org = delivery.organization.short_name
        if delivery.email_attempts:
            messages.success(request, _("Đã xếp thư gửi lại cho %(org)s.") % {"org": org})
        else:  # "Gửi thư" to a recipient first given an address after the issue
            messages.success(request, _("Đã xếp thư gửi cho %(org)s.") % {"org": org})
    return _to_table(delivery.document)


@login_required
@require_POST
def plan_recipient_link(request, pk: int):
    """Deliver a recipient line of an issued plan that made no delivery yet."""
    plan = report_access.get_plan_for_delivering(request.user, pk)
    form = PlanRecipientLinkForm(
        request.POST, organizations=distribution.linkable_organizations(plan.issuer), recipients=plan.recipients.all()
    )
    if not form.is_valid():
        messages.error(request, _("Không gửi được: hãy chọn lại nơi nhận và cơ quan."))
        return _to_table(plan)
    try:
        delivery = distribution.plan_recipient_link(
            plan=plan,
            recipient=form.cleaned_data["recipient"],
            organization=form.cleaned_data["organization"],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi kế hoạch cho %(org)s.") % {"org": delivery.organization.short_name})
    return _to_table(plan)


@login_required
@require_POST
def report_recipient_link(request, pk: int):
    """Deliver a free-text recipient line of an issued report to the organisation it means."""
    report = report_access.get_report_for_delivering(request.user, pk)
    form = ReportRecipientLinkForm(request.POST, organizations=distribution.linkable_organizations(report.issuer))
    if not form.is_valid():
        messages.error(request, _("Không gửi được: hãy chọn cơ quan nhận."))
        return _to_table(report)
    try:
        delivery = distribution.report_recipient_link(
            report=report,
            label=form.cleaned_data["label"],
            organization=form.cleaned_data["organization"],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi báo cáo cho %(org)s.") % {"org": delivery.organization.short_name})
    return _to_table(report)
