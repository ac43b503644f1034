from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dxplanner.fiscal import (
    QUARTER_STYLES,
    Period,
    PeriodError,
    add_months,
    date_label,
    era_of,
    era_year_text,
    fiscal_half,
    fiscal_months,
    fiscal_part_label,
    fiscal_quarter,
    fiscal_year,
    from_iso,
    fy_end,
    fy_era,
    fy_label,
    fy_start,
    half_end,
    half_label,
    half_start,
    month_end,
    month_label,
    month_start,
    months_between,
    parse_period,
    period_label,
    quarter_end,
    quarter_label,
    quarter_start,
    snap_to_month,
    snap_to_quarter,
    to_iso,
)

STYLES = ("wareki", "western", "both", "short")
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
fys = st.integers(min_value=1990, max_value=2100)


# --- fiscal years, quarters, halves, months -----------------------------------------------------


def test_fiscal_year_boundaries():
    assert fiscal_year(date(2025, 3, 31)) == 2024
    assert fiscal_year(date(2025, 4, 1)) == 2025
    assert fiscal_year(date(2026, 3, 31)) == 2025
    assert fy_start(2025) == date(2025, 4, 1)
    assert fy_end(2025) == date(2026, 3, 31)


QUARTER_OF_MONTH = {4: 1, 5: 1, 6: 1, 7: 2, 8: 2, 9: 2, 10: 3, 11: 3, 12: 3, 1: 4, 2: 4, 3: 4}


@pytest.mark.parametrize("month", range(1, 13))
def test_quarter_and_half_of_every_month(month):
    d = date(2025, month, 15)
    fy = 2025 if month >= 4 else 2024
    q = QUARTER_OF_MONTH[month]
    assert fiscal_quarter(d) == (fy, q)
    assert fiscal_half(d) == (fy, 1 if month in (4, 5, 6, 7, 8, 9) else 2)
    assert quarter_start(fy, q) <= d <= quarter_end(fy, q)


def test_quarter_and_half_bounds():
    assert (quarter_start(2025, 1), quarter_end(2025, 1)) == (date(2025, 4, 1), date(2025, 6, 30))
    assert (quarter_start(2025, 2), quarter_end(2025, 2)) == (date(2025, 7, 1), date(2025, 9, 30))
    assert (quarter_start(2025, 3), quarter_end(2025, 3)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert (quarter_start(2025, 4), quarter_end(2025, 4)) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (half_start(2025, 1), half_end(2025, 1)) == (date(2025, 4, 1), date(2025, 9, 30))
    assert (half_start(2025, 2), half_end(2025, 2)) == (date(2025, 10, 1), date(2026, 3, 31))
    for bad in (0, 5):
        with pytest.raises(ValueError):
            quarter_start(2025, bad)
        with pytest.raises(ValueError):
            quarter_end(2025, bad)
    with pytest.raises(ValueError):
        half_start(2025, 3)


def test_month_bounds_and_fiscal_months():
    assert month_start(2024, 2) == date(2024, 2, 1)
    assert month_end(2024, 2) == date(2024, 2, 29)
    assert month_end(2025, 2) == date(2025, 2, 28)
    assert month_end(2025, 12) == date(2025, 12, 31)
    months = fiscal_months(2025)
    assert months[0] == (2025, 4)
    assert months[8] == (2025, 12)
    assert months[9] == (2026, 1)
    assert months[-1] == (2026, 3)
    assert len(months) == 12


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 5, 31), 1, date(2025, 6, 30)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2025, 4, 1), 12, date(2026, 4, 1)),
        (date(2025, 4, 1), 0, date(2025, 4, 1)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 4, 30), -25, date(2023, 3, 30)),
    ],
)
def test_add_months_clamps(d, n, expected):
    assert add_months(d, n) == expected


def test_months_between():
    assert months_between(date(2025, 4, 30), date(2025, 5, 1)) == 1
    assert months_between(date(2025, 4, 1), date(2025, 4, 30)) == 0
    assert months_between(date(2025, 4, 1), date(2026, 3, 1)) == 11
    assert months_between(date(2026, 3, 1), date(2025, 4, 1)) == -11


