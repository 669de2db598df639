"""A commune's progress report cites its cooperatives' confirmed ratings of
the plan's year in section I, where the official can edit it."""

import datetime
from decimal import Decimal

from cooperatives.models import CooperativeRating
from reports import services

Rating = CooperativeRating.Rating


def test_the_compiled_results_cite_the_ratings_of_the_plans_year(plan_with_updates, coops, cast, login):
    CooperativeRating.objects.create(
        cooperative=coops["a"], year=2022, rating=Rating.GOOD, score=Decimal("85.5"), size_class="small"
    )
    CooperativeRating.objects.create(cooperative=coops["a"], year=2021, rating=Rating.WEAK, score=Decimal("40"))
    # Another commune's cooperative is not this report's business.
    CooperativeRating.objects.create(cooperative=coops["b"], year=2022, rating=Rating.NOT_RATED, note="Mới thành lập")
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    sentence = "Kết quả đánh giá, phân loại hợp tác xã năm 2022: HTX NN Vĩnh Lợi xếp loại Tốt (85,5 điểm, quy mô nhỏ)."
    assert sentence in report.results
    assert "Phú Tân" not in report.results and "Yếu" not in report.results
    # Before the numbered tasks: a paragraph of the section's lead, not part of task 1.
    assert report.results.index(sentence) < report.results.index("1. Phun thuốc bằng drone")
    html = login(cast["editor_a"]).get(f"/reports/{report.pk}/").content.decode()
    assert "HTX NN Vĩnh Lợi xếp loại Tốt (85,5 điểm, quy mô nhỏ)" in html


def test_a_not_rated_cooperative_is_cited_with_its_reason(plan_with_updates, coops, cast):
    CooperativeRating.objects.create(
        cooperative=coops["a"], year=2022, rating=Rating.NOT_RATED, note="Hoạt động chưa đủ 12 tháng"
    )
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    assert "HTX NN Vĩnh Lợi chưa đánh giá (Hoạt động chưa đủ 12 tháng)." in report.results


def test_without_ratings_of_the_year_nothing_is_cited(plan_with_updates, coops, cast):
    CooperativeRating.objects.create(cooperative=coops["a"], year=2021, rating=Rating.GOOD, score=Decimal("90"))
    report = services.report_create(plan=plan_with_updates, as_of=datetime.date(2022, 5, 31), user=cast["editor_a"])
    assert "đánh giá, phân loại" not in report.results
