"""Japanese fiscal calendar: 年度 / 四半期 / 半期 / 月 arithmetic, 和暦 labels and period parsing.

Standard library only (no Qt, no babel) so that every layer can use it.

Conventions
-----------
* A fiscal year (年度) runs from 1 April to 31 March of the next calendar year and is numbered by
  the calendar year in which it starts: FY2025 = 令和7年度 = 2025-04-01 .. 2026-03-31.
* Fiscal quarters: 第1四半期 = 4–6月, 第2 = 7–9月, 第3 = 10–12月, 第4 = 1–3月.
  Halves: 上期 (half 1) = 4–9月, 下期 (half 2) = 10–3月.
* Eras: 令和 (R) from 2019-05-01, 平成 (H) from 1989-01-08, 昭和 (S) from 1926-12-25,
  大正 (T) from 1912-07-30. Earlier dates are not supported (``ValueError``). The first year of an
  era is written 元年 (令和元年) in Japanese labels and "1" in short (R1) and English labels.

Which era names a period
------------------------
* A **date** uses the era in force on that day: 2019-04-30 = 平成31年4月30日,
  2019-05-01 = 令和元年5月1日.
* A **fiscal year** is named by the era in force on 31 December of its first calendar year. This
  is how government documents name 年度 once the era change is known: FY2019 = 令和元年度 (not
  平成31年度, although April 2019 was still 平成), FY1988 = 昭和63年度, FY1989 = 平成元年度,
  FY2018 = 平成30年度. Quarter and half labels follow their fiscal year (令和元年度 第1四半期).
* A **month** is named by the era in force on its last day, so every month from July 1912 on has a
  label and a month in which the era changed takes the new era: 2019-04 = 平成31年4月,
  2019-05 = 令和元年5月, 1989-01 = 平成元年1月.

Parsing (:func:`parse_period`) is more lenient than labelling: an era year is accepted for a
fiscal year when that calendar year lies (at least partly) in the era, so 平成31年度 and H31 are read
as FY2019 as in documents written before the change; a month must overlap the era and a day must
lie inside it; 平成32年 and 令和元年4月 are rejected.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

__all__ = [
    "PRECISIONS",
    "Period",
    "PeriodError",
    "add_months",
    "date_label",
    "era_of",
    "era_year_text",
    "fiscal_half",
    "fiscal_months",
    "fiscal_quarter",
    "fiscal_year",
    "from_iso",
    "fy_end",
    "fy_era",
    "fy_label",
    "fy_start",
    "half_end",
    "half_label",
    "half_start",
    "month_end",
    "month_label",
    "month_start",
    "months_between",
    "parse_period",
    "period_label",
    "quarter_end",
    "quarter_label",
    "quarter_start",
    "snap_to_month",
    "snap_to_quarter",
    "to_iso",
]

FY_START_MONTH: Final = 4
PRECISIONS: Final = ("day", "month", "quarter", "half", "year")
STYLES: Final = ("wareki", "western", "both", "short")
LANGS: Final = ("ja", "en")

_MONTHS_EN: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS_EN_FULL: Final = (
    "JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE",
    "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER",
)  # fmt: skip


@dataclass(frozen=True)
class _Era:
    name: str
    abbrev: str
    name_en: str
    start: date
    end: date | None  # last day, None for the current era


# Newest first.
_ERAS: Final = (
    _Era("令和", "R", "Reiwa", date(2019, 5, 1), None),
    _Era("平成", "H", "Heisei", date(1989, 1, 8), date(2019, 4, 30)),
    _Era("昭和", "S", "Showa", date(1926, 12, 25), date(1989, 1, 7)),
    _Era("大正", "T", "Taisho", date(1912, 7, 30), date(1926, 12, 24)),
)
_ERA_BY_TOKEN: Final = {
    **{e.name: e for e in _ERAS},
    **{e.abbrev: e for e in _ERAS},
    **{e.name_en.upper(): e for e in _ERAS},
}


class PeriodError(ValueError):
    """A period or date that cannot be read. ``str()`` is Japanese; ``message_en`` is English."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_ja = message
        self.message_en = message_en


@dataclass(frozen=True)
class Period:
    """An inclusive span of days and how finely it was specified ("day" … "year")."""

    start: date
    end: date
    precision: str

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.start > self.end:
            raise ValueError(f"period starts after it ends: {self.start} > {self.end}")

    def __contains__(self, d: object) -> bool:
        return isinstance(d, date) and self.start <= d <= self.end


# ---------------------------------------------------------------------------------------------
# Arithmetic


def fiscal_year(d: date) -> int:
    """The 年度 containing ``d`` (numbered by the calendar year in which it starts)."""
    return d.year if d.month >= FY_START_MONTH else d.year - 1


