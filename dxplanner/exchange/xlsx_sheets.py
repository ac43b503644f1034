"""The table sheets of the submission workbook (all but the 工程表 and the progress sheet)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.drawing.text import Font as DrawingFont
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from dxplanner import checks
from dxplanner.exchange.overview_items import ITEMS, RESPONDENT, cell_value
from dxplanner.exchange.xlsx_common import (
    BOX,
    DATE_WIDTH,
    FONT_NAME,
    cell_font,
    fill,
    fit_width,
    put_formula,
    put_text,
    set_widths,
    table,
    write,
)
from dxplanner.fiscal import fiscal_year, fy_label
from dxplanner.funding import summarize
from dxplanner.i18n import N_, translate
from dxplanner.labels import SEVERITY_LABELS
from dxplanner.model import FUNDING_SOURCES, ONLINE_STATUSES, STD_STATUSES

if TYPE_CHECKING:
    from dxplanner.exchange.xlsx_export import Context

TOP = 4  # first row of a sheet's table (rows 1–2 hold the title and who/as of)


def _yen_k(amount: int) -> float:
    """円 → a 千円 number for a cell (exact: the cell format rounds for display)."""
    return amount / 1000


def _fy(ctx: Context, fy: int | None) -> str:
    return fy_label(fy, ctx.style, ctx.lang) if fy is not None else ""


def _yes(ctx: Context, flag: bool) -> str:
    return ctx.tx(N_("yes")) if flag else ""


def _sorted(coll: dict[str, Any]) -> list[Any]:
    return sorted(coll.values(), key=lambda e: (getattr(e, "order", 0), e.id))


# --- 団体概要 ---------------------------------------------------------------------------------------


def overview(ctx: Context) -> None:
    tx, plan, s = ctx.tx, ctx.plan, ctx.survey
    m = plan.municipality
    ws = ctx.new_sheet(N_("Overview"), tx(N_("Overview")) + "　" + ctx.plan_name())
    rows: list[tuple[str, Any, str]] = [
        (tx(N_("Name of the 団体")), m.name, "text"),
        (tx(N_("団体コード")), m.code, "text"),
        (tx(N_("Prefecture")), m.prefecture, "text"),
        (tx(N_("Kind")), m.kind, "text"),
        (tx(N_("Population")), m.population, "int_l"),
        (tx(N_("Plan")), plan.title, "text"),
        (tx(N_("Plan period")), f"{_fy(ctx, plan.from_fy)}〜{_fy(ctx, plan.to_fy)}", "text"),
        (tx(N_("National plan")), ctx.edition_title, "text"),
        (tx(N_("Overall policy (全体方針)")),
         plan.policy_status + (f"（{ctx.date_text(plan.policy_date)}）" if plan.policy_date else ""), "text"),
        (tx(N_("As of (基準日)")), ctx.today, "date"),
        (tx(N_("Written by")), f"DX Planner {_app_version()}", "text"),
    ]
    r = TOP
    for label, value, style in rows:
        put_text(ws, r, 1, label, "label", ctx.styles)
        write(ws, r, 2, style, value, ctx.styles)
        r += 1
    r += 1
    put_text(ws, r, 1, tx(N_("Survey items (as asked by the national survey)")), "section", ctx.styles)
    r += 1
    # one item per cell; the roll-up reads these cells back (the visible answer wins, overview_items.py)
    for item in ITEMS:
        value, style = cell_value(item, s, ctx.lang)
        put_text(ws, r, 1, tx(item.label), "label", ctx.styles)
        write(ws, r, 2, style, value, ctx.styles)
        ctx.overview_cells[item.field] = f"B{r}"
        r += 1
    put_text(ws, r, 1, tx(N_("KPIs")), "label", ctx.styles)
    write(ws, r, 2, "int_l", len(s.kpis), ctx.styles)
    r += 2
    put_text(ws, r, 1, tx(N_("Respondent (filled in by the 団体 before sending)")), "section", ctx.styles)
    r += 1
    if not ctx.styles.has("answer"):
        ctx.styles.define("answer", font=cell_font(), border=BOX, fill=fill("FFF2CC"),
                          alignment=Alignment(vertical="top", wrap_text=True))
    for key, label in RESPONDENT:
        put_text(ws, r, 1, tx(label), "label", ctx.styles)
        put_text(ws, r, 2, None, "answer", ctx.styles)
        ctx.respondent_cells[key] = f"B{r}"
        r += 1
    dv = DataValidation(type="list", formula1='"有,無"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(ctx.respondent_cells["dedicated"])
    r += 1
    put_text(ws, r, 1, tx(N_("Sheets in this workbook")), "section", ctx.styles)
    set_widths(ws, {1: 44, 2: 60})
    ctx.toc_row = r + 1
    ctx.finish(ws, None)


def _app_version() -> str:
    from dxplanner import __version__

    return __version__


def table_of_contents(ctx: Context) -> None:
    """Fill in the list of sheets on 団体概要 (called once every sheet exists)."""
    ws = ctx.wb.worksheets[0]
    r = ctx.toc_row
    if r is None:
        return
    for sheet in ctx.wb.worksheets[1:]:
        if sheet.sheet_state != "visible":
            continue
        put_text(ws, r, 1, sheet.title, "text", ctx.styles)
        r += 1


# --- 推進体制 ---------------------------------------------------------------------------------------


def organisation(ctx: Context) -> None:
    tx, plan = ctx.tx, ctx.plan
    ws = ctx.new_sheet(N_("Organisation"))
    heads = [tx(N_("Kind")), tx(N_("Post")), tx(N_("Person")), tx(N_("Department (担当課)")), tx(N_("External")),
             tx(N_("Status")), tx(N_("Date")), tx(N_("Note"))]
    put_text(ws, TOP - 1, 1, tx(N_("Roles")), "section", ctx.styles)
    roles = _sorted(plan.roles)
    r = table(ws, ctx.styles, TOP, heads, (
        [("text", x.kind), ("text", x.title), ("text", x.person), ("text", x.department),
         ("center", _yes(ctx, x.external)), ("center", x.status), ("date", x.date), ("wrap", x.note)]
        for x in roles))
    r += 1
    put_text(ws, r, 1, tx(N_("Bodies")), "section", ctx.styles)
    heads_b = [tx(N_("Name")), tx(N_("Chair")), tx(N_("Members")), tx(N_("Meetings")), tx(N_("Status")),
               tx(N_("Date")), tx(N_("Note"))]
    bodies = _sorted(plan.bodies)
    table(ws, ctx.styles, r + 1, heads_b, (
        [("text", b.name), ("text", b.chair), ("wrap", "、".join(b.members)), ("text", b.cadence),
         ("center", b.status), ("date", b.date), ("wrap", b.note)] for b in bodies))
    set_widths(ws, {
        1: fit_width([*(x.kind for x in roles), *(b.name for b in bodies), heads[0]], 12, 30),
        2: fit_width([*(x.title for x in roles), *(b.chair for b in bodies)], 12, 30),
        3: fit_width([x.person for x in roles], 14, 40), 4: 16, 5: 8, 6: 10, 7: DATE_WIDTH, 8: 44,
    })
    ctx.finish(ws, None)


# --- デジタル人材 -----------------------------------------------------------------------------------


def talent(ctx: Context) -> None:
    tx, plan = ctx.tx, ctx.plan
    ws = ctx.new_sheet(N_("Digital talent"))
    put_text(ws, TOP - 1, 1, tx(N_("DX staff per 年度")), "section", ctx.styles)
    staff = sorted(plan.staff.values(), key=lambda s: s.fy)
    r = table(ws, ctx.styles, TOP, [tx(N_("Fiscal year")), tx(N_("DX staff")), tx(N_("Digital leads in departments")),
                                    tx(N_("Note"))],
              ([("text", _fy(ctx, s.fy)), ("int", s.dx_staff), ("int", s.digital_leads), ("wrap", s.note)]
               for s in staff))
    r += 1
    put_text(ws, r, 1, tx(N_("External digital experts (外部デジタル人材)")), "section", ctx.styles)
    hires = sorted(plan.hires.values(), key=lambda h: (h.from_fy or 0, h.id))
    r = table(ws, ctx.styles, r + 1,
              [tx(N_("Post")), tx(N_("Person")), tx(N_("Employment")), tx(N_("From (年度)")), tx(N_("To (年度)")),
               tx(N_("Annual cost (千円)")), tx(N_("Funding")), tx(N_("Shared with")), tx(N_("Note"))],
              ([("text", h.title), ("text", h.person), ("text", h.form), ("text", _fy(ctx, h.from_fy)),
                ("text", _fy(ctx, h.to_fy)), ("yen", _yen_k(h.annual_cost)), ("text", h.funding),
                ("text", h.shared_with), ("wrap", h.note)] for h in hires))
    r += 1
    put_text(ws, r, 1, tx(N_("Trainings")), "section", ctx.styles)
    trainings = sorted(plan.trainings.values(), key=lambda t: (t.fy or 0, t.id))
    table(ws, ctx.styles, r + 1,
          [tx(N_("Training")), tx(N_("Fiscal year")), tx(N_("Participants")), tx(N_("Provider")), tx(N_("Cost (千円)")),
           tx(N_("Note"))],
          ([("text", t.title), ("text", _fy(ctx, t.fy)), ("int", t.participants), ("text", t.provider),
            ("yen", _yen_k(t.cost)), ("wrap", t.note)] for t in trainings))
    set_widths(ws, {1: fit_width([*(h.title for h in hires), *(t.title for t in trainings)], 16, 40),
                    2: 14, 3: 16, 4: 14, 5: 14, 6: 14, 7: 12, 8: 18, 9: 36})
    ctx.finish(ws, None)


# --- KPI ----------------------------------------------------------------------------------------------


def kpis(ctx: Context) -> None:
    """KPI table (target and actual per 年度) and one native bar chart per KPI: target against actual."""
    tx, plan = ctx.tx, ctx.plan
    ws = ctx.new_sheet(N_("KPI"))
    items = _sorted(plan.kpis)
    years = sorted({plan.from_fy, plan.to_fy, *range(plan.from_fy, plan.to_fy + 1),
                    *(fy for k in items for fy in (*k.targets, *k.actuals))})
    fixed = [tx(N_("Part of the plan")), tx(N_("KPI")), tx(N_("Unit")), tx(N_("Baseline")), tx(N_("Baseline year"))]
    n_fixed = len(fixed)
    head1, head2 = TOP, TOP + 1
    if not ctx.styles.has("head_span"):
        ctx.styles.define("head_span", font=cell_font(10, bold=True), fill=fill("D9E1F2"), border=BOX,
                          alignment=Alignment(horizontal="centerContinuous", vertical="center"))
    for i, h in enumerate(fixed, start=1):  # no merged cells: names in the filter row, spans centred across
        put_text(ws, head1, i, None, "head", ctx.styles)
        put_text(ws, head2, i, h, "head", ctx.styles)
    t0 = n_fixed + 1
    a0 = t0 + len(years)
    for base, label in ((t0, tx(N_("Target"))), (a0, tx(N_("Actual")))):
        put_text(ws, head1, base, label, "head_span", ctx.styles)
        for j in range(1, len(years)):
            put_text(ws, head1, base + j, None, "head_span", ctx.styles)
        for j, fy in enumerate(years):
            put_text(ws, head2, base + j, fy_label(fy, "short" if ctx.style == "wareki" else "western", ctx.lang),
                     "head", ctx.styles)
    r = head2 + 1
    areas = ctx.plan.areas
    for k in items:
        area = areas.get(k.area_id) if k.area_id else None
        write(ws, r, 1, "text", area.name if area else "", ctx.styles)
        write(ws, r, 2, "wrap", k.name, ctx.styles)
        write(ws, r, 3, "center", k.unit, ctx.styles)
        write(ws, r, 4, "num", k.baseline_value, ctx.styles)
        write(ws, r, 5, "text", _fy(ctx, k.baseline_fy), ctx.styles)
        for j, fy in enumerate(years):
            write(ws, r, t0 + j, "num", k.targets.get(fy), ctx.styles)
            write(ws, r, a0 + j, "num", k.actuals.get(fy), ctx.styles)
        r += 1
    widths: dict[int, float] = {1: fit_width([a.name for a in areas.values()], 12, 30), 2: 44, 3: 8, 4: 9,
                                5: 11}
    widths.update(dict.fromkeys(range(t0, a0 + len(years)), 8))
    set_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=head2 + 1, column=t0)
    if r > head2 + 1:
        ws.auto_filter.ref = f"A{head2}:{get_column_letter(a0 + len(years) - 1)}{r - 1}"
    # one chart per KPI that has a target or an actual: categories = the 年度 labels of the table
    chart_row = r + 2
    charted = [(i, k) for i, k in enumerate(items) if k.targets or k.actuals]
    if charted:
        put_text(ws, chart_row - 1, 1, tx(N_("Target against actual")), "section", ctx.styles)
    last_col = get_column_letter(t0 + len(years) - 1)
    cats = f"{quote_sheetname(ws.title)}!${get_column_letter(t0)}${head2}:${last_col}${head2}"
    for n, (i, k) in enumerate(charted):
        row = head2 + 1 + i
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        name = k.name[:48] + ("…" if len(k.name) > 48 else "")
        chart.title = _chart_title(name + (f"（{k.unit}）" if k.unit else ""))
        chart.height = 6.5
        chart.width = 13
        chart.legend.position = "b"
        for base, label, color in ((t0, tx(N_("Target")), "A6A6A6"), (a0, tx(N_("Actual")), "2E75B6")):
            ref = Reference(ws, min_col=base, max_col=base + len(years) - 1, min_row=row, max_row=row)
            series = Series(ref, title=None)
            series.tx = SeriesLabel(v=label)
            series.graphicalProperties.solidFill = color
            series.graphicalProperties.line.solidFill = color
            chart.series.append(series)
        for series in chart.series:  # the 年度 labels are text: a string reference, not numRef
            series.cat = AxDataSource(strRef=StrRef(f=cats))
        chart.y_axis.majorGridlines = None
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        anchor_col = 1 if n % 2 == 0 else 3
        anchor_row = chart_row + (n // 2) * CHART_ROWS
        ws.add_chart(chart, f"{get_column_letter(anchor_col)}{anchor_row}")
    if charted:
        _chart_page_breaks(ws, chart_row, (len(charted) + 1) // 2, ctx.options.paper)
    ctx.finish(ws, f"{head1}:{head2}")


CHART_ROWS = 14  # rows per band of two KPI charts (6.5 cm high) at CHART_ROW_PT each
CHART_ROW_PT = 15.0
#: the height a band of charts may use on a landscape page at 100 %: paper less the print margins
#: (0.75 + 0.6 inch), the repeated header rows (about 40 pt) and some slack; a fitted page only has more room
CHART_PAGE_PT = {"A3": 841.89 - 97.2 - 60, "A4": 595.28 - 97.2 - 60}


def _chart_page_breaks(ws: Any, first_row: int, bands: int, paper: str) -> None:
    """Charts never split across a page: a break before the charts, then one after as many bands as a
    page holds (rows of a fixed height, so the count does not depend on the text above)."""
    from openpyxl.worksheet.pagebreak import Break

    per_page = max(1, int(CHART_PAGE_PT[paper] // (CHART_ROWS * CHART_ROW_PT)))
    ws.row_breaks.append(Break(id=first_row - 2))  # the section title starts a page with the first band
    for r in range(first_row - 1, first_row + bands * CHART_ROWS):
        ws.row_dimensions[r].height = CHART_ROW_PT
    for b in range(per_page, bands, per_page):
        ws.row_breaks.append(Break(id=first_row + b * CHART_ROWS - 1))


def _chart_title(text: str) -> Title:
    """A chart title in the sheet's font at 10 pt (the default is large and bold)."""
    face = DrawingFont(typeface=FONT_NAME)
    props = CharacterProperties(sz=1000, b=True, latin=face, ea=face)
    para = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


