"""Columns of the entity tables: how a field is shown, edited, copied and read back from text.

One :class:`Column` describes one field of an entity. ``text`` gives what a cell shows and what
copy puts on the clipboard; ``parse`` reads what a person typed or pasted into field values
(one column may set several fields: a task's period sets start, end and precision). Reading
failures raise :class:`InputError` with a message in the user's language.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dxplanner.fiscal import PeriodError, fiscal_year, parse_period
from dxplanner.i18n import N_, _, current_language, list_separator
from dxplanner.labels import field_label
from dxplanner.money import MoneyError, parse_money
from ui import display
from ui.vocab import VALUE_LABELS, value_label

TEXT = "text"
INT = "int"
FLOAT = "float"
MONEY = "money"
DATE = "date"
PERIOD = "period"
CHOICE = "choice"
BOOL = "bool"
FY = "fy"
PERCENT = "percent"
LIST = "list"


class InputError(ValueError):
    """What a person typed cannot be read; ``str()`` is in the user's language."""


@dataclass(frozen=True)
class Column:
    field: str
    kind: str = TEXT
    header: str | None = None  # msgid; default: the field's label
    choices: tuple[str, ...] = ()
    editable: bool = True
    optional: bool = True  # an empty cell means None (for int/float/date/fy)
    date_end: bool = False  # a period typed in a date cell means its end (deadlines)
    width: int = 12  # in average characters
    getter: Callable[[Any], Any] | None = None
    setter: Callable[[Any, Any], dict[str, Any]] | None = None  # (entity, parsed) -> field values
    header_fn: Callable[[], str] | None = None  # a header computed at display time (e.g. 年度 labels)
    # how a choice reads for one row (e.g. a 首長 is 就任済, a body 設置済); None: the shared label
    choice_label: Callable[[Any, str], str | None] | None = None
    # the 年度 a period typed without a year means for one row (date/period cells); None: this 年度
    context_fy: Callable[[Any], int | None] | None = None

    def choice_text(self, ent: Any, value: str) -> str:
        special = self.choice_label(ent, value) if self.choice_label is not None else None
        return special or value_label(value)

    def title(self) -> str:
        if self.header_fn is not None:
            return self.header_fn()
        return _(self.header) if self.header else field_label(self.field)

    def value(self, ent: Any) -> Any:
        if self.getter is not None:
            return self.getter(ent)
        return getattr(ent, self.field)

    # --- showing -------------------------------------------------------------------------------

    def text(self, ent: Any) -> str:
        v = self.value(ent)
        if self.kind == CHOICE and v is not None:
            return self.choice_text(ent, str(v))
        return format_value(self.kind, v, ent)

    def edit_text(self, ent: Any) -> str:
        """The text an editor starts from (and copy puts on the clipboard)."""
        v = self.value(ent)
        if self.kind == MONEY and v is not None:
            return f"{display.money_text(v)}"
        if self.kind == PERCENT and v is not None:
            return str(v)
        if self.kind == CHOICE and v is not None:
            return self.choice_text(ent, str(v))
        return format_value(self.kind, v, ent)

    # --- reading -------------------------------------------------------------------------------

    def parse(self, ent: Any, raw: Any) -> dict[str, Any]:
        """Field values for ``raw`` (text typed or pasted, or an editor's value)."""
        value = next((c for c in self.choices if self.kind == CHOICE and raw == self.choice_text(ent, c)), None)
        if value is None:
            value = parse_value(self, raw, context_fy=self.context_fy(ent) if self.context_fy else None)
        if self.setter is not None:
            return self.setter(ent, value)
        return {self.field: value}


def format_value(kind: str, v: Any, ent: Any = None) -> str:
    if v is None:
        return ""
    if kind == MONEY:
        return display.money_text(int(v))
    if kind == DATE:
        return display.date_text(v)
    if kind == FY:
        return display.fy_text(int(v))
    if kind == CHOICE:
        return value_label(str(v))
    if kind == BOOL:
        return "✓" if v else ""
    if kind == PERCENT:
        return f"{v}%"
    if kind == LIST:
        return list_separator().join(str(x) for x in v)
    if kind == PERIOD:
        start, end, precision = v
        return display.period_text(start, end, precision)
    if kind == FLOAT:
        f = float(v)
        return f"{int(f):,}" if f.is_integer() else f"{f:,}"
    if kind == INT:
        return f"{int(v):,}"
    return str(v)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