def fy_start(fy: int) -> date:
    return date(fy, FY_START_MONTH, 1)


def fy_end(fy: int) -> date:
    return date(fy + 1, FY_START_MONTH - 1, 31)


def _fiscal_index(month: int) -> int:
    """0 for April … 11 for March."""
    return (month - FY_START_MONTH) % 12


def _fiscal_month(fy: int, index: int) -> tuple[int, int]:
    """(year, month) of the ``index``-th month (0-based) of fiscal year ``fy``."""
    total = fy * 12 + (FY_START_MONTH - 1) + index
    return total // 12, total % 12 + 1


def fiscal_quarter(d: date) -> tuple[int, int]:
    """(fy, quarter 1..4) of ``d``."""
    return fiscal_year(d), _fiscal_index(d.month) // 3 + 1


def fiscal_half(d: date) -> tuple[int, int]:
    """(fy, half) of ``d``: half 1 = 上期 (4–9月), 2 = 下期 (10–3月)."""
    return fiscal_year(d), _fiscal_index(d.month) // 6 + 1


def _check_quarter(q: int) -> None:
    if not 1 <= q <= 4:
        raise ValueError(f"quarter must be 1..4, not {q}")


def _check_half(half: int) -> None:
    if half not in (1, 2):
        raise ValueError(f"half must be 1 (上期) or 2 (下期), not {half}")


def quarter_start(fy: int, q: int) -> date:
    _check_quarter(q)
    return month_start(*_fiscal_month(fy, (q - 1) * 3))


def quarter_end(fy: int, q: int) -> date:
    _check_quarter(q)
    return month_end(*_fiscal_month(fy, q * 3 - 1))


def half_start(fy: int, half: int) -> date:
    _check_half(half)
    return month_start(*_fiscal_month(fy, (half - 1) * 6))


def half_end(fy: int, half: int) -> date:
    _check_half(half)
    return month_end(*_fiscal_month(fy, half * 6 - 1))


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, n: int) -> date:
    """``d`` moved by ``n`` calendar months; the day is clamped (1/31 + 1 month = 2/28 or 2/29)."""
    total = d.year * 12 + (d.month - 1) + n
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def months_between(a: date, b: date) -> int:
    """Calendar months from a's month to b's month (b − a); days are ignored, may be negative."""
    return (b.year - a.year) * 12 + (b.month - a.month)


def fiscal_months(fy: int) -> list[tuple[int, int]]:
    """The twelve (year, month) pairs of a fiscal year, April first."""
    return [_fiscal_month(fy, i) for i in range(12)]


def snap_to_month(d: date, end: bool = False) -> date:
    """First (or, with ``end``, last) day of d's month."""
    return month_end(d.year, d.month) if end else month_start(d.year, d.month)


def snap_to_quarter(d: date, end: bool = False) -> date:
    """First (or, with ``end``, last) day of d's fiscal quarter."""
    fy, q = fiscal_quarter(d)
    return quarter_end(fy, q) if end else quarter_start(fy, q)


def to_iso(d: date) -> str:
    return d.isoformat()


_ISO_RE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def from_iso(s: str) -> date:
    """Strict ``YYYY-MM-DD``; anything else raises :class:`PeriodError`."""
    m = _ISO_RE.fullmatch(s.strip()) if isinstance(s, str) else None
    if m is None:
        raise PeriodError(
            f'日付を読み取れません: "{s}"（YYYY-MM-DD 形式）',
            f'Cannot read the date "{s}" (expected YYYY-MM-DD)',
        )
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise PeriodError(
            f'日付を読み取れません: "{s}"（存在しない日付です）',
            f'Cannot read the date "{s}" (no such date)',
        ) from None


# ---------------------------------------------------------------------------------------------
# Eras


def _era_at(d: date) -> _Era:
    for era in _ERAS:
        if d >= era.start:
            return era
    raise ValueError(f"dates before 大正 (1912-07-30) are not supported: {d}")


def era_of(d: date) -> tuple[str, str, int]:
    """(era name, abbreviation, era year) in force on ``d``, e.g. ("令和", "R", 7)."""
    era = _era_at(d)
    return era.name, era.abbrev, d.year - era.start.year + 1


def fy_era(fy: int) -> tuple[str, str, int]:
    """The era naming fiscal year ``fy``: the one in force on 31 December of ``fy`` (see module doc)."""
    return era_of(date(fy, 12, 31))


def era_year_text(n: int) -> str:
    """Era year as written in Japanese: 1 -> "元", 7 -> "7"."""
    if n < 1:
        raise ValueError(f"era years start at 1, not {n}")
    return "元" if n == 1 else str(n)


# ---------------------------------------------------------------------------------------------
# Labels