# --- 予算・財源 ---------------------------------------------------------------------------------------


def budget(ctx: Context) -> None:
    """Totals per 年度 and funding source (our SUM formulas), then every budget line."""
    tx, plan = ctx.tx, ctx.plan
    ws = ctx.new_sheet(N_("Budget and funding"))
    fund = summarize(plan)
    put_text(ws, TOP - 1, 1, tx(N_("Totals per 年度 and funding source (千円)")), "section", ctx.styles)
    heads = [tx(N_("Fiscal year")), *FUNDING_SOURCES, tx(N_("Total")), fund.estimate_label]
    for i, h in enumerate(heads, start=1):
        put_text(ws, TOP, i, h, "head", ctx.styles)
    r = TOP + 1
    first = r
    n_src = len(FUNDING_SOURCES)
    total_col = 2 + n_src
    for row in fund.rows:
        put_text(ws, r, 1, _fy(ctx, row.fy), "label", ctx.styles)
        for j, src in enumerate(FUNDING_SOURCES):
            write(ws, r, 2 + j, "yen", _yen_k(row.by_source[src]), ctx.styles)
        put_formula(ws, r, total_col, "yen_total",
                    f"=SUM({get_column_letter(2)}{r}:{get_column_letter(1 + n_src)}{r})", ctx.styles)
        write(ws, r, total_col + 1, "yen", _yen_k(row.kofuzei_estimate), ctx.styles)
        r += 1
    last = r - 1
    put_text(ws, r, 1, tx(N_("Total")), "label", ctx.styles)
    for c in range(2, total_col + 2):
        col = get_column_letter(c)
        if last >= first:
            put_formula(ws, r, c, "yen_total", f"=SUM({col}{first}:{col}{last})", ctx.styles)
        else:
            write(ws, r, c, "yen_total", 0, ctx.styles)
    r += 1
    put_text(ws, r, 1, tx(N_("Costs of external experts and trainings are included. A cost that counts on a 交付税 "
                             "措置 is paid from 一般財源; its 措置見込額 is for reference and not part of the total.")),
             "note", ctx.styles)
    r += 2
    put_text(ws, r, 1, tx(N_("Budget lines")), "section", ctx.styles)
    lines = sorted(plan.budget.values(), key=lambda b: (b.fy, b.id))
    areas, tasks = plan.areas, plan.tasks
    table(ws, ctx.styles, r + 1,
          [tx(N_("Fiscal year")), tx(N_("Item")), tx(N_("Funding source")), tx(N_("Amount (千円)")),
           tx(N_("交付税 措置")), tx(N_("措置見込額（参考）(千円)")),
           tx(N_("Part of the plan")), tx(N_("Task")), tx(N_("Support measure")), tx(N_("Note"))],
          ([("text", _fy(ctx, b.fy)), ("wrap", b.item), ("text", b.source), ("yen", _yen_k(b.amount)),
            ("text", b.allocation), ("yen", _yen_k(b.allocation_estimate) if b.allocation else None),
            ("text", areas[b.area_id].name if b.area_id in areas else ""),
            ("text", tasks[b.task_id].title if b.task_id in tasks else ""),
            ("text", b.measure_id or ""), ("wrap", b.note)] for b in lines))
    set_widths(ws, {1: 14, 2: 30, 3: 14, 4: 13, 5: 13, 6: 15, 7: 16, 8: 24, 9: 16, 10: 16})
    ctx.finish(ws, None)


