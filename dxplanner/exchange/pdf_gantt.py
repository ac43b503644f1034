"""The 工程表 (Gantt chart) of the PDF report: vector bars tiled across as many pages as it needs.

Layout
------
* The left columns (取組・作業, 担当課, 状況) and the 年度 / 四半期 (or 月) header are repeated on
  every page. Rows are tiled down the pages, time is tiled across; the pages of one band of rows
  follow each other, so they can be laid side by side ("縦 1/2・横 2/3" in the page header).
* The time axis has one scale for the whole chart (pages fit together edge to edge). Without
  ``fit_pages_wide`` a month takes at least :data:`NATURAL_MONTH` points; the fiscal years are then
  spread evenly over as few pages as that allows. ``fit_pages_wide=N`` scales the axis to N pages.
* Task titles are never cut: a long title wraps inside its row (the row grows). Only text that
  could not fit on a whole page (thousands of characters in one cell) ends with "…" at the page's
  height, so a row never runs over the legend or off the sheet; such cells are then printed whole
  in a table after the chart, so the report still holds every character.

Black and white
---------------
Status shows by pattern *and* by the label in the 状況 column, colour only helps on screen:
完了 solid, 進行中 hatched (／), 未着手 outline, 保留 dotted, 中止 cross-hatched, 遅延 (the end has
passed and the task is neither 完了 nor 中止) a heavy outline, reverse hatch (＼) and the word 遅延
beside the bar. Milestones are diamonds. The national deadline of a part is a labelled dash-dot
line across that part's rows, the as-of date (基準日) a dashed line, and the years outside the plan
period are shaded. A legend strip closes every page.

Patterns are reportlab form XObjects defined once per document and clipped to each bar, so a bar
costs a handful of PDF operators however long it is.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass

from dxplanner.exchange.pdf_draw import (
    BAND_FILL,
    BLACK,
    GREY_TEXT,
    HEAD_FILL,
    LIGHT_RULE,
    RULE,
    WHITE,
    Color,
    Ink,
    text_width,
    wrap,
)
from dxplanner.exchange.pdf_flow import Cell, Col, Context, Flow, Page, Table
from dxplanner.fiscal import fiscal_year, fy_end, fy_label, fy_start
from dxplanner.i18n import N_
from dxplanner.model import Area, Plan, Task, days_late_in, is_late_in

MM = 72.0 / 25.4
NATURAL_MONTH = {"quarter": 4.5 * MM, "month": 8.0 * MM}

ROW_SIZE = 8.0  # task rows
ROW_LEADING = 9.6
ROW_MIN = 14.0
ROW_TIGHT = 12.4  # used when it saves a band of pages
AREA_ROW = 15.0
BAR_H = 7.5
HEAD_YEAR = 13.0
HEAD_SUB = 12.0
LEGEND_H = 20.0
INDENT = 8.0
PAD = 2.2

# column widths (points) of the repeated task table, by paper
TABLE_COLS = {"A3": (240.0, 62.0, 88.0), "A4": (172.0, 52.0, 78.0)}

DONE_FILL: Color = (0.22, 0.33, 0.52)
DOING_INK: Color = (0.10, 0.32, 0.66)
HOLD_INK: Color = (0.45, 0.35, 0.05)
CANCEL_INK: Color = (0.35, 0.35, 0.35)
LATE_INK: Color = (0.70, 0.05, 0.05)
DEADLINE_INK: Color = (0.55, 0.0, 0.0)
TODAY_INK: Color = (0.0, 0.42, 0.20)
OUTSIDE_FILL: Color = (0.88, 0.88, 0.88)

STATUS_KEYS = ("done", "doing", "todo", "hold", "cancel", "late")
_STATUS_OF = {"完了": "done", "進行中": "doing", "未着手": "todo", "保留": "hold", "中止": "cancel"}
STATUS_LABELS = {
    "done": N_("Done"),
    "doing": N_("In progress"),
    "todo": N_("Not started"),
    "hold": N_("On hold"),
    "cancel": N_("Cancelled"),
    "late": N_("Late (遅延)"),
}
FORM_NAMES = {k: f"dxpPattern_{k}" for k in ("doing", "hold", "cancel", "late")}


def status_key(plan: Plan, task: Task, today: datetime.date) -> str:
    """done / doing / todo / hold / cancel, or late: 遅延 of the plan (model.is_late)."""
    if is_late_in(plan, task, today):
        return "late"
    return _STATUS_OF.get(task.status, "todo")


# ---------------------------------------------------------------------------------------------
# patterns


def define_patterns(ink: Ink, width: float) -> None:
    """Define the fill patterns as form XObjects (call once per document, before any page).

    Each form is a strip as wide as the page and as high as a bar: white, then the pattern.
    """
    c = ink.canvas
    h = BAR_H + 2

    def color(rgb: Color, op: str) -> str:
        return f"{rgb[0]:.3f} {rgb[1]:.3f} {rgb[2]:.3f} {op}"

    def hatch(step: float, rgb: Color, backward: bool = False, lw: float = 0.7) -> str:
        ops = [color(rgb, "RG"), f"{lw:g} w"]
        x = -h
        while x < width + h:
            if backward:
                ops.append(f"{x:.2f} {h:.2f} m {x + h:.2f} 0 l")
            else:
                ops.append(f"{x:.2f} 0 m {x + h:.2f} {h:.2f} l")
            x += step
        ops.append("S")
        return " ".join(ops)

    for key, name in FORM_NAMES.items():
        c.beginForm(name, 0, 0, width, h)
        body = [f"1 g 0 0 {width:.2f} {h:.2f} re f"]
        if key == "doing":
            body.append(hatch(3.2, DOING_INK))
        elif key == "late":
            body.append(hatch(2.6, LATE_INK, backward=True, lw=0.8))
        elif key == "cancel":
            body.append(hatch(4.0, CANCEL_INK, lw=0.5))
            body.append(hatch(4.0, CANCEL_INK, backward=True, lw=0.5))
        elif key == "hold":
            dots = [color(HOLD_INK, "rg")]
            y, row = 1.0, 0
            while y < h:
                x = 0.8 + (1.25 if row % 2 else 0.0)
                while x < width:
                    dots.append(f"{x:.2f} {y:.2f} 1 1 re")
                    x += 2.5
                y += 2.0
                row += 1
            dots.append("f")
            body.append(" ".join(dots))
        c.addLiteral("\n".join(body))
        c.endForm()
    ink.forget()


def draw_bar(ink: Ink, key: str, x: float, y: float, w: float, h: float = BAR_H) -> None:
    """One bar with its status pattern; ``y`` is the bottom."""
    if key == "done":
        ink.rect(x, y, w, h, fill=DONE_FILL, stroke=BLACK, width=0.6)
        return
    if key == "todo":
        ink.rect(x, y, w, h, fill=WHITE, stroke=BLACK, width=0.8)
        return
    ink.save()
    ink.transform(x, y)
    ink.clip_rect(0, 0, w, h)
    ink.form(FORM_NAMES[key])
    ink.restore()
    if key == "late":
        ink.rect(x, y, w, h, stroke=LATE_INK, width=1.6)
    else:
        ink.rect(x, y, w, h, stroke=BLACK, width=0.6)


def draw_diamond(ink: Ink, key: str, cx: float, cy: float, r: float = 4.6) -> None:
    pts = [(cx, cy + r), (cx + r, cy), (cx, cy - r), (cx - r, cy)]
    if key == "done":
        ink.polygon(pts, fill=BLACK, stroke=BLACK, width=0.6)
    elif key == "late":
        ink.polygon(pts, fill=WHITE, stroke=LATE_INK, width=1.6)
    elif key == "cancel":
        ink.polygon(pts, fill=WHITE, stroke=CANCEL_INK, width=0.6)
        ink.line(cx - r / 2, cy - r / 2, cx + r / 2, cy + r / 2, CANCEL_INK, 0.6)
        ink.line(cx - r / 2, cy + r / 2, cx + r / 2, cy - r / 2, CANCEL_INK, 0.6)
    elif key == "doing":
        ink.polygon(pts, fill=WHITE, stroke=BLACK, width=0.8)
        ink.polygon([(cx, cy + r), (cx + r, cy), (cx, cy - r)], fill=BLACK, stroke=None)
    elif key == "hold":
        ink.polygon(pts, fill=WHITE, stroke=HOLD_INK, width=0.8)
        ink.rect(cx - 0.8, cy - 0.8, 1.6, 1.6, fill=HOLD_INK)
    else:
        ink.polygon(pts, fill=WHITE, stroke=BLACK, width=0.8)


def draw_legend(ink: Ink, ctx: Context, x: float, y: float, width: float) -> None:
    """The legend strip; ``y`` is its bottom."""
    size = 7.5
    cy = y + LEGEND_H / 2
    ink.rect(x, y, width, LEGEND_H, stroke=RULE, width=0.5)
    cx = x + 6
    ink.text(cx, cy - 2.6, ctx.t(N_("Legend")), size, bold=True)
    cx += text_width(ctx.t(N_("Legend")), size, True) + 10
    for key in STATUS_KEYS:
        draw_bar(ink, key, cx, cy - BAR_H / 2, 22)
        label = ctx.t(STATUS_LABELS[key])
        ink.text(cx + 26, cy - 2.6, label, size)
        cx += 26 + text_width(label, size) + 12
    draw_diamond(ink, "todo", cx + 5, cy)
    draw_diamond(ink, "done", cx + 17, cy)
    label = ctx.t(N_("Milestone (◆ done)"))
    ink.text(cx + 26, cy - 2.6, label, size)
    cx += 26 + text_width(label, size) + 12
    _deadline_line(ink, cx + 6, cy + 6, cy - 6)
    label = ctx.t(N_("National deadline"))
    ink.text(cx + 12, cy - 2.6, label, size)
    cx += 12 + text_width(label, size) + 12
    _today_line(ink, cx + 6, cy + 6, cy - 6)
    label = ctx.t(N_("As-of date (基準日)"))
    ink.text(cx + 12, cy - 2.6, label, size)
    cx += 12 + text_width(label, size) + 12
    ink.rect(cx, cy - 5, 16, 10, fill=OUTSIDE_FILL, stroke=RULE, width=0.4)
    label = ctx.t(N_("Outside the plan period"))
    ink.text(cx + 20, cy - 2.6, label, size)
    cx += 20 + text_width(label, size) + 12
    note = ctx.t(N_("状況: status and progress"))
    if cx + text_width(note, size) < x + width - 6:
        ink.text(x + width - 6, cy - 2.6, note, size, align="right", color=GREY_TEXT)


def _deadline_line(ink: Ink, x: float, top: float, bottom: float) -> None:
    ink.dashed([6, 2, 1.5, 2])
    ink.line(x, top, x, bottom, DEADLINE_INK, 2.2)
    ink.dashed(None)


def _today_line(ink: Ink, x: float, top: float, bottom: float) -> None:
    ink.dashed([2.5, 2])
    ink.line(x, top, x, bottom, TODAY_INK, 1.0)
    ink.dashed(None)


# ---------------------------------------------------------------------------------------------
# layout


@dataclass
class Row:
    kind: str  # "area" | "task"
    area: Area | None
    height: float
    title: list[str]
    dept: list[str]
    status: list[str]
    task: Task | None = None
    depth: int = 0
    key: str = "todo"
    bold: bool = False
    continued: bool = False
    zone: float = ROW_MIN  # the bar is centred in the first `zone` points of the row
    shortened: bool = False  # a cell was too long for a page: printed whole after the chart


@dataclass
class Axis:
    """The time axis: months from April of ``first_fy``; ``per_page`` months on each page."""

    first_fy: int
    months: int
    per_page: int
    month_w: float
    pages: int

    @property
    def start(self) -> datetime.date:
        return fy_start(self.first_fy)

    def x(self, d: datetime.date) -> float:
        """Distance in points from the axis start to the start of day ``d``."""
        m = (d.year - self.first_fy) * 12 + d.month - 4
        days = calendar.monthrange(d.year, d.month)[1]
        return (m + (d.day - 1) / days) * self.month_w

    def x_end(self, d: datetime.date) -> float:
        """Distance to the end of day ``d``."""
        return self.x(d + datetime.timedelta(days=1))


def _axis(ctx: Context, plan: Plan, chart_w: float) -> Axis:
    first_fy, last_fy = plan.from_fy, plan.to_fy
    for t in plan.tasks.values():
        for d in (t.start, t.end):
            if d is not None:
                fy = fiscal_year(d)
                first_fy, last_fy = min(first_fy, fy), max(last_fy, fy)
    # a mistyped year (2205) must not make the chart hundreds of pages wide
    first_fy = max(first_fy, plan.from_fy - 5)
    last_fy = min(last_fy, plan.to_fy + 10)
    years = last_fy - first_fy + 1
    months = years * 12
    natural = NATURAL_MONTH.get(ctx.timescale, NATURAL_MONTH["quarter"])
    if ctx.fit_pages_wide:
        pages = max(1, min(ctx.fit_pages_wide, months // 3))
    else:
        pages = max(1, math.ceil(months * natural / chart_w))
    unit = 12 if months / pages >= 12 else 3  # tiles start at a 年度 (or a quarter) boundary
    per_page = math.ceil(months / pages / unit) * unit
    pages = math.ceil(months / per_page)
    return Axis(first_fy, months, per_page, chart_w / per_page, pages)


def _rows(ctx: Context, cols: tuple[float, float, float], row_min: float, body_h: float = 1e9) -> list[Row]:
    """The chart's rows; a cell never holds more lines than one page's body takes (``body_h``,
    less a repeated part heading and the padding)."""
    title_w, dept_w, status_w = cols
    room = body_h - AREA_ROW * 3 - 2 * PAD
    most_title = max(1, int(room // ROW_LEADING))
    most_small = max(1, int(room // 8.6))
    plan = ctx.plan
    has_kids = {t.parent_id for t in plan.tasks.values() if t.parent_id}
    by_area: dict[str, list[tuple[int, Task]]] = {}
    orphans: list[tuple[int, Task]] = []
    for depth, t in plan.ordered_tasks():
        if t.area_id in plan.areas:
            by_area.setdefault(t.area_id, []).append((depth, t))
        else:
            orphans.append((depth, t))
    rows: list[Row] = []
    areas = sorted(plan.areas.values(), key=lambda a: a.order)
    groups: list[tuple[Area | None, list[tuple[int, Task]]]] = [(a, by_area.get(a.id, [])) for a in areas]
    if orphans:
        groups.append((None, orphans))
    for area, tasks in groups:
        name = ctx.user(area.name, "areas", area.name, "name") if area else ctx.t(N_("(no part)"))
        lines, cut = _capped(name, ROW_SIZE, title_w + dept_w + status_w - 2 * PAD, True, most_title)
        rows.append(Row("area", area, 0.0, lines, [], [], shortened=cut))
        for depth, t in tasks:
            title = ctx.user(t.title, "tasks", t.title, "title")
            bold = t.id in has_kids
            indent = min(depth, 4) * INDENT
            tl, cut_t = _capped(title, ROW_SIZE, title_w - 2 * PAD - indent, bold, most_title)
            dl, cut_d = _capped(ctx.user(t.department, "tasks", t.title, "department"), 7.0, dept_w - 2 * PAD,
                                False, most_small)
            key = status_key(ctx.plan, t, ctx.today)
            sl = wrap(_status_text(ctx, t, key), 7.0, status_w - 2 * PAD, max_lines=most_small)
            rows.append(Row("task", area, 0.0, tl, dl, sl, t, depth, key, bold, shortened=cut_t or cut_d))
    return _sized(rows, row_min)


def _capped(text: str, size: float, width: float, bold: bool, most: int) -> tuple[list[str], bool]:
    """The wrapped lines, at most ``most`` of them (the last ending in …), and whether it was cut."""
    lines = wrap(text, size, width, bold)
    if len(lines) <= most:
        return lines, False
    return wrap(text, size, width, bold, max_lines=most), True


def _shortened_pages(ctx: Context, rows: list[Row], section: str) -> list[Page]:
    """The cells the chart had to shorten, whole (every character of the plan is in the report)."""
    cut = [r for r in rows if r.shortened]
    if not cut:
        return []
    flow = Flow(ctx, section)
    flow.heading(ctx.t(N_("Shortened on the schedule: the full text")))
    flow.note(ctx.t(N_("These cells were too long for a page of the schedule and end with “…” there; "
                       "here they are in full.")))
    table_rows: list[list[Cell]] = []
    for r in cut:
        area = ctx.user(r.area.name, "areas", r.area.name, "name") if r.area else ctx.t(N_("(no part)"))
        if r.task is None:
            table_rows.append([area, "", ""])
        else:
            t = r.task
            table_rows.append([area, ctx.user(t.title, "tasks", t.title, "title"),
                               ctx.user(t.department, "tasks", t.title, "department")])
    flow.table(Table([Col(ctx.t(N_("Part of the plan")), 1.2), Col(ctx.t(N_("Task")), 3.0),
                      Col(ctx.t(N_("Department")), 1.0)], table_rows))
    return flow.pages()


def _sized(rows: list[Row], row_min: float) -> list[Row]:
    """The rows with heights for a minimum row height (the text is laid out once)."""
    area_min = AREA_ROW if row_min >= ROW_MIN else row_min + 0.6
    out = []
    for r in rows:
        if r.kind == "area":
            height = area_min if len(r.title) == 1 else len(r.title) * ROW_LEADING + 2 * PAD
            out.append(dataclasses.replace(r, height=height, zone=area_min))
        else:
            most = max(len(r.title), len(r.dept), len(r.status))
            n = max(len(r.title) * ROW_LEADING, len(r.dept) * 8.6, len(r.status) * 8.6)
            height = row_min if most == 1 else max(row_min, n + 2 * PAD)
            out.append(dataclasses.replace(r, height=height, zone=row_min))
    return out


def _status_text(ctx: Context, t: Task, key: str) -> str:
    base = ctx.t(STATUS_LABELS[_STATUS_OF.get(t.status, "todo")])
    if t.status == "進行中" and not t.milestone:
        base = f"{base} {t.progress}%"
    if key == "late":
        return f"{_late_label(ctx, t)}（{base}）"
    return base


def _late_label(ctx: Context, t: Task) -> str:
    """遅延 45日: the word and the days past the planned end (as :func:`dxplanner.history.days_late`)."""
    days = days_late_in(ctx.plan, t, ctx.today) or 0
    return ctx.t(N_("Late {days} days")).format(days=f"{days:,}")


def gantt_pages(ctx: Context) -> list[Page]:
    geo = ctx.geometry
    cols = TABLE_COLS.get(geo.paper, TABLE_COLS["A3"])
    title_w, dept_w, status_w = cols
    table_w = title_w + dept_w + status_w
    chart_w = geo.frame_width - table_w
    axis = _axis(ctx, ctx.plan, chart_w)
    body_h = geo.frame_height - HEAD_YEAR - HEAD_SUB - LEGEND_H - 6
    rows = _rows(ctx, cols, ROW_MIN, body_h)
    bands = _bands(ctx, rows, body_h, table_w)
    if len(bands) > 1:
        # a slightly tighter row saves a page band (a short plan on one band of pages)
        tight = _bands(ctx, _sized(rows, ROW_TIGHT), body_h, table_w)
        if len(tight) < len(bands):
            bands = tight
    section = ctx.t(N_("Schedule (工程表)"))
    pages: list[Page] = []
    for r, band in enumerate(bands):
        for c in range(axis.pages):
            pieces = []
            if len(bands) > 1:
                pieces.append(ctx.t(N_("rows {r}/{rn}")).format(r=r + 1, rn=len(bands)))
            if axis.pages > 1:
                pieces.append(ctx.t(N_("across {c}/{cn}")).format(c=c + 1, cn=axis.pages))
            part = ("・" if ctx.lang == "ja" else " · ").join(pieces)
            if c + 1 < axis.pages:  # the pages of a band follow each other: lay them side by side
                part += "　" + ctx.t(N_("continues on the next page →"))
            pages.append(Page(
                section,
                _page_drawer(ctx, axis, band, c, (title_w, dept_w, status_w)),
                bookmark=section if (r == 0 and c == 0) else None,
                part=part,
            ))
    return pages + _shortened_pages(ctx, rows, section)


def _bands(ctx: Context, rows: list[Row], body_h: float, table_w: float) -> list[list[Row]]:
    """Rows cut into bands of one page height; a band starting inside a part repeats its name."""
    bands: list[list[Row]] = []
    cur: list[Row] = []
    used = 0.0
    for row in rows:
        h = row.height
        if cur and used + h > body_h:
            bands.append(cur)
            cur, used = [], 0.0
            if row.kind == "task":
                cont = _continued(ctx, row.area, table_w, row.zone)
                cur.append(cont)
                used += cont.height
        cur.append(row)
        used += h
    if cur or not bands:
        bands.append(cur)
    return bands


def _continued(ctx: Context, area: Area | None, width: float, row_min: float) -> Row:
    name = ctx.user(area.name, "areas", area.name, "name") if area else ctx.t(N_("(no part)"))
    text = name + ctx.t(N_(" (continued)"))
    lines = wrap(text, ROW_SIZE, width - 2 * PAD, bold=True, max_lines=3)
    area_min = AREA_ROW if row_min >= ROW_MIN else row_min + 0.6
    height = area_min if len(lines) == 1 else len(lines) * ROW_LEADING + 2 * PAD
    return Row("area", area, height, lines, [], [], continued=True, zone=area_min)


def _page_drawer(
    ctx: Context, axis: Axis, band: list[Row], tile: int, cols: tuple[float, float, float]
) -> Callable[[Ink], None]:
    geo = ctx.geometry
    title_w, dept_w, status_w = cols
    table_w = title_w + dept_w + status_w
    left = geo.left
    chart_x = left + table_w
    tile_start = tile * axis.per_page  # months
    tile_months = min(axis.per_page, axis.months - tile_start)
    origin = chart_x - tile_start * axis.month_w  # x of the axis start on this page
    top = geo.top
    body_top = top - HEAD_YEAR - HEAD_SUB
    body_h = sum(r.height for r in band)
    body_bottom = body_top - body_h
    plan_x0 = origin + axis.x(fy_start(ctx.plan.from_fy))
    plan_x1 = origin + axis.x_end(fy_end(ctx.plan.to_fy))
    chart_end = chart_x + tile_months * axis.month_w
    band_zone = next((r.zone for r in band if r.kind == "area"), AREA_ROW)

    def draw(ink: Ink) -> None:
        # --- header: table column titles, 年度 and 四半期/月
        head_bottom = body_top
        ink.rect(left, head_bottom, table_w, HEAD_YEAR + HEAD_SUB, fill=HEAD_FILL)
        ink.rect(chart_x, head_bottom, chart_end - chart_x, HEAD_YEAR + HEAD_SUB, fill=HEAD_FILL)
        mid = head_bottom + (HEAD_YEAR + HEAD_SUB) / 2 - 2.8
        ink.text(left + PAD, mid, ctx.t(N_("Initiative / task")), SMALL_HEAD, bold=True)
        ink.text(left + title_w + PAD, mid, ctx.t(N_("Department")), SMALL_HEAD, bold=True)
        ink.text(left + title_w + dept_w + PAD, mid, ctx.t(N_("Status")), SMALL_HEAD, bold=True)
        _time_header(ink, ctx, axis, origin, tile_start, tile_months, head_bottom)

        # --- body background: outside the plan period, grid
        if plan_x0 > chart_x:
            ink.rect(chart_x, body_bottom, min(plan_x0, chart_end) - chart_x, body_h, fill=OUTSIDE_FILL)
        if plan_x1 < chart_end:
            x0 = max(plan_x1, chart_x)
            ink.rect(x0, body_bottom, chart_end - x0, body_h, fill=OUTSIDE_FILL)
        y = body_top
        for row in band:
            if row.kind == "area":
                ink.rect(left, y - row.height, chart_end - left, row.height, fill=BAND_FILL)
            y -= row.height
        for m in range(tile_start, tile_start + tile_months + 1):
            x = origin + m * axis.month_w
            if m % 12 == 0:
                ink.line(x, body_top + HEAD_YEAR + HEAD_SUB, x, body_bottom, RULE, 0.7)
            elif m % 3 == 0:
                ink.line(x, body_top + HEAD_SUB, x, body_bottom, LIGHT_RULE, 0.4)
            elif ctx.timescale == "month":
                ink.line(x, body_top, x, body_bottom, (0.9, 0.9, 0.9), 0.3)

        # --- rows: text of the task table
        y = body_top
        for row in band:
            _row_text(ink, row, left, y, cols)
            y -= row.height
            ink.line(left, y, chart_end, y, LIGHT_RULE, 0.3)

        # --- the chart, clipped to this page's slice of time
        ink.save()
        ink.clip_rect(chart_x, body_bottom - 1, chart_end - chart_x, body_h + 1)
        y = body_top
        area_spans: list[tuple[Area | None, float, float]] = []
        for row in band:
            if row.kind == "area":
                area_spans.append((row.area, y, y - row.height))
            else:
                _row_chart(ink, ctx, axis, row, origin, y, chart_end)
                if area_spans:
                    a, t0, _ = area_spans[-1]
                    area_spans[-1] = (a, t0, y - row.height)
            y -= row.height
        for area, a_top, a_bottom in area_spans:
            if area is not None and area.deadline is not None:
                x = origin + axis.x_end(area.deadline)
                if chart_x <= x <= chart_end:
                    _deadline_line(ink, x, a_top, a_bottom)
                    label = ctx.t(N_("National deadline {date}")).format(date=ctx.short_date(area.deadline))
                    lw = text_width(label, 7.0, True)
                    lx = x + 3 if x + 3 + lw < chart_end else x - 3 - lw
                    zone = band_zone
                    ink.rect(lx - 1, a_top - zone / 2 - 4.75, lw + 2, 9.5, fill=WHITE)
                    ink.text(lx, a_top - zone / 2 - 2.3, label, 7.0, bold=True, color=DEADLINE_INK)
        tx = origin + axis.x(ctx.today) + axis.month_w / 60
        if chart_x <= tx <= chart_end:
            _today_line(ink, tx, body_top, body_bottom)
        ink.restore()
        if chart_x <= tx <= chart_end:
            label = ctx.t(N_("As of {date}")).format(date=ctx.short_date(ctx.today))
            lw = text_width(label, 7.0, True)
            lx = min(max(tx - lw / 2, chart_x + 1), chart_end - lw - 1)
            ink.rect(lx - 1.5, body_bottom - 11, lw + 3, 10, fill=WHITE, stroke=TODAY_INK, width=0.6)
            ink.text(lx, body_bottom - 8.5, label, 7.0, bold=True, color=TODAY_INK)

        # --- frame lines
        ink.line(left + title_w, top, left + title_w, body_bottom, LIGHT_RULE, 0.4)
        ink.line(left + title_w + dept_w, top, left + title_w + dept_w, body_bottom, LIGHT_RULE, 0.4)
        ink.line(chart_x, top, chart_x, body_bottom, RULE, 0.8)
        ink.line(left, body_top, chart_end, body_top, RULE, 0.6)
        ink.rect(left, body_bottom, chart_end - left, top - body_bottom, stroke=RULE, width=0.8)
        draw_legend(ink, ctx, left, geo.bottom, geo.frame_width)

    return draw


SMALL_HEAD = 7.5


def _time_header(
    ink: Ink, ctx: Context, axis: Axis, origin: float, tile_start: int, tile_months: int, bottom: float
) -> None:
    y_year = bottom + HEAD_SUB
    first = tile_start // 12
    last = (tile_start + tile_months - 1) // 12
    for i in range(first, last + 1):
        fy = axis.first_fy + i
        m0 = max(i * 12, tile_start)
        m1 = min((i + 1) * 12, tile_start + tile_months)
        x0, x1 = origin + m0 * axis.month_w, origin + m1 * axis.month_w
        short = str(fy) if ctx.style == "western" or ctx.lang == "en" else fy_label(fy, "short")
        label = _fit_label(ctx, [ctx.fy(fy), short], x1 - x0 - 4, 8.0, True)
        if label:
            ink.text((x0 + x1) / 2, y_year + 3.6, label, 8.0, bold=True, align="center")
    ink.line(origin + tile_start * axis.month_w, y_year, origin + (tile_start + tile_months) * axis.month_w,
             y_year, RULE, 0.5)
    step = 1 if ctx.timescale == "month" else 3
    m = tile_start
    while m < tile_start + tile_months:
        x0, x1 = origin + m * axis.month_w, origin + (m + step) * axis.month_w
        month = (m + 3) % 12 + 1  # m=0 is April
        if step == 3:
            q = (m % 12) // 3 + 1
            end_month = (month + 1) % 12 + 1
            options = [f"{month}〜{end_month}月", f"Q{q}"] if ctx.lang == "ja" else [f"Q{q}"]
        else:
            options = [f"{month}月", f"{month}"] if ctx.lang == "ja" else [calendar.month_abbr[month], str(month)]
        label = _fit_label(ctx, options, x1 - x0 - 2, 7.0, False)
        if label:
            ink.text((x0 + x1) / 2, bottom + 3.4, label, 7.0, align="center")
        m += step


def _fit_label(ctx: Context, options: list[str], width: float, size: float, bold: bool) -> str:
    for opt in options:
        if text_width(opt, size, bold) <= width:
            return opt
    return ""


def _row_text(ink: Ink, row: Row, left: float, top: float, cols: tuple[float, float, float]) -> None:
    title_w, dept_w, _ = cols
    # the first line sits in the middle of the row's first `zone` points
    pad = (row.zone - ROW_LEADING) / 2
    if row.kind == "area":
        ink.lines(left + PAD, top - pad, row.title, ROW_SIZE, ROW_LEADING, bold=True)
        return
    indent = min(row.depth, 4) * INDENT
    ink.lines(left + PAD + indent, top - pad, row.title, ROW_SIZE, ROW_LEADING, bold=row.bold)
    small_pad = (row.zone - 8.6) / 2
    ink.lines(left + title_w + PAD, top - small_pad, row.dept, 7.0, 8.6)
    color = LATE_INK if row.key == "late" else BLACK
    ink.lines(left + title_w + dept_w + PAD, top - small_pad, row.status, 7.0, 8.6,
              bold=row.key == "late", color=color)


def _row_chart(ink: Ink, ctx: Context, axis: Axis, row: Row, origin: float, top: float, chart_end: float) -> None:
    t = row.task
    assert t is not None
    cy = top - min(row.height, row.zone) / 2
    if t.start is None and t.end is None:
        return
    start = t.start or t.end
    end = t.end or t.start
    assert start is not None and end is not None
    if end < start:
        start, end = end, start
    if t.milestone:
        cx = origin + (axis.x(end) + axis.x_end(end)) / 2
        draw_diamond(ink, row.key, cx, cy)
        label_x = cx + 7
    else:
        x0 = origin + axis.x(start)
        x1 = origin + axis.x_end(end)
        if x1 - x0 < 2.0:
            x1 = x0 + 2.0
        draw_bar(ink, row.key, x0, cy - BAR_H / 2, x1 - x0)
        label_x = x1 + 3
    if row.key == "late":
        ink.text(label_x, cy - 2.6, _late_label(ctx, t), 7.5, bold=True, color=LATE_INK)
