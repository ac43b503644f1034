"""The PDCA sheets of the submission workbook: 「計画と実績」 and one 「評価 令和N年度」 per review.

* **計画と実績** compares a snapshot (``XlsxOptions.compare_from``, default the newest) with the
  plan as it is on the as-of date: what the comparison was made against, the counts, every task
  added, removed or changed (grouped by part of the plan: the snapshot's dates and today's, the
  shift in months, status and progress before → after, days late now), the KPI targets and
  actuals that changed, then the tasks that are late now although nothing about them changed.
* **評価 令和N年度** is the yearly review (年度末の振り返り): the town's wording of the grades A–D
  with a count of each (our ``COUNTIF``), the summary, and one row per reviewed task or KPI.

The sheets follow the workbook's rules (``xlsx_common``): every user text is a string cell, the
task/KPI id sits in hidden column A, print setup and fonts as on every sheet. As on the 工程表, a
prefecture sorts, filters and copies the tables: no cell of a table or of a label is merged (a label
that spans two columns is centred across them, ``centerContinuous``), the main table of each sheet
has one header row with the sheet's autofilter, and a heading over a pair of columns sits in the row
above it. The only merged cells are the two free-text paragraphs above the tables (the snapshot's
note, the review's summary), which need a wide wrapped cell. The grade counts are formulas whose
values are stored with them (``xlsx_cache``). The content comes from
:mod:`dxplanner.exchange.pdca_view`, shared with the PDF report.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dxplanner.exchange.pdca_view import (
    UNGRADED,
    ChangeRow,
    CompareView,
    ReviewView,
    grade_wording,
    number_text,
)
from dxplanner.exchange.xlsx_common import (
    BOX,
    DATE_FORMATS,
    DATE_WIDTH,
    StyleBook,
    approx_width,
    cell_font,
    fill,
    fit_width,
    merge,
    put_formula,
    put_text,
    safe_sheet_name,
    set_widths,
    write,
)
from dxplanner.fiscal import date_label, fy_label
from dxplanner.i18n import N_
from dxplanner.model import REVIEW_GRADES

if TYPE_CHECKING:
    from dxplanner.exchange.xlsx_export import Context

KIND_LABELS = {"added": N_("Added"), "removed": N_("Removed"), "changed": N_("Changed")}
GRADE_FILLS = {"A": "C6EFCE", "B": "DDEBF7", "C": "FCE4D6", "D": "EDEDED"}
ARROW = " → "


def _define_styles(ctx: Context) -> None:
    st = ctx.styles
    if st.has("pdca_kind"):
        return
    center = Alignment(horizontal="center", vertical="top")
    st.define("pdca_label", font=cell_font(10, bold=True), fill=fill("F2F2F2"), border=BOX,
              alignment=Alignment(vertical="top"))
    st.define("pdca_kind", font=cell_font(10, bold=True), border=BOX, alignment=center)
    st.define("pdca_removed", font=Font(name=cell_font().name, size=10, strike=True, color="595959"), border=BOX,
              alignment=Alignment(vertical="top", wrap_text=True))
    st.define("pdca_center_b", font=cell_font(10, bold=True), border=BOX,
              alignment=Alignment(horizontal="center", vertical="top", wrap_text=True))
    st.define("pdca_shift", font=cell_font(10, bold=True), border=BOX, alignment=center,
              number_format='+0;"−"0;""')
    st.define("pdca_late", font=cell_font(10, bold=True, color="C00000"), border=BOX, alignment=center,
              number_format='#,##0"' + ctx.tx(N_(" days")) + '"')
    st.define("pdca_count", font=cell_font(10), border=BOX, alignment=Alignment(horizontal="left", vertical="top"),
              number_format='#,##0"' + ctx.tx(N_(" items")) + '"' if ctx.lang == "ja" else "#,##0")
    st.define("pdca_num_b", font=cell_font(10, bold=True), border=BOX, number_format="#,##0.0##",
              alignment=Alignment(vertical="top"))
    st.define("pdca_int_b", font=cell_font(10, bold=True), border=BOX, number_format="#,##0",
              alignment=Alignment(vertical="top"))
    for g, color in GRADE_FILLS.items():
        st.define(f"grade_{g}", font=cell_font(12, bold=True), border=BOX, fill=fill(color),
                  alignment=Alignment(horizontal="center", vertical="top"))
    st.define("grade_", font=cell_font(10), border=BOX, alignment=center)
    # spans without merging: the text is centred across this cell and the empty, same-styled cells after it
    across = Alignment(horizontal="centerContinuous", vertical="top")
    st.define("pdca_label_span", font=cell_font(10, bold=True), fill=fill("F2F2F2"), border=BOX, alignment=across)
    st.define("pdca_head_span", font=cell_font(10, bold=True), fill=fill("D9E1F2"), border=BOX,
              alignment=Alignment(horizontal="centerContinuous", vertical="center"))
    for g, color in GRADE_FILLS.items():
        st.define(f"grade_span_{g}", font=cell_font(12, bold=True), border=BOX, fill=fill(color), alignment=across)
    st.define("grade_span_", font=cell_font(10), border=BOX, alignment=across)
    # a one-line value beside a label: no border, so it runs over the empty cells to its right
    st.define("pdca_value", font=cell_font(10), alignment=Alignment(vertical="top"))
    st.define("pdca_value_date", font=cell_font(10), number_format=DATE_FORMATS[ctx.options.era],
              alignment=Alignment(horizontal="left", vertical="top"))


def _date_style(ctx: Context) -> None:
    """A bold date cell in the workbook's date format (copied from the plain date style)."""
    st = ctx.styles
    if st.has("pdca_date_bold"):
        return
    st.define("pdca_date_bold", font=cell_font(10, bold=True), border=BOX,
              alignment=Alignment(horizontal="center", vertical="top"), number_format=DATE_FORMATS[ctx.options.era])