# --- 標準化 -------------------------------------------------------------------------------------------


def std_columns(ctx: Context) -> list[str]:
    """The 標準化 sheet's columns: first those a prefecture collects, in its order."""
    tx = ctx.tx
    fy = fiscal_year(ctx.today)
    now = fy_label(fy, "short" if ctx.style == "wareki" else "western", ctx.lang)
    return [tx(N_("団体コード")), tx(N_("団体名")), tx(N_("業務")), tx(N_("Status (状況)")), tx(N_("Reason (事由)")),
            tx(N_("Planned go-live (移行予定)")), tx(N_("Went live (稼働日)")), tx(N_("ガバメントクラウド")),
            tx(N_("運用経費 平成30年度 (千円)")), tx(N_("運用経費 {fy} (千円)")).format(fy=now),
            tx(N_("Reduction")), tx(N_("特定移行支援 deadline")), tx(N_("Vendor")), tx(N_("Package")),
            tx(N_("Contract until")), tx(N_("Cost kept with")), tx(N_("Note"))]


def standardization(ctx: Context) -> None:
    """One row per 業務 in the prefecture's column order, the counts per status, 運用経費 by 年度
    against the 平成30年度 baseline and the 3割削減 line (with a native chart), and 移行経費 apart."""
    from dxplanner import standardization as stdz

    tx, plan = ctx.tx, ctx.plan
    ws = ctx.new_sheet(N_("Standardisation"))
    m = plan.municipality
    by_id = plan.systems
    headers = std_columns(ctx)
    rows = []
    for x in ctx.survey.systems:
        s = by_id.get(x.id)
        red = stdz.reduction(x.baseline, x.current)
        rows.append([
            ("text", m.code), ("text", m.name), ("text", x.name), ("center", x.status), ("wrap", x.reason),
            ("date", x.planned), ("date", x.went_live), ("text", x.cloud),
            ("yen", _yen_k(x.baseline) if x.baseline is not None else None),
            ("yen", _yen_k(x.current) if x.current is not None else None),
            ("pct", red), ("date", x.deadline),
            ("text", s.vendor if s else ""), ("text", s.system if s else ""),
            ("date", s.contract_end if s else None), ("wrap", x.cost_note), ("wrap", s.note if s else ""),
        ])
    r = table(ws, ctx.styles, TOP, headers, rows)
    widths: dict[int, float] = {1: 9, 2: fit_width([m.name], 10, 20), 3: fit_width([x.name for x in ctx.survey.systems],
                                                                                     12, 24),
                                4: 11, 5: 24, 6: DATE_WIDTH, 7: DATE_WIDTH, 8: 18, 9: 12, 10: 12, 11: 9,
                                12: DATE_WIDTH, 13: 16, 14: 16, 15: DATE_WIDTH, 16: 24, 17: 24}
    set_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=TOP + 1, column=4)
    # counts per status
    r += 1
    put_text(ws, r, 1, tx(N_("Count per status")), "section", ctx.styles)
    r += 1
    counts = stdz.status_counts(plan)
    for st in STD_STATUSES:
        put_text(ws, r, 3, st, "label", ctx.styles)
        write(ws, r, 4, "int", counts[st], ctx.styles)
        r += 1
    # 運用経費 by 年度
    summary = stdz.summarize_costs(plan)
    r += 1
    put_text(ws, r, 1, tx(N_("運用経費 by 年度 (all systems, 千円)")), "section", ctx.styles)
    r += 1
    head = r
    cost_headers = [tx(N_("年度")), tx(N_("運用経費")), tx(N_("Actual or plan")), tx(N_("平成30年度 baseline")),
                    tx(N_("3割削減 target")), tx(N_("Reduction")), tx(N_("移行経費 (one-off)")),
                    tx(N_("of which the 基金 covers"))]
    years = [y for y in summary.years if y.total is not None or y.fy in summary.one_off]
    cost_rows = []
    for y in years:
        cost_rows.append([
            ("text", fy_label(y.fy, "short" if ctx.style == "wareki" else "western", ctx.lang)),
            ("yen", _yen_k(y.total) if y.total is not None else None),
            ("center", "" if y.total is None else tx(N_("actual")) if y.all_actual else tx(N_("plan"))),
            ("yen", _yen_k(summary.baseline) if summary.baseline is not None else None),
            ("yen", _yen_k(summary.target) if summary.target is not None else None),
            ("pct", y.reduction),
            ("yen", _yen_k(summary.one_off[y.fy]) if y.fy in summary.one_off else None),
            ("yen", _yen_k(summary.one_off_fund[y.fy]) if y.fy in summary.one_off_fund else None),
        ])
    r = table(ws, ctx.styles, head, cost_headers, cost_rows)
    put_text(ws, r, 1, tx(N_("Reduction = 1 − 運用経費 ÷ 平成30年度 (national target: 3割削減). A 年度 with a "
                             "plan only counts the plan. 移行経費 is one-off and not part of 運用経費.")),
             "note", ctx.styles)
    put_text(ws, r + 1, 1, tx(N_("The デジタル基盤改革支援基金 does not cover 運用経費 or クラウド利用料 "
                                 "(二次: 総務省 資料 001053408 as cited by gcportal).")), "note", ctx.styles)
    if years:
        _std_chart(ctx, ws, head, len(years), r + 3)
    ctx.finish(ws, f"{TOP}:{TOP}")


