"""Reading a 進捗入力 sheet back: what the departments wrote, checked cell by cell.

``read_progress(xlsx, plan)`` never changes the workbook or the plan. It returns one
:class:`~dxplanner.ops.Batch` of ``UpdateEntity`` ops (one undo step in the GUI) for the rows that
passed every check, and a :class:`RowError` for each row that did not: nothing from a rejected
row is applied. Each field is compared three ways, with the value in the sheet, the value the
export wrote (kept in a very hidden baseline sheet) and the value in the plan now:

* sheet = export → the department left it alone: nothing changes (even if the plan changed since);
* sheet ≠ export, plan = export → the department's value is taken;
* sheet ≠ export, plan ≠ export and plan ≠ sheet → both sides changed it: the row is rejected with
  both values named, so nobody's work is overwritten silently.

So importing an unchanged export changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import unicodedata
from pathlib import Path
from typing import Any

from dxplanner.errors import DxError, FileError, ValidationError
from dxplanner.exchange.xlsx_common import BASELINE_SHEET, KIND_SUBMISSION, same_lines, text_digest
from dxplanner.exchange.xlsx_safety import MAX_COLS, MAX_ROWS, SafeWorkbook
from dxplanner.fiscal import PeriodError, parse_period
from dxplanner.i18n import N_, translate
from dxplanner.labels import field_label
from dxplanner.model import TASK_STATUSES, Plan
from dxplanner.ops import Batch, Op, UpdateEntity
from dxplanner.validate import check_text

FIELDS = ("status", "progress", "actual_start", "actual_end", "comment")
_KEYS = ("id", "status", "progress", "actual_start", "actual_end", "comment")


@dataclasses.dataclass
class RowError:
    sheet: str
    row: int
    task_id: str | None
    message_ja: str
    message_en: str


@dataclasses.dataclass
class ProgressImport:
    op: Op | None
    errors: list[RowError]
    changed_rows: int
    unchanged_rows: int


class _CellError(Exception):
    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def text(self, lang: str) -> str:
        params = {k: (field_label(v, lang) if k == "field" else v) for k, v in self.params.items()}
        params = {k: (v.ja if lang == "ja" else v.en) if isinstance(v, _Both) else v for k, v in params.items()}
        return translate(self.msgid, lang).format(**params)


@dataclasses.dataclass
class _Both:
    """A parameter that already exists in both languages (e.g. a PeriodError's message)."""

    ja: str
    en: str


@dataclasses.dataclass
class _Base:
    status: str
    progress: int
    actual_start: datetime.date | None
    actual_end: datetime.date | None
    comment_digest: str
    comment_truncated: bool


def _bad_info(path: Any) -> FileError:
    return FileError(N_("{file} cannot be read as a workbook: {reason}"), file=path.name,
                     reason=FileError(N_("its DX Planner information was changed (a formula or number "
                                         "where text belongs)")))


def read_progress(xlsx: Path, plan: Plan) -> ProgressImport:
    """Read the progress sheets of ``xlsx`` against ``plan`` (see the module doc); FileError if unusable."""
    path = Path(xlsx)
    with SafeWorkbook(path) as book:
        meta = book.metadata()
        if meta.get("kind") != KIND_SUBMISSION:
            raise FileError(N_("{file} is a prefecture roll-up, not a workbook exported from a plan"), file=path.name)
        _check_identity(path, meta, plan)
        specs = _sheet_specs(book, meta)
        if not specs:
            raise FileError(N_("{file} has no progress sheet: export the plan with the progress sheet option "
                               "(--progress-sheet) and send that workbook to the departments"), file=path.name)
        baseline = _read_baseline(book)
        if baseline and not any(tid in plan.tasks for (_s, tid) in baseline):
            raise FileError(N_("{file} belongs to another plan: none of its rows is a task of this plan"),
                            file=path.name)
        return _read_rows(book, specs, baseline, plan)


def _check_identity(path: Any, meta: dict[str, str], plan: Plan) -> None:
    code = meta.get("municipality_code", "")
    name = meta.get("municipality_name", "")
    m = plan.municipality
    if (code and m.code and code != m.code) or (not (code and m.code) and name and m.name and name != m.name):
        raise FileError(N_("{file} was exported for {name} ({code}), not for this plan ({plan_name})"),
                        file=path.name, name=name, code=code or "—", plan_name=m.name)


def _sheet_specs(book: SafeWorkbook, meta: dict[str, str]) -> list[dict[str, Any]]:
    raw = book.meta_json(meta, "progress_sheets")
    if not isinstance(raw, list):
        raise _bad_info(book.path)
    out = []
    for spec in raw[:50]:
        if not isinstance(spec, dict) or not isinstance(spec.get("sheet"), str):
            raise _bad_info(book.path)
        cols, heads = spec.get("columns"), spec.get("headers")
        hr, fr = spec.get("header_row"), spec.get("first_row")
        if (not isinstance(cols, dict) or not isinstance(heads, dict) or not isinstance(hr, int)
                or not isinstance(fr, int) or not 1 <= hr < fr <= 1000
                or any(k not in cols or not isinstance(cols[k], int) or not 1 <= cols[k] <= MAX_COLS for k in _KEYS)
                or any(not isinstance(heads.get(k), str) for k in cols)):
            raise _bad_info(book.path)
        out.append(spec)
    return out


def _read_baseline(book: SafeWorkbook) -> dict[tuple[str, str], _Base]:
    ws = book.sheet(BASELINE_SHEET)
    if ws is None:
        raise _bad_info(book.path)
    out: dict[tuple[str, str], _Base] = {}
    for i, row in enumerate(book.rows(ws, max_rows=MAX_ROWS + 1, max_cols=8)):
        if i == 0:
            continue
        vals = [c.value for c in row]
        if vals[1] is None:
            continue
        if any(c.value is not None and c.data_type != "s" for c in row):
            raise _bad_info(book.path)
        try:
            out[(str(vals[0]), str(vals[1]))] = _Base(
                status=str(vals[2] or ""), progress=int(str(vals[3])),
                actual_start=datetime.date.fromisoformat(vals[4]) if vals[4] else None,
                actual_end=datetime.date.fromisoformat(vals[5]) if vals[5] else None,
                comment_digest=str(vals[6] or ""), comment_truncated=vals[7] == "1")
        except (TypeError, ValueError):
            raise _bad_info(book.path) from None
    return out


def _read_rows(book: SafeWorkbook, specs: list[dict[str, Any]], baseline: dict[tuple[str, str], _Base],
               plan: Plan) -> ProgressImport:
    scratch = dataclasses.replace(plan, tasks=dict(plan.tasks))  # validated against, never the caller's plan
    ops: list[Op] = []
    errors: list[RowError] = []
    changed = unchanged = 0
    seen: set[str] = set()
    for spec in specs:
        name = spec["sheet"]
        ws = book.sheet(name)
        if ws is None:
            raise FileError(N_("{file}: the sheet “{sheet}” is missing (was it renamed or deleted?)"),
                            file=book.path.name, sheet=name)
        cols: dict[str, int] = spec["columns"]
        width = max(cols.values())
        header_row, first_row = spec["header_row"], spec["first_row"]
        for r_off, row in enumerate(book.rows(ws, min_row=header_row, max_rows=MAX_ROWS + 1, max_cols=width)):
            r = header_row + r_off
            if r == header_row:
                _check_headers(book, name, row, cols, spec["headers"])
                continue
            if r < first_row:
                continue
            cells = {k: row[c - 1] for k, c in cols.items() if k in _KEYS}
            if all(cells[k].value in (None, "") for k in _KEYS):
                continue
            result = _one_row(name, r, cells, baseline, scratch, plan, seen)
            if isinstance(result, RowError):
                errors.append(result)
            elif result is None:
                unchanged += 1
            else:
                ops.append(result)
                changed += 1
    op = Batch(ops, N_("Import progress from Excel")) if ops else None
    return ProgressImport(op=op, errors=errors, changed_rows=changed, unchanged_rows=unchanged)


def _check_headers(book: SafeWorkbook, sheet: str, row: tuple[Any, ...], cols: dict[str, int],
                   heads: dict[str, str]) -> None:
    for key, col in cols.items():
        cell = row[col - 1]
        if cell.value != heads[key] or (cell.value is not None and cell.data_type != "s"):
            raise FileError(N_("{file}: the columns of “{sheet}” were changed (column {col} should be “{expected}”); "
                               "export the progress sheet again"),
                            file=book.path.name, sheet=sheet, col=_letter(col), expected=heads[key])


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _error(sheet: str, row: int, tid: str | None, problems: list[_CellError]) -> RowError:
    def join(lang: str) -> str:
        sep = "；" if lang == "ja" else "; "
        head = translate(N_("{sheet} row {row}"), lang).format(sheet=sheet, row=row)
        return head + ": " + sep.join(p.text(lang) for p in problems)

    return RowError(sheet=sheet, row=row, task_id=tid, message_ja=join("ja"), message_en=join("en"))


def _one_row(sheet: str, r: int, cells: dict[str, Any], baseline: dict[tuple[str, str], _Base], scratch: Plan,
             plan: Plan, seen: set[str]) -> RowError | Op | None:
    id_cell = cells["id"]
    if id_cell.value in (None, ""):
        return _error(sheet, r, None, [_CellError(N_("the row has no ID: rows cannot be added in this sheet; "
                                                       "add the task in DX Planner"))])
    if id_cell.data_type != "s":
        return _error(sheet, r, None, [_CellError(N_("the hidden ID of the row was changed"))])
    tid = str(id_cell.value)
    base = baseline.get((sheet, tid))
    if base is None:
        return _error(sheet, r, tid, [_CellError(N_("the hidden ID of the row was changed"))])
    if tid in seen:
        return _error(sheet, r, tid, [_CellError(N_("the row appears twice"))])
    seen.add(tid)
    task = plan.tasks.get(tid)
    if task is None:
        return _error(sheet, r, tid, [_CellError(N_("the task is no longer in the plan (deleted after the "
                                                      "export?)"))])
    problems: list[_CellError] = []
    parsed: dict[str, Any] = {}
    for key, reader in (("status", _status), ("progress", _progress), ("actual_start", _date),
                        ("actual_end", _date), ("comment", _comment)):
        try:
            parsed[key] = reader(cells[key], key)
        except _CellError as p:
            problems.append(p)
    if problems:
        return _error(sheet, r, tid, problems)
    values: dict[str, Any] = {}
    exported = {"status": base.status, "progress": base.progress, "actual_start": base.actual_start,
                "actual_end": base.actual_end}
    for key in FIELDS:
        new = parsed[key]
        current = getattr(task, key)
        if key == "comment":
            if text_digest(new) == base.comment_digest:
                continue  # untouched by the department
            if base.comment_truncated:
                problems.append(_CellError(N_("the comment was too long for Excel and was shortened in the sheet; "
                                                "change it in DX Planner")))
                continue
            if same_lines(new) == same_lines(current):
                continue
            if text_digest(current) != base.comment_digest:
                problems.append(_conflict(key, new, current))
                continue
        else:
            if new == exported[key] or new == current:
                continue
            if current != exported[key]:
                problems.append(_conflict(key, new, current))
                continue
        values[key] = new
    if problems:
        return _error(sheet, r, tid, problems)
    if not values:
        return None
    op = UpdateEntity("tasks", tid, values, N_("Import progress from Excel"))
    try:
        op.apply(scratch)
    except ValidationError as exc:
        return RowError(sheet=sheet, row=r, task_id=tid,
                        message_ja=translate(N_("{sheet} row {row}"), "ja").format(sheet=sheet, row=r)
                        + ": " + exc.message_ja,
                        message_en=translate(N_("{sheet} row {row}"), "en").format(sheet=sheet, row=r)
                        + ": " + exc.message_en)
    return op


def _show(v: Any) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, datetime.date):
        return v.isoformat()
    text = str(v)
    return text if len(text) <= 40 else text[:39] + "…"