# --- 計画と実績 ---------------------------------------------------------------------------------------

# A id (hidden), B 区分, C 取組, D 担当課, E/F 当初 開始/終了, G/H 現在 開始/終了, I/J ずれ 開始/終了,
# K 状況, L 進捗, M 遅延（日）
C_KIND, C_TITLE, C_DEPT, C_OLD, C_NEW, C_SHIFT, C_STATUS, C_PROGRESS, C_LATE = 2, 3, 4, 5, 7, 9, 11, 12, 13
LAST_COL = C_LATE


def _status_text(r: ChangeRow) -> str:
    if r.kind == "changed" and r.old_status != r.new_status:
        return f"{r.old_status}{ARROW}{r.new_status}"
    return (r.new_status if r.kind != "removed" else r.old_status) or ""


def _progress_text(r: ChangeRow) -> str:
    if r.kind == "changed" and r.old_progress != r.new_progress:
        return f"{r.old_progress}%{ARROW}{r.new_progress}%"
    value = r.new_progress if r.kind != "removed" else r.old_progress
    return f"{value}%" if value is not None else ""


def comparison_sheet(ctx: Context, view: CompareView) -> None:
    tx, st = ctx.tx, ctx.styles
    _define_styles(ctx)
    _date_style(ctx)
    snap = view.snapshot
    ws = ctx.new_sheet(N_("Plan and actual"), tx(N_("Plan and actual: “{name}” against now"), name=snap.name),
                       col=2)
    taken = ctx.date_text(snap.taken_at.date()) + f" {snap.taken_at:%H:%M}"
    r = 4
    facts = [
        (tx(N_("Compared with (snapshot)")), tx(N_("“{name}”, saved {when}"), name=snap.name, when=taken)),
        (tx(N_("Against")), tx(N_("the plan now (as of {date})"), date=ctx.date_text(view.today))),
    ]
    for label, value in facts:
        _label_value(ctx, ws, r, label, value)
        r += 1
    note_row = r if snap.note else None
    if snap.note:
        _label_value(ctx, ws, r, tx(N_("Note on the snapshot")), snap.note, paragraph=True)
        r += 1
    r += 1
    put_text(ws, r, C_KIND, tx(N_("Changes since the snapshot")), "section", st)
    r += 1
    counts = view.counts()
    count_rows = [
        (N_("Tasks added"), counts["added"]), (N_("Tasks removed"), counts["removed"]),
        (N_("Tasks moved (dates changed)"), counts["moved"]), (N_("Status changed"), counts["status_changed"]),
        (N_("Progress updated"), counts["progress_changed"]), (N_("KPIs changed"), counts["kpis_changed"]),
        (N_("Late now (遅延)"), sum(1 for x in view.rows if x.days_late is not None) + len(view.late_unchanged)),
    ]
    for msgid, n in count_rows:
        _span(ws, st, r, C_KIND, C_TITLE, tx(msgid), "pdca_label_span")
        write(ws, r, C_DEPT, "pdca_count", n, st)
        r += 1
    r += 1

    # KPI changes
    put_text(ws, r, C_KIND, tx(N_("KPI targets and actuals changed")), "section", st)
    r += 1
    if view.kpis:
        heads = {C_KIND: tx(N_("Change")), C_TITLE: "KPI", C_DEPT: tx(N_("Fiscal year")),
                 C_OLD: tx(N_("Target then")), C_OLD + 1: tx(N_("Target now")),
                 C_NEW: tx(N_("Actual then")), C_NEW + 1: tx(N_("Actual now"))}
        for c, h in heads.items():
            put_text(ws, r, c, h, "head", st)
        r += 1
        for k in view.kpis:
            put_text(ws, r, 1, k.kpi_id)
            put_text(ws, r, C_KIND, tx(KIND_LABELS[k.kind]), "pdca_kind", st)
            put_text(ws, r, C_TITLE, k.name + (f"（{k.unit}）" if k.unit else ""), "wrap", st)
            put_text(ws, r, C_DEPT, fy_label(k.fy, ctx.style, ctx.lang) if k.fy else "", "center", st)
            write(ws, r, C_OLD, "num", k.old_target, st)
            write(ws, r, C_OLD + 1, "pdca_num_b" if k.target_changed else "num", k.new_target, st)
            write(ws, r, C_NEW, "num", k.old_actual, st)
            write(ws, r, C_NEW + 1, "pdca_num_b" if k.actual_changed else "num", k.new_actual, st)
            r += 1
    else:
        put_text(ws, r, C_KIND, tx(N_("No KPI target or actual changed.")), "note", st)
        r += 1
    r += 1

    # late tasks the comparison does not list
    put_text(ws, r, C_KIND, tx(N_("Late now, unchanged since the snapshot")), "section", st)
    r += 1
    if view.late_unchanged:
        heads = {C_KIND: "", C_TITLE: tx(N_("Task")), C_DEPT: tx(N_("Department (担当課)")),
                 C_OLD: tx(N_("Start")), C_OLD + 1: tx(N_("End")), C_NEW: tx(N_("Status")),
                 C_NEW + 1: tx(N_("Progress")), C_SHIFT: tx(N_("Days late"))}
        for c, h in heads.items():
            put_text(ws, r, c, h, "head", st)
        r += 1
        for t, days in view.late_unchanged:
            put_text(ws, r, 1, t.id)
            put_text(ws, r, C_KIND, tx(N_("Late")), "pdca_kind", st)
            put_text(ws, r, C_TITLE, t.title, "wrap", st)
            put_text(ws, r, C_DEPT, t.department, "text", st)
            write(ws, r, C_OLD, "date_c", t.start, st)
            write(ws, r, C_OLD + 1, "date_c", t.end, st)
            put_text(ws, r, C_NEW, t.status, "center", st)
            put_text(ws, r, C_NEW + 1, f"{t.progress}%", "center", st)
            write(ws, r, C_SHIFT, "pdca_late", days, st)
            r += 1
    else:
        put_text(ws, r, C_KIND, tx(N_("None.")), "note", st)
        r += 1
    r += 1
    # the task table last: the column names in one row (the filter row), the snapshot / now / shift headings
    # centred over their pairs of columns in the row above; both rows repeat on every printed page
    for note in (N_("Shift (months): + later, − earlier than in the snapshot. Removed tasks are struck through."),
                 N_("Late (遅延): the planned end, within the plan period or after it, has passed on the as-of date "
                    "and the task is neither 完了 nor 中止; days late are counted from the planned end.")):
        put_text(ws, r, C_KIND, tx(note), "note", st)
        r += 1
    put_text(ws, r, C_KIND, tx(N_("Tasks added, removed or changed, by part of the plan")), "section", st)
    r += 1
    head1, head2 = r, r + 1
    singles = {C_KIND: tx(N_("Change")), C_TITLE: tx(N_("Task")), C_DEPT: tx(N_("Department (担当課)")),
               C_STATUS: tx(N_("Status (snapshot → now)")), C_PROGRESS: tx(N_("Progress (snapshot → now)")),
               C_LATE: tx(N_("Days late"))}
    for c, h in singles.items():
        put_text(ws, head1, c, None, "head", st)
        put_text(ws, head2, c, h, "head", st)
    pairs = {C_OLD: tx(N_("In “{name}”"), name=snap.name), C_NEW: tx(N_("Now")),
             C_SHIFT: tx(N_("Shift (months)"))}
    for c, h in pairs.items():
        _span(ws, st, head1, c, c + 1, h, "pdca_head_span")
        put_text(ws, head2, c, tx(N_("Start")) if c != C_SHIFT else tx(N_("start")), "head", st)
        put_text(ws, head2, c + 1, tx(N_("End")) if c != C_SHIFT else tx(N_("end")), "head", st)
    r = head2 + 1
    first_data = r
    if not view.groups:
        put_text(ws, r, C_KIND, tx(N_("No task changed since the snapshot.")), "note", st)
        r += 1
    for group in view.groups:
        ws.cell(row=r, column=1, value=None)
        put_text(ws, r, C_KIND, group.area_name, "section", st)
        for c in range(C_KIND + 1, LAST_COL + 1):  # the name runs over these empty cells (not merged)
            st.apply(ws.cell(row=r, column=c), "section")
        r += 1
        for x in group.rows:
            _change_row(ctx, ws, r, x)
            r += 1
    titles = [x.title for x in view.rows] + [t.title for t, _ in view.late_unchanged]
    set_widths(ws, {1: 14, C_KIND: 8, C_TITLE: fit_width(titles, 28, 48), C_DEPT: 12,
                    C_OLD: DATE_WIDTH, C_OLD + 1: DATE_WIDTH, C_NEW: DATE_WIDTH, C_NEW + 1: DATE_WIDTH,
                    C_SHIFT: 7, C_SHIFT + 1: 7, C_STATUS: 18, C_PROGRESS: 13, C_LATE: 9})
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(row=first_data, column=C_DEPT)
    if view.groups:
        ws.auto_filter.ref = f"{get_column_letter(C_KIND)}{head2}:{get_column_letter(LAST_COL)}{r - 1}"
    ctx.finish(ws, f"{head1}:{head2}", "B:C")
    if note_row is not None:
        _paragraph_height(ws, note_row, C_DEPT, C_STATUS, snap.note)