def _check_style(style: str, lang: str) -> None:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {STYLES}")
    if lang not in LANGS:
        raise ValueError(f"unknown lang {lang!r}; expected one of {LANGS}")


def _era_parts(d: date) -> tuple[_Era, int]:
    era = _era_at(d)
    return era, d.year - era.start.year + 1


def fy_label(fy: int, style: str = "wareki", lang: str = "ja") -> str:
    """ja: 令和7年度 / 2025年度 / 令和7(2025)年度 / R7; en: FY2025 (Reiwa 7) / FY2025."""
    _check_style(style, lang)
    if lang == "en":
        if style in ("wareki", "both"):
            era, n = _era_parts(date(fy, 12, 31))
            return f"FY{fy} ({era.name_en} {n})"
        return f"FY{fy}"
    if style == "western":
        return f"{fy}年度"
    era, n = _era_parts(date(fy, 12, 31))
    if style == "short":
        return f"{era.abbrev}{n}"
    if style == "both":
        return f"{era.name}{era_year_text(n)}({fy})年度"
    return f"{era.name}{era_year_text(n)}年度"


def _short_fy(fy: int, style: str) -> str:
    """Compact fiscal-year prefix for quarter/half labels: R7, 2025 or R7(2025)."""
    if style == "western":
        return str(fy)
    era, n = _era_parts(date(fy, 12, 31))
    return f"{era.abbrev}{n}({fy})" if style == "both" else f"{era.abbrev}{n}"


def quarter_label(fy: int, q: int, style: str = "wareki", lang: str = "ja", short: bool = False) -> str:
    """ja: 令和7年度 第2四半期, short R7 Q2 (western 2025 Q2, both R7(2025) Q2); en: FY2025 Q2.

    ``style="short"`` is the same as ``short=True`` with 和暦.
    """
    _check_style(style, lang)
    _check_quarter(q)
    if lang == "en":
        return f"FY{fy} Q{q}"
    if short or style == "short":
        return f"{_short_fy(fy, style)} Q{q}"
    return f"{fy_label(fy, style, lang)} 第{q}四半期"


def half_label(fy: int, half: int, style: str = "wareki", lang: str = "ja", short: bool = False) -> str:
    """ja: 令和7年度上期 / 2025年度下期, short R7上期; en: FY2025 H1."""
    _check_style(style, lang)
    _check_half(half)
    if lang == "en":
        return f"FY{fy} H{half}"
    name = "上期" if half == 1 else "下期"
    if short or style == "short":
        return f"{_short_fy(fy, style)}{name}"
    return f"{fy_label(fy, style, lang)}{name}"


def month_label(year: int, month: int, style: str = "wareki", lang: str = "ja") -> str:
    """ja: 令和7年7月 / 2025年7月 / 令和7(2025)年7月 / R7.7; en: Jul 2025 (all styles).

    The era is the one in force on the month's last day (see module doc).
    """
    _check_style(style, lang)
    last = month_end(year, month)  # also validates the month
    if lang == "en":
        return f"{_MONTHS_EN[month - 1]} {year}"
    if style == "western":
        return f"{year}年{month}月"
    era, n = _era_parts(last)
    if style == "short":
        return f"{era.abbrev}{n}.{month}"
    if style == "both":
        return f"{era.name}{era_year_text(n)}({year})年{month}月"
    return f"{era.name}{era_year_text(n)}年{month}月"


def date_label(d: date, style: str = "wareki", lang: str = "ja") -> str:
    """ja: 令和7年4月1日 / 2025年4月1日 / 令和7(2025)年4月1日 / R7.4.1; en: 1 Apr 2025."""
    _check_style(style, lang)
    if lang == "en":
        return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    if style == "western":
        return f"{d.year}年{d.month}月{d.day}日"
    era, n = _era_parts(d)
    if style == "short":
        return f"{era.abbrev}{n}.{d.month}.{d.day}"
    if style == "both":
        return f"{era.name}{era_year_text(n)}({d.year})年{d.month}月{d.day}日"
    return f"{era.name}{era_year_text(n)}年{d.month}月{d.day}日"


def _unit_bounds(d: date, precision: str) -> tuple[date, date]:
    if precision == "day":
        return d, d
    if precision == "month":
        return month_start(d.year, d.month), month_end(d.year, d.month)
    if precision == "quarter":
        fy, q = fiscal_quarter(d)
        return quarter_start(fy, q), quarter_end(fy, q)
    if precision == "half":
        fy, h = fiscal_half(d)
        return half_start(fy, h), half_end(fy, h)
    fy = fiscal_year(d)
    return fy_start(fy), fy_end(fy)