# plain decimal numbers only: "1e5", "inf" and "nan" are what float() reads, not what a person means
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _number(text: str) -> float:
    s = _norm(text).replace(",", "").replace("，", "").replace("−", "-").replace("△", "-").replace("▲", "-")
    if not _NUMBER_RE.fullmatch(s):
        raise InputError(_("“{text}” is not a number (write it like 1,234 or 12.5)").format(text=text))
    n = float(s)
    if not math.isfinite(n):  # a few hundred digits overflow to infinity
        raise InputError(_("“{text}” is not a number (write it like 1,234 or 12.5)").format(text=text))
    return n


def _period_message(exc: PeriodError | MoneyError) -> str:
    return exc.message_en if current_language() == "en" else exc.message_ja


def parse_value(col: Column, raw: Any, *, context_fy: int | None = None) -> Any:
    """The value of ``raw`` for ``col``; a period without a year is in ``context_fy`` (else this 年度)."""
    kind = col.kind
    if kind == BOOL:
        if isinstance(raw, bool):
            return raw
        s = _norm(str(raw)).lower()
        if s in ("1", "true", "yes", "y", "✓", "○", "はい", "x", "on"):
            return True
        if s in ("", "0", "false", "no", "n", "いいえ", "off", "-"):
            return False
        raise InputError(_("“{text}”: write yes or no").format(text=raw))
    if kind == CHOICE:
        s = str(raw)
        if s in col.choices:
            return s
        t = _norm(s)
        for c in col.choices:
            if t in (c, value_label(c, "ja"), value_label(c, "en"), VALUE_LABELS.get(c, c)):
                return c
            if t.lower() == value_label(c, "en").lower():
                return c
        raise InputError(_("“{text}” is not one of: {allowed}").format(
            text=s, allowed=list_separator().join(value_label(c) for c in col.choices)))
    if kind == TEXT:
        return str(raw)
    if kind == LIST:
        s = str(raw)
        parts = [p.strip() for p in s.replace("，", "、").replace(",", "、").split("、")]
        return [p for p in parts if p]
    text = str(raw) if raw is not None else ""
    if not text.strip():
        if kind == PERIOD:
            return (None, None, "month")
        if col.optional:
            return None
        if kind in (INT, MONEY, PERCENT):
            return 0
        raise InputError(_("{field}: a value is required").format(field=col.title()))
    if kind in (INT, PERCENT):
        s = _norm(text).rstrip("%％")
        n = _number(s)
        if not n.is_integer():
            raise InputError(_("“{text}” is not a whole number").format(text=text))
        if kind == PERCENT and not 0 <= n <= 100:
            raise InputError(_("progress is a percentage from 0 to 100"))
        return int(n)
    if kind == FLOAT:
        return _number(_norm(text).rstrip("%"))  # "50%" for a KPI in %
    if kind == MONEY:
        try:
            return parse_money(text, "千円")
        except MoneyError as exc:
            raise InputError(_period_message(exc)) from None
    if kind in (DATE, PERIOD, FY):
        s = _norm(text)
        if kind == FY and s.isdigit() and len(s) == 4:
            return int(s)
        try:
            p = parse_period(text, context_fy=context_fy)
        except PeriodError as exc:
            raise InputError(_period_message(exc)) from None
        if kind == FY:
            if fiscal_year(p.start) != fiscal_year(p.end):
                raise InputError(_("“{text}” spans more than one fiscal year").format(text=text))
            return fiscal_year(p.start)
        if kind == DATE:
            return p.end if col.date_end else p.start
        return (p.start, p.end, p.precision)
    raise InputError(text)


# --- column helpers used by several tables ---------------------------------------------------------


def task_period(t: Any) -> tuple[datetime.date | None, datetime.date | None, str]:
    return (t.start, t.end, t.precision)


def set_task_period(t: Any, v: tuple[datetime.date | None, datetime.date | None, str]) -> dict[str, Any]:
    start, end, precision = v
    if start is None:
        return {"start": None, "end": None}
    if t.milestone:
        return {"start": end, "end": end, "precision": "day"}
    return {"start": start, "end": end, "precision": precision}


PERIOD_HEADER = N_("Period")