def _conflict(key: str, new: Any, current: Any) -> _CellError:
    return _CellError(N_("{field}: changed in this sheet (“{new}”) and also in DX Planner after the export "
                           "(“{current}”); decide in DX Planner"), field=key, new=_show(new), current=_show(current))


# --- one cell each ------------------------------------------------------------------------------------


def _plain(cell: Any, key: str) -> Any:
    """The cell's value, refusing formulas and error values where a value belongs."""
    if cell.data_type == "f":
        raise _CellError(N_("{field}: a formula where a value belongs (type the value itself)"), field=key)
    if cell.data_type == "e":
        raise _CellError(N_("{field}: the cell shows an error ({value})"), field=key, value=_show(cell.value))
    return cell.value


def _status(cell: Any, key: str) -> str:
    v = _plain(cell, key)
    text = unicodedata.normalize("NFKC", v).strip() if isinstance(v, str) else None
    if text not in TASK_STATUSES:
        raise _CellError(N_("{field}: “{value}” is not one of: {allowed}"), field=key, value=_show(v),
                           allowed="、".join(TASK_STATUSES))
    return str(text)


def _progress(cell: Any, key: str) -> int:
    v = _plain(cell, key)
    number: float | None = None
    if isinstance(v, bool):
        number = None
    elif isinstance(v, int | float):
        number = float(v)
        if "%" in (cell.number_format or "") and 0 <= number <= 1:
            number *= 100  # someone typed 50% into the cell: Excel stored 0.5
    elif isinstance(v, str):
        text = unicodedata.normalize("NFKC", v).strip().rstrip("%").strip()
        try:
            number = float(text)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or number != round(number) or not 0 <= number <= 100:
        raise _CellError(N_("{field}: “{value}” is not a whole number from 0 to 100"), field=key, value=_show(v))
    return round(number)