def _unit_label(d: date, precision: str, style: str, lang: str) -> str:
    if precision == "day":
        return date_label(d, style, lang)
    if precision == "month":
        return month_label(d.year, d.month, style, lang)
    if precision == "quarter":
        return quarter_label(*fiscal_quarter(d), style=style, lang=lang, short=True)
    if precision == "half":
        return half_label(*fiscal_half(d), style=style, lang=lang, short=True)
    return fy_label(fiscal_year(d), style, lang)


def period_label(start: date, end: date, precision: str, style: str = "wareki", lang: str = "ja") -> str:
    """Display text for a period; :func:`parse_period` reads it back.

    One whole unit gives one label ("R7 Q2", "令和7年7月", "令和7年度"); several whole units give
    "first〜last" ("R7 Q2〜R7 Q3"); a span not aligned to ``precision`` falls back to days
    ("令和7年4月3日〜令和7年9月30日"). Quarters and halves use the compact form. English
    separates a range with " – ".
    """
    _check_style(style, lang)
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}")
    if start > end:
        raise ValueError(f"period starts after it ends: {start} > {end}")
    sep = "〜" if lang == "ja" else " – "
    first = _unit_bounds(start, precision)
    last = _unit_bounds(end, precision)
    if first[0] != start or last[1] != end:
        precision = "day"
        first, last = (start, start), (end, end)
    if first == last:
        return _unit_label(start, precision, style, lang)
    return f"{_unit_label(start, precision, style, lang)}{sep}{_unit_label(end, precision, style, lang)}"


#: how a quarter is written in Japanese: 第1四半期 (as 市役所 documents do), 4～6月, or Q1
QUARTER_STYLES: Final = ("kanji", "months", "q")


def fiscal_part_label(s: date, e: date, precision: str, style: str = "wareki", quarter_style: str = "kanji") -> str:
    """Japanese quarters and halves as 市役所 documents write them, the 年度 in full (令和7年度 /
    2025年度): 令和7年度 第2四半期, 令和7年度 第1～3四半期 (``quarter_style`` "kanji"), 令和7年度 4～6月
    ("months"), 令和7年度上期; "" if the period is not whole quarters (halves). :func:`parse_period`
    reads it back."""
    if precision not in ("quarter", "half") or (precision == "quarter" and quarter_style == "q"):
        return ""
    if precision == "quarter":
        (fa, qa), (fb, qb) = fiscal_quarter(s), fiscal_quarter(e)
        if (quarter_start(fa, qa), quarter_end(fb, qb)) != (s, e):
            return ""
        fy_a, fy_b = fy_label(fa, style, "ja"), fy_label(fb, style, "ja")
        if quarter_style == "months":
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
        return f"{fy_label(fa, style, 'ja')}{name[ha]}" + ("" if ha == hb else f"～{name[hb]}")
    return f"{fy_label(fa, style, 'ja')}{name[ha]}～{fy_label(fb, style, 'ja')}{name[hb]}"


# ---------------------------------------------------------------------------------------------
# Parsing

_ERA_YEAR: Final = r"(?P<era>令和|平成|昭和|大正|[RHST])(?P<ey>\d{1,3}|元)(?:\((?P<wy>\d{1,4})\))?"
_CAL_YEAR: Final = rf"(?:{_ERA_YEAR}|(?P<y>\d{{4}}))"
_DATE_RES: Final = (
    re.compile(rf"{_CAL_YEAR}年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"),
    re.compile(rf"{_CAL_YEAR}(?P<sep>[./-])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"),
)
_MONTH_RES: Final = (
    re.compile(rf"{_CAL_YEAR}年(?P<m>\d{{1,2}})月"),
    re.compile(rf"{_CAL_YEAR}[./-](?P<m>\d{{1,2}})"),
)
_FISCAL_RE: Final = re.compile(
    rf"(?:{_ERA_YEAR}(?:年度)?"
    r"|FY(?P<fy>\d{4})(?:\((?P<ename>[A-Z]+)(?P<eey>\d{1,3})\))?"
    r"|(?P<y>\d{4})年度"
    r"|(?P<yb>\d{4}))"
    r"(?:Q(?P<q1>\d+)|第(?P<q2>\d+)(?:四半期|Q)|(?P<half>上期|上半期|下期|下半期|H1|H2))?"
)
_CAL_YEAR_RE: Final = re.compile(rf"{_CAL_YEAR}年")
_EN_DATE_RES: Final = (
    re.compile(r"(?P<d>\d{1,2})(?P<mon>[A-Z]+)\.?,?(?P<y>\d{4})"),  # 1 Apr 2025
    re.compile(r"(?P<mon>[A-Z]+)\.?(?P<d>\d{1,2}),?(?P<y>\d{4})"),  # Apr 1, 2025
)
_EN_MONTH_RE: Final = re.compile(r"(?P<mon>[A-Z]+)\.?,?(?P<y>\d{4})")  # Jul 2025
# after NFKC: ～ is ~, － is -; the hyphen is tried last (it is also the ISO date separator)
_RANGE_SEP_RE: Final = re.compile(r"[〜~–—―]|から")
_EXAMPLES_JA: Final = ("例: R7 Q2、令和7年度 第2四半期、令和7年度上期、2025年7月、2025-07-15、"
                       "範囲は R7 Q1〜R8 Q2 や 令和7年度 4〜9月")
