"""The submission workbook: a plan as an .xlsx the prefecture can read, print and roll up.

``export_xlsx(plan, out, options)`` writes one sheet per part of the plan (団体概要, 推進体制,
デジタル人材, 工程表, KPI, 予算・財源, 標準化, オンライン化, チェック結果), optionally a 進捗入力 sheet
that departments fill in (read back by :mod:`dxplanner.exchange.xlsx_import`), and a very hidden
metadata sheet that names the format, the national edition, the as-of date and the figures the
roll-up reads (:mod:`dxplanner.exchange.aggregate`).

The export is a pure function of the loaded plan and the options: it reads nothing else, writes
to a temporary file beside ``out`` and renames it into place, so a failed export leaves an older
file intact. Every user-supplied string is written as a string cell (see ``xlsx_common``); the
only formulas are our own totals.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from dxplanner import __version__
from dxplanner.errors import DxError, FileError
from dxplanner.exchange.pdca_view import CompareView, compare_view, review_views
from dxplanner.exchange.survey import Survey, survey_of
from dxplanner.exchange.xlsx_cache import cached_values, store_cached_values
from dxplanner.exchange.xlsx_common import (
    BASELINE_SHEET,
    DATE_FORMATS,
    EXCEL_CELL_LIMIT,
    FORMAT_NAME,
    FORMAT_VERSION,
    KIND_SUBMISSION,
    META_SHEET,
    StyleBook,
    Translator,
    autofit_rows,
    header_text,
    print_setup,
    put_text,
)
from dxplanner.fiscal import date_label
from dxplanner.i18n import N_
from dxplanner.model import COLLECTIONS, Plan
from dxplanner.store import fsops
from dxplanner.store.fileops import follow_umask

PAPERS = ("A3", "A4")
ERAS = ("wareki", "western")
TIMESCALES = ("month", "quarter", "half", "year")
META_CHUNK = 30_000  # characters of JSON per metadata cell (Excel holds 32,767)


@dataclasses.dataclass
class XlsxOptions:
    paper: str = "A3"
    era: str = "wareki"
    progress: str | None = None  # None, "all" or one 担当課
    lang: str = "ja"
    timescale: str | None = None  # month | quarter | half | year; None: the finest that prints body text ≥ 7 pt
    today: datetime.date | None = None
    compare_from: str | None = None  # snapshot name or id for 計画と実績; None: the newest (no sheet without one)


@dataclasses.dataclass
class Context:
    """What every sheet writer needs: the plan, the options resolved, styles and the page header."""

    plan: Plan
    options: XlsxOptions
    wb: Workbook
    tx: Translator
    styles: StyleBook
    today: datetime.date
    edition_title: str
    survey: Survey
    warnings: list[str]
    schedule_scale: str = ""  # the 工程表's time scale as written (chosen when options.timescale is None)
    overview_cells: dict[str, str] = dataclasses.field(default_factory=dict)  # survey field -> 団体概要 cell
    respondent_cells: dict[str, str] = dataclasses.field(default_factory=dict)  # 回答者 item -> cell
    progress_sheets: list[dict[str, object]] = dataclasses.field(default_factory=list)
    toc_row: int | None = None  # where 団体概要 lists the sheets
    compare: CompareView | None = None  # the 計画と実績 content, when the plan has a snapshot

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def style(self) -> str:
        """The fiscal label style: 和暦 or 西暦."""
        return self.options.era

    def date_text(self, d: datetime.date | None) -> str:
        return date_label(d, self.style, self.lang) if d else ""

    def new_sheet(self, title_msgid: str, heading: str | None = None, col: int = 1) -> Worksheet:
        """A sheet with the common top: title (row 1) and who/which plan/as of when (row 2)."""
        ws = self.wb.create_sheet(self.tx(title_msgid))
        ws.sheet_view.zoomScale = 90
        put_text(ws, 1, col, heading or self.tx(title_msgid), "title", self.styles)
        put_text(ws, 2, col, self.subtitle(), "subtitle", self.styles)
        return ws

    def plan_name(self) -> str:
        """The plan's title, with the 団体名 in front unless the title already holds it."""
        name, title = self.plan.municipality.name, self.plan.title
        return title if name and name in title else "　".join(x for x in (name, title) if x)

    def subtitle(self) -> str:
        m = self.plan.municipality
        who = f"{m.name}（{m.code}）" if m.code else m.name
        title = self.plan.title if self.plan.title != m.name else ""
        return "　".join(x for x in (
            who, title, self.edition_title,
            self.tx(N_("As of {date}"), date=self.date_text(self.today)),
        ) if x)

    def finish(self, ws: Worksheet, title_rows: str | None, title_cols: str | None = None,
               fit_rows_from: int | None = 4) -> None:
        """Row heights for wrapped text, then the print setup every sheet has."""
        if fit_rows_from is not None:
            autofit_rows(ws, fit_rows_from)
        print_setup(
            ws, paper=self.options.paper, title_rows=title_rows, title_cols=title_cols,
            header_left=header_text(self.plan_name()),
            header_right=header_text(self.tx(N_("As of {date} (基準日)"), date=self.date_text(self.today))),
            footer_left=header_text(f"{self.edition_title}　{ws.title}"),
            page_text=self.tx(N_("Page &P of &N")),
        )


