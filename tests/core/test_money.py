from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxplanner.money import MoneyError, format_thousand_yen, format_yen, parse_money, yen_to_thousand

amounts = st.integers(min_value=-(10**15), max_value=10**15)


@pytest.mark.parametrize(
    ("yen", "thousand"),
    [
        (0, 0),
        (499, 0),
        (500, 1),
        (1_234_499, 1_234),
        (1_234_500, 1_235),
        (1_234_567, 1_235),
        (1_500, 2),
        (2_500, 3),  # half up, not banker's rounding
        (-499, 0),
        (-500, -1),
        (-1_500, -2),
        (-1_234_567, -1_235),
    ],
)
def test_yen_to_thousand_rounds_half_up(yen, thousand):
    assert yen_to_thousand(yen) == thousand


def test_format_thousand_yen():
    assert format_thousand_yen(1_234_567) == "1,235千円"
    assert format_thousand_yen(1_234_567, unit=False) == "1,235"
    assert format_thousand_yen(1_234_567, "en") == "¥1,235k"
    assert format_thousand_yen(1_234_567, "en", unit=False) == "1,235"
    assert format_thousand_yen(0) == "0千円"
    assert format_thousand_yen(499) == "0千円"
    assert format_thousand_yen(-499) == "0千円"  # rounds to zero: no minus sign
    assert format_thousand_yen(-1_500) == "△2千円"
    assert format_thousand_yen(-1_234_567, "en") == "-¥1,235k"
    assert format_thousand_yen(-1_234_567, minus="-") == "-1,235千円"
    assert format_thousand_yen(10**12) == "1,000,000,000千円"
    with pytest.raises(ValueError):
        format_thousand_yen(1, "fr")


def test_format_yen():
    assert format_yen(1_234_567) == "1,234,567円"
    assert format_yen(1_234_567, "en") == "¥1,234,567"
    assert format_yen(0) == "0円"
    assert format_yen(-1_234_567) == "△1,234,567円"
    assert format_yen(-1_234_567, "en") == "-¥1,234,567"
    assert format_yen(-5, minus="▲") == "▲5円"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,235", 1_235_000),
        ("1235", 1_235_000),
        ("0", 0),
        ("1,234,567円", 1_234_567),
        ("12千円", 12_000),
        ("1,235千円", 1_235_000),
        ("1.5万円", 15_000),
        ("2億円", 200_000_000),
        ("3百万円", 3_000_000),
        ("1兆円", 10**12),
        ("1億2,345万円", 123_450_000),
        ("1万2千円", 12_000),
        ("1万5", 10_005),
        ("1.5", 1_500),
        ("１，２３５", 1_235_000),
        ("１２３４５６７円", 1_234_567),
        ("１．５万円", 15_000),
        (" 1,235 千円 ", 1_235_000),
        ("　１２千円　", 12_000),
        ("-1,235", -1_235_000),
        ("－1,235", -1_235_000),
        ("−1,235", -1_235_000),
        ("△1,235", -1_235_000),
        ("△ 1,234,567円", -1_234_567),
        ("▲12千円", -12_000),
        ("¥1,234,567", 1_234_567),
        ("￥1,234,567", 1_234_567),
        ("¥1,235k", 1_235_000),
        ("¥1,235K", 1_235_000),
        ("-¥1,235k", -1_235_000),
        ("¥-1,000", -1_000),
    ],
)
def test_parse_money(text, expected):
    assert parse_money(text) == expected


def test_parse_money_default_unit():
    assert parse_money("1,235", default_unit="円") == 1_235
    assert parse_money("3", default_unit="万円") == 30_000
    assert parse_money("1.5", default_unit="億円") == 150_000_000
    assert parse_money("1,235円", default_unit="万円") == 1_235  # explicit unit wins
    with pytest.raises(ValueError):
        parse_money("1", default_unit="ドル")


@pytest.mark.parametrize(
    ("text", "ja", "en"),
    [
        ("", "金額が入力されていません", "empty"),
        ("  ", "金額が入力されていません", "empty"),
        ("abc", '金額を読み取れません: "abc"', 'Cannot read the amount "abc"'),
        ("1,2345", "3桁ごと", "group digits by three"),
        ("12,34", "3桁ごと", "group digits by three"),
        ("1万円円", "単位", "unit"),
        ("12ドル", "単位", "unit"),
        ("2千1万円", "単位の順序", "units out of order"),
        ("0.5円", "1円未満", "whole yen"),
        ("1.2345千円", "1円未満", "whole yen"),
        ("△", "数字がありません", "no digits"),
        ("¥", "数字がありません", "no digits"),
        ("--5", "単位", "unit"),
        ("1.", "単位", "unit"),
    ],
)
def test_parse_money_rejects(text, ja, en):
    with pytest.raises(MoneyError) as exc:
        parse_money(text)
    err = exc.value
    assert isinstance(err, ValueError)
    assert ja in str(err)
    assert en in err.message_en
    assert err.message_ja == str(err)


@given(amounts)
def test_format_yen_round_trip(yen):
    assert parse_money(format_yen(yen)) == yen
    assert parse_money(format_yen(yen, "en")) == yen


@given(amounts)
def test_format_thousand_round_trip(yen):
    k = yen_to_thousand(yen)
    assert parse_money(format_thousand_yen(yen)) == k * 1000
    assert parse_money(format_thousand_yen(yen, "en")) == k * 1000
    assert parse_money(format_thousand_yen(yen, unit=False)) == k * 1000
    assert abs(k * 1000 - yen) <= 500


@given(amounts)
def test_rounding_is_symmetric(yen):
    assert yen_to_thousand(-yen) == -yen_to_thousand(yen)
