"""The progress report's edit page sums up a refused save the same way as the
plan's (templates/includes/_form_errors_summary.html)."""

import datetime
import re

from plans.models import Plan
from reports import services


def test_a_report_saved_without_a_title_is_summed_up_at_the_top(plan_a, cast, login):
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=4, issued_on=datetime.date(2022, 1, 6))
    plan_a.refresh_from_db()
    report = services.report_create(plan=plan_a, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    data = {"version": report.version, "title": "", "results": "Đã phun 80 ha lúa vụ Hè Thu."}
    response = login(cast["editor_a"]).post(f"/reports/{report.pk}/edit/", data)
    html = response.content.decode()
    box = re.search(r'<div id="form-errors".*?</div>', html, re.S).group(0)
    assert response.status_code == 400 and "autofocus" in box
    assert '<a href="#id_title" class="alert-link">Trích yếu</a>' in box
    assert "Đã phun 80 ha lúa vụ Hè Thu.</textarea>" in html