def _edition_title(edition: str) -> str:
    try:
        from dxplanner.catalog import load_edition

        return load_edition(edition).title
    except Exception:
        return f"自治体DX推進計画 {edition}"


def check_options(options: XlsxOptions) -> None:
    for value, allowed, name in ((options.paper, PAPERS, "paper"), (options.era, ERAS, "era"),
                                 (options.timescale or "month", TIMESCALES, "timescale"),
                                 (options.lang, ("ja", "en"), "lang")):
        if value not in allowed:
            raise DxError(N_("Excel export: {name} must be one of {allowed}, not “{value}”"),
                          name=name, allowed=", ".join(allowed), value=value)


def long_text_warnings(plan: Plan, tx: Translator) -> list[str]:
    """Text longer than an Excel cell holds: warned before anything is written."""
    found: list[tuple[str, int]] = []
    for where, value in (("title", plan.title), ("municipality.name", plan.municipality.name)):
        if len(value) > EXCEL_CELL_LIMIT:
            found.append((where, len(value)))
    for kind, cls in COLLECTIONS.items():
        if kind in ("snapshots", "reviews"):
            continue
        names = [f.name for f in dataclasses.fields(cls)]
        for ent in plan.collection(kind).values():
            for name in names:
                v = getattr(ent, name)
                if type(v) is str:
                    if len(v) > EXCEL_CELL_LIMIT:
                        label = getattr(ent, "title", "") or getattr(ent, "name", "") or ent.id
                        found.append((f"{label[:40]} / {name}", len(v)))
                elif type(v) is list:
                    found.extend((name, len(x)) for x in v if isinstance(x, str) and len(x) > EXCEL_CELL_LIMIT)
    for snap in plan.snapshots.values():
        found.extend((f"{snap.name[:40]} / {name}", len(v)) for name, v in (("name", snap.name), ("note", snap.note))
                     if len(v) > EXCEL_CELL_LIMIT)
    for review in plan.reviews.values():
        texts = [("summary", review.summary)] + [(name, getattr(item, name)) for item in review.items
                                                  for name in ("actual", "comment", "next_step")]
        found.extend((f"{review.fy} / {name}", len(v)) for name, v in texts if len(v) > EXCEL_CELL_LIMIT)
    return [tx(N_("{where}: the text has {n} characters, more than an Excel cell holds ({limit}); "
                  "the workbook shows its beginning and ends it with “…（以下省略）”. "
                  "The plan itself keeps the whole text."),
               where=where, n=f"{n:,}", limit=f"{EXCEL_CELL_LIMIT:,}") for where, n in found]


def export_xlsx(plan: Plan, out: Path, options: XlsxOptions | None = None) -> list[str]:
    """Write the submission workbook to ``out``; return warnings in the user's language."""
    from dxplanner.exchange import xlsx_history, xlsx_schedule, xlsx_sheets

    options = options or XlsxOptions()
    check_options(options)
    out = Path(out)
    _check_folder(out)
    tx = Translator(options.lang)
    today = options.today or datetime.date.today()
    warnings = long_text_warnings(plan, tx)
    xlsx_schedule.check_progress_option(plan, options, tx)
    compare = compare_view(plan, options.compare_from, today)  # an unknown snapshot name stops here

    wb = Workbook()
    wb.remove(wb.active)
    ctx = Context(plan=plan, options=options, wb=wb, tx=tx, styles=StyleBook(DATE_FORMATS[options.era]),
                  today=today, edition_title=_edition_title(plan.edition), survey=survey_of(plan, today),
                  warnings=warnings, compare=compare)
    xlsx_sheets.overview(ctx)
    xlsx_sheets.overview_row(ctx)
    xlsx_sheets.organisation(ctx)
    xlsx_sheets.talent(ctx)
    xlsx_schedule.schedule(ctx)
    xlsx_sheets.kpis(ctx)
    xlsx_sheets.budget(ctx)
    xlsx_sheets.standardization(ctx)
    xlsx_sheets.online(ctx)
    xlsx_sheets.findings(ctx)
    xlsx_sheets.glossary(ctx)
    if compare is not None:
        xlsx_history.comparison_sheet(ctx, compare)
    for review in review_views(plan):
        xlsx_history.review_sheet(ctx, review)
    if options.progress:
        xlsx_schedule.progress(ctx)
    xlsx_sheets.table_of_contents(ctx)
    _metadata(ctx)
    _properties(ctx)
    wb.active = 0
    _save_atomic(wb, out)
    return warnings