_EXAMPLES_EN: Final = "e.g. R7 Q2, FY2025, FY2025 Q2, 2025-07, 2025-07-15; a range: FY2025 Q1 – FY2026 Q2"
# what needs the 年度 from elsewhere (given once before a range, or the row's / this 年度)
_NO_YEAR_RE: Final = re.compile(
    r"(?:Q(?P<q1>\d+)|第(?P<q2>\d+)(?:四半期|Q)|(?P<q3>\d+)Q"
    r"|(?P<half>上期|上半期|下期|下半期|H1|H2)|(?P<m>\d{1,2})月)"
)
_FY_MONTH_RE: Final = re.compile(rf"(?P<fy>(?:{_ERA_YEAR}|\d{{4}})年度)(?P<m>\d{{1,2}})月")
# a year written once in front of the rest: 令和8年度 / R8 / 2026年度 / FY2026 (fiscal), 令和8年 / 2026年 (calendar)
_YEAR_PREFIX_RE: Final = re.compile(
    rf"(?P<pre>{_ERA_YEAR}(?P<fsuf>年度|年)?|FY(?P<fyy>\d{{4}})|(?P<yy>\d{{4}})(?P<ysuf>年度|年))(?P<rest>.+)"
)


class _ParseFailError(Exception):
    def __init__(self, ja: str, en: str) -> None:
        super().__init__(ja)
        self.ja = ja
        self.en = en


def _normalise(text: str) -> str:
    # NFKC: full-width digits/letters/brackets/spaces -> ASCII, ㋿/㍻ -> 令和/平成.
    s = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", s).upper()


_MONTH_EN_TOKENS: Final = {
    **{full: i + 1 for i, full in enumerate(_MONTHS_EN_FULL)},
    **{full[:3]: i + 1 for i, full in enumerate(_MONTHS_EN_FULL)},
    "SEPT": 9,
}


def _era_western_year(era_tok: str, ey_text: str, wy_text: str | None) -> tuple[_Era, int]:
    era = _ERA_BY_TOKEN[era_tok]
    n = 1 if ey_text == "元" else int(ey_text)
    if n < 1:
        raise _ParseFailError(
            f"{era.name}0年はありません。1年目は「元年」です", f"{era.name_en} years start at 1"
        )
    year = era.start.year + n - 1
    if wy_text is not None and int(wy_text) != year:
        raise _ParseFailError(
            f"{era.name}{era_year_text(n)}年は{year}年です",
            f"{era.name_en} {n} is {year}, not {int(wy_text)}",
        )
    return era, year


def _era_span_fail(era: _Era, before: bool) -> _ParseFailError:
    if before:
        s = era.start
        return _ParseFailError(
            f"{era.name}は{s.year}年{s.month}月{s.day}日からです",
            f"{era.name_en} began on {s.day} {_MONTHS_EN[s.month - 1]} {s.year}",
        )
    assert era.end is not None
    e = era.end
    n = e.year - era.start.year + 1
    return _ParseFailError(
        f"{era.name}は{era.name}{n}年{e.month}月{e.day}日までです",
        f"{era.name_en} ended on {e.day} {_MONTHS_EN[e.month - 1]} {e.year} ({era.name_en} {n})",
    )


def _check_era_span(era: _Era | None, first: date, last: date) -> None:
    """The span [first, last] must overlap the era."""
    if era is None:
        return
    if last < era.start:
        raise _era_span_fail(era, before=True)
    if era.end is not None and first > era.end:
        raise _era_span_fail(era, before=False)


def _calendar_year(m: re.Match[str]) -> tuple[_Era | None, int]:
    if m["era"] is not None:
        return _era_western_year(m["era"], m["ey"], m["wy"])
    return None, int(m["y"])


def _check_month(month: int) -> None:
    if not 1 <= month <= 12:
        raise _ParseFailError("月は1〜12", "month must be 1–12")


def _make_date(year: int, month: int, day: int) -> date:
    _check_month(month)
    try:
        return date(year, month, day)
    except ValueError:
        raise _ParseFailError(
            f"{year}年{month}月{day}日は存在しない日付です", f"{year}-{month:02d}-{day:02d} does not exist"
        ) from None


def _check_year(year: int) -> None:
    if not 1 <= year <= 9998:
        raise _ParseFailError("年は1〜9998", "year must be 1–9998")


