"""Amounts in đồng are typed as people write them (cooperatives' figures,
a rating's revenue and capital), and shown grouped when opened again."""

from decimal import Decimal

import pytest
from django.utils import translation

from cooperatives.rating.forms import FiguresForm
from htxplan.numbers import AmountField


@pytest.mark.parametrize(
    "typed", ["3.200.000.000", "3 200 000 000", "3200000000", "3.200.000.000 đ", "3.200.000.000 đồng", " 3200000000 "]
)
def test_an_amount_is_read_however_people_group_it(typed):
    assert AmountField(required=False).clean(typed) == Decimal("3200000000")


@pytest.mark.parametrize("typed", ["3,5", "ba tỷ", "3.2e9"])
def test_an_amount_with_a_fraction_or_words_is_refused_in_vietnamese(typed):
    with pytest.raises(Exception) as refused:
        AmountField(required=False).clean(typed)
    assert "Hãy nhập số tiền bằng chữ số, ví dụ 3.200.000.000" in str(refused.value) or "phần lẻ" in str(refused.value)


def test_a_negative_amount_is_refused_and_a_stored_one_is_shown_grouped():
    with pytest.raises(Exception) as refused:
        AmountField(required=False).clean("-5.000")
    assert "Số tiền không được âm." in str(refused.value)
    with translation.override("vi"):
        html = str(FiguresForm(initial={"revenue": Decimal("2500000000")})["revenue"])
    assert 'value="2.500.000.000"' in html and 'inputmode="numeric"' in html


def test_the_rating_figures_take_the_dotted_amount_and_keep_the_typed_text_on_error():
    form = FiguresForm(data={"member_count": "60", "revenue": "3.200.000.000", "capital": "1,5"})
    assert not form.is_valid()
    assert "capital" in form.errors and "revenue" not in form.errors
    assert 'value="1,5"' in str(form["capital"])