def _properties(ctx: Context) -> None:
    p = ctx.wb.properties
    m = ctx.plan.municipality
    p.creator = "DX Planner"
    p.lastModifiedBy = "DX Planner"
    p.title = f"{m.name} {ctx.plan.title}"[:250]
    p.subject = ctx.edition_title
    p.keywords = f"{FORMAT_NAME}/{FORMAT_VERSION}"
    p.description = ctx.tx(N_("Written by DX Planner {version} as of {date}"), version=__version__,
                           date=ctx.today.isoformat())


def metadata_rows(ctx: Context) -> list[tuple[str, str]]:
    m = ctx.plan.municipality
    survey = json.dumps(ctx.survey.to_json(), ensure_ascii=False, sort_keys=True)
    rows = [
        ("format", FORMAT_NAME), ("format_version", str(FORMAT_VERSION)), ("kind", KIND_SUBMISSION),
        ("app_version", __version__), ("as_of", ctx.today.isoformat()), ("lang", ctx.lang), ("era", ctx.style),
        ("edition", ctx.plan.edition), ("edition_title", ctx.edition_title),
        ("municipality_code", m.code), ("municipality_name", m.name), ("plan_title", ctx.plan.title),
        ("plan_created", ctx.plan.created.isoformat() if ctx.plan.created else ""),
        ("progress_sheets", json.dumps(ctx.progress_sheets, ensure_ascii=False)),
        ("compared_snapshot", json.dumps(
            {"id": ctx.compare.snapshot.id, "name": ctx.compare.snapshot.name,
             "taken_at": ctx.compare.snapshot.taken_at.isoformat()} if ctx.compare else None, ensure_ascii=False)),
        ("reviews", ",".join(str(r.fy) for r in sorted(ctx.plan.reviews.values(), key=lambda r: r.fy))),
    ]
    rows.append(("overview_sheet", ctx.wb.worksheets[0].title))
    rows.append(("overview_cells", json.dumps(ctx.overview_cells, sort_keys=True)))
    rows.append(("respondent_cells", json.dumps(ctx.respondent_cells, sort_keys=True)))
    chunks = [survey[i:i + META_CHUNK] for i in range(0, len(survey), META_CHUNK)] or [""]
    rows.append(("survey_chunks", str(len(chunks))))
    rows.extend((f"survey.{i + 1}", c) for i, c in enumerate(chunks))
    return rows


def _metadata(ctx: Context) -> None:
    ws = ctx.wb.create_sheet(META_SHEET)
    for r, (key, value) in enumerate(metadata_rows(ctx), start=1):
        put_text(ws, r, 1, key)
        put_text(ws, r, 2, value)
    ws.sheet_state = "veryHidden"
    if BASELINE_SHEET in ctx.wb.sheetnames:
        ctx.wb.move_sheet(BASELINE_SHEET, offset=len(ctx.wb.sheetnames))


def _check_folder(out: Path) -> Path:
    folder = out.parent if str(out.parent) else Path()
    if not folder.is_dir():
        raise FileError(N_("{file} cannot be written: the folder {folder} does not exist"),
                        file=out.name, folder=str(folder))
    return folder


def _save_atomic(wb: Workbook, out: Path) -> None:
    folder = _check_folder(out)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileError(N_("{file} cannot be written: {detail}"), file=str(out), detail=exc.strerror) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        values = cached_values(wb)  # our totals' values, stored with the formulas (see xlsx_cache)
        wb.save(tmp)
        store_cached_values(tmp, values)
        follow_umask(tmp)  # mkstemp made it 0600: colleagues on a shared folder must read it
        fsops.replace(tmp, out)
    except OSError as exc:
        raise FileError(N_("{file} cannot be written: {detail} (is it open in Excel?)"),
                        file=str(out), detail=exc.strerror or str(exc)) from exc
    finally:
        with contextlib.suppress(OSError):
            fsops.discard(tmp)