def _date(cell: Any, key: str) -> datetime.date | None:
    v = _plain(cell, key)
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, datetime.datetime):
        d = v.date()
    elif isinstance(v, datetime.date):
        d = v
    elif isinstance(v, str):
        try:
            period = parse_period(v)
        except PeriodError as exc:
            raise _CellError(N_("{field}: “{value}” is not a date ({detail})"), field=key, value=_show(v),
                               detail=_Both(exc.message_ja, exc.message_en)) from None
        if period.start != period.end:
            raise _CellError(N_("{field}: “{value}” is a period, not one day"), field=key, value=_show(v))
        d = period.start
    else:
        raise _CellError(N_("{field}: “{value}” is not a date"), field=key, value=_show(v))
    if not 1989 <= d.year <= 2100:
        raise _CellError(N_("{field}: the date {value} is outside 1989–2100"), field=key, value=d.isoformat())
    return d


def _comment(cell: Any, key: str) -> str:
    v = _plain(cell, key)
    if v is None:
        return ""
    if isinstance(v, bool):
        text = str(v)
    elif isinstance(v, int | float):
        text = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
    elif isinstance(v, datetime.date):
        text = v.isoformat()[:10]
    else:
        text = str(v)
    try:
        check_text(text, key)
    except DxError as exc:
        raise _CellError(N_("{detail}"), detail=_Both(exc.message_ja, exc.message_en)) from None
    return text
