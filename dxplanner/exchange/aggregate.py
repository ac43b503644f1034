"""The prefecture's roll-up: many municipalities' plans or submission workbooks into one workbook.

Inputs are .dxplan files (opened read-only: never locked, never changed) and workbooks exported
by DX Planner (recognised by their hidden metadata sheet; checked by ``xlsx_safety`` first). For
each municipality the roll-up takes the figures of :mod:`dxplanner.exchange.survey`: from a
.dxplan as of today, from a workbook as of the date it was exported (shown in 基準日).

The output has one row per municipality (集計), a summary per part of the plan (取組別), the KPI
values (KPI) and every input that was refused with the reason (読込不可). Everything that comes
from an input is written as text or a number; the only formulas are our own totals. When two
inputs are the same 団体 (same 団体コード), the one with the later 基準日 is kept and the other
listed as refused.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from dxplanner import __version__
from dxplanner.errors import DxError, FileError
from dxplanner.exchange.overview_items import ITEMS, RESPONDENT, UnreadableCellError, read_cell, shown
from dxplanner.exchange.survey import CUSTOM_AREA, Survey, SurveyFormatError, survey_of
from dxplanner.exchange.xlsx_common import (
    DATE_FORMATS,
    FORMAT_NAME,
    FORMAT_VERSION,
    KIND_ROLLUP,
    KIND_SUBMISSION,
    META_SHEET,
    StyleBook,
    Translator,
    autofit_rows,
    header_text,
    print_setup,
    put_formula,
    put_text,
    set_widths,
    write,
)
from dxplanner.figures import NO_ROLE
from dxplanner.fiscal import date_label, fy_label
from dxplanner.i18n import N_, translate
from dxplanner.model import STD_STATUSES

TOP = 4


@dataclasses.dataclass
class AggregateResult:
    municipalities: int
    rejected: list[tuple[str, str]]
    taken: list[tuple[str, list[str]]] = dataclasses.field(default_factory=list)  # (file, cells taken)


@dataclasses.dataclass
class _Entry:
    survey: Survey
    source: Path
    taken: list[str] = dataclasses.field(default_factory=list)  # visible cells that differed and were taken
    respondent: dict[str, str] = dataclasses.field(default_factory=dict)  # 回答者 and DX推進専任部署


def read_input(path: Path, today: datetime.date, lang: str = "ja") -> _Entry:
    """The figures of one input; DxError (with a message for people) when it cannot be used."""
    suffix = path.suffix.lower()
    if path.is_dir():
        raise FileError(N_("{file} is a folder, not a file"), file=path.name)
    if suffix == ".dxplan":
        from dxplanner.store.gateway import PlanFile

        with PlanFile.open(path, readonly=True) as pf:
            plan = pf.load()
        return _Entry(survey_of(plan, today), path)
    if suffix in (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm"):
        return _read_workbook(path, lang)
    raise FileError(N_("{file}: only .dxplan files and workbooks exported by DX Planner (.xlsx) can be rolled up"),
                    file=path.name)


def _read_workbook(path: Path, lang: str = "ja") -> _Entry:
    from dxplanner.exchange.xlsx_safety import SafeWorkbook

    with SafeWorkbook(path) as book:
        meta = book.metadata()
        if meta.get("kind") == KIND_ROLLUP:
            raise FileError(N_("{file} is a roll-up itself, not a municipality's workbook"), file=path.name)
        if meta.get("kind") != KIND_SUBMISSION:
            raise FileError(N_("{file}: this kind of DX Planner workbook cannot be rolled up"), file=path.name)
        try:
            n = int(meta.get("survey_chunks", ""))
            if not 1 <= n <= 40:
                raise ValueError(n)
            text = "".join(meta.get(f"survey.{i + 1}", "") for i in range(n))
        except ValueError:
            raise _changed(path) from None
        try:
            survey = Survey.from_json(json.loads(text))
        except (ValueError, RecursionError, SurveyFormatError):
            raise _changed(path) from None
        entry = _Entry(survey, path)
        _read_visible(book, meta, entry, lang)
        return entry


def _cell_map(book: Any, meta: dict[str, str], key: str) -> dict[str, tuple[int, int]]:
    raw = book.meta_json(meta, key) if key in meta else {}
    out: dict[str, tuple[int, int]] = {}
    if not isinstance(raw, dict):
        raise _changed(book.path)
    for name, ref in raw.items():
        try:
            col, row = coordinate_from_string(str(ref))
            out[str(name)] = (row, column_index_from_string(col))
        except ValueError:
            raise _changed(book.path) from None
    return out


def _read_visible(book: Any, meta: dict[str, str], entry: _Entry, lang: str) -> None:
    """The 団体概要 as the town left it: an item that differs from the exported figure is taken (and
    listed in ``entry.taken``); a cell that cannot be read refuses the file with the reason."""
    items = _cell_map(book, meta, "overview_cells")
    answers = _cell_map(book, meta, "respondent_cells")
    if not items and not answers:
        return  # a workbook from before the visible check: its figures are the metadata's
    ws = book.sheet(meta.get("overview_sheet", ""))
    if ws is None:
        raise FileError(N_("{file}: the sheet 団体概要 was removed or renamed; ask for a fresh export"),
                        file=book.path.name)
    last = max(r for r, _c in (*items.values(), *answers.values()))
    grid = {(c.row, c.column): c for row in book.rows(ws, max_rows=last, max_cols=3) for c in row
            if hasattr(c, "row")}
    by_field = {i.field: i for i in ITEMS}
    for name, (r, c) in items.items():
        item = by_field.get(name)
        if item is None:
            raise _changed(book.path)
        cell = grid.get((r, c))
        value = getattr(cell, "value", None)
        try:
            seen = read_cell(item, value, getattr(cell, "data_type", "") == "f")
        except UnreadableCellError as exc:
            raise FileError(N_("{file}: 団体概要 {cell} ({item}): “{value}” cannot be read, {expected} belongs "
                               "there; correct the cell or ask for a fresh export"),
                            file=book.path.name, cell=f"{get_column_letter(c)}{r}",
                            item=translate(item.label, lang), value=str(value)[:40],
                            expected=translate(exc.expected, lang)) from None
        old = getattr(entry.survey, name)
        if item.kind == "pct" and seen is not None and old is not None and abs(seen - old) < 0.0005:
            continue  # the cell shows the rate rounded
        if item.kind == "yen_k" and seen is not None and old is not None and abs(seen - old) < 500:
            continue  # the cell shows 千円
        if seen != old:
            setattr(entry.survey, name, seen)
            entry.taken.append(f"{get_column_letter(c)}{r} {translate(item.label, lang)}: "
                               f"{shown(item, old, lang)} → {shown(item, seen, lang)}")
    for key, (r, c) in answers.items():
        cell = grid.get((r, c))
        value = getattr(cell, "value", None)
        if getattr(cell, "data_type", "") == "f":
            raise FileError(N_("{file}: 団体概要 {cell}: a formula where an answer belongs"),
                            file=book.path.name, cell=f"{get_column_letter(c)}{r}")
        entry.respondent[key] = "" if value is None else str(value).strip()[:200]


def _changed(path: Path) -> FileError:
    return FileError(N_("{file}: the figures DX Planner keeps in the workbook were changed or are damaged; "
                        "ask for a fresh export"), file=path.name)


def aggregate(inputs: list[Path], out: Path, lang: str = "ja") -> AggregateResult:
    tx = Translator(lang)
    out = Path(out)
    today = datetime.date.today()
    out_resolved = _resolved(out)
    entries: list[_Entry] = []
    rejected: list[tuple[str, str]] = []
    seen_paths: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        key = _resolved(path)
        if key == out_resolved:
            raise FileError(N_("{file} is both an input and the output; choose another output file"), file=str(out))
        if key in seen_paths:
            rejected.append((str(path), tx(N_("listed twice"))))
            continue
        seen_paths.add(key)
        try:
            entries.append(read_input(path, today, lang))
        except DxError as exc:
            rejected.append((str(path), exc.text(lang)))
        except Exception as exc:  # one unreadable input must not stop the roll-up of the others
            rejected.append((str(path), tx(N_("cannot be read: {detail}"), detail=f"{type(exc).__name__}: {exc}")))
    entries = _dedupe(entries, rejected, tx)
    entries.sort(key=lambda e: (e.survey.code or "999999", e.survey.name))
    _write(entries, rejected, out, tx, today)
    return AggregateResult(municipalities=len(entries), rejected=rejected,
                           taken=[(str(e.source), e.taken) for e in entries if e.taken])


def _resolved(p: Path) -> str:
    try:
        return os.path.normcase(str(p.resolve()))
    except OSError:
        return os.path.normcase(str(p.absolute()))


def _dedupe(entries: list[_Entry], rejected: list[tuple[str, str]], tx: Translator) -> list[_Entry]:
    best: dict[str, _Entry] = {}
    kept: list[_Entry] = []
    for e in entries:
        code = e.survey.code
        if not code:
            kept.append(e)
            continue
        other = best.get(code)
        if other is None:
            best[code] = e
            continue
        newer, older = (e, other) if e.survey.as_of > other.survey.as_of else (other, e)
        best[code] = newer
        rejected.append((str(older.source), tx(N_("the same 団体 ({code}) as {other}, which is newer or "
                                                  "listed first; this one is left out"),
                                               code=code, other=newer.source.name)))
    return kept + list(best.values())


# --- the output workbook ---------------------------------------------------------------------------------


def _write(entries: list[_Entry], rejected: list[tuple[str, str]], out: Path, tx: Translator,
           today: datetime.date) -> None:
    from dxplanner.exchange.xlsx_export import _save_atomic

    wb = Workbook()
    wb.remove(wb.active)
    styles = StyleBook(DATE_FORMATS["wareki"])
    lang = tx.lang
    as_of = date_label(today, "wareki", lang)
    title = tx(N_("DX roll-up of {n} municipalities"), n=len(entries))

    def finish(ws: Any, rows: str) -> None:
        autofit_rows(ws, TOP)
        print_setup(ws, paper="A3", title_rows=rows, header_left=header_text(title),
                    header_right=header_text(tx(N_("Prepared {date}"), date=as_of)),
                    footer_left=header_text(ws.title), page_text=tx(N_("Page &P of &N")))

    def top(ws: Any, heading: str) -> None:
        put_text(ws, 1, 1, heading, "title", styles)
        put_text(ws, 2, 1, tx(N_("{n} municipalities, {r} inputs refused; prepared {date} by DX Planner {version}"),
                              n=len(entries), r=len(rejected), date=as_of, version=__version__), "subtitle", styles)

    sheets = (
        (tx(N_("Roll-up")), title, _summary_sheet),
        (tx(N_("By part of the plan")), tx(N_("By part of the plan")), _area_sheet),
        (tx(N_("KPI")), tx(N_("KPI")), _kpi_sheet),
        (tx(N_("Standardisation")), tx(N_("Standardisation by 業務")), _std_sheet),
        (tx(N_("特定移行支援")), tx(N_("特定移行支援システム")), _tokutei_sheet),
    )
    for name, heading, fill in sheets:
        ws = wb.create_sheet(name)
        top(ws, heading)
        fill(ws, entries, styles, tx)
        finish(ws, f"{TOP}:{TOP}")

    ws = wb.create_sheet(tx(N_("Refused inputs")))
    top(ws, tx(N_("Refused inputs")))
    heads = [tx(N_("File")), tx(N_("Reason"))]
    for c, h in enumerate(heads, start=1):
        put_text(ws, TOP, c, h, "head", styles)
    for r, (name, reason) in enumerate(rejected, start=TOP + 1):
        put_text(ws, r, 1, name, "text", styles)
        put_text(ws, r, 2, reason, "wrap", styles)
    if not rejected:
        put_text(ws, TOP + 1, 1, tx(N_("none")), "text", styles)
    else:
        ws.auto_filter.ref = f"A{TOP}:B{TOP + len(rejected)}"
    set_widths(ws, {1: 50, 2: 100})
    finish(ws, f"{TOP}:{TOP}")

    meta = wb.create_sheet(META_SHEET)
    for r, (k, v) in enumerate((("format", FORMAT_NAME), ("format_version", str(FORMAT_VERSION)),
                                ("kind", KIND_ROLLUP), ("app_version", __version__),
                                ("as_of", today.isoformat()), ("lang", lang)), start=1):
        put_text(meta, r, 1, k)
        put_text(meta, r, 2, v)
    meta.sheet_state = "veryHidden"
    wb.properties.creator = "DX Planner"
    wb.properties.title = title
    wb.properties.keywords = f"{FORMAT_NAME}/{FORMAT_VERSION}"
    wb.active = 0
    _save_atomic(wb, out)


ROLE_TEXT = {NO_ROLE: N_("none")}


def _summary_columns(tx: Translator) -> list[tuple[str, str, Any, str | None]]:
    """(header, style, getter, total) of the one-row-per-municipality sheet.

    ``total`` says what the total row holds: "sum", "mean", a value to count, or None.
    """

    def role(v: str) -> str:
        return tx(ROLE_TEXT[v]) if v in ROLE_TEXT else v

    def yes(v: bool) -> str:
        return tx(N_("yes")) if v else tx(N_("no"))

    def fy(v: int) -> str:
        return fy_label(v, "short", tx.lang)

    return [
        (tx(N_("Prefecture")), "text", lambda s: s.prefecture, None),
        (tx(N_("団体コード")), "text", lambda s: s.code, None),
        (tx(N_("Name of the 団体")), "text", lambda s: s.name, None),
        (tx(N_("Kind")), "center", lambda s: s.kind, None),
        (tx(N_("Population")), "int", lambda s: s.population, "sum"),
        (tx(N_("As of (基準日)")), "date_c", lambda s: s.as_of, None),
        (tx(N_("National plan")), "center", lambda s: s.edition, None),
        (tx(N_("Plan period")), "center", lambda s: f"{fy(s.from_fy)}〜{fy(s.to_fy)}", None),
        (tx(N_("CIO appointed")), "center", lambda s: role(s.cio), "任命済"),
        (tx(N_("CIO補佐官 appointed")), "center", lambda s: role(s.cio_assistant), "任命済"),
        (tx(N_("CIO補佐官 from outside")), "center", lambda s: yes(s.cio_assistant_external), tx(N_("yes"))),
        (tx(N_("CISO appointed")), "center", lambda s: role(s.ciso), "任命済"),
        (tx(N_("Organisation-wide body")), "center", lambda s: role(s.headquarters), "任命済"),
        (tx(N_("Overall policy (全体方針)")), "center", lambda s: s.policy, "策定済"),
        (tx(N_("External digital experts")), "int", lambda s: s.external_hires, "sum"),
        (tx(N_("DX staff")), "int", lambda s: s.dx_staff, "sum"),
        (tx(N_("Trainings this 年度")), "int", lambda s: s.trainings, "sum"),
        (tx(N_("標準化: 業務 in scope")), "int", lambda s: s.std_applicable, "sum"),
        (tx(N_("標準化: 業務 migrated (移行済)")), "int", lambda s: s.std_migrated if s.std_migrated is not None
         else "—", "sum"),
        (tx(N_("標準化: share of 業務 migrated (移行済)")), "pct",
         lambda s: s.std_rate if s.std_rate is not None else "—", "mean"),
        (tx(N_("特定移行支援")), "int", lambda s: s.std_tokutei, "sum"),
        (tx(N_("オンライン化: online")), "int", lambda s: s.online_done, "sum"),
        (tx(N_("オンライン化: in scope")), "int", lambda s: s.online_applicable, "sum"),
        (tx(N_("KPIs")), "int", lambda s: len(s.kpis), "sum"),
        (tx(N_("KPIs with an actual")), "int", lambda s: sum(1 for k in s.kpis if k.actual is not None), "sum"),
        (tx(N_("Tasks")), "int", lambda s: s.tasks, "sum"),
        (tx(N_("Done")), "int", lambda s: s.tasks_done, "sum"),
        (tx(N_("Late (遅延)")), "int", lambda s: s.overdue, "sum"),
        (tx(N_("Budget (千円)")), "yen", lambda s: s.budget_total / 1000, "sum"),
        (tx(N_("of which 都道府県支出金 (千円)")), "yen",
         lambda s: s.prefecture_funds / 1000 if s.prefecture_funds is not None else "—", "sum"),
    ]


def _summary_sheet(ws: Any, entries: list[_Entry], styles: StyleBook, tx: Translator) -> None:
    cols = _summary_columns(tx)
    for c, (h, _style, _get, _total) in enumerate(cols, start=1):
        put_text(ws, TOP, c, h, "head", styles)
    extra = [tx(label) for _key, label in RESPONDENT]
    extra += [tx(N_("Cells taken from the 団体概要 as the town left it")), tx(N_("File"))]
    for c, h in enumerate(extra, start=len(cols) + 1):
        put_text(ws, TOP, c, h, "head", styles)
    r = TOP + 1
    for e in entries:
        for c, (_h, style, get, _total) in enumerate(cols, start=1):
            write(ws, r, c, style, get(e.survey), styles)
        values = [e.respondent.get(key, "") for key, _label in RESPONDENT]
        values += ["\n".join(e.taken), e.source.name]
        for c, v in enumerate(values, start=len(cols) + 1):
            put_text(ws, r, c, v, "wrap", styles)
        r += 1
    first, last = TOP + 1, r - 1
    if last >= first:
        put_text(ws, r, 1, tx(N_("Total / count")), "label", styles)
        for c, (_h, style, _get, total) in enumerate(cols, start=1):
            rng = f"{get_column_letter(c)}{first}:{get_column_letter(c)}{last}"
            if total == "sum":
                put_formula(ws, r, c, "yen_total" if style == "yen" else "int_total", f"=SUM({rng})", styles)
            elif total == "mean":
                put_formula(ws, r, c, "pct_total", f'=IFERROR(AVERAGE({rng}),"—")', styles)
            elif total is not None:
                put_formula(ws, r, c, "int_total", f'=COUNTIF({rng},"{total}")', styles)
        with_rate = sum(1 for e in entries if e.survey.std_rate is not None)
        put_text(ws, r + 1, 1, tx(N_("Total row: sums over all {n} 団体; counts of 団体 with 任命済 / 策定済 / yes; "
                                     "the 標準化 share migrated is the mean over the {m} 団体 with 業務 in "
                                     "scope (the others show —)."), n=len(entries), m=with_rate), "note", styles)
        if any(e.taken for e in entries):
            put_text(ws, r + 2, 1, tx(N_("Where a town corrected its 団体概要 before sending, the corrected cells "
                                         "are used; the column “Cells taken” lists them (before → after).")),
                     "note", styles)
    widths = {1: 10, 2: 9, 3: 14, 4: 6, 5: 10, 6: 11, 7: 7, 8: 11}
    widths.update(dict.fromkeys(range(9, len(cols) + 1), 11))
    widths.update(dict.fromkeys(range(len(cols) + 1, len(cols) + len(extra)), 16))
    widths[len(cols) + len(extra) - 1] = 40
    widths[len(cols) + len(extra)] = 28
    set_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=TOP + 1, column=4)
    if last >= first:
        ws.auto_filter.ref = f"A{TOP}:{get_column_letter(len(cols) + len(extra))}{last}"


def _area_sheet(ws: Any, entries: list[_Entry], styles: StyleBook, tx: Translator) -> None:
    heads = [tx(N_("Part of the plan")), tx(N_("Municipalities with tasks")), tx(N_("Tasks")), tx(N_("Done")),
             tx(N_("In progress")), tx(N_("Not started")), tx(N_("On hold / cancelled")), tx(N_("Late (遅延)")),
             tx(N_("Mean progress"))]
    for c, h in enumerate(heads, start=1):
        put_text(ws, TOP, c, h, "head", styles)
    totals: dict[str, dict[str, Any]] = {}
    for e in entries:
        for a in e.survey.areas:
            t = totals.setdefault(a.key, {"name": "", "munis": 0, "tasks": 0, "done": 0, "in_progress": 0,
                                          "not_started": 0, "other": 0, "overdue": 0, "progress_sum": 0})
            if not t["name"] and a.key != CUSTOM_AREA:
                t["name"] = a.name
            if a.tasks:
                t["munis"] += 1
            for k in ("tasks", "done", "in_progress", "not_started", "other", "overdue", "progress_sum"):
                t[k] += getattr(a, k)
    r = TOP + 1
    keys = [k for k in totals if k != CUSTOM_AREA] + ([CUSTOM_AREA] if CUSTOM_AREA in totals else [])
    for key in keys:
        t = totals[key]
        name = t["name"] or (tx(N_("Own parts of the municipalities")) if key == CUSTOM_AREA else key)
        put_text(ws, r, 1, name, "text", styles)
        for c, k in enumerate(("munis", "tasks", "done", "in_progress", "not_started", "other", "overdue"), start=2):
            write(ws, r, c, "int", t[k], styles)
        write(ws, r, 9, "pct", t["progress_sum"] / t["tasks"] / 100 if t["tasks"] else "—", styles)
        r += 1
    first, last = TOP + 1, r - 1
    if last >= first:
        put_text(ws, r, 1, tx(N_("Total")), "label", styles)
        for c in range(3, 9):
            col = get_column_letter(c)
            put_formula(ws, r, c, "int_total", f"=SUM({col}{first}:{col}{last})", styles)
    set_widths(ws, {1: 40, 2: 12, 3: 10, 4: 10, 5: 10, 6: 10, 7: 12, 8: 10, 9: 12})
    ws.freeze_panes = ws.cell(row=TOP + 1, column=2)
    if last >= first:  # the filter covers the rows of data, not the total under them
        ws.auto_filter.ref = f"A{TOP}:{get_column_letter(len(heads))}{last}"


def _std_sheet(ws: Any, entries: list[_Entry], styles: StyleBook, tx: Translator) -> None:
    """Per 業務 across the municipalities: systems per status and the sums of 運用経費 (平成30年度 and
    each municipality's as-of 年度)."""
    heads = [tx(N_("業務")), *STD_STATUSES, tx(N_("運用経費 平成30年度 (千円)")),
             tx(N_("運用経費 as of (千円)")), tx(N_("Reduction"))]
    for c, h in enumerate(heads, start=1):
        put_text(ws, TOP, c, h, "head", styles)
    names: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    base: dict[str, int] = {}
    cur: dict[str, int] = {}
    for e in entries:
        for x in e.survey.systems:
            names.setdefault(x.id, x.name)
            cnt = counts.setdefault(x.id, dict.fromkeys(STD_STATUSES, 0))
            cnt[x.status] += 1
            if x.baseline is not None:
                base[x.id] = base.get(x.id, 0) + x.baseline
            if x.current is not None:
                cur[x.id] = cur.get(x.id, 0) + x.current
    n_status = len(STD_STATUSES)
    r = TOP + 1
    for sid, name in names.items():
        put_text(ws, r, 1, name, "text", styles)
        for i, st in enumerate(STD_STATUSES, start=2):
            ws.cell(row=r, column=i, value=counts[sid][st])
            styles.apply(ws.cell(row=r, column=i), "int")
        b = base.get(sid)
        v = cur.get(sid)
        write(ws, r, n_status + 2, "yen", b / 1000 if b is not None else None, styles)
        write(ws, r, n_status + 3, "yen", v / 1000 if v is not None else None, styles)
        write(ws, r, n_status + 4, "pct", 1 - v / b if b and v is not None else "—", styles)
        r += 1
    first, last = TOP + 1, r - 1
    if last >= first:
        put_text(ws, r, 1, tx(N_("Total")), "label", styles)
        for c in range(2, n_status + 4):
            col = get_column_letter(c)
            put_formula(ws, r, c, "yen_total" if c > n_status + 1 else "int_total", f"=SUM({col}{first}:{col}{last})",
                        styles)
        b_all, v_all = sum(base.values()), sum(cur.values())
        write(ws, r, n_status + 4, "pct_total", 1 - v_all / b_all if b_all and cur else "—", styles)
        r += 1
    note = N_("運用経費 as of: each municipality's figure for the 年度 of its 基準日 (actual, else plan). "
              "A cost kept for a group of 業務 is counted with the group's first 業務.")
    put_text(ws, r, 1, tx(note), "note", styles)
    widths = {1: 22}
    widths.update(dict.fromkeys(range(2, n_status + 2), 10))
    widths.update({n_status + 2: 16, n_status + 3: 16, n_status + 4: 10})
    set_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=TOP + 1, column=2)
    if last >= first:  # the filter covers the rows of data, not the total under them
        ws.auto_filter.ref = f"A{TOP}:{get_column_letter(len(heads))}{last}"


