"""The rating's computations against Thông tư 01/2020/TT-BKHĐT and Nghị định
113/2024/NĐ-CP, from the default criteria set's data."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cooperatives.models import RatingCriteriaSet
from cooperatives.rating import criteria, rules

DATA = criteria.set_read(criteria.DEFAULT_FILE)
D = datetime.date


def test_the_default_set_has_15_criteria_and_100_points_in_three_groups():
    groups = DATA["groups"]
    assert [g["max"] for g in groups] == [30, 30, 40]
    codes = [c["code"] for g in groups for c in g["criteria"]]
    assert codes == [f"TC{n}" for n in range(1, 16)]
    tc = {c["code"]: c for g in groups for c in g["criteria"]}
    assert [i["max"] for i in tc["TC1"]["items"]] == [6, 1]
    assert [i["max"] for i in tc["TC3"]["items"]] == [4, 3, 4]
    assert [i["max"] for i in tc["TC7"]["items"]] == [2, 2, 2]
    assert tc["TC5"]["max"] == 8 and tc["TC9"]["max"] == 4
    assert sum(i["max"] for i in criteria.set_items(DATA)) == 100
    assert "chưa đối chiếu" in DATA["source_note"]


@pytest.mark.parametrize(
    "score, rating",
    [
        ("100", "good"),
        ("80", "good"),
        ("79.9", "fair"),
        ("65", "fair"),
        ("64.9", "average"),
        ("50", "average"),
        ("49.9", "weak"),
        ("0", "weak"),
    ],
)
def test_category_boundaries(score, rating):
    assert rules.category(Decimal(score), DATA) == rating


def test_total_score_keeps_one_decimal_and_counts_empty_items_as_zero():
    assert rules.total_score([Decimal("2.5"), None, Decimal("4"), Decimal("0.1")]) == Decimal("6.6")
    assert str(rules.total_score([])) == "0.0"


def test_the_seed_cooperative_is_not_rated_for_2020_with_its_reason():
    reason = rules.not_rated_reason(founded_on=D(2020, 11, 20), year=2020, data=DATA)
    assert reason == "Hoạt động chưa đủ 12 tháng trong năm đánh giá (thành lập ngày 20/11/2020)"
    assert rules.not_rated_reason(founded_on=D(2020, 11, 20), year=2021, data=DATA) == ""


def test_eleven_months_and_29_days_is_under_12_months():
    # Founded 3 January: on 31 December it has operated 11 months 29 days.
    assert rules.not_rated_reason(founded_on=D(2021, 1, 3), year=2021, data=DATA).startswith("Hoạt động chưa đủ 12")
    assert rules.not_rated_reason(founded_on=D(2021, 1, 2), year=2021, data=DATA) != ""
    # Founded 1 January: 12 full months by the end of the year.
    assert rules.not_rated_reason(founded_on=D(2021, 1, 1), year=2021, data=DATA) == ""
    assert rules.not_rated_reason(founded_on=D(2020, 12, 31), year=2021, data=DATA) == ""


def test_months_are_counted_on_the_calendar():
    assert rules.add_months(D(2020, 11, 20), 12) == D(2021, 11, 20)
    assert rules.add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)


def test_stopped_over_three_months_is_not_rated_and_exactly_three_is():
    base = {"founded_on": D(2015, 1, 1), "year": 2021, "data": DATA}
    assert rules.not_rated_reason(**base, stopped_from=D(2021, 3, 1), stopped_until=D(2021, 5, 31)) == ""
    reason = rules.not_rated_reason(**base, stopped_from=D(2021, 3, 1), stopped_until=D(2021, 6, 1))
    assert reason == "Tạm ngừng hoạt động quá 3 tháng trong năm đánh giá (từ 01/03/2021 đến 01/06/2021)"


def test_not_founded_yet_is_not_rated():
    assert "chưa thành lập" in rules.not_rated_reason(founded_on=D(2022, 5, 1), year=2021, data=DATA)


B = 1_000_000_000


@pytest.mark.parametrize(
    "members, revenue, capital, size",
    [
        (300, 50 * B, 0, "large"),
        (300, 0, 10 * B, "large"),
        (299, 50 * B, 10 * B, "medium"),
        (300, 50 * B - 1, 10 * B - 1, "medium"),
        (200, 10 * B, 0, "medium"),
        (200, 0, 5 * B, "medium"),
        (199, 10 * B, 5 * B, "small"),
        (200, 10 * B - 1, 5 * B - 1, "small"),
        (50, 2 * B, 0, "small"),
        (50, 0, 1 * B, "small"),
        (49, 2 * B, 1 * B, "micro"),
        (50, 2 * B - 1, 1 * B - 1, "micro"),
        (1000, None, None, ""),
        (None, 2 * B, None, ""),
    ],
)
def test_size_class_thresholds(members, revenue, capital, size):
    to_decimal = lambda v: None if v is None else Decimal(v)  # noqa: E731
    assert (
        rules.size_class(members=members, revenue=to_decimal(revenue), capital=to_decimal(capital), data=DATA) == size
    )


def test_assess_gives_not_rated_without_a_score():
    result = rules.assess(
        data=DATA,
        founded_on=D(2020, 11, 20),
        year=2020,
        points=[Decimal(5)],
        members=10,
        revenue=Decimal(1),
        capital=Decimal(1),
    )
    assert (result.score, result.rating, result.size_class) == (None, "not_rated", "micro")


def test_the_migration_loaded_the_default_set(db):
    stored = RatingCriteriaSet.objects.get(code="TT01-2020")
    assert stored.valid_from == 2020 and stored.data["size_classes"]["code"] == "ND113-2024-NN"
    assert criteria.set_for_year(2021) == stored


def _write(tmp_path, data, name="set.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_province_loads_its_own_set_without_code(db, tmp_path):
    data = json.loads(json.dumps(DATA))
    data |= {"code": "TINH-2025", "title": "Bộ tiêu chí của tỉnh", "valid_from": 2025}
    call_command("load_rating_criteria", str(_write(tmp_path, data)), stdout=open("/dev/null", "w"))
    assert criteria.set_for_year(2025).code == "TINH-2025"
    assert criteria.set_for_year(2024).code == "TT01-2020"


def test_a_wrong_set_is_refused_in_vietnamese(db, tmp_path):
    data = json.loads(json.dumps(DATA))
    data["groups"][0]["criteria"][0]["items"][0]["max"] = 5
    with pytest.raises(CommandError, match="tổng điểm các mục con là 6, khác điểm tối đa 7"):
        call_command("load_rating_criteria", str(_write(tmp_path, data)))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError, match="không phải JSON hợp lệ"):
        criteria.set_read(tmp_path / "bad.json")
    data = json.loads(json.dumps(DATA))
    data["categories"][0]["min"] = 10
    with pytest.raises(ValidationError, match="giảm dần"):
        criteria.set_check(data)
