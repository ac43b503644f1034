"""Display preferences shared by every view: the era style of year labels (和暦 or 西暦)."""

from __future__ import annotations

import datetime

from dxplanner.fiscal import (
    date_label,
    fiscal_half,
    fiscal_quarter,
    fy_label,
    half_end,
    half_start,
    period_label,
    quarter_end,
    quarter_start,
)
from dxplanner.i18n import current_language
from dxplanner.money import format_thousand_yen

_era = "wareki"
#: how a quarter is written in Japanese: 第1四半期 (as 市役所 documents do), 4～6月, or Q1
QUARTER_STYLES = ("kanji", "months", "q")
_quarter = "kanji"


def set_era(style: str) -> None:
    global _era  # noqa: PLW0603 - one display preference for the process
    _era = style if style in ("wareki", "western") else "wareki"


def era() -> str:
    return _era


def set_quarter_style(style: str) -> None:
    global _quarter  # noqa: PLW0603 - one display preference for the process
    _quarter = style if style in QUARTER_STYLES else "kanji"


def quarter_style() -> str:
    return _quarter


def fy_text(fy: int | None) -> str:
    return "" if fy is None else fy_label(fy, _era, current_language())


def fy_short(fy: int) -> str:
    """Compact 年度 label for column headers: R7 / 2025 (ja), FY2025 (en)."""
    lang = current_language()
    if lang == "en":
        return f"FY{fy}"
    return fy_label(fy, "short" if _era == "wareki" else "western", lang)


def date_text(d: datetime.date | None) -> str:
    return "" if d is None else date_label(d, _era, current_language())


def period_text(start: datetime.date | None, end: datetime.date | None, precision: str) -> str:
    if start is None and end is None:
        return ""
    s = start or end
    e = end or start
    assert s is not None and e is not None
    if e < s:
        return f"{date_text(s)} ? {date_text(e)}"
    lang = current_language()
    if lang == "ja" and precision in ("quarter", "half") and not (precision == "quarter" and _quarter == "q"):
        text = _fiscal_part_text(s, e, precision)
        if text:
            return text
    return period_label(s, e, precision, _era, lang)


def _fiscal_part_text(s: datetime.date, e: datetime.date, precision: str) -> str:
    """One style for the whole column, the 年度 written in full (令和7年度 / 2025年度):
    令和7年度 第2四半期, 令和7年度 第1～3四半期, 令和7年度 4～6月, 令和7年度上期; "" if not aligned."""
    if precision == "quarter":
        (fa, qa), (fb, qb) = fiscal_quarter(s), fiscal_quarter(e)
        if (quarter_start(fa, qa), quarter_end(fb, qb)) != (s, e):
            return ""
        fy_a, fy_b = fy_label(fa, _era, "ja"), fy_label(fb, _era, "ja")
        if _quarter == "months":
            ma, mb = s.month, e.month
            if fa == fb:
                return f"{fy_a} {ma}～{mb}月"
            return f"{fy_a} {ma}月～{fy_b} {mb}月"
        if fa == fb:
            return f"{fy_a} 第{qa}四半期" if qa == qb else f"{fy_a} 第{qa}～{qb}四半期"
        return f"{fy_a} 第{qa}四半期～{fy_b} 第{qb}四半期"
    (fa, ha), (fb, hb) = fiscal_half(s), fiscal_half(e)
    if (half_start(fa, ha), half_end(fb, hb)) != (s, e):
        return ""
    name = {1: "上期", 2: "下期"}
    if fa == fb:
        return f"{fy_label(fa, _era, 'ja')}{name[ha]}" + ("" if ha == hb else f"～{name[hb]}")
    return f"{fy_label(fa, _era, 'ja')}{name[ha]}～{fy_label(fb, _era, 'ja')}{name[hb]}"


def money_text(amount: int | None) -> str:
    return "" if amount is None else format_thousand_yen(amount, current_language())
