"""Money formatting and parsing for municipal documents.

Amounts are stored as ``int`` 円. Documents show them in 千円 (thousands of yen, the usual unit
of 予算・事業費 tables) or in 円.

* Rounding to 千円 is 四捨五入 on the magnitude (round half away from zero): 1,234,500円 → 1,235千円,
  1,234,499円 → 1,234千円, △1,500円 → △2千円. This is how 予算書 and 決算書 round, and it keeps
  the figure for a negative amount the mirror image of the positive one.
* Japanese output writes negatives with the municipal minus sign 「△」 (△1,235千円); English output
  uses "-" (-¥1,235k). Pass ``minus=`` to override.
* :func:`parse_money` accepts what a person types or pastes: full-width digits, commas, units
  円 / 千円 / 万円 / 百万円 / 億円 / 兆円, compounds such as 1億2,345万円, "¥1,234,567" and the
  English "¥1,235k", and the minus signs "-", "−", "△", "▲".

Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Final

__all__ = [
    "UNITS",
    "MoneyError",
    "format_thousand_yen",
    "format_yen",
    "parse_money",
    "yen_to_thousand",
]

#: Units a bare number may be given in (``default_unit``) and their value in 円.
UNITS: Final = {"円": 1, "千円": 1_000, "万円": 10_000, "百万円": 1_000_000, "億円": 10**8, "兆円": 10**12}
_MULTIPLIERS: Final = {"兆": 10**12, "億": 10**8, "百万": 10**6, "万": 10**4, "千": 10**3, "K": 10**3}
_MINUS_SIGNS: Final = ("-", "−", "△", "▲")
_YEN_SIGNS: Final = ("¥", "\\")  # NFKC maps ￥ to ¥; a JIS keyboard types the yen sign as "\"
_NUMBER: Final = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CHUNK_RE: Final = re.compile(rf"(?P<num>{_NUMBER})(?P<mult>兆|億|百万|万|千|K)?")


class MoneyError(ValueError):
    """An amount that cannot be read. ``str()`` is Japanese; ``message_en`` is English."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_ja = message
        self.message_en = message_en


def _check_lang(lang: str) -> None:
    if lang not in ("ja", "en"):
        raise ValueError(f"unknown lang {lang!r}; expected 'ja' or 'en'")


def yen_to_thousand(amount_yen: int) -> int:
    """円 → 千円, 四捨五入 (half away from zero): 1,234,500 → 1,235; -1,500 → -2; 499 → 0."""
    magnitude = (abs(amount_yen) + 500) // 1000
    return -magnitude if amount_yen < 0 else magnitude


def _sign(negative: bool, lang: str, minus: str | None) -> str:
    if not negative:
        return ""
    if minus is not None:
        return minus
    return "△" if lang == "ja" else "-"


def format_thousand_yen(
    amount_yen: int, lang: str = "ja", unit: bool = True, *, minus: str | None = None
) -> str:
    """1234567 → "1,235千円" (en "¥1,235k"); ``unit=False`` → "1,235". Negative: "△1,235千円"."""
    _check_lang(lang)
    k = yen_to_thousand(amount_yen)
    sign = _sign(k < 0, lang, minus)
    digits = f"{abs(k):,}"
    if not unit:
        return f"{sign}{digits}"
    return f"{sign}{digits}千円" if lang == "ja" else f"{sign}¥{digits}k"


def format_yen(amount_yen: int, lang: str = "ja", *, minus: str | None = None) -> str:
    """1234567 → "1,234,567円" (en "¥1,234,567"). Negative: "△1,234,567円" / "-¥1,234,567"."""
    _check_lang(lang)
    sign = _sign(amount_yen < 0, lang, minus)
    digits = f"{abs(amount_yen):,}"
    return f"{sign}{digits}円" if lang == "ja" else f"{sign}¥{digits}"


def _fail(text: str, ja: str, en: str) -> MoneyError:
    return MoneyError(f'金額を読み取れません: "{text}"（{ja}）', f'Cannot read the amount "{text}" ({en})')


def parse_money(text: str, default_unit: str = "千円") -> int:
    """Read an amount typed by a person and return it in 円.

    A bare number is in ``default_unit`` ("1,235" → 1,235,000 with 千円); an explicit unit wins
    ("1,234,567円", "12千円", "1.5万円", "2億円", "1億2,345万円", "¥1,235k"). A leading "¥" with
    no unit means 円. Full-width characters and spaces are accepted; negatives start with "-",
    "−", "△" or "▲". The result must be a whole number of 円 ("1.2345千円" is rejected).

    Raises :class:`MoneyError` (Japanese message, English in ``message_en``).
    """
    if default_unit not in UNITS:
        raise ValueError(f"unknown default_unit {default_unit!r}; expected one of {list(UNITS)}")
    original = text.strip() if isinstance(text, str) else str(text)
    if not isinstance(text, str):
        raise _fail(original, "文字列ではありません", "not text")
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    if not s:
        raise MoneyError("金額が入力されていません", "The amount is empty")

    negative = False
    if s[0] in _MINUS_SIGNS:
        negative, s = True, s[1:]
    yen_sign = False
    if s[:1] in _YEN_SIGNS:
        yen_sign, s = True, s[1:]
    if not negative and s[:1] in _MINUS_SIGNS:  # "¥-1,000" / "￥△1,000"
        negative, s = True, s[1:]
    has_yen_suffix = s.endswith("円")
    if has_yen_suffix:
        s = s[:-1]
    if not s:
        raise _fail(original, "数字がありません", "no digits")

    total = Decimal(0)
    pos = 0
    last_mult: int | None = None
    chunks = 0
    while pos < len(s):
        m = _CHUNK_RE.match(s, pos)
        mult_text = m["mult"] if m is not None else None
        if m is None or (mult_text is None and m.end() != len(s)):
            raise _fail(
                original,
                "数字と単位（円・千円・万円・億円）で入力してください。桁区切りは3桁ごとの「,」",
                'use digits and a unit such as 円, 千円, 万円, 億円; group digits by three with ","',
            )
        if mult_text is None:
            bare = chunks == 0 and not has_yen_suffix and not yen_sign
            mult = UNITS[default_unit] if bare else 1
        else:
            mult = _MULTIPLIERS[mult_text]
        if last_mult is not None and mult >= last_mult:
            raise _fail(
                original,
                "単位の順序が正しくありません（例: 1億2,345万円）",
                "units out of order (e.g. 1億2,345万円)",
            )
        try:
            total += Decimal(m["num"].replace(",", "")) * mult
        except InvalidOperation:  # pragma: no cover - the regex only lets valid numbers through
            raise _fail(original, "数字が正しくありません", "invalid number") from None
        last_mult = mult
        chunks += 1
        pos = m.end()

    if total != total.to_integral_value():
        raise _fail(original, "1円未満の端数があります", "amounts must be whole yen")
    amount = int(total)
    return -amount if negative else amount