def _std_chart(ctx: Context, ws: Any, head: int, n: int, anchor_row: int) -> None:
    """Bars: total 運用経費 per 年度; lines: the 平成30年度 baseline and the 3割削減 target."""
    from openpyxl.chart import LineChart

    tx = ctx.tx
    cats = f"{quote_sheetname(ws.title)}!$A${head + 1}:$A${head + n}"
    bar = BarChart()
    bar.type = "col"
    bar.title = _chart_title(tx(N_("運用経費 by 年度 against the 平成30年度 baseline and the 3割削減 target (千円)")))
    bar.height = 8
    bar.width = 18
    bar.legend.position = "b"
    ref = Reference(ws, min_col=2, max_col=2, min_row=head + 1, max_row=head + n)
    series = Series(ref, title=None)
    series.tx = SeriesLabel(v=tx(N_("運用経費")))
    series.graphicalProperties.solidFill = "2E75B6"
    series.graphicalProperties.line.solidFill = "2E75B6"
    series.cat = AxDataSource(strRef=StrRef(f=cats))
    bar.series.append(series)
    line = LineChart()
    for col, label, color, dash in ((4, tx(N_("平成30年度 baseline")), "7F7F7F", "solid"),
                                    (5, tx(N_("3割削減 target")), "C00000", "dash")):
        lref = Reference(ws, min_col=col, max_col=col, min_row=head + 1, max_row=head + n)
        ls = Series(lref, title=None)
        ls.tx = SeriesLabel(v=label)
        ls.graphicalProperties.line.solidFill = color
        ls.graphicalProperties.line.prstDash = dash
        ls.graphicalProperties.line.width = 22000
        ls.marker.symbol = "none"
        ls.smooth = False
        ls.cat = AxDataSource(strRef=StrRef(f=cats))
        line.series.append(ls)
    bar.y_axis.majorGridlines = None
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.y_axis.numFmt = "#,##0"
    bar += line
    ws.add_chart(bar, f"A{anchor_row}")