def test_snap():
    d = date(2025, 8, 17)
    assert snap_to_month(d) == date(2025, 8, 1)
    assert snap_to_month(d, end=True) == date(2025, 8, 31)
    assert snap_to_quarter(d) == date(2025, 7, 1)
    assert snap_to_quarter(d, end=True) == date(2025, 9, 30)
    assert snap_to_quarter(date(2026, 2, 1), end=True) == date(2026, 3, 31)


def test_iso():
    assert to_iso(date(2025, 7, 1)) == "2025-07-01"
    assert from_iso("2025-07-01") == date(2025, 7, 1)
    assert from_iso(" 2025-07-01 ") == date(2025, 7, 1)
    for bad in ("", "2025-7-1", "2025-02-30", "2025/07/01", "x", "2025-07-01T00:00"):
        with pytest.raises(PeriodError) as exc:
            from_iso(bad)
        assert exc.value.message_en.startswith("Cannot read the date")
        assert "日付を読み取れません" in str(exc.value)


# --- eras ---------------------------------------------------------------------------------------


def test_era_boundaries():
    assert era_of(date(2019, 4, 30)) == ("平成", "H", 31)
    assert era_of(date(2019, 5, 1)) == ("令和", "R", 1)
    assert era_of(date(1989, 1, 7)) == ("昭和", "S", 64)
    assert era_of(date(1989, 1, 8)) == ("平成", "H", 1)
    assert era_of(date(1926, 12, 24)) == ("大正", "T", 15)
    assert era_of(date(1926, 12, 25)) == ("昭和", "S", 1)
    assert era_of(date(1912, 7, 30)) == ("大正", "T", 1)
    assert era_of(date(2025, 1, 1)) == ("令和", "R", 7)
    with pytest.raises(ValueError):
        era_of(date(1912, 7, 29))


def test_fy_era_rule():
    assert fy_era(2019) == ("令和", "R", 1)
    assert fy_era(2018) == ("平成", "H", 30)
    assert fy_era(1988) == ("昭和", "S", 63)
    assert fy_era(1989) == ("平成", "H", 1)
    assert fy_era(2025) == ("令和", "R", 7)
    assert fy_era(1926) == ("昭和", "S", 1)
    assert fy_era(1912) == ("大正", "T", 1)
    with pytest.raises(ValueError):
        fy_era(1911)


def test_era_year_text():
    assert era_year_text(1) == "元"
    assert era_year_text(7) == "7"
    assert era_year_text(31) == "31"
    with pytest.raises(ValueError):
        era_year_text(0)


def test_date_labels_across_era_change():
    assert date_label(date(2019, 4, 30)) == "平成31年4月30日"
    assert date_label(date(2019, 5, 1)) == "令和元年5月1日"
    assert date_label(date(1989, 1, 7)) == "昭和64年1月7日"
    assert date_label(date(1989, 1, 8)) == "平成元年1月8日"


# --- labels -------------------------------------------------------------------------------------


def test_fy_labels():
    assert fy_label(2025) == "令和7年度"
    assert fy_label(2019) == "令和元年度"
    assert fy_label(2018) == "平成30年度"
    assert fy_label(1988) == "昭和63年度"
    assert fy_label(1989) == "平成元年度"
    assert fy_label(2025, "western") == "2025年度"
    assert fy_label(2025, "both") == "令和7(2025)年度"
    assert fy_label(2019, "both") == "令和元(2019)年度"
    assert fy_label(2025, "short") == "R7"
    assert fy_label(2019, "short") == "R1"
    assert fy_label(2025, "wareki", "en") == "FY2025 (Reiwa 7)"
    assert fy_label(2025, "western", "en") == "FY2025"
    assert fy_label(2025, "both", "en") == "FY2025 (Reiwa 7)"
    assert fy_label(2025, "short", "en") == "FY2025"
    assert fy_label(2018, "wareki", "en") == "FY2018 (Heisei 30)"
    with pytest.raises(ValueError):
        fy_label(2025, "julian")
    with pytest.raises(ValueError):
        fy_label(2025, "wareki", "fr")


