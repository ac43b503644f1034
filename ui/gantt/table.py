"""The task table: a QTreeView (editing, keyboard, selection, expand/collapse, accessibility) that
paints each row in one Python call.

Qt's styled delegate lays every cell out with QTextLayout through the style; on a 1600×900 view
that is ~50 ms per repaint here, far over the 16 ms budget. ``drawRow`` below draws a row's
cells itself with cached, pre-elided QStaticText, which brings the table to a few ms. Editing
still goes through the item delegate (TaskDelegate) as usual.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPixmap, QPolygonF, QStaticText
from PySide6.QtWidgets import QStyleOptionViewItem, QTreeView, QWidget

from ui.gantt.model import COL_END, COL_PROGRESS, COL_START, COL_STATUS, COLUMNS, GanttModel, Node

SELECTED = QColor("#cfe0f8")
SELECTED_FOCUS = QColor("#b6d0f5")
AREA_BG = QColor("#f0f0f0")
TEXT = QColor("#1a1a1a")
LATE = QColor("#b71c1c")
GRID = QColor("#e6e6e6")
BASE = QColor("#ffffff")
ARROW = QColor("#555555")
FOCUS = QColor("#0b57d0")
_CACHE_LIMIT = 20_000


class TaskTable(QTreeView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: dict[tuple[str, int, bool], tuple[QStaticText, float]] = {}
        # per row: (what it was painted for, the cell texts it showed, its picture)
        self._rows: dict[Node, tuple[tuple[object, ...], tuple[str | None, ...], QPixmap]] = {}
        self._cols: list[tuple[int, int]] = []
        self._bold = QFont()
        self._fm = QFontMetricsF(self.font())
        self._fm_bold = QFontMetricsF(self._bold)
        self._arrow_right = QPolygonF([QPointF(-3, -5), QPointF(3, 0), QPointF(-3, 5)])
        self._arrow_down = QPolygonF([QPointF(-5, -3), QPointF(5, -3), QPointF(0, 3)])

    def gantt_model(self) -> GanttModel:
        m = self.model()
        assert isinstance(m, GanttModel)
        return m

    def changeEvent(self, event: object) -> None:
        super().changeEvent(event)  # type: ignore[arg-type]
        self._fonts_changed()

    def _fonts_changed(self) -> None:
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._fm = QFontMetricsF(self.font())
        self._fm_bold = QFontMetricsF(self._bold)
        self._texts.clear()
        self._rows.clear()

    def forget_rows(self) -> None:
        """Drop every cached row picture (after a rebuild, a language change …)."""
        self._rows.clear()

    def paintEvent(self, event: QPaintEvent) -> None:
        header = self.header()
        self._cols = [(header.sectionViewportPosition(c), header.sectionSize(c)) for c in range(COLUMNS)]
        if len(self._texts) > _CACHE_LIMIT:
            self._texts.clear()
        super().paintEvent(event)

    def _static(self, text: str, width: int, bold: bool) -> tuple[QStaticText, float]:
        key = (text, width, bold)
        hit = self._texts.get(key)
        if hit is None:
            fm = self._fm_bold if bold else self._fm
            shown = text
            if fm.horizontalAdvance(text) > width:
                shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
            st = QStaticText(shown)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(font=self._bold if bold else self.font())
            hit = self._texts[key] = (st, st.size().width())
        return hit

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem,
                index: QModelIndex | QPersistentModelIndex) -> None:
        """Blit the row's cached picture; paint it first if anything it shows has changed."""
        model = self.gantt_model()
        node = model.node(index)
        rect: QRect = option.rect
        width = self.viewport().width()
        cur = self.currentIndex()
        focus_col = cur.column() if self.hasFocus() and cur.internalPointer() is node else -1
        selected = self.selectionModel().isSelected(index)
        expanded = bool(node.children) and self.isExpanded(index)
        texts = model.row_texts(node)
        key = (width, rect.height(), selected, self.hasFocus() and selected, focus_col, expanded, tuple(self._cols))
        cached = self._rows.get(node)
        if cached is None or cached[0] != key or cached[1] is not texts:
            if len(self._rows) > 4 * max(64, self.viewport().height() // max(1, rect.height())):
                self._rows.clear()
            cached = (key, texts, self._row_picture(node, texts, width, rect.height(), selected, focus_col,
                                                    expanded))
            self._rows[node] = cached
        painter.drawPixmap(0, rect.y(), cached[2])

    def _row_picture(self, node: Node, texts: tuple[str | None, ...], width: int, h: int, selected: bool,
                     focus_col: int, expanded: bool) -> QPixmap:
        dpr = self.viewport().devicePixelRatioF()
        pm = QPixmap(int(width * dpr), int(h * dpr))
        pm.setDevicePixelRatio(dpr)
        is_area = node.kind == "area"
        pm.fill((SELECTED_FOCUS if self.hasFocus() else SELECTED) if selected else AREA_BG if is_area else BASE)
        painter = QPainter(pm)
        indent = self.indentation()
        depth = 0
        p = node.parent
        while p is not None and p.kind != "root":
            depth += 1
            p = p.parent
        cols = self._cols or [(0, self.columnWidth(c)) for c in range(COLUMNS)]
        # the expand/collapse arrow where QTreeView looks for clicks on it
        if node.children:
            x0 = cols[0][0] + indent * depth + indent / 2
            poly = self._arrow_down if expanded else self._arrow_right
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ARROW)
            painter.drawPolygon(poly.translated(x0, h / 2))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        late = self.gantt_model().is_late(node)
        painter.setFont(self._bold if is_area else self.font())
        ty = (h - (self._fm_bold if is_area else self._fm).height()) / 2
        for col in range(COLUMNS):
            cx, cw = cols[col]
            text = texts[col]
            if col == 0:
                cx += indent * (depth + 1)
                cw -= indent * (depth + 1)
            elif is_area and col == COL_END and text:
                # an area's deadline has the row to itself: use the width from 開始 to the end
                cx = cols[COL_START][0]
                cw = width - cx
            if text and cw > 8:
                st, tw = self._static(text, int(cw - 8), is_area)
                painter.setPen(LATE if late and col == COL_STATUS else TEXT)
                if col == COL_PROGRESS:
                    painter.drawStaticText(QPointF(cx + cw - 4 - tw, ty), st)
                else:
                    painter.drawStaticText(QPointF(cx + 4, ty), st)
        painter.fillRect(QRect(0, h - 1, width, 1), GRID)
        if 0 <= focus_col < COLUMNS:
            cx, cw = cols[focus_col]
            painter.setPen(QPen(FOCUS, 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(cx + 0.5, 0.5, cw - 1, h - 2))
        painter.end()
        return pm
