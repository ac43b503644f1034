"""Painting the timeline: header, grid, plan period, today, national deadlines, bars, links.

:class:`Chart` holds what a paint needs (model, row layout, time scale, options) and paints
any band of rows to any QPainter, so the widget (visible rows only), the PNG export (strips)
and the SVG export (everything) share one drawing code.

Coordinates: "chart x" is pixels from 1 April of the first fiscal year shown; row ``i`` spans
``i * row_h`` .. ``(i + 1) * row_h``. The caller translates the painter.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QStaticText

from dxplanner import fiscal
from dxplanner.i18n import _, current_language
from dxplanner.model import Plan, Task, is_late, plan_start
from ui.gantt.layout import RowLayout, Span
from ui.gantt.model import GanttModel, Node
from ui.gantt.scale import TimeScale, base_ppd
from ui.gantt.styles import OVERDUE, STATUS_ORDER, STYLES, StatusStyle, is_overdue, status_text, style_key

GRID = QColor("#dddddd")
MONTH_GRID = QColor("#ececec")
HEADER_GRID = QColor("#c0c0c0")
YEAR_LINE = QColor("#8a8a8a")
PERIOD_TINT = QColor("#eef4fb")
PERIOD_EDGE = QColor("#5b8fd0")
AREA_BAND = QColor("#f0f0f0")
SELECTED_BAND = QColor("#d4e4fa")
TODAY = QColor("#d32f2f")
DEADLINE = QColor("#6a1b9a")
SUMMARY = QColor("#333333")
LINK = QColor("#4a4a4a")
SNAPSHOT = QColor("#707070")
TEXT = QColor("#1a1a1a")
LATE_TEXT = QColor("#8e1b1b")
HEADER_BG = QColor("#f7f7f7")
SELECT_EDGE = QColor("#0b57d0")
TAG_BG = QColor(255, 255, 255, 235)
MARKER_H = 5  # the today marker in the header: a triangle this tall at the bottom, under the labels


@dataclass
class Bar:
    """Where a row's bar is, in chart coordinates (x) and row-relative y."""

    kind: str  # "task" | "milestone" | "summary" | "area"
    x0: float
    x1: float
    start: datetime.date
    end: datetime.date


