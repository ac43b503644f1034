"""Checks at the input boundary: text, 団体コード, ranges.

Text is stored exactly as typed (外字, IVS, ｶﾀｶﾅ, emoji, combining marks: no normalisation).
Only what no document can hold is refused: lone surrogates, NUL and other control characters,
and Unicode non-characters. Multi-line fields may hold line breaks and tabs.
"""

from __future__ import annotations

import re

from dxplanner.errors import ValidationError
from dxplanner.i18n import N_

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip

# control characters (C0 except TAB/LF/CR, DEL, C1), lone surrogates, non-characters
_BAD_MULTI = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_BAD_SINGLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")

MULTILINE_FIELDS = frozenset(
    {"description", "note", "comment", "summary", "guidance", "next_step", "actual"}
)


def check_text(value: str, field: str = "", *, multiline: bool | None = None) -> str:
    """Return ``value`` unchanged if it may be stored; raise ValidationError otherwise."""
    if not isinstance(value, str):
        raise ValidationError(N_("{field}: text expected"), field=field)
    if multiline is None:
        multiline = field in MULTILINE_FIELDS
    pattern = _BAD_MULTI if multiline else _BAD_SINGLE
    m = pattern.search(value)
    if m:
        ch = m.group()
        if "\ud800" <= ch <= "\udfff":
            raise ValidationError(
                N_("{field}: the text holds a broken character (lone surrogate U+{code:04X})"),
                field=field,
                code=ord(ch),
            )
        raise ValidationError(
            N_("{field}: the text holds a control character U+{code:04X} that cannot be stored"),
            field=field,
            code=ord(ch),
        )
    return value


def code_check_digit(first5: str) -> int:
    """The check digit of a 全国地方公共団体コード (weights 6,5,4,3,2; 11 minus the remainder, last digit)."""
    total = sum(int(d) * w for d, w in zip(first5, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def check_municipality_code(code: str) -> str:
    """Validate a 6-digit 団体コード (5 digits + check digit); return it unchanged."""
    code = code.strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        raise ValidationError(N_("団体コード must be 6 digits: {code}"), field="code", code=code)
    pref = int(code[:2])
    if not 1 <= pref <= 47:
        raise ValidationError(
            N_("団体コード {code}: the first two digits must be a prefecture (01–47)"), field="code", code=code
        )
    expected = code_check_digit(code[:5])
    if int(code[5]) != expected:
        raise ValidationError(
            N_("団体コード {code}: the check digit should be {expected}"),
            field="code",
            code=code,
            expected=expected,
        )
    return code


def prefecture_of_code(code: str) -> str:
    return PREFECTURES[int(code[:2]) - 1]