# --- オンライン化 -------------------------------------------------------------------------------------


def online(ctx: Context) -> None:
    tx, plan = ctx.tx, ctx.plan
    ws = ctx.new_sheet(N_("Online procedures"))
    procs = _sorted(plan.procedures)
    put_text(ws, TOP - 1, 1, tx(N_("Count per status")), "section", ctx.styles)
    r = TOP
    status_col = 4
    first_data = TOP + len(ONLINE_STATUSES) + 3
    last_data = first_data + len(procs) - 1
    col = get_column_letter(status_col)
    for st in ONLINE_STATUSES:
        put_text(ws, r, 1, st, "label", ctx.styles)
        if procs:
            put_formula(ws, r, 2, "int", f'=COUNTIF({col}{first_data}:{col}{last_data},"{st}")', ctx.styles)
        else:
            write(ws, r, 2, "int", 0, ctx.styles)
        r += 1
    heads = [tx(N_("Group")), tx(N_("Procedure")), tx(N_("Level")), tx(N_("Status")), tx(N_("Planned date")),
             tx(N_("Via マイナポータル")), tx(N_("Note"))]
    table(ws, ctx.styles, first_data - 1, heads, (
        [("text", p.group), ("wrap", p.name), ("center", p.level), ("center", p.status), ("date", p.planned_date),
         ("center", _yes(ctx, p.via_myna_portal)), ("wrap", p.note)] for p in procs))
    set_widths(ws, {1: 16, 2: 56, 3: 10, 4: 14, 5: DATE_WIDTH + 1, 6: 12, 7: 30})
    if procs:
        ws.auto_filter.ref = f"A{first_data - 1}:{get_column_letter(len(heads))}{last_data}"
    ws.freeze_panes = ws.cell(row=first_data, column=1)
    ctx.finish(ws, f"{first_data - 1}:{first_data - 1}")