def _parse_fiscal(m: re.Match[str]) -> Period:
    era: _Era | None = None
    if m["era"] is not None:
        era, fy = _era_western_year(m["era"], m["ey"], m["wy"])
        _check_era_span(era, date(fy, 1, 1), date(fy, 12, 31))
    elif m["fy"] is not None:
        fy = int(m["fy"])
        if m["ename"] is not None:
            if m["ename"] not in _ERA_BY_TOKEN:
                raise _ParseFailError(f"元号「{m['ename']}」が分かりません", f"unknown era {m['ename']!r}")
            era, year = _era_western_year(m["ename"], m["eey"], None)
            _check_era_span(era, date(year, 1, 1), date(year, 12, 31))
            if year != fy:
                raise _ParseFailError(
                    f"{era.name}{m['eey']}年は{year}年です", f"{era.name_en} {m['eey']} is {year}"
                )
    elif m["y"] is not None:
        fy = int(m["y"])
    else:
        fy = int(m["yb"])
        if m["q1"] is None and m["q2"] is None and m["half"] is None:
            raise _ParseFailError(
                f"年度なら「{fy}年度」、月なら「{fy}年4月」のように入力してください",
                f'write "FY{fy}" for a fiscal year or "{fy}-04" for a month',
            )
    _check_year(fy)
    q_text = m["q1"] or m["q2"]
    if q_text is not None:
        q = int(q_text)
        if not 1 <= q <= 4:
            raise _ParseFailError("四半期は1〜4", "quarter must be 1–4")
        return Period(quarter_start(fy, q), quarter_end(fy, q), "quarter")
    if m["half"] is not None:
        half = 1 if m["half"] in ("上期", "上半期", "H1") else 2
        return Period(half_start(fy, half), half_end(fy, half), "half")
    return Period(fy_start(fy), fy_end(fy), "year")


def _parse_without_year(m: re.Match[str], ctx: _Ctx) -> Period:
    q_text = m["q1"] or m["q2"] or m["q3"]
    if q_text is not None:
        q = int(q_text)
        if not 1 <= q <= 4:
            raise _ParseFailError("四半期は1〜4", "quarter must be 1–4")
        return Period(quarter_start(ctx.fy, q), quarter_end(ctx.fy, q), "quarter")
    if m["half"] is not None:
        half = 1 if m["half"] in ("上期", "上半期", "H1") else 2
        return Period(half_start(ctx.fy, half), half_end(ctx.fy, half), "half")
    month = int(m["m"])
    _check_month(month)
    year = ctx.calendar if ctx.calendar is not None else (ctx.fy if month >= 4 else ctx.fy + 1)
    return Period(month_start(year, month), month_end(year, month), "month")


def _parse_single(s: str, ctx: _Ctx | None = None) -> Period:
    for rx in _DATE_RES:
        if m := rx.fullmatch(s):
            era, year = _calendar_year(m)
            _check_year(year)
            d = _make_date(year, int(m["m"]), int(m["d"]))
            _check_era_span(era, d, d)
            return Period(d, d, "day")
    for rx in _MONTH_RES:
        if m := rx.fullmatch(s):
            era, year = _calendar_year(m)
            _check_year(year)
            month = int(m["m"])
            _check_month(month)
            first, last = month_start(year, month), month_end(year, month)
            _check_era_span(era, first, last)
            return Period(first, last, "month")
    if m := _FISCAL_RE.fullmatch(s):
        return _parse_fiscal(m)
    for rx in _EN_DATE_RES:
        if (m := rx.fullmatch(s)) and m["mon"] in _MONTH_EN_TOKENS:
            d = _make_date(int(m["y"]), _MONTH_EN_TOKENS[m["mon"]], int(m["d"]))
            return Period(d, d, "day")
    if (m := _EN_MONTH_RE.fullmatch(s)) and m["mon"] in _MONTH_EN_TOKENS:
        year = int(m["y"])
        _check_year(year)
        month = _MONTH_EN_TOKENS[m["mon"]]
        return Period(month_start(year, month), month_end(year, month), "month")
    if ctx is not None and (m := _NO_YEAR_RE.fullmatch(s)):
        return _parse_without_year(m, ctx)
    if (m := _FY_MONTH_RE.fullmatch(s)) and (f := _FISCAL_RE.fullmatch(m["fy"])):
        # 令和7年度10月: a month of a 年度 (1〜3月 belong to the next calendar year)
        return _parse_without_year(_NO_YEAR_RE.fullmatch(m["m"] + "月"),  # type: ignore[arg-type]
                                   _Ctx(_parse_fiscal(f).start.year, None))
    if m := _CAL_YEAR_RE.fullmatch(s):
        _, year = _calendar_year(m)  # reports 令和0年 etc. first
        label = f"{m['era']}{m['ey']}" if m["era"] is not None else str(year)
        raise _ParseFailError(
            f"年度なら「{label}年度」、月なら「{label}年4月」のように入力してください",
            f'write "FY{year}" for a fiscal year or "{year}-04" for a month',
        )
    raise _ParseFailError(_EXAMPLES_JA, _EXAMPLES_EN)