def test_quarter_labels():
    assert quarter_label(2025, 2) == "令和7年度 第2四半期"
    assert quarter_label(2025, 2, "western") == "2025年度 第2四半期"
    assert quarter_label(2025, 2, "both") == "令和7(2025)年度 第2四半期"
    assert quarter_label(2025, 2, short=True) == "R7 Q2"
    assert quarter_label(2025, 2, "short") == "R7 Q2"
    assert quarter_label(2025, 2, "western", short=True) == "2025 Q2"
    assert quarter_label(2025, 2, "both", short=True) == "R7(2025) Q2"
    assert quarter_label(2019, 1) == "令和元年度 第1四半期"
    for style in STYLES:
        assert quarter_label(2025, 2, style, "en") == "FY2025 Q2"
        assert quarter_label(2025, 2, style, "en", short=True) == "FY2025 Q2"
    with pytest.raises(ValueError):
        quarter_label(2025, 5)


def test_half_labels():
    assert half_label(2025, 1) == "令和7年度上期"
    assert half_label(2025, 2) == "令和7年度下期"
    assert half_label(2025, 1, short=True) == "R7上期"
    assert half_label(2025, 2, "western") == "2025年度下期"
    assert half_label(2025, 1, lang="en") == "FY2025 H1"


def test_month_labels():
    assert month_label(2025, 7) == "令和7年7月"
    assert month_label(2025, 7, "western") == "2025年7月"
    assert month_label(2025, 7, "both") == "令和7(2025)年7月"
    assert month_label(2025, 7, "short") == "R7.7"
    for style in STYLES:
        assert month_label(2025, 7, style, "en") == "Jul 2025"
    # The era in force on the month's last day.
    assert month_label(2019, 4) == "平成31年4月"
    assert month_label(2019, 5) == "令和元年5月"
    assert month_label(1989, 1) == "平成元年1月"
    with pytest.raises(ValueError):
        month_label(2025, 13)


def test_date_labels():
    d = date(2025, 4, 1)
    assert date_label(d) == "令和7年4月1日"
    assert date_label(d, "western") == "2025年4月1日"
    assert date_label(d, "both") == "令和7(2025)年4月1日"
    assert date_label(d, "short") == "R7.4.1"
    for style in STYLES:
        assert date_label(d, style, "en") == "1 Apr 2025"


def test_period_labels():
    assert period_label(date(2025, 7, 1), date(2025, 9, 30), "quarter") == "R7 Q2"
    assert period_label(date(2025, 7, 1), date(2025, 7, 31), "month") == "令和7年7月"
    assert period_label(date(2025, 4, 1), date(2025, 9, 30), "day") == "令和7年4月1日〜令和7年9月30日"
    assert period_label(date(2025, 4, 1), date(2026, 3, 31), "year") == "令和7年度"
    assert period_label(date(2025, 4, 1), date(2025, 9, 30), "half") == "R7上期"
    assert period_label(date(2025, 7, 15), date(2025, 7, 15), "day") == "令和7年7月15日"
    assert period_label(date(2025, 7, 1), date(2025, 12, 31), "quarter") == "R7 Q2〜R7 Q3"
    assert period_label(date(2025, 7, 1), date(2025, 9, 30), "quarter", lang="en") == "FY2025 Q2"
    assert period_label(date(2025, 4, 1), date(2025, 9, 30), "day", lang="en") == "1 Apr 2025 – 30 Sep 2025"
    # Not aligned to the precision: falls back to days.
    assert period_label(date(2025, 7, 2), date(2025, 9, 30), "quarter") == "令和7年7月2日〜令和7年9月30日"
    with pytest.raises(ValueError):
        period_label(date(2025, 9, 30), date(2025, 7, 1), "day")
    with pytest.raises(ValueError):
        period_label(date(2025, 7, 1), date(2025, 9, 30), "week")


# --- parsing ------------------------------------------------------------------------------------