def _span(ws: Worksheet, st: StyleBook, r: int, first: int, last: int, text: str, style: str) -> None:
    """``text`` centred across columns ``first``..``last`` of row ``r``, the cells styled alike, none merged."""
    put_text(ws, r, first, text, style, st)
    for c in range(first + 1, last + 1):
        put_text(ws, r, c, None, style, st)


def _label_value(ctx: Context, ws: Worksheet, r: int, label: str, value: str, paragraph: bool = False) -> None:
    """A label (centred across B:C) and its value from D: one line that runs over the empty cells to its
    right, or a free-text ``paragraph`` wrapped in a cell merged across D:K (outside every table)."""
    st = ctx.styles
    _span(ws, st, r, C_KIND, C_TITLE, label, "pdca_label_span")
    if not paragraph:
        put_text(ws, r, C_DEPT, value, "pdca_value", st)
        return
    put_text(ws, r, C_DEPT, value, "wrap", st)
    for c in range(C_DEPT + 1, C_STATUS + 1):
        st.apply(ws.cell(row=r, column=c), "wrap")
    merge(ws, start_row=r, start_column=C_DEPT, end_row=r, end_column=C_STATUS)


def _paragraph_height(ws: Worksheet, r: int, first: int, last: int, text: str) -> None:
    """Row height for wrapped text in a cell merged across ``first``..``last`` (autofit measures one column)."""
    width = sum((ws.column_dimensions[get_column_letter(c)].width or 8.43) for c in range(first, last + 1))
    per_line = (width - 1) * 1.2
    lines = sum(max(1, math.ceil(approx_width(part) / per_line)) for part in (text or "").split("\n"))
    ws.row_dimensions[r].height = min(409, 13.5 * max(lines, 1) + 3)