# --- チェック結果 -------------------------------------------------------------------------------------


def findings(ctx: Context) -> None:
    tx, plan = ctx.tx, ctx.plan
    ws = ctx.new_sheet(N_("Check results"))
    found = checks.check(plan, ctx.today)
    found.sort(key=lambda f: checks.SEVERITY_ORDER[f.severity])

    def where(kind: str, eid: str) -> str:
        if kind == "plan" or not eid:
            return ""
        ent = plan.collection(kind).get(eid) if kind in ("tasks", "roles", "kpis", "systems", "procedures",
                                                          "hires", "bodies") else None
        return (getattr(ent, "title", "") or getattr(ent, "name", "")) if ent is not None else eid

    sev_style = {"error": "warn", "warning": "text", "info": "text"}
    r = table(ws, ctx.styles, TOP, [tx(N_("Severity")), tx(N_("Where")), tx(N_("Item")), tx(N_("Finding"))], (
        [(sev_style[f.severity], translate(SEVERITY_LABELS[f.severity], ctx.lang)),
         ("text", _kind_label(ctx, f.kind)), ("text", where(f.kind, f.id)),
         ("wrap", f.message(ctx.lang, ctx.style))]
        for f in found))
    if not found:
        put_text(ws, r, 1, tx(N_("No findings")), "text", ctx.styles)
    if found:
        ws.auto_filter.ref = f"A{TOP}:D{TOP + len(found)}"
    set_widths(ws, {1: 10, 2: 14, 3: 40, 4: 90})
    ws.freeze_panes = ws.cell(row=TOP + 1, column=1)
    ctx.finish(ws, f"{TOP}:{TOP}")


