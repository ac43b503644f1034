"""Display preferences shared by every view: the era style of year labels (和暦 or 西暦)."""

from __future__ import annotations

import datetime

from dxplanner.fiscal import QUARTER_STYLES, date_label, fiscal_part_label, fy_label, period_label
from dxplanner.i18n import current_language
from dxplanner.money import format_thousand_yen

_era = "wareki"
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
        text = fiscal_part_label(s, e, precision, _era, _quarter)
        if text:
            return text
    return period_label(s, e, precision, _era, lang)


def money_text(amount: int | None) -> str:
    return "" if amount is None else format_thousand_yen(amount, current_language())