def _tokutei_sheet(ws: Any, entries: list[_Entry], styles: StyleBook, tx: Translator) -> None:
    heads = [tx(N_("団体コード")), tx(N_("Name of the 団体")), tx(N_("業務")), tx(N_("Reason (事由)")),
             tx(N_("特定移行支援 deadline")), tx(N_("Planned go-live (移行予定)")), tx(N_("As of (基準日)"))]
    for c, h in enumerate(heads, start=1):
        put_text(ws, TOP, c, h, "head", styles)
    r = TOP + 1
    for e in entries:
        for x in e.survey.systems:
            if x.status != "特定移行支援":
                continue
            values: list[tuple[str, Any]] = [
                ("text", e.survey.code), ("text", e.survey.name), ("text", x.name), ("wrap", x.reason),
                ("date", x.deadline), ("date", x.planned), ("date", e.survey.as_of)]
            for c, (style, value) in enumerate(values, start=1):
                write(ws, r, c, style, value, styles)
            r += 1
    if r == TOP + 1:
        put_text(ws, r, 1, tx(N_("none")), "text", styles)
    set_widths(ws, {1: 9, 2: 14, 3: 20, 4: 48, 5: 13, 6: 13, 7: 13})
    ws.freeze_panes = ws.cell(row=TOP + 1, column=3)
    if r > TOP + 1:
        ws.auto_filter.ref = f"A{TOP}:G{r - 1}"