KIND_LABELS = {
    "plan": N_("Plan"), "tasks": N_("Schedule"), "roles": N_("Roles"), "bodies": N_("Bodies"),
    "kpis": N_("KPI"), "systems": N_("Standardisation"), "procedures": N_("Online procedures"),
    "hires": N_("Digital talent"), "staff": N_("Digital talent"), "trainings": N_("Trainings"),
    "budget": N_("Budget and funding"), "areas": N_("Part of the plan"),
}


def _kind_label(ctx: Context, kind: str) -> str:
    msgid = KIND_LABELS.get(kind)
    return ctx.tx(msgid) if msgid else kind


def glossary(ctx: Context) -> None:
    """用語の定義: the same definitions as the PDF's last page (dxplanner.glossary)."""
    from dxplanner.glossary import GLOSSARY

    tx = ctx.tx
    ws = ctx.new_sheet(N_("Definitions (用語の定義)"))
    table(ws, ctx.styles, TOP, [tx(N_("Glossary term")), tx(N_("Definition"))],
          ([("text", tx(term)), ("wrap", tx(text))] for term, text in GLOSSARY))
    set_widths(ws, {1: 34, 2: 100})
    ctx.finish(ws, f"{TOP}:{TOP}")


def overview_row(ctx: Context) -> None:
    """団体概要 as one row (one item per cell, under a filter row) to paste into a prefecture's own form.
    Each cell refers to its cell on 団体概要, so a correction there shows here too."""
    tx, plan = ctx.tx, ctx.plan
    m = plan.municipality
    src = quote_sheetname(ctx.wb.worksheets[0].title)
    ws = ctx.new_sheet(N_("Overview (one row)"))
    heads = [tx(N_("Prefecture")), tx(N_("団体コード")), tx(N_("Name of the 団体")), tx(N_("As of (基準日)"))]
    values: list[tuple[str, Any]] = [("text", m.prefecture), ("text", m.code), ("text", m.name),
                                     ("date", ctx.today)]
    cells = [(tx(item.label), ctx.overview_cells[item.field], cell_value(item, ctx.survey, ctx.lang)[1])
             for item in ITEMS]
    cells += [(tx(label), ctx.respondent_cells[key], "text") for key, label in RESPONDENT]
    r = TOP
    for c, h in enumerate(heads + [h for h, _ref, _style in cells], start=1):
        put_text(ws, r, c, h, "head", ctx.styles)
    for c, (style, v) in enumerate(values, start=1):
        write(ws, r + 1, c, style, v, ctx.styles)
    for c, (_h, ref, style) in enumerate(cells, start=len(values) + 1):
        put_formula(ws, r + 1, c, style, f"={src}!${ref[0]}${ref[1:]}", ctx.styles)
    ws.auto_filter.ref = f"A{r}:{get_column_letter(len(heads) + len(cells))}{r + 1}"
    set_widths(ws, dict.fromkeys(range(1, len(heads) + len(cells) + 1), 14))
    ws.freeze_panes = ws.cell(row=r + 1, column=4)
    ctx.finish(ws, f"{r}:{r}")
