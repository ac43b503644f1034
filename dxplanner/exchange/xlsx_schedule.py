"""The 工程表 sheet (bars as cell fills under 和暦 年度 headers) and the 進捗入力 sheet.

Bars are fills of ordinary cells, one column per month or fiscal quarter, so staff can still
edit the schedule in Excel. The progress sheet is what departments fill in (status, progress,
actual dates, comment): its editable cells are unlocked and validated by drop-downs, every row
carries the task id in a hidden column, and a very hidden baseline sheet keeps what was exported
so the import can tell a department's change from a change made in DX Planner since.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from dxplanner.errors import DxError
from dxplanner.exchange.xlsx_common import (
    BASELINE_SHEET,
    BOX,
    DATE_FORMATS,
    DATE_WIDTH,
    Translator,
    autofit_rows,
    cell_font,
    excel_text,
    fill,
    fit_width,
    put_text,
    safe_sheet_name,
    set_widths,
    text_digest,
    write,
)
from dxplanner.fiscal import fiscal_year, fy_label
from dxplanner.i18n import N_
from dxplanner.model import TASK_STATUSES, Plan, Task, days_late_in

if TYPE_CHECKING:
    from dxplanner.exchange.xlsx_export import Context, XlsxOptions

MAX_SCHEDULE_FYS = 21
#: the fill pattern of each bar state (Excel prints patterns; the colour alone is lost in grey)
BAR_PATTERNS = {"未着手": "lightGray", "進行中": "darkUp", "進行中_done": "solid", "完了": "solid",
                "保留": "lightHorizontal", "中止": "lightGrid", "遅延": "darkDown"}
#: the mark in a bar's first cell: the first character of the stored status, as the 状況 column shows it
BAR_MARKS = {"未着手": "未", "進行中": "進", "進行中_done": "進", "完了": "完", "保留": "保", "中止": "止",
             "遅延": "遅"}
#: bar colours, each status a different grey too (未着手 210, 保留 189, 中止 166, 進行中 142, 完了 71, 遅延 57)
BAR_COLORS = {"未着手": "BDD7EE", "進行中": "5B9BD5", "進行中_done": "1F4E79", "完了": "375623", "保留": "FFC000",
              "中止": "A6A6A6", "遅延": "C00000"}
BAR_TEXT = {"未着手": "000000", "進行中": "000000", "進行中_done": "FFFFFF", "完了": "FFFFFF", "保留": "000000",
            "中止": "000000", "遅延": "FFFFFF"}
LEGEND = (
    ("未着手", N_("not started")), ("進行中", N_("in progress")), ("進行中_done", N_("done part")),
    ("完了", N_("done")), ("保留", N_("on hold")), ("中止", N_("cancelled")), ("遅延", N_("late (遅延)")),
)
PROGRESS_FIELDS = ("status", "progress", "actual_start", "actual_end", "comment")
EXCEL_DATE_MIN = 32509  # 1989-01-01 as an Excel serial (1900 date system)
EXCEL_DATE_MAX = 73415  # 2100-12-31


def effective_department(plan: Plan, t: Task) -> str:
    """The task's 担当課, or its nearest ancestor's (subtasks usually leave it empty)."""
    seen: set[str] = set()
    cur: Task | None = t
    while cur is not None and cur.id not in seen:
        if cur.department.strip():
            return cur.department.strip()
        seen.add(cur.id)
        cur = plan.tasks.get(cur.parent_id) if cur.parent_id else None
    return ""


def departments(plan: Plan) -> list[str]:
    return sorted({d for t in plan.tasks.values() if (d := effective_department(plan, t))})


def check_progress_option(plan: Plan, options: XlsxOptions, tx: Translator) -> None:
    dept = options.progress
    if dept is None or dept == "all":
        return
    if dept.strip() not in departments(plan):
        raise DxError(N_("No task has the 担当課 “{department}”. 担当課 in this plan: {known}"),
                      department=dept, known="、".join(departments(plan)) or "—")


def _numbering(plan: Plan) -> tuple[list[tuple[int, Task]], dict[str, str]]:
    """Tasks in tree order and their outline numbers (area.task.subtask: 1.2.1)."""
    ordered = plan.ordered_tasks()
    area_no = {a.id: i for i, a in enumerate(sorted(plan.areas.values(), key=lambda a: (a.order, a.id)), start=1)}
    numbers: dict[str, str] = {}
    counters: dict[tuple[str, str | None], int] = {}
    for _depth, t in ordered:
        key = (t.area_id, t.parent_id)
        counters[key] = counters.get(key, 0) + 1
        prefix = numbers.get(t.parent_id, str(area_no.get(t.area_id, 0))) if t.parent_id else str(
            area_no.get(t.area_id, 0))
        numbers[t.id] = f"{prefix}.{counters[key]}"
    return ordered, numbers


UNITS_PER_FY = {"month": 12, "quarter": 4, "half": 2, "year": 1}
UNIT_WIDTH = {"month": 3.0, "quarter": 5.5, "half": 7.0, "year": 9.0}  # Excel character units
BODY_PT = 10.0  # the size of the 工程表's body text (cell_font's default)
MIN_PRINTED_PT = 7.0  # the smallest body text the default scale may print
#: printable width of a landscape page in points (paper width less the 0.4-inch side margins of print_setup)
PRINTABLE_PT = {"A3": 1190.55 - 57.6, "A4": 841.89 - 57.6}


class Timeline:
    """The columns of the 工程表: months, fiscal quarters, halves (上期/下期) or whole 年度."""

    def __init__(self, first_fy: int, last_fy: int, scale: str) -> None:
        self.first_fy = first_fy
        self.last_fy = last_fy
        self.scale = scale
        self.per_fy = UNITS_PER_FY[scale]
        self.count = (last_fy - first_fy + 1) * self.per_fy

    def index(self, d: datetime.date) -> int:
        """Column offset (0-based) of the unit holding ``d``; may fall outside 0..count-1."""
        months = (d.year * 12 + d.month - 1) - (self.first_fy * 12 + 3)  # months since April of first_fy
        return months // (12 // self.per_fy)

    def unit_label(self, i: int, tx: Translator) -> str:
        pos = i % self.per_fy
        if self.scale == "month":
            return str((pos + 3) % 12 + 1)
        if self.scale == "quarter":
            return tx(N_("Q{n}"), n=pos + 1)
        if self.scale == "half":
            return tx(N_("1st half")) if pos == 0 else tx(N_("2nd half"))
        return tx(N_("whole year"))


def column_points(width: float) -> float:
    """Printed width in points of a column ``width`` character units wide: the unit is the widest digit
    of the workbook's default font (BIZ UDPゴシック 11 pt, 9 px at 96 dpi) plus 5 px of padding. The
    9 px were measured by benchmarks/xlsx_print.py (LibreOffice's print matches it within 0.2 pt)."""
    return (width * 9 + 5) * 0.75


def printed_body_pt(fixed_width: float, scale: str, units: int, paper: str) -> float:
    """The size body text prints at when the sheet is fitted to one page wide on ``paper``."""
    total = column_points(fixed_width) + units * column_points(UNIT_WIDTH[scale])
    return BODY_PT * min(1.0, PRINTABLE_PT[paper] / total)


def choose_scale(fixed_width: float, fys: int, paper: str) -> str:
    """The finest time scale at which body text prints at 7 pt or more (else whole 年度)."""
    for scale in ("month", "quarter", "half"):
        if printed_body_pt(fixed_width, scale, fys * UNITS_PER_FY[scale], paper) >= MIN_PRINTED_PT:
            return scale
    return "year"


def _timeline_for(plan: Plan, scale: str) -> Timeline:
    lo, hi = plan.from_fy, plan.to_fy
    for t in plan.tasks.values():
        for d in (t.start, t.end):
            if d is not None:
                lo, hi = min(lo, fiscal_year(d)), max(hi, fiscal_year(d))
    lo = max(lo, plan.from_fy - 3)
    hi = min(hi, plan.to_fy + 5)
    hi = min(hi, lo + MAX_SCHEDULE_FYS - 1)
    return Timeline(lo, hi, scale)


def _define_styles(ctx: Context) -> None:
    st = ctx.styles
    if st.has("bar_完了"):
        return
    for state, color in BAR_COLORS.items():
        # a pattern as well as a colour, and a mark in the bar (BAR_MARKS): status survives grey printing
        bar_fill = PatternFill(fill_type=BAR_PATTERNS[state], start_color=color, end_color="FFFFFF")
        st.define(f"bar_{state}", fill=bar_fill, font=cell_font(8, bold=True, color=BAR_TEXT[state]),
                  alignment=Alignment(horizontal="left", vertical="center", shrink_to_fit=False))
        dark = state in ("進行中_done", "完了", "遅延")  # the patterned fills print light
        st.define(f"legend_{state}", fill=PatternFill(fill_type=BAR_PATTERNS[state], start_color=color,
                                                      end_color="FFFFFF"),
                  font=cell_font(8, bold=True, color="FFFFFF" if dark else "000000"),
                  border=BOX,
                  alignment=Alignment(horizontal="center", vertical="center"))
    st.define("milestone", font=cell_font(9, bold=True, color="C00000"),
              alignment=Alignment(horizontal="center", vertical="center"))
    st.define("deadline", font=cell_font(9, bold=True, color="C00000"), fill=fill("DDEBF7"),
              alignment=Alignment(horizontal="center", vertical="center"))
    st.define("area_band", fill=fill("DDEBF7"))
    st.define("head_span", font=cell_font(10, bold=True), fill=fill("D9E1F2"), border=BOX,
              alignment=Alignment(horizontal="centerContinuous", vertical="center"))
    st.define("unit", font=cell_font(8), fill=fill("D9E1F2"), border=BOX,
              alignment=Alignment(horizontal="center", vertical="center"))
    st.define("unit_today", font=cell_font(8, bold=True), fill=fill("F4B084"), border=BOX,
              alignment=Alignment(horizontal="center", vertical="center"))
    for depth in range(6):
        st.define(f"task_{depth}", font=cell_font(10, bold=depth == 0), border=BOX,
                  alignment=Alignment(vertical="top", indent=depth, wrap_text=True))
    st.define("dept_wrap", font=cell_font(10), border=BOX, alignment=Alignment(vertical="top", wrap_text=True))
    st.define("late_status", font=cell_font(10, bold=True, color="C00000"), border=BOX,
              alignment=Alignment(horizontal="center", vertical="top", wrap_text=True))
    st.define("center_wrap", font=cell_font(10), border=BOX,
              alignment=Alignment(horizontal="center", vertical="top", wrap_text=True))
    st.define("in_text", font=cell_font(), border=BOX, fill=fill("FFF2CC"),
              alignment=Alignment(vertical="top"), protection=Protection(locked=False))
    st.define("in_wrap", font=cell_font(), border=BOX, fill=fill("FFF2CC"),
              alignment=Alignment(vertical="top", wrap_text=True), protection=Protection(locked=False))
    st.define("in_int", font=cell_font(), border=BOX, fill=fill("FFF2CC"), number_format="0",
              alignment=Alignment(horizontal="right", vertical="top"), protection=Protection(locked=False))
    st.define("in_date", font=cell_font(), border=BOX, fill=fill("FFF2CC"),
              number_format=DATE_FORMATS[ctx.options.era],
              alignment=Alignment(horizontal="center", vertical="top"), protection=Protection(locked=False))


# --- 工程表 -------------------------------------------------------------------------------------------

FIXED = 8  # A id (hidden), B No., C title, D 担当課, E start, F end, G status, H progress
LEGEND_ROW, HEAD1, HEAD2, FIRST = 3, 5, 6, 7


def schedule(ctx: Context) -> None:
    tx, plan, today = ctx.tx, ctx.plan, ctx.today
    _define_styles(ctx)
    st = ctx.styles
    ws = ctx.new_sheet(N_("Schedule"), col=2)  # column A holds the hidden ids
    ordered, numbers = _numbering(plan)
    # titles and 担当課 wrap, so their columns stay moderate and the time axis gets the width
    widths: dict[int, float] = {1: 14, 2: 7, 3: fit_width((t.title for _d, t in ordered), 20, 30),
                                4: fit_width((t.department for _d, t in ordered), 9, 12),
                                5: DATE_WIDTH, 6: DATE_WIDTH, 7: 12, 8: 6.5}
    fixed = sum(w for c, w in widths.items() if c != 1)  # column A is hidden
    probe = _timeline_for(plan, "year")
    scale = ctx.options.timescale or choose_scale(fixed, probe.count, ctx.options.paper)
    tl = _timeline_for(plan, scale)
    ctx.schedule_scale = scale
    c0 = FIXED + 1

    # legend (two rows) in the fixed columns
    put_text(ws, LEGEND_ROW, 3, tx(N_("Legend (bar colours)")), "note", st)
    put_text(ws, LEGEND_ROW + 1, 3, tx(N_("◆ milestone　▼ national deadline　orange month = as of")), "note", st)
    for i, (state, label) in enumerate(LEGEND):
        put_text(ws, LEGEND_ROW + i // 4, 4 + i % 4, tx(label), f"legend_{state}", st)

    heads = ["ID", tx(N_("No.")), tx(N_("Task")), tx(N_("Department (担当課)")), tx(N_("Start")), tx(N_("End")),
             tx(N_("Status")), tx(N_("Progress"))]
    # no merged cells in the table (a prefecture sorts, filters and copies it): the column names sit in
    # the filter row HEAD2, and a 年度 label is centred across its months ("centerContinuous")
    for c, h in enumerate(heads, start=1):
        put_text(ws, HEAD1, c, None, "head", st)
        put_text(ws, HEAD2, c, h, "head", st)
    today_idx = tl.index(today)
    for k in range(tl.last_fy - tl.first_fy + 1):
        fy = tl.first_fy + k
        start = c0 + k * tl.per_fy
        put_text(ws, HEAD1, start, fy_label(fy, ctx.style, ctx.lang), "head_span", st)
        for j in range(1, tl.per_fy):
            put_text(ws, HEAD1, start + j, None, "head_span", st)
    for i in range(tl.count):
        put_text(ws, HEAD2, c0 + i, tl.unit_label(i, tx), "unit_today" if i == today_idx else "unit", st)

    r = FIRST
    outside = 0
    status_texts: list[str] = []
    current_area: str | None = None
    areas = plan.areas
    for depth, t in ordered:
        if t.area_id != current_area:
            current_area = t.area_id
            area = areas.get(t.area_id)
            name = area.name if area else t.area_id
            if area and area.deadline:
                name += tx(N_("（national deadline {date}）"), date=ctx.date_text(area.deadline))
            ws.cell(row=r, column=1, value=None)
            put_text(ws, r, 2, name, "section", st)
            for c in range(3, FIXED + 1):  # the name runs over these empty cells (not merged)
                st.apply(ws.cell(row=r, column=c), "section")
            if area and area.deadline:
                di = tl.index(area.deadline)
                if 0 <= di < tl.count:
                    put_text(ws, r, c0 + di, "▼", "deadline", st)
            r += 1
        days_late = days_late_in(plan, t, today)
        late = days_late is not None
        put_text(ws, r, 1, t.id)
        put_text(ws, r, 2, numbers.get(t.id, ""), "text", st)
        put_text(ws, r, 3, t.title, f"task_{min(depth, 5)}", st)
        put_text(ws, r, 4, t.department, "dept_wrap", st)
        write(ws, r, 5, "date_c", t.start, st)
        write(ws, r, 6, "date_c", t.end, st)
        status_text = t.status
        if days_late is not None:
            status_text += tx(N_("（late {days} days）"), days=f"{days_late:,}")
        write(ws, r, 7, "late_status" if late else "center_wrap", status_text, st)
        status_texts.append(status_text)
        write(ws, r, 8, "progress", t.progress, st)
        if depth:
            ws.row_dimensions[r].outlineLevel = min(depth, 7)
        if t.start is not None and t.end is not None and t.end >= t.start:
            a, b = tl.index(t.start), tl.index(t.end)
            if b < 0 or a >= tl.count:
                outside += 1
            elif t.milestone:
                if 0 <= b < tl.count:
                    put_text(ws, r, c0 + b, "◆", "milestone", st)
            else:
                if a < 0 or b >= tl.count:
                    outside += 1
                a, b = max(a, 0), min(b, tl.count - 1)
                state = "遅延" if late else t.status
                done = round((b - a + 1) * t.progress / 100) if state == "進行中" else 0
                for i in range(a, b + 1):
                    cell = ws.cell(row=r, column=c0 + i)
                    st.apply(cell, "bar_進行中_done" if i - a < done else f"bar_{state}")
                # the status as text too, in the bar's first cell: a grey photocopy keeps it
                ws.cell(row=r, column=c0 + a).value = BAR_MARKS[state]
        r += 1
    if outside:
        ctx.warnings.append(tx(N_("工程表: {n} tasks reach outside the years shown ({first}–{last}); "
                                  "their bars are cut at the edge."),
                               n=outside, first=fy_label(tl.first_fy, ctx.style, ctx.lang),
                               last=fy_label(tl.last_fy, ctx.style, ctx.lang)))
    widths[7] = fit_width(status_texts, 9, 12)  # 「進行中（遅延 45日）」 wraps
    widths.update({c0 + i: UNIT_WIDTH[tl.scale] for i in range(tl.count)})
    set_widths(ws, widths)
    ws.column_dimensions["A"].hidden = True
    ws.sheet_properties.outlinePr.summaryBelow = False
    ws.freeze_panes = ws.cell(row=FIRST, column=c0)
    ws.print_options.gridLines = True  # rows stay easy to follow across a wide A3 page
    autofit_rows(ws, FIRST)  # wrapped titles and 担当課 get their lines
    if r > FIRST:
        ws.auto_filter.ref = f"B{HEAD2}:{get_column_letter(c0 + tl.count - 1)}{r - 1}"
    ctx.finish(ws, f"{HEAD1}:{HEAD2}", "B:C", fit_rows_from=None)


# --- 進捗入力 -----------------------------------------------------------------------------------------

P_HEAD, P_FIRST = 5, 6
P_COLUMNS = {"id": 1, "no": 2, "area": 3, "title": 4, "department": 5, "start": 6, "end": 7,
             "status": 8, "progress": 9, "actual_start": 10, "actual_end": 11, "comment": 12}


def progress_headers(tx: Translator) -> dict[str, str]:
    return {
        "id": "ID", "no": tx(N_("No.")), "area": tx(N_("Part of the plan")), "title": tx(N_("Task")),
        "department": tx(N_("Department (担当課)")), "start": tx(N_("Planned start")), "end": tx(N_("Planned end")),
        "status": tx(N_("Status ▼")), "progress": tx(N_("Progress (%)")), "actual_start": tx(N_("Actual start")),
        "actual_end": tx(N_("Actual end")), "comment": tx(N_("Comment")),
    }


def progress(ctx: Context) -> None:
    tx, plan = ctx.tx, ctx.plan
    _define_styles(ctx)
    st = ctx.styles
    dept = ctx.options.progress or "all"
    everyone = dept == "all"
    title = tx(N_("Progress report")) if everyone else tx(N_("Progress {department}"), department=dept.strip())
    name = safe_sheet_name(title, ctx.wb.sheetnames)
    ws = ctx.wb.create_sheet(name)
    put_text(ws, 1, 2, tx(N_("Progress report")) + ("" if everyone else f"　{dept.strip()}"), "title", st)
    put_text(ws, 2, 2, ctx.subtitle(), "subtitle", st)
    put_text(ws, 3, 2, tx(N_("Fill in the yellow cells: choose the status from the list, progress as a whole "
                            "number 0–100, actual dates as dates. Do not add, delete or sort rows: the rows "
                            "are matched by a hidden ID when the sheet is read back.")), "note", st)
    headers = progress_headers(tx)
    for key, col in P_COLUMNS.items():
        put_text(ws, P_HEAD, col, headers[key], "head", st)
    ordered, numbers = _numbering(plan)
    areas = plan.areas
    base = _baseline_sheet(ctx)
    base_row = base.max_row + 1
    r = P_FIRST
    for _depth, t in ordered:
        if not everyone and effective_department(plan, t) != dept.strip():
            continue
        area = areas.get(t.area_id)
        put_text(ws, r, 1, t.id)
        put_text(ws, r, 2, numbers.get(t.id, ""), "text", st)
        put_text(ws, r, 3, area.name if area else "", "wrap", st)  # long part names wrap, never cut
        put_text(ws, r, 4, t.title, "wrap", st)
        put_text(ws, r, 5, effective_department(plan, t), "text", st)
        write(ws, r, 6, "date_c", t.start, st)
        write(ws, r, 7, "date_c", t.end, st)
        put_text(ws, r, 8, t.status, "in_text", st)
        write(ws, r, 9, "in_int", t.progress, st)
        write(ws, r, 10, "in_date", t.actual_start, st)
        write(ws, r, 11, "in_date", t.actual_end, st)
        comment = excel_text(t.comment)
        put_text(ws, r, 12, comment, "in_wrap", st)
        for c, value in enumerate((name, t.id, t.status, str(t.progress),
                                   t.actual_start.isoformat() if t.actual_start else "",
                                   t.actual_end.isoformat() if t.actual_end else "",
                                   text_digest(comment), "1" if comment != t.comment else ""), start=1):
            put_text(base, base_row, c, value)
        base_row += 1
        r += 1
    last = r - 1
    if last >= P_FIRST:
        _validations(ws, tx, last)
        ws.auto_filter.ref = f"B{P_HEAD}:{get_column_letter(len(P_COLUMNS))}{last}"
    part_w = fit_width((a.name for a in areas.values()), 16, 26)
    set_widths(ws, {1: 14, 2: 7, 3: part_w, 4: 40, 5: 12, 6: DATE_WIDTH, 7: DATE_WIDTH, 8: 10, 9: 9,
                    10: DATE_WIDTH + 1, 11: DATE_WIDTH + 1, 12: 40})
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = ws.cell(row=P_FIRST, column=5)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    ws.protection.sort = True
    ctx.progress_sheets.append({
        "sheet": name, "department": "" if everyone else dept.strip(), "header_row": P_HEAD,
        "first_row": P_FIRST, "last_row": last, "columns": P_COLUMNS, "headers": headers,
    })
    ctx.finish(ws, f"{P_HEAD}:{P_HEAD}", fit_rows_from=P_FIRST)


def _baseline_sheet(ctx: Context) -> Worksheet:
    if BASELINE_SHEET in ctx.wb.sheetnames:
        return ctx.wb[BASELINE_SHEET]
    ws = ctx.wb.create_sheet(BASELINE_SHEET)
    ws.sheet_state = "veryHidden"
    for c, h in enumerate(("sheet", "id", *PROGRESS_FIELDS[:-1], "comment_digest", "comment_truncated"), start=1):
        put_text(ws, 1, c, h)
    return ws


def _validations(ws: Worksheet, tx: Translator, last: int) -> None:
    def add(dv: DataValidation, col: int) -> None:
        letter = get_column_letter(col)
        dv.add(f"{letter}{P_FIRST}:{letter}{last}")
        dv.showErrorMessage = True
        dv.showInputMessage = True
        dv.errorTitle = tx(N_("Not accepted"))
        ws.add_data_validation(dv)

    status = DataValidation(type="list", formula1='"' + ",".join(TASK_STATUSES) + '"', allow_blank=False)
    status.error = tx(N_("Choose one of: {values}"), values="、".join(TASK_STATUSES))
    status.prompt = tx(N_("Choose from the list"))
    add(status, P_COLUMNS["status"])
    pct = DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=False)
    pct.error = tx(N_("Enter a whole number from 0 to 100"))
    add(pct, P_COLUMNS["progress"])
    for key in ("actual_start", "actual_end"):
        dv = DataValidation(type="date", operator="between", formula1=str(EXCEL_DATE_MIN),
                            formula2=str(EXCEL_DATE_MAX), allow_blank=True)
        dv.error = tx(N_("Enter a date (for example 2025/4/1 or R7.4.1)"))
        add(dv, P_COLUMNS[key])


def baseline_values(t: Task) -> dict[str, Any]:
    return {"status": t.status, "progress": t.progress, "actual_start": t.actual_start,
            "actual_end": t.actual_end, "comment": t.comment}
