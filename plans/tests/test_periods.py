"""The time of a task as a plan writes it, read as the days it spans."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.periods import period_dates, whole_year


def d(day: int, month: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        # A quarter, a month, a half-year.
        ("Quý II/2026", d(1, 4), d(30, 6)),
        ("Quý 2 năm 2026", d(1, 4), d(30, 6)),
        ("quý IV", d(1, 10), d(31, 12)),
        ("Tháng 6/2026", d(1, 6), d(30, 6)),
        ("Tháng 2/2028", d(1, 2, 2028), d(29, 2, 2028)),
        ("tháng 6 năm 2026", d(1, 6), d(30, 6)),
        ("6 tháng đầu năm 2026", d(1, 1), d(30, 6)),
        ("6 tháng cuối năm", d(1, 7), d(31, 12)),
        # The whole year: ongoing work, or the year named.
        ("Thường xuyên", d(1, 1), d(31, 12)),
        ("Hằng năm", d(1, 1), d(31, 12)),
        ("Hàng năm", d(1, 1), d(31, 12)),
        ("Cả năm", d(1, 1), d(31, 12)),
        ("Trong năm 2026", d(1, 1), d(31, 12)),
        ("Năm 2027", d(1, 1, 2027), d(31, 12, 2027)),
        # A deadline: the last day only.
        ("Trước 31/12/2026", None, d(31, 12)),
        ("Trước ngày 31/12/2026", None, d(31, 12)),
        ("Hoàn thành trước 30/6/2026", None, d(30, 6)),
        ("trước ngày 15/12/2025", None, d(15, 12, 2025)),
        ("Trước 15/12", None, d(15, 12)),
        ("ngày 15 tháng 12 năm 2026", None, d(15, 12)),
        ("30/9/2026", None, d(30, 9)),
        # A span, its parts sharing the year written last.
        ("Từ 01/3/2026 đến 30/9/2026", d(1, 3), d(30, 9)),
        ("Tháng 3 - tháng 6/2026", d(1, 3), d(30, 6)),
        ("Tháng 3-6/2026", d(1, 3), d(30, 6)),
        ("Quý I, II/2026", d(1, 1), d(30, 6)),
        ("Quý III và Quý IV năm 2026", d(1, 7), d(31, 12)),
        ("Từ tháng 5 đến tháng 10/2026", d(1, 5), d(31, 10)),
        ("Tháng 12/2025 - Quý I/2026", d(1, 12, 2025), d(31, 3)),
        ("Tháng 6/2026 và tháng 12/2026", d(1, 6), d(31, 12)),
        # An open end.
        ("Từ tháng 3/2026", d(1, 3), None),
        # Nothing that can be read: never a guess, never an error.
        ("Theo kế hoạch của tỉnh", None, None),
        ("Vụ Đông Xuân", None, None),
        ("", None, None),
        ("31/02/2026", None, None),
        ("Trước 31/12/2101", None, None),
        ("Năm 1999", None, None),
        ("Tháng 13/2026", None, None),
        ("Quý V/2026", None, None),
    ],
)
def test_the_days_a_time_as_written_spans(text, start, due):
    assert period_dates(text, 2026) == (start, due)


def test_a_time_without_its_year_takes_the_plans_and_none_without_one():
    assert period_dates("Quý II", 2025) == (d(1, 4, 2025), d(30, 6, 2025))
    assert period_dates("Thường xuyên", None) == (None, None)
    assert period_dates("Quý II", None) == (None, None)
    assert period_dates("Quý II/2026", None) == (d(1, 4), d(30, 6))


def test_the_whole_year_is_what_an_ongoing_task_spans():
    assert whole_year(*period_dates("Thường xuyên", 2026))
    assert whole_year(*period_dates("Năm 2026", 2026))
    assert not whole_year(*period_dates("6 tháng đầu năm", 2026))
    assert not whole_year(*period_dates("Trước 31/12/2026", 2026))
    assert not whole_year(None, None)


WORDS = ["Quý", "quý", "Tháng", "tháng", "năm", "Từ", "đến", "Trước", "ngày", "6 tháng đầu năm", "I", "II", "IV", "-"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(WORDS), st.integers(0, 3000).map(str), st.sampled_from(["/", ",", " ", "."])),
        max_size=12,
    ),
    st.one_of(st.none(), st.integers(1900, 2200)),
)
def test_any_text_gives_dates_in_range_or_none_and_never_an_error(parts, year):
    start, due = period_dates(" ".join(parts), year)
    for day in (start, due):
        assert day is None or 2000 <= day.year <= 2100
    if start and due:
        assert start <= due
