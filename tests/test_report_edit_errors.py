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


def test_a_report_past_the_longest_a_request_renders_is_refused_and_the_text_kept(plan_a, cast, login):
    # The PDF of the longest report allowed renders in about a second; a longer one is refused, nothing lost.
    Plan.objects.filter(pk=plan_a.pk).update(status=Plan.Status.ISSUED, number=4, issued_on=datetime.date(2022, 1, 6))
    plan_a.refresh_from_db()
    report = services.report_create(plan=plan_a, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    long_text = ("Hợp tác xã đã tổ chức tập huấn cho thành viên về sản xuất lúa an toàn. " * 2000)[:100_000]
    data = {"version": report.version, "title": "Báo cáo", "results": long_text, "directions": long_text[:30_000]}
    response = login(cast["editor_a"]).post(f"/reports/{report.pk}/edit/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Báo cáo dài 130.007 ký tự, vượt mức 120.000 ký tự" in html  # the title counts too
    assert long_text[-200:] in html
    report.refresh_from_db()
    assert len(report.results) < 100_000
