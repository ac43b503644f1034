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

# Input limits (docs/data-safety.md, "Limits"): far above any real plan, low enough that every
# export stays quick and small. A 17-million-character title or 500,000 tasks are refused at
# input (the editor, JSON, a crafted .dxplan), not met half-way through a PDF.
MAX_LINE_CHARS = 20_000  # one-line text: a title, a name, a department
MAX_TEXT_CHARS = 100_000  # multi-line text: a description, a note (about fifty printed pages)
MAX_ENTITIES = 20_000  # tasks (or rows of any one list) in a plan; benchmarks run at 10,000

MULTILINE_FIELDS = frozenset(
    {"description", "note", "comment", "summary", "guidance", "next_step", "actual"}
)


def check_text(value: str, field: str = "", *, multiline: bool | None = None) -> str:
    """Return ``value`` unchanged if it may be stored; raise ValidationError otherwise."""
    if not isinstance(value, str):
        raise ValidationError(N_("{field}: text expected"), field=field)
    if multiline is None:
        multiline = field in MULTILINE_FIELDS
    limit = MAX_TEXT_CHARS if multiline else MAX_LINE_CHARS
    if len(value) > limit:
        raise ValidationError(
            N_("{field}: the text is {n} characters long; at most {limit} can be stored"),
            field=field, n=f"{len(value):,}", limit=f"{limit:,}")
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


def check_count(kind: str, n: int) -> None:
    """Refuse a plan with more than :data:`MAX_ENTITIES` rows in one list."""
    if n > MAX_ENTITIES:
        raise ValidationError(N_("{kind}: {n} rows; a plan may hold at most {limit}"), kind=kind,
                              n=f"{n:,}", limit=f"{MAX_ENTITIES:,}")


# a whole number stored in the file: SQLite holds 64 bits, Excel keeps 15 significant digits
MAX_WHOLE = 10**15


def check_whole(value: int, field: str) -> None:
    if not -MAX_WHOLE <= value <= MAX_WHOLE:
        raise ValidationError(N_("{field}: {value} is too large (at most {limit})"), field=field,
                              value=f"{value:,}", limit=f"{MAX_WHOLE:,}")


def check_snapshot_shape(data: object) -> None:
    """A snapshot's frozen plan: an object whose lists hold objects with a text id (what the
    comparison and the reports rely on); a crafted ``"tasks": 5`` is refused with a message."""
    if not isinstance(data, dict):
        raise ValidationError(N_("{field}: the frozen plan is not an object"), field="data")
    from dxplanner.model import COLLECTIONS

    for kind in COLLECTIONS:
        items = data.get(kind, [])
        if not isinstance(items, list) or not all(
            isinstance(x, dict) and isinstance(x.get("id"), str) for x in items
        ):
            raise ValidationError(N_("{field}: the frozen plan's “{kind}” is not a list of items"),
                                  field="data", kind=kind)


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