def _change_row(ctx: Context, ws: Worksheet, r: int, x: ChangeRow) -> None:
    tx, st = ctx.tx, ctx.styles
    put_text(ws, r, 1, x.task_id)
    put_text(ws, r, C_KIND, tx(KIND_LABELS[x.kind]), "pdca_kind", st)
    title = x.title
    if x.renamed_from:
        title += "\n" + tx(N_("(was “{old}”)"), old=x.renamed_from)
    put_text(ws, r, C_TITLE, title, "pdca_removed" if x.kind == "removed" else "wrap", st)
    dept = x.department
    if x.department_from is not None:
        dept += "\n" + tx(N_("(was {old})"), old=x.department_from or "—")
    put_text(ws, r, C_DEPT, dept, "wrap", st)
    moved = x.moved
    write(ws, r, C_OLD, "date_c", x.old_start, st)
    write(ws, r, C_OLD + 1, "date_c", x.old_end, st)
    write(ws, r, C_NEW, "pdca_date_bold" if moved and x.old_start != x.new_start else "date_c", x.new_start, st)
    write(ws, r, C_NEW + 1, "pdca_date_bold" if moved and x.old_end != x.new_end else "date_c", x.new_end, st)
    write(ws, r, C_SHIFT, "pdca_shift", x.shift_start, st)
    write(ws, r, C_SHIFT + 1, "pdca_shift", x.shift_end, st)
    put_text(ws, r, C_STATUS, _status_text(x), "pdca_center_b" if x.status_changed else "center", st)
    put_text(ws, r, C_PROGRESS, _progress_text(x), "pdca_center_b" if x.progress_changed else "center", st)
    write(ws, r, C_LATE, "pdca_late", x.days_late, st)