Q2 = Period(date(2025, 7, 1), date(2025, 9, 30), "quarter")
H1 = Period(date(2025, 4, 1), date(2025, 9, 30), "half")
H2 = Period(date(2025, 10, 1), date(2026, 3, 31), "half")
FY2025 = Period(date(2025, 4, 1), date(2026, 3, 31), "year")
FY2019 = Period(date(2019, 4, 1), date(2020, 3, 31), "year")
JUL = Period(date(2025, 7, 1), date(2025, 7, 31), "month")
JUL15 = Period(date(2025, 7, 15), date(2025, 7, 15), "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R7 Q2", Q2),
        ("R7Q2", Q2),
        ("r7 q2", Q2),
        ("Ｒ７　Ｑ２", Q2),
        ("令和7年度 第2四半期", Q2),
        ("令和７年度　第２四半期", Q2),
        ("令和7年度Q2", Q2),
        ("令和7年度第2Q", Q2),
        ("R7(2025) Q2", Q2),
        ("FY2025 Q2", Q2),
        ("fy2025q2", Q2),
        ("2025 Q2", Q2),
        ("2025年度 第2四半期", Q2),
        ("令和7年度上期", H1),
        ("令和7年度 上半期", H1),
        ("R7上期", H1),
        ("FY2025 H1", H1),
        ("令和7年度下期", H2),
        ("R7 H2", H2),
        ("令和7年度", FY2025),
        ("R7", FY2025),
        ("㋿7年度", FY2025),
        ("FY2025", FY2025),
        ("FY2025 (Reiwa 7)", FY2025),
        ("2025年度", FY2025),
        ("令和7(2025)年度", FY2025),
        ("令和元年度", FY2019),
        ("R元", FY2019),
        ("R1", FY2019),
        ("H31", FY2019),
        ("平成31年度", FY2019),
        ("FY2019 (Reiwa 1)", FY2019),
        ("H30", Period(date(2018, 4, 1), date(2019, 3, 31), "year")),
        ("昭和63年度", Period(date(1988, 4, 1), date(1989, 3, 31), "year")),
        ("平成元年度", Period(date(1989, 4, 1), date(1990, 3, 31), "year")),
        ("2025-07", JUL),
        ("2025/7", JUL),
        ("2025.7", JUL),
        ("2025年7月", JUL),
        ("２０２５年７月", JUL),
        ("令和7年7月", JUL),
        ("令和7(2025)年7月", JUL),
        ("R7.7", JUL),
        ("R7/7", JUL),
        ("Jul 2025", JUL),
        ("July 2025", JUL),
        ("2025-07-15", JUL15),
        ("2025/7/15", JUL15),
        ("2025年7月15日", JUL15),
        ("令和7年7月15日", JUL15),
        ("令和7(2025)年7月15日", JUL15),
        ("R7.7.15", JUL15),
        ("15 Jul 2025", JUL15),
        ("Jul 15, 2025", JUL15),
        ("平成31年4月30日", Period(date(2019, 4, 30), date(2019, 4, 30), "day")),
        ("令和元年5月1日", Period(date(2019, 5, 1), date(2019, 5, 1), "day")),
        ("平成元年1月", Period(date(1989, 1, 1), date(1989, 1, 31), "month")),
        ("令和元年5月", Period(date(2019, 5, 1), date(2019, 5, 31), "month")),
        ("令和7年4月1日〜令和7年9月30日", Period(H1.start, H1.end, "day")),
        ("R7 Q2〜R7 Q3", Period(date(2025, 7, 1), date(2025, 12, 31), "quarter")),
        ("2025-04 ~ R7 Q2", Period(date(2025, 4, 1), date(2025, 9, 30), "month")),
        ("1 Apr 2025 – 30 Sep 2025", Period(H1.start, H1.end, "day")),
    ],
)
def test_parse_accepts(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "ja", "en"),
    [
        ("", "期間が入力されていません", "empty"),
        ("   ", "期間が入力されていません", "empty"),
        (
            "R7 Q5",
            '期間を読み取れません: "R7 Q5"（四半期は1〜4）',
            'Cannot read the period "R7 Q5" (quarter must be 1–4)',
        ),
        ("R7 Q0", "四半期は1〜4", "quarter must be 1–4"),
        ("令和0年度", "令和0年はありません", "Reiwa years start at 1"),
        ("令和0年", "令和0年はありません", "Reiwa years start at 1"),
        ("R0 Q1", "令和0年はありません", "Reiwa years start at 1"),
        ("2025年13月", "月は1〜12", "month must be 1–12"),
        ("2025-00", "月は1〜12", "month must be 1–12"),
        ("2025-02-30", "存在しない日付", "does not exist"),
        ("令和7年2月30日", "存在しない日付", "does not exist"),
        ("令和元年4月", "令和は2019年5月1日から", "Reiwa began on 1 May 2019"),
        ("令和元年4月30日", "令和は2019年5月1日から", "Reiwa began"),
        ("H32", "平成は平成31年4月30日まで", "Heisei ended on 30 Apr 2019"),
        ("平成32年度", "平成は平成31年4月30日まで", "Heisei ended"),
        ("平成31年5月", "平成は平成31年4月30日まで", "Heisei ended"),
        ("平成31年5月1日", "平成は平成31年4月30日まで", "Heisei ended"),
        ("昭和64年1月8日", "昭和は昭和64年1月7日まで", "Showa ended"),
        ("令和7(2024)年度", "令和7年は2025年です", "Reiwa 7 is 2025"),
        ("FY2025 (Reiwa 8)", "令和8年は2026年です", "Reiwa 8 is 2026"),
        ("FY2025 (Meiji 58)", "元号", "unknown era"),
        ("2025", "2025年度", "FY2025"),
        ("令和7年", "令和7年度", "FY2025"),
        ("R7 Q2〜", "範囲", "range"),
        ("R7〜R8〜R9", "範囲", "range"),
        ("R8〜R7", "開始が終了より後", "start is after the end"),
        ("abc", "例: R7 Q2", "e.g. R7 Q2"),
        ("Foo 2025", "例: R7 Q2", "e.g."),
        ("FY20250", "例: R7 Q2", "e.g."),
    ],
)
def test_parse_rejects(text, ja, en):
    with pytest.raises(PeriodError) as exc:
        parse_period(text)
    err = exc.value
    assert isinstance(err, ValueError)
    assert ja in str(err)
    assert en in err.message_en
    assert err.message_ja == str(err)


