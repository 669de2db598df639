"""Issuing the rating summary as a numbered Báo cáo."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperatives.memberships import Role, has_role
from cooperatives.models import Organization
from plans.services.register import number_allocate
from reports.ratings.records import RatingReport
from reports.ratings.summary import Issuer, RatingRow, RatingSummary, rating_source


def can_issue_rating_report(user, summary: RatingSummary) -> bool:
    """The head of the issuing office (its approver), as a commune's chairman issues its documents."""
    org_id = summary.issuer.organization_id
    return org_id is not None and (user.is_superuser or has_role(user, org_id, Role.APPROVER))


@transaction.atomic
def rating_report_issue(*, summary: RatingSummary, user, signer_name: str = "") -> RatingReport:
    """The next number of the issuer's register for this year (Decree 30:
    numbers restart on 1 January), today's date and the summary frozen."""
    if not can_issue_rating_report(user, summary):
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan ban hành mới ban hành được báo cáo này."))
    if not summary.rows:
        raise ValidationError(_("Không có hợp tác xã nào để báo cáo."))
    # The issuer's row locked: a double click, or two heads at once, wait
    # here, and the second finds the first's report instead of taking a number.
    issuer = Organization.objects.select_for_update().get(pk=summary.issuer.organization_id)
    content = json.loads(json.dumps(rating_source(summary), cls=DjangoJSONEncoder))
    same = next(
        (r for r in RatingReport.objects.filter(unit=summary.unit, year=summary.year) if r.content == content), None
    )
    if same is not None:
        raise ValidationError(
            _("Kết quả này đã được ban hành thành báo cáo số %(number)s; chưa có gì thay đổi.")
            % {"number": same.number_label}
        )
    today = timezone.localdate()
    return RatingReport.objects.create(
        issuer=issuer,
        unit=summary.unit,
        year=summary.year,
        number=number_allocate(issuer=issuer, year=today.year),
        symbol=f"{RatingReport.symbol_prefix}-{issuer.abbreviation or 'UBND'}",
        issued_on=today,
        signer_name=" ".join(signer_name.split()),
        content=content,
        issued_by=user,
    )


def issued_summary(record: RatingReport) -> RatingSummary:
    """The summary as it was issued, from the record's frozen content."""
    content = record.content
    rows = []
    for values in content["rows"]:
        row = RatingRow(*values)
        row.score = Decimal(row.score) if row.score is not None else None
        rows.append(row)
    return RatingSummary(
        unit=record.unit,
        year=content["year"],
        made_on=datetime.date.fromisoformat(content["made_on"]),
        issuer=Issuer(*content["issuer"]),
        rows=rows,
    )
