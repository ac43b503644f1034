"""The survey items of the 団体概要 sheet: written one per cell, and read back by the roll-up.

A town may correct its 団体概要 in the workbook before sending it (DX担当職員数 3 → 9, CIO 任命済 →
未定). The figures the export computed are also kept in the hidden metadata; the roll-up compares
the two and **the visible answer wins**: it takes the cell, says which cells it took, and refuses the
file with the reason when a cell cannot be read (text where a number belongs, a formula). One table
(:data:`ITEMS`) defines each item's label, its cell format and how it is read, for both sides.

The 回答者 (所属・氏名・電話・メール) and DX推進専任部署 are cells for the town to fill in; the plan
does not hold them, so the roll-up takes them as they are.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from dxplanner.figures import NO_ROLE
from dxplanner.i18n import N_, translate

_ROLE_VALUES = ("任命済", "予定", "未定")
_POLICY_VALUES = ("策定済", "策定中", "未定")
NONE_TEXT = N_("none in the 推進体制")


@dataclasses.dataclass(frozen=True)
class Item:
    field: str  # the Survey field
    label: str  # msgid of the row label
    kind: str  # role | yesno | int | int_opt | policy | pct | yen_k


ITEMS: tuple[Item, ...] = (
    Item("cio", N_("CIO appointed"), "role"),
    Item("cio_assistant", N_("CIO補佐官 appointed"), "role"),
    Item("cio_assistant_external", N_("CIO補佐官 from outside (外部人材)"), "yesno"),
    Item("ciso", N_("CISO appointed"), "role"),
    Item("headquarters", N_("Organisation-wide body (推進本部 etc.)"), "role"),
    Item("policy", N_("Overall policy (全体方針)"), "policy"),
    Item("external_hires", N_("External digital experts this 年度"), "int"),
    Item("dx_staff", N_("DX staff"), "int_opt"),
    Item("digital_leads", N_("Digital leads in departments"), "int_opt"),
    Item("trainings", N_("Trainings this 年度"), "int"),
    Item("std_applicable", N_("標準化: 業務 in scope"), "int"),
    Item("std_migrated", N_("標準化: 業務 migrated (移行済)"), "int_opt"),
    Item("std_rate", N_("標準化: share of 業務 migrated (移行済)"), "pct"),
    Item("std_tokutei", N_("標準化: 特定移行支援システム"), "int"),
    Item("online_done", N_("オンライン化: procedures online"), "int"),
    Item("online_applicable", N_("オンライン化: procedures in scope"), "int"),
    Item("tasks", N_("Tasks"), "int"),
    Item("tasks_done", N_("Tasks done (完了)"), "int"),
    Item("overdue", N_("Tasks late (遅延)"), "int"),
    Item("budget_total", N_("Budget, all 年度 (千円)"), "yen_k"),
    Item("prefecture_funds", N_("of which 都道府県支出金 (千円)"), "yen_k"),
    Item("kofuzei_estimate", N_("交付税 措置見込額（参考）(千円)"), "yen_k"),
)

#: the cells the town fills in (key, label msgid)
RESPONDENT: tuple[tuple[str, str], ...] = (
    ("dept", N_("Respondent: department (回答者 所属)")),
    ("name", N_("Respondent: name (氏名)")),
    ("phone", N_("Respondent: telephone (電話)")),
    ("email", N_("Respondent: e-mail (メール)")),
    ("dedicated", N_("Dedicated DX department (DX推進専任部署: 有/無)")),
)


def cell_value(item: Item, survey: Any, lang: str) -> tuple[Any, str]:
    """(value, style) written for ``item`` from the survey figures."""
    v = getattr(survey, item.field)
    if item.kind == "role":
        return (translate(NONE_TEXT, lang) if v == NO_ROLE else v), "text"
    if item.kind == "yesno":
        return translate(N_("yes") if v else N_("no"), lang), "text"
    if item.kind == "pct":
        return (v if v is not None else "—"), "pct_l"
    if item.kind == "yen_k":
        return (None if v is None else round(v / 1000, 3)), "yen_l"
    if item.kind in ("int", "int_opt"):
        return v, "int_l"
    return v, "text"


class UnreadableCellError(ValueError):
    """A visible cell that cannot be read as its item; ``expected`` is a msgid saying what belongs there."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


def read_cell(item: Item, value: Any, is_formula: bool) -> Any:
    """The survey value a visible cell says (in either language); :class:`UnreadableCellError` otherwise."""
    if is_formula:
        raise UnreadableCellError(N_("a value, not a formula"))
    if isinstance(value, str):
        value = value.strip()
    if item.kind == "role":
        if value in _ROLE_VALUES:
            return value
        if value in (NO_ROLE, translate(NONE_TEXT, "ja"), translate(NONE_TEXT, "en")):
            return NO_ROLE
        raise UnreadableCellError(N_("任命済, 予定, 未定 or なし"))
    if item.kind == "policy":
        if value in _POLICY_VALUES:
            return value
        raise UnreadableCellError(N_("策定済, 策定中 or 未定"))
    if item.kind == "yesno":
        if value in ("はい", "yes", "Yes", "有", "○", "〇", True) or value == translate(N_("yes"), "ja"):
            return True
        if value in ("いいえ", "no", "No", "無", "×", "－", "-", False) or value == translate(N_("no"), "ja"):
            return False
        raise UnreadableCellError(N_("○ or × (はい or いいえ)"))
    if item.kind in ("int", "int_opt"):
        if item.kind == "int_opt" and value in (None, "", "—"):
            return None
        return _whole(value)
    if item.kind == "pct":
        if value in (None, "", "—"):
            return None
        number = _number(value[:-1] if isinstance(value, str) and value.endswith("%") else value)
        if isinstance(value, str) and value.endswith("%"):
            number /= 100
        if not 0 <= number <= 1:
            raise UnreadableCellError(N_("a percentage from 0% to 100%"))
        return number
    if item.kind == "yen_k":
        if value in (None, "", "—"):
            return None if item.field == "prefecture_funds" else 0
        return round(_number(value) * 1000)
    raise UnreadableCellError(N_("a value"))


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise UnreadableCellError(N_("a number"))
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").replace("，", ""))
        except ValueError:
            pass
    raise UnreadableCellError(N_("a number"))


def _whole(value: Any) -> int:
    n = _number(value)
    if n != int(n) or n < 0:
        raise UnreadableCellError(N_("a whole number, 0 or more"))
    return int(n)


def shown(item: Item, value: Any, lang: str) -> str:
    """A survey value as a person reads it in the roll-up's note (3, 任命済, 45%, 1,234千円)."""
    if value is None:
        return "—"
    if item.kind == "yesno":
        return translate(N_("yes") if value else N_("no"), lang)
    if item.kind == "role" and value == NO_ROLE:
        return translate(NONE_TEXT, lang)
    if item.kind == "pct":
        return f"{value:.1%}"
    if item.kind == "yen_k":
        return f"{value / 1000:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