def test_parse_error_quotes_the_input():
    with pytest.raises(PeriodError) as exc:
        parse_period(" R7 Q5 ")
    assert str(exc.value) == '期間を読み取れません: "R7 Q5"（四半期は1〜4）'


def test_parse_today_is_accepted():
    assert parse_period("R7", today=date(2025, 1, 1)) == FY2025


def test_period_validates():
    with pytest.raises(ValueError):
        Period(date(2025, 2, 1), date(2025, 1, 1), "day")
    with pytest.raises(ValueError):
        Period(date(2025, 1, 1), date(2025, 1, 1), "week")
    assert date(2025, 8, 1) in Q2
    assert date(2025, 10, 1) not in Q2


# --- round trips and properties ------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("fy", [1989, 1990, 2018, 2019, 2020, 2025])
def test_label_round_trip_examples(fy, style, lang):
    assert parse_period(fy_label(fy, style, lang)) == Period(fy_start(fy), fy_end(fy), "year")
    for q in range(1, 5):
        expected = Period(quarter_start(fy, q), quarter_end(fy, q), "quarter")
        assert parse_period(quarter_label(fy, q, style, lang)) == expected
        assert parse_period(quarter_label(fy, q, style, lang, short=True)) == expected
    for h in (1, 2):
        expected = Period(half_start(fy, h), half_end(fy, h), "half")
        assert parse_period(half_label(fy, h, style, lang)) == expected
        assert parse_period(half_label(fy, h, style, lang, short=True)) == expected
    for year, month in fiscal_months(fy):
        expected = Period(month_start(year, month), month_end(year, month), "month")
        assert parse_period(month_label(year, month, style, lang)) == expected


@pytest.mark.parametrize("d", [date(2019, 4, 30), date(2019, 5, 1), date(1989, 1, 7), date(1989, 1, 8)])
@pytest.mark.parametrize("style", STYLES)
def test_date_round_trip_at_era_boundaries(d, style):
    for lang in ("ja", "en"):
        assert parse_period(date_label(d, style, lang)) == Period(d, d, "day")


@given(fys)
def test_fy_start_end_property(y):
    assert fiscal_year(fy_start(y)) == y == fiscal_year(fy_end(y))


@given(dates)
def test_date_inside_its_quarter_and_half(d):
    fy, q = fiscal_quarter(d)
    assert quarter_start(fy, q) <= d <= quarter_end(fy, q)
    fy2, h = fiscal_half(d)
    assert fy2 == fy == fiscal_year(d)
    assert half_start(fy, h) <= d <= half_end(fy, h)
    assert snap_to_quarter(d) <= d <= snap_to_quarter(d, end=True)
    assert snap_to_month(d) <= d <= snap_to_month(d, end=True)


