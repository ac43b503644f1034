"""The whole chart as a picture: PNG (raster, painted in strips) and SVG (vectors).

Both show every row of the table as it is expanded on screen and the whole time range, with a
title line, the task column (取組 and 担当課), the two-tier 年度 header and the legend.

A 10,000-task plan is a very tall picture (≈ 260,000 px). The PNG is therefore painted in strips
of a few hundred rows into a small QImage and streamed into the PNG file row by row (zlib), so
memory stays small whatever the plan's size; QImage.save would need the whole image at once.
"""

from __future__ import annotations

import datetime
import os
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from dxplanner import fiscal
from dxplanner.i18n import _, current_language
from dxplanner.store import fsops
from ui.gantt.chart import AREA_BAND, GRID, HEADER_BG, TEXT, YEAR_LINE, Chart

MARGIN = 16
STRIP_ROWS = 400


class ChartPage:
    """The layout of the exported picture (all sizes in pixels)."""

    def __init__(self, chart: Chart) -> None:
        self.chart = chart
        fm = chart.fm
        self.title_h = int(fm.height() * 1.6 + 8)
        self.title_w = int(fm.horizontalAdvance("漢") * 17)
        self.dept_w = int(fm.horizontalAdvance("漢") * 6.5)
        self.left_w = self.title_w + self.dept_w
        self.chart_x = MARGIN + self.left_w
        self.chart_w = int(chart.scale.width) + 120  # room for the labels of bars ending last
        self.width = self.chart_x + self.chart_w + MARGIN
        self.header_y = MARGIN + self.title_h
        self.body_y = self.header_y + chart.header_h
        self.rows = len(chart.layout.rows)
        self.body_h = self.rows * chart.row_h
        self.legend_y = self.body_y + self.body_h + 8
        self.legend_h = int(chart.legend_rows_height(self.width - 2 * MARGIN)) + 4
        self.height = self.legend_y + self.legend_h + MARGIN

    def paint(self, p: QPainter, y0: float, y1: float) -> None:
        """Paint the part of the picture between y0 and y1 (picture coordinates)."""
        chart = self.chart
        rh = chart.row_h
        p.fillRect(QRectF(0, y0, self.width, y1 - y0), Qt.GlobalColor.white)
        if y0 < self.body_y:
            self._paint_top(p)
        first = max(0, int((y0 - self.body_y) // rh))
        last = min(self.rows - 1, int((y1 - self.body_y) // rh))
        if first <= last:
            p.save()
            p.setClipRect(QRectF(self.chart_x, self.body_y, self.chart_w, self.body_h))
            p.translate(self.chart_x, self.body_y)
            chart.paint_body(p, first, last, 0, self.chart_w, first * rh, (last + 1) * rh,
                             sticky_top=0 if first == 0 else None)
            p.restore()
            self._paint_task_column(p, first, last)
        if y1 > self.legend_y:
            chart.paint_legend(p, MARGIN, self.legend_y, chart.fm_small.height() + 8, self.width - 2 * MARGIN)

    def _paint_top(self, p: QPainter) -> None:
        chart = self.chart
        plan = chart.model.plan
        lang = current_language()
        style = "western" if chart.era == "western" else "wareki"
        p.setFont(chart.bold)
        p.setPen(TEXT)
        title = ""
        if plan is not None:
            title = plan.title or plan.municipality.name
            title = _("{name} — schedule (工程表), {start}–{end}").format(
                name=title,
                start=fiscal.fy_label(plan.from_fy, style, lang),
                end=fiscal.fy_label(plan.to_fy, style, lang),
            )
        p.drawText(QRectF(MARGIN, MARGIN, self.width - 2 * MARGIN, self.title_h), int(Qt.AlignmentFlag.AlignVCenter),
                   title)
        p.setFont(chart.small)
        made = _("As of {date}").format(date=fiscal.date_label(chart.today, style, lang))
        p.drawText(QRectF(MARGIN, MARGIN, self.width - 2 * MARGIN, self.title_h),
                   int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight), made)
        # column headers
        hh = chart.header_h
        p.fillRect(QRectF(MARGIN, self.header_y, self.left_w, hh), HEADER_BG)
        p.setFont(chart.font)
        p.drawText(QRectF(MARGIN + 4, self.header_y, self.title_w - 8, hh), int(Qt.AlignmentFlag.AlignCenter),
                   _("Task (取組)"))
        p.drawText(QRectF(MARGIN + self.title_w, self.header_y, self.dept_w, hh), int(Qt.AlignmentFlag.AlignCenter),
                   _("Department (担当課)"))
        p.save()
        p.translate(self.chart_x, self.header_y)
        p.setClipRect(QRectF(0, 0, self.chart_w, hh))
        chart.paint_header(p, 0, self.chart_w)
        p.restore()
        p.setPen(QPen(YEAR_LINE, 1))
        p.drawRect(QRectF(MARGIN, self.header_y, self.left_w + self.chart_w, hh))

    def _paint_task_column(self, p: QPainter, first: int, last: int) -> None:
        chart = self.chart
        rh = chart.row_h
        plan = chart.model.plan
        if plan is None:
            return
        fm = chart.fm
        indent = fm.horizontalAdvance("漢")
        for i in range(first, last + 1):
            node = chart.layout.rows[i]
            y = self.body_y + i * rh
            if node.kind == "area":
                p.fillRect(QRectF(MARGIN, y, self.left_w, rh), AREA_BAND)
                area = plan.areas.get(node.id)
                text, dept = (area.name if area else node.id), ""
                p.setFont(chart.bold)
            else:
                t = plan.tasks.get(node.id)
                text, dept = (t.title, t.department) if t is not None else (node.id, "")
                p.setFont(chart.font)
            x = MARGIN + 4 + indent * chart.layout.depth(node)
            w = self.title_w - (x - MARGIN) - 4
            p.setPen(TEXT)
            p.drawText(QRectF(x, y, w, rh), int(Qt.AlignmentFlag.AlignVCenter),
                       p.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(w)))
            if dept:
                p.setFont(chart.small)
                cell = QRectF(MARGIN + self.title_w + 4, y, self.dept_w - 8, rh)
                p.drawText(cell, int(Qt.AlignmentFlag.AlignVCenter),
                           p.fontMetrics().elidedText(dept, Qt.TextElideMode.ElideRight, self.dept_w - 8))
            p.setPen(QPen(GRID, 1))
            p.drawLine(MARGIN, int(y + rh), MARGIN + self.left_w, int(y + rh))
        p.setPen(QPen(YEAR_LINE, 1))
        top = self.body_y + first * rh
        bottom = self.body_y + (last + 1) * rh
        for x in (MARGIN, MARGIN + self.title_w, self.chart_x):
            p.drawLine(x, int(top), x, int(bottom))


def export_svg(chart: Chart, path: str | os.PathLike[str]) -> None:
    """The whole chart as an SVG drawing (text stays text)."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtSvg import QSvgGenerator

    page = ChartPage(chart)
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    # into memory, then a file we close before renaming it: a generator given a file name keeps
    # that file open until it is destroyed, and Windows renames no open file ([WinError 32])
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QSize(page.width, page.height))
    gen.setViewBox(QRect(0, 0, page.width, page.height))
    gen.setTitle(_("Schedule (工程表)"))
    gen.setDescription(f"DX Planner {datetime.date.today().isoformat()}")
    p = QPainter()
    if not p.begin(gen):
        raise OSError(f"cannot write {target}")
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        page.paint(p, 0, page.height)
    finally:
        p.end()
    buf.close()
    data = bytes(buf.data().data())
    if not data:
        raise OSError(f"cannot write {target}")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
        fsops.replace(tmp, target)
    except BaseException:
        fsops.discard(tmp)
        raise


class ExportCancelledError(Exception):
    """The user stopped a long export; nothing was written."""


def export_png(chart: Chart, path: str | os.PathLike[str],
               progress: Callable[[int, int], bool] | None = None) -> None:
    """The whole chart as a PNG, painted in strips and streamed (bounded memory for any size).

    ``progress(done_px, total_px)`` is called after each strip; returning False cancels
    (:class:`ExportCancelledError`, and the partial file is removed).
    """
    page = ChartPage(chart)
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    strip_h = max(64, STRIP_ROWS * chart.row_h)
    try:
        with tmp.open("wb") as fh:
            writer = _PngWriter(fh, page.width, page.height)
            y = 0
            while y < page.height:
                h = min(strip_h, page.height - y)
                img = QImage(page.width, h, QImage.Format.Format_RGB888)
                img.fill(QColor("white"))
                p = QPainter(img)
                p.setRenderHint(QPainter.RenderHint.Antialiasing)
                p.translate(0, -y)
                p.setClipRect(QRectF(0, y, page.width, h))
                page.paint(p, y, y + h)
                p.end()
                writer.add_rows(img)
                y += h
                if progress is not None and not progress(y, page.height):
                    raise ExportCancelledError
            writer.finish()
        fsops.replace(tmp, target)
    except BaseException:
        fsops.unlink(tmp, missing_ok=True)
        raise


class _PngWriter:
    """A minimal streaming PNG encoder (8-bit RGB, no interlace, filter "none")."""

    def __init__(self, fh: object, width: int, height: int) -> None:
        self.fh = fh
        self.width = width
        self.zip = zlib.compressobj(1)  # charts are flat colour: level 1 is ~5× faster, barely larger
        self._write(b"\x89PNG\r\n\x1a\n")
        self._chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        self._chunk(b"pHYs", struct.pack(">IIB", 3780, 3780, 1))  # 96 dpi

    def _write(self, data: bytes) -> None:
        self.fh.write(data)  # type: ignore[attr-defined]

    def _chunk(self, kind: bytes, data: bytes) -> None:
        self._write(struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data)))

    def add_rows(self, img: QImage) -> None:
        bpl = img.bytesPerLine()
        raw = bytes(img.constBits())
        n = self.width * 3
        lines = b"".join(b"\x00" + raw[i * bpl : i * bpl + n] for i in range(img.height()))
        data = self.zip.compress(lines)
        if data:
            self._chunk(b"IDAT", data)

    def finish(self) -> None:
        self._chunk(b"IDAT", self.zip.flush())
        self._chunk(b"IEND", b"")