def _kpi_sheet(ws: Any, entries: list[_Entry], styles: StyleBook, tx: Translator) -> None:
    heads = [tx(N_("団体コード")), tx(N_("Name of the 団体")), tx(N_("KPI")), tx(N_("Unit")), tx(N_("Target year")),
             tx(N_("Target")), tx(N_("Actual year")), tx(N_("Actual")), tx(N_("Actual / target"))]
    for c, h in enumerate(heads, start=1):
        put_text(ws, TOP, c, h, "head", styles)
    r = TOP + 1

    def fy(v: int | None) -> str:
        return fy_label(v, "short", tx.lang) if v is not None else ""

    for e in entries:
        for k in e.survey.kpis:
            values: list[tuple[str, Any]] = [
                ("text", e.survey.code), ("text", e.survey.name), ("wrap", k.name), ("center", k.unit),
                ("center", fy(k.target_fy)), ("num", k.target), ("center", fy(k.actual_fy)), ("num", k.actual),
            ]
            for c, (style, value) in enumerate(values, start=1):
                write(ws, r, c, style, value, styles)
            if k.target and k.actual is not None:
                write(ws, r, 9, "pct", k.actual / k.target, styles)
            else:
                write(ws, r, 9, "center", "—", styles)
            r += 1
    set_widths(ws, {1: 9, 2: 14, 3: 60, 4: 8, 5: 9, 6: 10, 7: 9, 8: 10, 9: 11})
    ws.freeze_panes = ws.cell(row=TOP + 1, column=3)
    if r > TOP + 1:
        ws.auto_filter.ref = f"A{TOP}:{get_column_letter(len(heads))}{r - 1}"