@given(dates, st.integers(min_value=-600, max_value=600))
def test_add_months_inverse_within_month(d, n):
    moved = add_months(d, n)
    assert months_between(d, moved) == n
    back = add_months(moved, -n)
    assert (back.year, back.month) == (d.year, d.month)
    assert back.day <= d.day


@given(
    fys,
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(STYLES),
    st.sampled_from(["ja", "en"]),
)
def test_parse_label_round_trip(fy, q, month, style, lang):
    assert parse_period(quarter_label(fy, q, style, lang)) == Period(
        quarter_start(fy, q), quarter_end(fy, q), "quarter"
    )
    assert parse_period(fy_label(fy, style, lang)).start == fy_start(fy)
    assert parse_period(month_label(fy, month, style, lang)) == Period(
        month_start(fy, month), month_end(fy, month), "month"
    )


@given(dates, dates, st.sampled_from(["day", "month", "quarter", "half", "year"]), st.sampled_from(STYLES))
def test_period_label_round_trip(a, b, precision, style):
    start, end = min(a, b), max(a, b)
    if precision == "month":
        start, end = snap_to_month(start), snap_to_month(end, end=True)
    elif precision == "quarter":
        start, end = snap_to_quarter(start), snap_to_quarter(end, end=True)
    elif precision == "half":
        start, end = half_start(*fiscal_half(start)), half_end(*fiscal_half(end))
    elif precision == "year":
        start, end = fy_start(fiscal_year(start)), fy_end(fiscal_year(end))
    for lang in ("ja", "en"):
        assert parse_period(period_label(start, end, precision, style, lang)) == Period(start, end, precision)


@given(dates, st.sampled_from(STYLES), st.sampled_from(["ja", "en"]))
def test_date_label_round_trip(d, style, lang):
    assert parse_period(date_label(d, style, lang)) == Period(d, d, "day")


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("R7 Q1-R8 Q3", date(2025, 4, 1), date(2026, 12, 31), "quarter"),
        ("R7 Q1－R8 Q3", date(2025, 4, 1), date(2026, 12, 31), "quarter"),
        ("R7 Q1からR8 Q3", date(2025, 4, 1), date(2026, 12, 31), "quarter"),
        ("R7 Q1 ～ R8 Q3", date(2025, 4, 1), date(2026, 12, 31), "quarter"),
        ("R7 Q1—R8 Q3", date(2025, 4, 1), date(2026, 12, 31), "quarter"),
        ("2026-04-01-2026-09-30", date(2026, 4, 1), date(2026, 9, 30), "day"),
        ("第1四半期", date(2026, 4, 1), date(2026, 6, 30), "quarter"),
        ("第４四半期", date(2027, 1, 1), date(2027, 3, 31), "quarter"),
        ("4～6月", date(2026, 4, 1), date(2026, 6, 30), "quarter"),
        ("10〜3月", date(2026, 10, 1), date(2027, 3, 31), "quarter"),
        ("7月", date(2026, 7, 1), date(2026, 7, 31), "month"),
        ("上期", date(2026, 4, 1), date(2026, 9, 30), "half"),
        ("下期", date(2026, 10, 1), date(2027, 3, 31), "half"),
        ("R8 Q1", date(2026, 4, 1), date(2026, 6, 30), "quarter"),
        ("R8 4～6月", date(2026, 4, 1), date(2026, 6, 30), "quarter"),
        ("令和8年度 1～3月", date(2027, 1, 1), date(2027, 3, 31), "quarter"),
        ("令和9年1～3月", date(2027, 1, 1), date(2027, 3, 31), "quarter"),
        ("R8 Q1～Q3", date(2026, 4, 1), date(2026, 12, 31), "quarter"),
        ("令和7年度 第1～3四半期", date(2025, 4, 1), date(2025, 12, 31), "quarter"),
        ("令和8年度", date(2026, 4, 1), date(2027, 3, 31), "year"),
        ("2026-04～2026-06", date(2026, 4, 1), date(2026, 6, 30), "month"),
    ],
)
def test_parse_forgiving_forms(text, start, end, precision):
    p = parse_period(text, today=date(2026, 12, 4))
    assert (p.start, p.end, p.precision) == (start, end, precision)