def parse_period(text: str, *, today: date | None = None, context_fy: int | None = None) -> Period:
    """Read a date, month, quarter, half or fiscal year typed by a person.

    Full-width characters and spaces are normalised and letters are case-insensitive. Accepted
    (among others): "R7 Q2", "令和7年度 第2四半期", "令和7年度上期", "R7下期", "令和7年度", "R7",
    "令和元年度", "H31", "FY2025", "FY2025 Q2", "FY2025 H1", "2025年度", "2025 Q2" (fiscal),
    "2025-07", "2025/7", "2025年7月", "令和7年7月", "R7.7", "Jul 2025", "2025-07-15",
    "2025/7/15", "令和7年7月15日", "R7.7.15", "1 Apr 2025", the "both" forms "令和7(2025)年度",
    and ranges of these joined by 〜 ～ ~ – — - － or から (``period_label``'s output). The year may
    be written once for a whole range ("令和8年度 4〜9月", "R8 Q1〜Q3", "令和7年度 第1〜3四半期"), or
    at each end of a range of months across 年度 ("令和7年度 10月〜令和8年度 6月", "R7 10月〜R8 6月"),
    whose end may be "翌年6月" / "翌年度 6月" (the calendar year / 年度 after the start's).
    Without any year ("第1四半期", "4〜6月", "上期", "Q2") the 年度 is ``context_fy`` (the row's
    own 年度, say), else the 年度 of ``today`` (default: the computer's date). A range of whole
    quarters written in months (4〜6月) is a quarter period. A range has the finer precision of its
    two ends.

    Raises :class:`PeriodError` (Japanese message, English in ``message_en``).
    """
    original = text.strip() if isinstance(text, str) else str(text)
    try:
        if not isinstance(text, str):
            raise _ParseFailError("文字列ではありません", "not text")
        s = _normalise(text)
        if not s:
            raise PeriodError("期間が入力されていません", "The period is empty")
        fy = context_fy if context_fy is not None else fiscal_year(today or date.today())
        spaced = unicodedata.normalize("NFKC", text).strip()
        try:
            return _parse_range(s, _Ctx(fy, None))
        except _ParseFailError as first:
            if (p := _after_year_prefix(_parse_range, spaced, s)) is not None:
                return p
            try:
                return _parse_spaced_range(spaced, _Ctx(fy, None))
            except _ParseFailError:
                raise first from None
    except _ParseFailError as f:
        raise PeriodError(
            f'期間を読み取れません: "{original}"（{f.ja}）', f'Cannot read the period "{original}" ({f.en})'
        ) from None


@dataclass(frozen=True)
class _Ctx:
    """The year that applies to parts written without one: a 年度, or a calendar year for months."""

    fy: int
    calendar: int | None
    era: _Era | None = None  # the era the year was written in: the period must fall in it


def _after_year_prefix(parse: Callable[[str, _Ctx], Period], spaced: str, s: str) -> Period | None:
    """``parse`` of what follows a year written once (see :func:`_year_prefixes`), in that year; the
    first reading that works (its era checked), or None."""
    for ctx, rest in _year_prefixes(spaced, s):
        try:
            p = parse(rest, ctx)
        except _ParseFailError:
            continue
        _check_era_span(ctx.era, p.start, p.end)
        return p
    return None


def _year_prefixes(spaced: str, s: str) -> list[tuple[_Ctx, str]]:
    """Ways to read ``s`` as a year written once, then the rest ("R8 4〜6月", "令和8年度第1〜3四半期")."""
    found: list[tuple[_Ctx, str]] = []
    head, _sep, tail = spaced.partition(" ")
    candidates = []
    if tail.strip():
        candidates.append((_normalise(head), _normalise(tail)))
    if m := _YEAR_PREFIX_RE.fullmatch(s):
        candidates.append((m["pre"], m["rest"]))
    for pre, rest in candidates:
        if m := _CAL_YEAR_RE.fullmatch(pre):
            era, year = _calendar_year(m)
            found.append((_Ctx(year, year, era), rest))
            continue
        if (m := _FISCAL_RE.fullmatch(pre)) and m["q1"] is None and m["q2"] is None and m["half"] is None \
                and m["yb"] is None:
            found.append((_Ctx(_parse_fiscal(m).start.year, None), rest))
    return found