class Chart:
    def __init__(self, model: GanttModel, layout: RowLayout) -> None:
        self.model = model
        self.layout = layout
        self.zoom = "year"  # at 1280×820 at least two 年度 show (issue 13)
        self.fit_width = 1000.0
        self.snapshot: dict[str, Span] | None = None
        self.selected: str | None = None
        self.preview: dict[str, Span] = {}  # task id -> dates shown while dragging
        self.link_preview: tuple[QPointF, QPointF] | None = None
        self.first_fy = 2021
        self.last_fy = 2025
        self._texts: dict[tuple[str, int], tuple[QStaticText, float]] = {}
        self._pens: dict[tuple[str, float, int], QPen] = {}
        self.set_font(QFont())
        self.update_range()

    # --- options ------------------------------------------------------------------------------

    @property
    def today(self) -> datetime.date:
        return self.model.today

    @property
    def era(self) -> str:
        return self.model.era

    @property
    def row_h(self) -> int:
        return self.model.row_height

    def set_font(self, font: QFont) -> None:
        self.font = QFont(font)
        self.small = QFont(font)
        self.small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.fm = QFontMetricsF(self.font)
        self.fm_small = QFontMetricsF(self.small)
        self.line_h = self.fm.height()
        self._texts = {}
        # two tiers: 年度 (the plan-period band at its bottom), then the quarter/month labels above a
        # strip for the today marker, so that the marker never covers a label
        self.tier_h = int(self.fm.height() + 6)
        # then a strip for the labels of the 国の目標期限 and 今日 lines: in the header, they never
        # cover a task bar or its label (they used to float over the first rows)
        self.tags_top = int(self.tier_h + 2 + self.fm_small.height() + 1)
        self.tags_h = int(self.fm_small.height() + 4)
        self.header_h = int(self.tags_top + self.tags_h + MARKER_H + 1 + 0.999)
        self.model.row_height = int(self.fm.height() + 10)
        self._rebuild_scale()

    def update_range(self) -> bool:
        """Cover the plan period, every task and every deadline; True when the range changed."""
        plan = self.model.plan
        first, last = 2021, 2025
        if plan is not None:
            first, last = plan.from_fy, plan.to_fy
            for t in plan.tasks.values():
                for d in (t.start, t.end):
                    if d is not None:
                        fy = fiscal.fiscal_year(d)
                        first = min(first, fy)
                        last = max(last, fy)
            for a in plan.areas.values():
                if a.deadline is not None:
                    last = max(last, fiscal.fiscal_year(a.deadline))
        return self._set_range(first, last)

    def extend_range(self, ids: set[str]) -> bool:
        """Grow the range for changed tasks (never shrinks during editing: no jumping axis)."""
        plan = self.model.plan
        if plan is None:
            return False
        first, last = self.first_fy, self.last_fy
        for tid in ids:
            t = plan.tasks.get(tid)
            if t is None:
                continue
            for d in (t.start, t.end):
                if d is not None:
                    fy = fiscal.fiscal_year(d)
                    first, last = min(first, fy), max(last, fy)
        return self._set_range(first, last)

    def _set_range(self, first: int, last: int) -> bool:
        changed = (first, last) != (self.first_fy, self.last_fy)
        self.first_fy, self.last_fy = first, last
        if changed or not hasattr(self, "scale"):
            self._rebuild_scale()
        return changed

    def set_zoom(self, level: str, fit_width: float | None = None) -> None:
        self.zoom = level
        if fit_width is not None:
            self.fit_width = fit_width
        self._rebuild_scale()

    def _rebuild_scale(self) -> None:
        if self.zoom == "fit":
            plan = self.model.plan
            lo, hi = (plan.from_fy, plan.to_fy) if plan is not None else (self.first_fy, self.last_fy)
            days = (fiscal.fy_end(hi) - fiscal.fy_start(lo)).days + 1
            ppd = max(0.05, (self.fit_width - 8) / days)
        else:
            ppd = base_ppd(self.zoom, getattr(self, "line_h", 17.0))
        self.scale = TimeScale(self.first_fy, self.last_fy, ppd)

    def header_unit(self) -> str:
        """The lower header tier: months at 月 zoom, quarters at 四半期 and 年度 zoom (halves if tight)."""
        if self.zoom == "month":
            return "month"
        if self.zoom == "quarter":
            return "quarter"
        if self.zoom == "year":
            return "quarter" if self.scale.ppd * 91 >= 18 else "half"
        return self.scale.minor_unit()

    def static_text(self, text: str, small: bool = True) -> QStaticText:
        """A prepared QStaticText for a label (drawing one is several times cheaper than drawText)."""
        return self.static_text_w(text, small)[0]

    def static_text_w(self, text: str, small: bool = True) -> tuple[QStaticText, float]:
        """The prepared text and its width (asking QStaticText for its size is not free)."""
        key = (text, 1 if small else 0)
        hit = self._texts.get(key)
        if hit is None:
            if len(self._texts) > 20_000:
                self._texts.clear()
            st = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=self.small if small else self.font)
            hit = self._texts[key] = (st, st.size().width())
        return hit

    def pen(self, color: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
        key = (color.name(), width, int(style.value))
        pen = self._pens.get(key)
        if pen is None:
            pen = self._pens[key] = QPen(color, width, style)
        return pen

    def x_of_fy(self, fy: int) -> float:
        return self.scale.x(fiscal.fy_start(fy))

    # --- geometry -----------------------------------------------------------------------------

    def dates(self, t: Task) -> Span | None:
        p = self.preview.get(t.id)
        if p is not None:
            return p
        s, e = t.start or t.end, t.end or t.start
        return (s, e) if s is not None and e is not None else None

    def bar(self, node: Node) -> Bar | None:
        sc = self.scale
        if node.kind == "area":
            span = self._preview_span(node) if self.preview else self.layout.subtree_span(node)
            if span is None:
                return None
            return Bar("area", sc.x(span[0]), sc.x_end(span[1]), span[0], span[1])
        plan = self.model.plan
        t = plan.tasks.get(node.id) if plan is not None else None
        if t is None:
            return None
        d = self.dates(t)
        if d is None:
            if not node.children:
                return None
            d = self._preview_span(node) if self.preview else self.layout.subtree_span(node)
            if d is None:
                return None
        if t.milestone and not node.children:
            return Bar("milestone", sc.x(d[1]), sc.x_end(d[1]), d[1], d[1])
        return Bar("summary" if node.children else "task", sc.x(d[0]), sc.x_end(d[1]), d[0], d[1])

    def _preview_span(self, node: Node) -> Span | None:
        plan = self.model.plan
        lo: datetime.date | None = None
        hi: datetime.date | None = None
        stack = [node]
        while stack:
            n = stack.pop()
            t = plan.tasks.get(n.id) if plan is not None and n.kind == "task" else None
            d = self.dates(t) if t is not None else None
            if d is not None:
                lo = d[0] if lo is None or d[0] < lo else lo
                hi = d[1] if hi is None or d[1] > hi else hi
            stack.extend(n.children)
        return (lo, hi) if lo is not None and hi is not None else None

    def bar_band(self) -> tuple[float, float]:
        """Top offset and height of a bar inside its row."""
        rh = self.row_h
        if self.snapshot is not None:
            return 4.0, rh - 13.0
        return 5.0, rh - 10.0

    # --- header -------------------------------------------------------------------------------

    def paint_header(self, p: QPainter, x0: float, x1: float) -> None:
        """The two header tiers for chart x in [x0, x1]; the painter's origin is chart x 0, y 0."""
        h = self.header_h
        half = self.tier_h
        sc = self.scale
        lang = current_language()
        p.fillRect(QRectF(x0, 0, x1 - x0, h), HEADER_BG)
        p.setPen(TEXT)
        # plan period band along the top tier's bottom
        plan = self.model.plan
        if plan is not None:
            px0, px1 = sc.x(fiscal.fy_start(plan.from_fy)), sc.x_end(fiscal.fy_end(plan.to_fy))
            p.fillRect(QRectF(px0, half - 3, px1 - px0, 3), PERIOD_EDGE)
        for c in sc.cells("year", x0, x1):
            cx0, cx1 = sc.x(c.start), sc.x_end(c.end)
            self._cell_text(p, cx0, cx1, 0, half - 3, self._fy_texts(c.fy, lang), False, x0, x1)
            p.fillRect(QRectF(cx0, 0, 1, h), YEAR_LINE)
        unit = self.header_unit()
        minor_line = HEADER_GRID
        for c in sc.cells(unit, x0, x1):
            cx0, cx1 = sc.x(c.start), sc.x_end(c.end)
            if c.start.month != 4:
                p.fillRect(QRectF(cx0, half, 1, h - half), minor_line)
            self._cell_text(p, cx0, cx1, half + 2, self.fm_small.height(), self._minor_texts(c.unit, c.index, lang),
                            True, x0, x1)
        p.fillRect(QRectF(x0, h - 1, x1 - x0, 1), YEAR_LINE)
        p.fillRect(QRectF(x0, half, x1 - x0, 1), minor_line)
        if plan is not None:
            tx = sc.x(self.today) + sc.ppd / 2
            self._paint_markers(p, self.deadlines(), tx, x0, x1, self.tags_top)
            if x0 <= tx <= x1:
                p.setBrush(TODAY)
                p.setPen(Qt.PenStyle.NoPen)
                top = h - 1 - MARKER_H
                p.drawPolygon(QPolygonF([QPointF(tx - 5, top), QPointF(tx + 5, top), QPointF(tx, h - 1)]))

    def _fy_texts(self, fy: int, lang: str) -> list[str]:
        if self.era == "western":
            return [fiscal.fy_label(fy, "western", lang), str(fy)]
        if lang == "en":
            return [fiscal.fy_label(fy, "wareki", "en"), f"FY{fy}", fiscal.fy_label(fy, "short", "ja")]
        return [fiscal.fy_label(fy, "wareki", lang), fiscal.fy_label(fy, "short", lang)]

    @staticmethod
    def _minor_texts(unit: str, index: int, lang: str) -> list[str]:
        if unit == "month":
            if lang == "en":
                name = fiscal.month_label(2000, index, "western", "en").split()[0]
                return [name, name[0]]
            return [f"{index}月", str(index)]
        if unit == "quarter":
            months = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}[index]
            if lang == "en":
                return [f"Q{index}", str(index)]
            return [f"第{index}四半期", f"{months[0]}–{months[1]}月", f"Q{index}", str(index)]
        if lang == "en":
            return [f"H{index}"]
        return ["上期" if index == 1 else "下期", "上" if index == 1 else "下"]

    def _cell_text(self, p: QPainter, cx0: float, cx1: float, y: float, h: float, texts: list[str], small: bool,
                   x0: float, x1: float) -> None:
        """The longest candidate that fits the cell, centred in the cell's visible part."""
        avail = cx1 - cx0 - 6
        vis0, vis1 = max(cx0, x0), min(cx1, x1)
        for text in texts:
            st, w = self.static_text_w(text, small)
            if w <= avail:
                if w <= vis1 - vis0 - 6:
                    cx0, cx1 = vis0, vis1
                fm_h = (self.fm_small if small else self.fm).height()
                p.drawStaticText(QPointF((cx0 + cx1 - w) / 2, y + (h - fm_h) / 2), st)
                return

    # --- body ----------------------------------------------------------------------------------

    def paint_body(self, p: QPainter, first: int, last: int, x0: float, x1: float, y_top: float, y_bot: float,
                   sticky_top: float | None = None) -> None:
        """Rows first..last (inclusive) for chart x in [x0, x1]; rows are at y = row * row_h.

        ``y_top``/``y_bot`` bound what is painted vertically (the visible body); labels of
        deadlines and today are drawn at ``sticky_top`` (the top of the visible body).
        """
        sc = self.scale
        rh = self.row_h
        rows = self.layout.rows
        plan = self.model.plan
        if plan is None:
            p.fillRect(QRectF(x0, y_top, x1 - x0, y_bot - y_top), Qt.GlobalColor.white)
            return
        # white outside the plan period, tinted inside (each pixel filled once)
        px0, px1 = sc.x(fiscal.fy_start(plan.from_fy)), sc.x_end(fiscal.fy_end(plan.to_fy))
        in0, in1 = max(x0, px0), min(x1, px1)
        if in0 < in1:
            p.fillRect(QRectF(in0, y_top, in1 - in0, y_bot - y_top), PERIOD_TINT)
        if x0 < in0 or in0 >= in1:
            p.fillRect(QRectF(x0, y_top, min(in0, x1) - x0 if in0 < in1 else x1 - x0, y_bot - y_top),
                       Qt.GlobalColor.white)
        if in0 < in1 < x1:
            p.fillRect(QRectF(in1, y_top, x1 - in1, y_bot - y_top), Qt.GlobalColor.white)
        # row bands
        sel_node = self.model.task_nodes.get(self.selected) if self.selected else None
        for i in range(first, last + 1):
            node = rows[i]
            if node.kind == "area":
                p.fillRect(QRectF(x0, i * rh, x1 - x0, rh), AREA_BAND)
            elif node is sel_node:
                p.fillRect(QRectF(x0, i * rh, x1 - x0, rh), SELECTED_BAND)
        # grid: months faint (when they are wide enough), header units stronger, years darkest
        unit = self.header_unit()
        height = y_bot - y_top
        if unit != "month" and sc.ppd * 30 >= 10:
            for c in sc.cells("month", x0, x1):
                if c.start.month not in (4, 7, 10, 1):
                    p.fillRect(QRectF(int(sc.x(c.start)), y_top, 1, height), MONTH_GRID)
        for c in sc.cells(unit, x0, x1):
            if c.start.month != 4:
                p.fillRect(QRectF(int(sc.x(c.start)), y_top, 1, height), GRID)
        for c in sc.cells("year", x0, x1):
            p.fillRect(QRectF(int(sc.x(c.start)), y_top, 1, height), YEAR_LINE)
        for x in (px0, px1):
            p.fillRect(QRectF(int(x) - 1, y_top, 2, height), PERIOD_EDGE)
        # national deadlines and today
        deadlines = self.deadlines()
        p.setPen(self.pen(DEADLINE, 2, Qt.PenStyle.DashDotLine))
        for d, _names in deadlines:
            x = sc.x_end(d)
            if x0 <= x <= x1:
                p.drawLine(QLineF(x, y_top, x, y_bot))
        tx = sc.x(self.today) + sc.ppd / 2
        if x0 <= tx <= x1:
            p.fillRect(QRectF(int(tx) - 1, y_top, 2, height), TODAY)
        # links, then bars on top of them
        self._paint_links(p, first, last)
        p.setFont(self.small)
        for i in range(first, last + 1):
            self._paint_row(p, rows[i], i * rh, plan.tasks.get(rows[i].id) if rows[i].kind == "task" else None)
        if self.link_preview is not None:
            a, b = self.link_preview
            p.setPen(QPen(LINK, 1.5, Qt.PenStyle.DashLine))
            p.drawLine(a, b)
        del sticky_top  # the line labels live in the header's own strip (paint_header)

    def deadlines(self) -> list[tuple[datetime.date, list[str]]]:
        """Distinct national deadlines of the plan's areas, with the areas' names."""
        plan = self.model.plan
        out: dict[datetime.date, list[str]] = {}
        if plan is not None:
            for a in sorted(plan.areas.values(), key=lambda a: (a.order, a.id)):
                if a.deadline is not None:
                    out.setdefault(a.deadline, []).append(a.name)
        return sorted(out.items())

    def _paint_markers(self, p: QPainter, deadlines: list[tuple[datetime.date, list[str]]], tx: float,
                       x0: float, x1: float, top: float) -> None:
        """Labels of the deadline lines and the today line, in the header strip at ``top``: each one
        right of its line (left of it at the right edge), shortened so that it stops before the next."""
        sc = self.scale
        fm = self.fm_small
        p.setFont(self.small)
        lang = current_language()
        style = "western" if self.era == "western" else "short"
        tags: list[tuple[float, str, QColor]] = []
        for d, names in deadlines:
            x = sc.x_end(d)
            if x0 <= x <= x1:
                tags.append((x, _("National deadline {date}: {areas}").format(
                    date=fiscal.date_label(d, style, lang), areas="・".join(names)), DEADLINE))
        if x0 <= tx <= x1:
            tags.append((tx, _("Today") + " " + fiscal.date_label(self.today, style, lang), TODAY))
        tags.sort(key=lambda t: t[0])
        for n, (x, text, color) in enumerate(tags):
            nxt = tags[n + 1][0] if n + 1 < len(tags) else x1
            room = max(nxt - x, 0.0) - 14
            if room < 24 and n + 1 == len(tags):
                room = min(x - x0, 300.0) - 14  # at the right edge: the label goes left of its line
            if room < 24:
                continue  # no room: the legend and the tooltip name the line
            shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, room)
            self._tag(p, x, top, shown, color, min(x1, nxt if n + 1 < len(tags) else x1))

    def _tag(self, p: QPainter, line_x: float, y: float, text: str, color: QColor, right: float) -> None:
        st, w = self.static_text_w(text)
        r = QRectF(line_x + 3, y, w + 8, self.fm_small.height() + 2)
        if r.right() > right - 2:
            r.moveRight(line_x - 3)
        p.setPen(self.pen(color))
        p.setBrush(TAG_BG)
        p.drawRect(r)
        p.setPen(color)
        p.drawStaticText(QPointF(r.left() + 4, r.top() + 1), st)

    def _paint_row(self, p: QPainter, node: Node, y: float, t: Task | None) -> None:
        bar = self.bar(node)
        top, bh = self.bar_band()
        if bar is not None:
            if bar.kind == "area":
                self._summary(p, bar, y + top, bh, SUMMARY, thick=True)
            elif t is not None and (plan := self.model.plan) is not None:
                key = (style_key(plan, t, self.today) if self.preview.get(t.id) is None
                       else _preview_key(plan, t, bar, self.today))
                st = STYLES[key]
                if bar.kind == "summary":
                    self._summary(p, bar, y + top, bh, st.color if key == OVERDUE else SUMMARY, thick=False)
                elif bar.kind == "milestone":
                    self._milestone(p, bar, y + top, bh, st)
                else:
                    self._task_bar(p, bar, y + top, bh, st, t.progress)
                if t.id == self.selected:
                    p.setPen(self.pen(SELECT_EDGE, 1.5, Qt.PenStyle.DotLine))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(QRectF(bar.x0 - 3, y + top - 3, max(bar.x1 - bar.x0, 6) + 6, bh + 6))
                self._label(p, bar, y, st, t)
        if t is not None and self.snapshot is not None:
            old = self.snapshot.get(t.id)
            if old is not None:
                sx0, sx1 = self.scale.x(old[0]), self.scale.x_end(old[1])
                p.fillRect(QRectF(sx0, y + self.row_h - 6, max(sx1 - sx0, 2.0), 2.5), SNAPSHOT)

    def _task_bar(self, p: QPainter, bar: Bar, y: float, h: float, st: StatusStyle, progress: int) -> None:
        w = max(bar.x1 - bar.x0, 2.0)
        r = QRectF(bar.x0, y, w, h)
        p.fillRect(r, Qt.GlobalColor.white)
        if st.pattern != Qt.BrushStyle.NoBrush:
            p.fillRect(r, st.brush)
        if st.solid_fill and progress > 0 and st.key != "完了":
            p.fillRect(QRectF(bar.x0, y + h * 0.3, w * progress / 100, h * 0.4), st.color)
        p.setPen(self.pen(st.edge, st.border_width))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(r)

    def _milestone(self, p: QPainter, bar: Bar, y: float, h: float, st: StatusStyle) -> None:
        cx = (bar.x0 + bar.x1) / 2
        s = h / 2 + 1
        cy = y + h / 2
        poly = QPolygonF([QPointF(cx, cy - s), QPointF(cx + s, cy), QPointF(cx, cy + s), QPointF(cx - s, cy)])
        p.setPen(self.pen(st.edge, st.border_width))
        p.setBrush(st.color if st.key == "完了" else QBrush(Qt.GlobalColor.white))
        p.drawPolygon(poly)
        if st.pattern not in (Qt.BrushStyle.NoBrush, Qt.BrushStyle.SolidPattern):
            p.setBrush(st.brush)
            p.drawPolygon(poly)

    def _summary(self, p: QPainter, bar: Bar, y: float, h: float, color: QColor, thick: bool) -> None:
        bh = h * (0.55 if thick else 0.42)
        w = max(bar.x1 - bar.x0, 2.0)
        p.fillRect(QRectF(bar.x0, y, w, bh), color)
        tip = min(6.0, h - bh)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        for x, dx in ((bar.x0, 1), (bar.x1, -1)):
            p.drawPolygon(QPolygonF([QPointF(x, y + bh), QPointF(x + dx * tip, y + bh), QPointF(x, y + bh + tip)]))

    def _label(self, p: QPainter, bar: Bar, y: float, st: StatusStyle, t: Task) -> None:
        text = status_text(st.key)
        if st.key in ("進行中", OVERDUE) and not t.milestone:
            text += f" {t.progress}%"
        static = self.static_text(text)
        x = bar.x1 + 6 if bar.kind != "milestone" else bar.x1 + self.row_h / 2
        if t.id == self.selected:
            x += 12  # room for the link handle
        p.setPen(LATE_TEXT if st.key == OVERDUE else TEXT)
        p.drawStaticText(QPointF(x, y + (self.row_h - self.fm_small.height()) / 2), static)

    def _paint_links(self, p: QPainter, first: int, last: int) -> None:
        plan = self.model.plan
        if plan is None:
            return
        rh = self.row_h
        lay = self.layout
        sc = self.scale
        normal = self.pen(LINK, 1.1)
        late = self.pen(TODAY, 1.4, Qt.PenStyle.DashLine)
        p.setBrush(LINK)
        for pred_id, succ_id in lay.links_between(first, last):
            pred, succ = plan.tasks.get(pred_id), plan.tasks.get(succ_id)
            if pred is None or succ is None:
                continue
            dp, ds = self.dates(pred), self.dates(succ)
            rp, rs = lay.row_of_task(pred_id), lay.row_of_task(succ_id)
            if dp is None or ds is None or rp is None or rs is None:
                continue
            xa = sc.x_end(dp[1])
            xb = sc.x(ds[0])
            ya = rp * rh + rh / 2
            yb = rs * rh + rh / 2
            # a successor must start after the predecessor's last day; a milestone may fall on it
            clash = ds[0] < dp[1] if succ.milestone else ds[0] <= dp[1]
            pen = late if clash else normal
            p.setPen(pen)
            path = QPainterPath(QPointF(xa, ya))
            if xb - xa >= 12:
                path.lineTo(xa + 6, ya)
                path.lineTo(xa + 6, yb)
            else:
                mid = (rs * rh if rs > rp else rs * rh + rh) if rs != rp else ya + rh / 2
                path.lineTo(xa + 6, ya)
                path.lineTo(xa + 6, mid)
                path.lineTo(xb - 8, mid)
                path.lineTo(xb - 8, yb)
            path.lineTo(xb - 1, yb)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(pen.color())
            p.drawPolygon(QPolygonF([QPointF(xb, yb), QPointF(xb - 5, yb - 3.5), QPointF(xb - 5, yb + 3.5)]))

    # --- legend -----------------------------------------------------------------------------------

    def legend_items(self) -> list[tuple[str, str]]:
        """(kind, label) pairs in legend order."""
        items = [(k, status_text(k)) for k in STATUS_ORDER]
        items += [
            ("milestone", _("Milestone")),
            ("summary", _("Summary (parent / part)")),
            ("period", _("Plan period")),
            ("today", _("Today")),
            ("deadline", _("National deadline")),
            ("link", _("Link (finish → start)")),
        ]
        if self.snapshot is not None:
            items.append(("snapshot", _("Snapshot plan")))
        return items

    def legend_rows_height(self, max_w: float) -> float:
        """Height of the legend when wrapped to ``max_w``."""
        fm = self.fm_small
        line_h = fm.height() + 8
        rows, cx = 1, 0.0
        for _k, label in self.legend_items():
            w = 30 + fm.horizontalAdvance(label) + 14
            if cx + w > max_w and cx > 0:
                rows += 1
                cx = 0.0
            cx += w
        return rows * line_h

    def legend_width(self, items: list[tuple[str, str]]) -> float:
        return sum(30 + self.fm_small.horizontalAdvance(label) + 14 for _k, label in items)

    def paint_legend(self, p: QPainter, x: float, y: float, height: float, max_w: float | None = None) -> float:
        """Draw the legend in one line starting at (x, y); returns the height used (wraps if needed)."""
        p.setFont(self.small)
        fm = self.fm_small
        items = self.legend_items()
        sw, sh = 22.0, min(12.0, height - 6)
        cx, cy = x, y
        line_h = max(height, fm.height() + 6)
        for kind, label in items:
            w = 30 + fm.horizontalAdvance(label) + 14
            if max_w is not None and cx + w > x + max_w and cx > x:
                cx = x
                cy += line_h
            sy = cy + (line_h - sh) / 2
            self._swatch(p, kind, QRectF(cx, sy, sw, sh))
            p.setPen(TEXT)
            p.drawText(QRectF(cx + sw + 6, cy, w - sw - 6, line_h), int(Qt.AlignmentFlag.AlignVCenter), label)
            cx += w
        return cy + line_h - y

    def _swatch(self, p: QPainter, kind: str, r: QRectF) -> None:
        if kind in STYLES:
            st = STYLES[kind]
            bar = Bar("task", r.left(), r.right(), self.today, self.today)
            self._task_bar(p, bar, r.top(), r.height(), st, 50)
        elif kind == "milestone":
            bar = Bar("milestone", r.left(), r.right(), self.today, self.today)
            self._milestone(p, bar, r.top(), r.height(), STYLES["未着手"])
        elif kind == "summary":
            self._summary(p, Bar("summary", r.left(), r.right(), self.today, self.today), r.top(), r.height(),
                          SUMMARY, thick=False)
        elif kind == "period":
            p.fillRect(r, PERIOD_TINT)
            p.setPen(QPen(PERIOD_EDGE, 1.5))
            p.drawLine(QLineF(r.left(), r.top(), r.left(), r.bottom()))
            p.drawLine(QLineF(r.right(), r.top(), r.right(), r.bottom()))
        elif kind == "today":
            p.setPen(QPen(TODAY, 2))
            p.drawLine(QLineF(r.center().x(), r.top() - 2, r.center().x(), r.bottom() + 2))
        elif kind == "deadline":
            p.setPen(QPen(DEADLINE, 2, Qt.PenStyle.DashDotLine))
            p.drawLine(QLineF(r.center().x(), r.top() - 2, r.center().x(), r.bottom() + 2))
        elif kind == "link":
            p.setPen(QPen(LINK, 1.1))
            p.drawLine(QLineF(r.left(), r.center().y(), r.right() - 4, r.center().y()))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(LINK)
            c = r.center().y()
            p.drawPolygon(QPolygonF([QPointF(r.right(), c), QPointF(r.right() - 5, c - 3.5),
                                     QPointF(r.right() - 5, c + 3.5)]))
        elif kind == "snapshot":
            p.fillRect(QRectF(r.left(), r.center().y() - 1.5, r.width(), 3), SNAPSHOT)


def _preview_key(plan: Plan, t: Task, bar: Bar, today: datetime.date) -> str:
    """The style of a bar being dragged: judged on the dates shown, not the stored ones."""
    if is_late(bar.end, t.status, today, plan_start(plan)):
        return OVERDUE
    return t.status if t.status in STYLES else "未着手"


__all__ = ["Bar", "Chart", "is_overdue"]