def test_parse_without_a_year_takes_the_rows_year():
    p = parse_period("第2四半期", context_fy=2030)
    assert (p.start, p.end) == (date(2030, 7, 1), date(2030, 9, 30))


def test_parse_error_shows_a_range_example():
    with pytest.raises(PeriodError) as exc:
        parse_period("そのうち")
    assert "〜" in exc.value.message_ja and "–" in exc.value.message_en


# --- every display style reads back to the period it shows (issue 13, item 3) -----------------

_UNIT_STEPS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


@st.composite
def _aligned_periods(draw: st.DrawFn) -> tuple[date, date, str]:
    precision = draw(st.sampled_from(("day", "month", "quarter", "half", "year")))
    first = date(draw(st.integers(2019, 2040)), 4, 1)  # 令和元年度 on: the 年度 starts on 1 April
    if precision == "day":
        start = first + timedelta(days=draw(st.integers(0, 400)))
        end = start + timedelta(days=draw(st.integers(0, 800)))
        return start, end, precision
    step = _UNIT_STEPS[precision]
    start = add_months(first, step * draw(st.integers(0, 12 // step - 1)))
    end = add_months(start, step * draw(st.integers(1, 8))) - timedelta(days=1)
    return start, end, precision


@given(_aligned_periods(), st.sampled_from(("wareki", "western", "short", "both")), st.sampled_from(("ja", "en")))
def test_period_label_reads_back(period: tuple[date, date, str], style: str, lang: str) -> None:
    start, end, precision = period
    text = period_label(start, end, precision, style, lang)
    assert parse_period(text, context_fy=1999) == Period(start, end, precision), text


@given(_aligned_periods(), st.sampled_from(("wareki", "western")), st.sampled_from(QUARTER_STYLES))
def test_fiscal_part_label_reads_back(period: tuple[date, date, str], style: str, quarter_style: str) -> None:
    """The Japanese table style: 令和7年度 第1四半期, 令和7年度 4～6月, 令和7年度 第4四半期～令和8年度 第1四半期 ..."""
    start, end, precision = period
    text = fiscal_part_label(start, end, precision, style, quarter_style) or period_label(start, end, precision, style)
    assert parse_period(text, context_fy=1999) == Period(start, end, precision), text


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("令和7年度 10月～令和8年度 6月", date(2025, 10, 1), date(2026, 6, 30), "quarter"),
        ("令和7年度 4月～令和8年度 6月", date(2025, 4, 1), date(2026, 6, 30), "quarter"),
        ("R7 10月～R8 6月", date(2025, 10, 1), date(2026, 6, 30), "quarter"),
        ("R7 11月〜R8 5月", date(2025, 11, 1), date(2026, 5, 31), "month"),
        ("2025年度 10月～2026年度 6月", date(2025, 10, 1), date(2026, 6, 30), "quarter"),
        ("FY2025 10月 – FY2026 6月", date(2025, 10, 1), date(2026, 6, 30), "quarter"),
        ("令和7年度 10月～翌年6月", date(2025, 10, 1), date(2026, 6, 30), "quarter"),
        ("R7 10月～翌年度 6月", date(2025, 10, 1), date(2026, 6, 30), "quarter"),
        ("10月～翌年6月", date(2026, 10, 1), date(2027, 6, 30), "quarter"),  # the row's 年度 (R8)
        ("10～翌年6月", date(2026, 10, 1), date(2027, 6, 30), "quarter"),
        ("令和7年10月〜令和8年6月", date(2025, 10, 1), date(2026, 6, 30), "month"),  # calendar months stay months
    ],
)
def test_month_range_across_fiscal_years(text: str, start: date, end: date, precision: str) -> None:
    assert parse_period(text, context_fy=2026) == Period(start, end, precision)


def test_month_range_backwards_in_one_fiscal_year_is_refused() -> None:
    with pytest.raises(PeriodError, match="開始が終了より後"):
        parse_period("令和7年度 10月～令和7年度 6月")