def _split_range(s: str) -> list[tuple[str, str]]:
    """The ways ``s`` splits into start and end: at 〜 ~ – — から, else at each hyphen."""
    parts = _RANGE_SEP_RE.split(s)
    if len(parts) == 2:
        return [(parts[0], parts[1])]
    if len(parts) > 2:
        raise _ParseFailError("範囲は「開始〜終了」の形で入力してください", 'write a range as "start – end"')
    return [(s[:i], s[i + 1:]) for i, ch in enumerate(s) if ch == "-"]


_RANGE_FORM_FAIL: Final = ("範囲は「開始〜終了」の形で入力してください", 'write a range as "start – end"')


def _range_ends(left: str, right: str) -> tuple[str, str]:
    """4〜6月, 第1〜3四半期: the unit is written once, after the end."""
    if left.isdigit() and right.endswith("月") and not right.endswith("四半期"):
        left += "月"
    if right.endswith("四半期") and left.startswith("第") and left[1:].isdigit():
        left += "四半期"
        if right[:1].isdigit():
            right = "第" + right
    return left, right


def _parse_range(s: str, ctx: _Ctx) -> Period:
    try:
        return _parse_single(s, ctx)
    except _ParseFailError as single_failure:
        splits = _split_range(s)
        if not splits:
            raise
        explicit = _RANGE_SEP_RE.search(s) is not None  # a hyphen alone may be part of a date
        failure: _ParseFailError = single_failure
        for raw_left, raw_right in splits:
            if not raw_left or not raw_right:
                failure = _ParseFailError(*_RANGE_FORM_FAIL) if explicit else failure
                continue
            left, right = _range_ends(raw_left, raw_right)
            try:
                a, b = _parse_single(left, ctx), _parse_single(right, ctx)
            except _ParseFailError as f:
                failure = f if explicit else failure
                continue
            if a.start > b.end:
                raise _ParseFailError("開始が終了より後です", "the start is after the end") from None
            return _joined(a, b, left, right)
        raise failure from None


def _is_calendar_month(s: str) -> bool:
    """A month written with its calendar year (令和7年7月, 2025-07, Jul 2025), not as a month of a 年度."""
    return any(rx.fullmatch(s) for rx in _MONTH_RES) or _EN_MONTH_RE.fullmatch(s) is not None


def _joined(a: Period, b: Period, left: str, right: str) -> Period:
    """The range from ``a`` to ``b`` (``left``/``right``: the normalised texts they were read from)."""
    if a.start > b.end:
        raise _ParseFailError("開始が終了より後です", "the start is after the end")
    finer = min(PRECISIONS.index(a.precision), PRECISIONS.index(b.precision))
    precision = PRECISIONS[finer]
    if (a.precision == b.precision == "month" and not _is_calendar_month(left) and not _is_calendar_month(right)
            and a.start.month in (1, 4, 7, 10) and b.end.month in (3, 6, 9, 12)):
        # 4〜6月, 令和7年度 10月〜令和8年度 6月: months of a 年度 are how documents write quarters
        precision = "quarter"
    return Period(a.start, b.end, precision)


_NEXT_YEAR_RE: Final = re.compile(r"(?P<kind>翌年度|翌年)(?P<rest>.+)")


def _parse_side(side: str, ctx: _Ctx) -> Period:
    """One end of a range written with spaces: "R7 10月", "令和8年度 6月", "第2四半期"."""
    s = _normalise(side)
    try:
        return _parse_single(s, ctx)
    except _ParseFailError as first:
        if (p := _after_year_prefix(_parse_single, side.strip(), s)) is not None:
            return p
        raise first from None


def _parse_spaced_range(spaced: str, ctx: _Ctx) -> Period:
    """A range whose ends each carry their own year, split before the spaces are dropped
    ("R7 10月〜R8 6月"), or whose end is in the next year ("10月〜翌年6月", "R7 10月〜翌年度 6月")."""
    parts = _RANGE_SEP_RE.split(spaced)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise _ParseFailError(*_RANGE_FORM_FAIL)
    raw_left, raw_right = parts
    left_n, right_n = _range_ends(_normalise(raw_left), _normalise(raw_right))
    if left_n != _normalise(raw_left):  # 10〜翌年6月: the unit written once, after the end
        raw_left = left_n
    a = _parse_side(raw_left, ctx)
    if m := _NEXT_YEAR_RE.fullmatch(right_n):
        if m["kind"] == "翌年度":
            nxt = _Ctx(fiscal_year(a.start) + 1, None)
        else:
            nxt = _Ctx(a.start.year + 1, a.start.year + 1)
        b = _parse_single(m["rest"], nxt)
        return _joined(a, b, left_n, m["rest"])
    b = _parse_side(raw_right, ctx)
    return _joined(a, b, left_n, right_n)