# --- 評価 令和N年度 -----------------------------------------------------------------------------------

# A id (hidden), B 区分, C 分野, D 取組・KPI, E 担当課, F 計画・目標, G 実績, H 評価, I 評価の意味,
# J コメント, K 次の取組
R_KIND, R_AREA, R_NAME, R_DEPT, R_PLAN, R_ACTUAL, R_GRADE, R_WORDING, R_COMMENT, R_NEXT = range(2, 12)


def _short_date(ctx: Context, d: datetime.date) -> str:
    """R6.10.1 / 2024/10/1 / 1 Oct 2024: a period fits its column on one line."""
    if ctx.lang == "en":
        return date_label(d, "western", "en")
    return date_label(d, "short", "ja") if ctx.style == "wareki" else f"{d.year}/{d.month}/{d.day}"


def review_sheet_name(ctx: Context, fy: int) -> str:
    return safe_sheet_name(ctx.tx(N_("Review {fy}"), fy=fy_label(fy, ctx.style, ctx.lang)), ctx.wb.sheetnames)


def review_sheet(ctx: Context, view: ReviewView) -> None:
    tx, st = ctx.tx, ctx.styles
    _define_styles(ctx)
    review = view.review
    fy_text = fy_label(review.fy, ctx.style, ctx.lang)
    name = review_sheet_name(ctx, review.fy)
    ws = ctx.wb.create_sheet(name)
    ws.sheet_view.zoomScale = 90
    put_text(ws, 1, R_KIND, tx(N_("Yearly review (年度末の振り返り) {fy}"), fy=fy_text), "title", st)
    put_text(ws, 2, R_KIND, ctx.subtitle(), "subtitle", st)
    r = 4
    summary_row = r + 2
    for label, style, value in ((tx(N_("Fiscal year")), "pdca_value", fy_text),
                                (tx(N_("Reviewed on")), "pdca_value_date", review.reviewed_on),
                                (tx(N_("Summary")), "wrap", review.summary)):
        _span(ws, st, r, R_KIND, R_AREA, label, "pdca_label_span")
        write(ws, r, R_NAME, style, value, st)
        if style == "wrap":  # the summary: a free-text paragraph, wrapped in a cell merged across D:K
            for c in range(R_NAME + 1, R_NEXT + 1):
                st.apply(ws.cell(row=r, column=c), style)
            merge(ws, start_row=r, start_column=R_NAME, end_row=r, end_column=R_NEXT)
        r += 1
    r += 1
    items_head = r + 2 + len(REVIEW_GRADES) + 1 + 2
    first_item, last_item = items_head + 1, items_head + len(view.rows)
    grade_col = get_column_letter(R_GRADE)
    put_text(ws, r, R_KIND, tx(N_("Grades (as this 団体 words them) and how many")), "section", st)
    r += 1
    _span(ws, st, r, R_KIND, R_AREA, tx(N_("Grade")), "pdca_head_span")
    put_text(ws, r, R_NAME, tx(N_("Meaning")), "head", st)
    put_text(ws, r, R_DEPT, tx(N_("Items")), "head", st)
    r += 1
    counts = view.counts()
    for g in (*REVIEW_GRADES, UNGRADED):
        _span(ws, st, r, R_KIND, R_AREA, g or "—", f"grade_span_{g}")
        put_text(ws, r, R_NAME, grade_wording(review, g, ctx.lang) if g else tx(N_("Not graded yet")), "text", st)
        rng = f"{grade_col}{first_item}:{grade_col}{last_item}"
        if view.rows:
            formula = f'=COUNTIF({rng},"{g}")'  # "" counts the blank (ungraded) cells
            put_formula(ws, r, R_DEPT, "pdca_count", formula, st)
        else:
            write(ws, r, R_DEPT, "pdca_count", counts[g], st)
        r += 1
    r += 1
    put_text(ws, r, R_KIND, tx(N_("Tasks and KPIs reviewed")), "section", st)
    r = items_head
    heads = {R_KIND: tx(N_("Kind")), R_AREA: tx(N_("Part of the plan (分野)")), R_NAME: tx(N_("Task or KPI")),
             R_DEPT: tx(N_("Department (担当課)")), R_PLAN: tx(N_("Plan / target")), R_ACTUAL: tx(N_("Result")),
             R_GRADE: tx(N_("Grade")), R_WORDING: tx(N_("Meaning of the grade")), R_COMMENT: tx(N_("Comment")),
             R_NEXT: tx(N_("Next step"))}
    for c, h in heads.items():
        put_text(ws, r, c, h, "head", st)
    r += 1
    sep = "〜" if ctx.lang == "ja" else " – "
    for row in view.rows:
        put_text(ws, r, 1, row.target_id)
        put_text(ws, r, R_KIND, tx(N_("Task")) if row.kind == "task" else "KPI", "center", st)
        put_text(ws, r, R_AREA, row.area_name, "wrap", st)
        label = row.name + (tx(N_("（deleted since）")) if row.missing else "")
        put_text(ws, r, R_NAME, label, "wrap", st)
        put_text(ws, r, R_DEPT, row.department, "wrap", st)
        if row.kind == "task":
            plan_text = sep.join(_short_date(ctx, d) for d in (row.start, row.end) if d)
            actual = row.actual
        else:
            plan_text = tx(N_("Target {value}"), value=number_text(row.target, row.unit)) if row.target is not None \
                else ""
            actual = row.actual or (tx(N_("Actual {value}"), value=number_text(row.kpi_actual, row.unit))
                                    if row.kpi_actual is not None else "")
        put_text(ws, r, R_PLAN, plan_text, "wrap", st)
        put_text(ws, r, R_ACTUAL, actual, "wrap", st)
        g = row.grade if row.grade in REVIEW_GRADES else UNGRADED
        put_text(ws, r, R_GRADE, g, f"grade_{g}", st)
        put_text(ws, r, R_WORDING, grade_wording(review, g, ctx.lang) if g else tx(N_("Not graded yet")), "wrap", st)
        put_text(ws, r, R_COMMENT, row.comment, "wrap", st)
        put_text(ws, r, R_NEXT, row.next_step, "wrap", st)
        r += 1
    if not view.rows:
        put_text(ws, r, R_KIND, tx(N_("The review has no items.")), "note", st)
    set_widths(ws, {1: 14, R_KIND: 7, R_AREA: 16, R_NAME: fit_width([x.name for x in view.rows], 24, 40),
                    R_DEPT: 12, R_PLAN: 19, R_ACTUAL: 22, R_GRADE: 6, R_WORDING: 16, R_COMMENT: 36, R_NEXT: 36})
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(row=items_head + 1, column=R_DEPT)
    if view.rows:
        ws.auto_filter.ref = f"{get_column_letter(R_KIND)}{items_head}:{get_column_letter(R_NEXT)}{last_item}"
    ctx.finish(ws, f"{items_head}:{items_head}", "B:D")
    _paragraph_height(ws, summary_row, R_NAME, R_NEXT, review.summary)
