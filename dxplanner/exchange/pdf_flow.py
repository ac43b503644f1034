"""Page layout for the PDF report: the context, the page frame, flowing blocks and tables.

The report is laid out completely before anything is drawn: every section turns the plan into a
list of :class:`Page` objects whose ``draw`` closures hold the already measured and wrapped text.
Counting pages (``count_pages``) is therefore the layout without the drawing, and the cover can
list the page on which each section starts.

A tiny flow engine (rather than reportlab's platypus) keeps three promises simple to keep: no
user text ever meets reportlab markup, nothing is smaller than 7 pt, and a table split across
pages repeats its heading ("（続き）") and its header row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A3, A4, landscape

from dxplanner.checks import Finding, check
from dxplanner.exchange.pdf_draw import (
    BAND_FILL,
    BLACK,
    GREY_TEXT,
    HEAD_FILL,
    LIGHT_RULE,
    RULE,
    Color,
    Glyphs,
    Ink,
    codepoint_list,
    text_width,
    wrap,
)
from dxplanner.fiscal import date_label, fy_label
from dxplanner.i18n import N_, translate
from dxplanner.labels import field_label
from dxplanner.model import Plan

PAPERS: dict[str, tuple[float, float]] = {"A3": landscape(A3), "A4": landscape(A4)}

# type sizes (points); nothing below pdf_draw.MIN_PT
BODY = 8.5
SMALL = 7.5
HEADING = 12.0
SUBHEADING = 10.0

_KIND_LABELS = {
    "plan": N_("Plan"),
    "municipality": N_("Municipality"),
    "roles": N_("Role"),
    "bodies": N_("Body"),
    "staff": N_("Staff"),
    "hires": N_("External hire"),
    "trainings": N_("Training"),
    "areas": N_("Part of the plan"),
    "tasks": N_("Task"),
    "kpis": N_("KPI"),
    "budget": N_("Budget line"),
    "systems": N_("Standardised system"),
    "procedures": N_("Online procedure"),
    "snapshots": N_("Snapshot"),
    "reviews": N_("Yearly review"),
}


@dataclass(frozen=True)
class Geometry:
    """The page and its frame (points; origin bottom left)."""

    paper: str
    width: float
    height: float
    margin: float = 24.0
    header: float = 40.0
    footer: float = 22.0

    @classmethod
    def for_paper(cls, paper: str) -> Geometry:
        w, h = PAPERS[paper]
        return cls(paper, w, h)

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin

    @property
    def top(self) -> float:
        return self.height - self.margin - self.header

    @property
    def bottom(self) -> float:
        return self.margin + self.footer

    @property
    def frame_width(self) -> float:
        return self.right - self.left

    @property
    def frame_height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True)
class CouncilInfo:
    """What a council paper (議会・委員会資料) carries besides the plan: all optional, as typed."""

    doc_number: str = ""  # 資料番号, e.g. 資料1
    department: str = ""  # 所管課
    committee: str = ""  # 委員会名, e.g. 総務常任委員会
    title: str = ""  # e.g. 〇〇町DX推進計画の進捗状況について


@dataclass
class Context:
    """What every section needs: the plan, the language, the calendar style, the font coverage."""

    plan: Plan
    geometry: Geometry
    lang: str
    era: str
    today: datetime.date
    timescale: str = "quarter"
    fit_pages_wide: int | None = None
    compare_from: str | None = None  # the snapshot for 計画と実績 (name or id); None: the newest
    internal: bool = False  # 内部確認用: the health check (data-quality findings) is printed
    council: CouncilInfo = field(default_factory=CouncilInfo)
    glyphs: Glyphs = field(default_factory=Glyphs.bundled)
    warnings: list[str] = field(default_factory=list)
    _warned: set[tuple[str, str, str]] = field(default_factory=set)
    _findings: list[Finding] | None = None

    def findings(self) -> list[Finding]:
        """The health check as of :attr:`today` (run once per report)."""
        if self._findings is None:
            self._findings = check(self.plan, self.today)
        return self._findings

    def t(self, msgid: str) -> str:
        return translate(msgid, self.lang)

    @property
    def style(self) -> str:
        return "western" if self.era == "western" else "wareki"

    def fy(self, fy: int) -> str:
        return fy_label(fy, self.style, self.lang)

    def fy_short(self, fy: int) -> str:
        """R7 / 2025 / FY2025: a compact 年度 for chart ticks."""
        if self.lang == "en":
            return f"FY{fy}"
        return str(fy) if self.style == "western" else fy_label(fy, "short")

    def date(self, d: datetime.date | None) -> str:
        return date_label(d, self.style, self.lang) if d else ""

    def short_date(self, d: datetime.date | None) -> str:
        """R7.6.1 / 2025.6.1 (en: 1 Jun 2025): compact, for tables and chart labels."""
        if d is None:
            return ""
        if self.lang == "en":
            return date_label(d, "western", "en")
        if self.style == "western":
            return f"{d.year}.{d.month}.{d.day}"
        return date_label(d, "short", "ja")

    def user(self, value: object, kind: str, name: str, field_name: str) -> str:
        """A user's text for printing; a warning names the field if the font lacks a character.

        ``kind`` is the collection (tasks, roles, …), ``name`` what the reader knows the entity by.
        The text comes back as typed, on one line (tabs and line breaks as spaces): measuring and
        drawing (:mod:`pdf_draw`) print 〓 for what the font lacks and keep the original in the
        PDF's text (ActualText). The stored text is never touched.
        """
        text = "" if value is None else str(value)
        if not text:
            return ""
        found = self.glyphs.inspect(text)
        if found.absent or found.selectors:
            key = (kind, name, field_name)
            if key not in self._warned:
                self._warned.add(key)
                where = self.t(N_("{kind} “{name}”, {field}")).format(
                    kind=self.t(_KIND_LABELS.get(kind, kind)),
                    name=name,
                    field=field_label(field_name, self.lang),
                )
                if found.absent:
                    self.warnings.append(
                        self.t(N_("{where}: the bundled font has no glyph for {chars}; printed as 〓 "
                                  "(the plan itself is unchanged)")).format(
                            where=where, chars=codepoint_list(found.absent)))
                if found.selectors:
                    self.warnings.append(
                        self.t(N_("{where}: variation selectors ({chars}) cannot be printed; "
                                  "the standard form of the character is printed")).format(
                            where=where, chars=codepoint_list(found.selectors)))
        return self.glyphs.line(text)

    def clean(self, text: str) -> str:
        """Derived text (a finding's message quoting a title): on one line, not reported again."""
        return self.glyphs.line(text)


@dataclass
class Page:
    """One page of the report: its section (for the header and the outline) and its content."""

    section: str
    draw: Callable[[Ink], None]
    bookmark: str | None = None  # outline entry when a section starts here
    part: str = ""  # e.g. "縦 1/3・横 2/2" for a tile of the 工程表
    heading: bool = True  # the section's name in the page header (not on the cover)


# ---------------------------------------------------------------------------------------------
# tables

Placed = Callable[[Ink, float, float], None]  # (ink, left, top) -> draws


@dataclass
class CustomCell:
    """A cell drawn by code (a small chart, a bar): ``draw(ink, x, top, width, height)``."""

    height: float
    draw: Callable[[Ink, float, float, float, float], None]
    text: str = ""  # printed above the drawing when given


Cell = str | CustomCell


@dataclass
class Col:
    title: str
    weight: float
    align: str = "left"  # left | right | center


@dataclass
class Table:
    cols: list[Col]
    rows: list[list[Cell]]
    size: float = BODY
    header_size: float = SMALL
    bold_rows: set[int] = field(default_factory=set)  # e.g. a total row
    shade_rows: set[int] = field(default_factory=set)  # group rows
    pad: float = 3.0


@dataclass
class _RowLayout:
    cells: list[list[str] | CustomCell]
    height: float
    bold: bool = False
    shade: bool = False


def _layout_row(
    cells: list[Cell], widths: list[float], size: float, pad: float, bold: bool = False
) -> _RowLayout:
    leading = size * 1.25
    laid: list[list[str] | CustomCell] = []
    height = size * 1.25
    for cell, w in zip(cells, widths, strict=True):
        if isinstance(cell, CustomCell):
            laid.append(cell)
            extra = leading if cell.text else 0.0
            height = max(height, cell.height + extra)
        else:
            lines = [ln for part in cell.split("\n") for ln in wrap(part, size, w - 2 * pad, bold)]
            laid.append(lines)
            height = max(height, len(lines) * leading)
    return _RowLayout(laid, height + 2 * pad, bold)


def _split_row(row: _RowLayout, max_height: float, size: float, pad: float) -> list[_RowLayout]:
    """A row taller than ``max_height`` (a page) cut into pieces of whole lines that each fit.

    Every line is kept, in order, so the whole text is printed (the pieces follow each other
    across pages under the repeated header). A drawn cell stays in the first piece.
    """
    if row.height <= max_height:
        return [row]
    leading = size * 1.25
    custom = max((c.height + (leading if c.text else 0.0) for c in row.cells if isinstance(c, CustomCell)),
                 default=0.0)
    per_piece = max(1, int((max_height - 2 * pad) // leading))
    first_lines = max(1, int((max_height - 2 * pad - custom) // leading)) if custom else per_piece
    most = max((len(c) for c in row.cells if not isinstance(c, CustomCell)), default=0)
    pieces: list[_RowLayout] = []
    start, take = 0, first_lines
    while start < most or not pieces:
        cells: list[list[str] | CustomCell] = []
        height = size * 1.25
        for c in row.cells:
            if isinstance(c, CustomCell):
                cells.append(c if not pieces else [""])
                if not pieces:
                    height = max(height, c.height + (leading if c.text else 0.0))
            else:
                part = c[start:start + take] or [""]
                cells.append(part)
                height = max(height, len(part) * leading)
        pieces.append(_RowLayout(cells, height + 2 * pad, row.bold, row.shade))
        start += take
        take = per_piece
    return pieces


def _draw_row(
    ink: Ink, row: _RowLayout, cols: list[Col], widths: list[float], x: float, top: float, size: float,
    pad: float, fill: Color | None,
) -> None:
    total = sum(widths)
    if fill is not None:
        ink.rect(x, top - row.height, total, row.height, fill=fill)
    leading = size * 1.25
    cx = x
    for cell, col, w in zip(row.cells, cols, widths, strict=True):
        if isinstance(cell, CustomCell):
            ctop = top - pad
            if cell.text:
                ink.text(cx + pad, ctop - size * 0.88, cell.text, size, bold=row.bold)
                ctop -= leading
            cell.draw(ink, cx + pad, ctop, w - 2 * pad, cell.height)
        else:
            if col.align == "right":
                ax, align = cx + w - pad, "right"
            elif col.align == "center":
                ax, align = cx + w / 2, "center"
            else:
                ax, align = cx + pad, "left"
            ink.lines(ax, top - pad, cell, size, leading, bold=row.bold, align=align)
        cx += w


class Flow:
    """Blocks placed top to bottom in the frame; a new page when the next one does not fit."""

    def __init__(self, ctx: Context, section: str) -> None:
        self.ctx = ctx
        self.section = section
        self._pages: list[list[tuple[float, Placed]]] = [[]]
        self._used = 0.0

    @property
    def room(self) -> float:
        return self.ctx.geometry.frame_height - self._used

    @property
    def width(self) -> float:
        return self.ctx.geometry.frame_width

    def new_page(self) -> None:
        if self._pages[-1]:
            self._pages.append([])
        self._used = 0.0

    def place(self, height: float, fn: Placed, *, gap: float = 0.0, keep: float = 0.0) -> None:
        """Place a block of ``height``; ``keep`` more points must fit after it on the same page."""
        if height + keep > self.room and self._pages[-1]:
            self.new_page()
        self._pages[-1].append((self._used, fn))
        self._used += height + gap

    def space(self, height: float) -> None:
        if self._pages[-1]:
            self._used = min(self._used + height, self.ctx.geometry.frame_height)

    def heading(self, text: str, *, size: float = SUBHEADING, keep: float = 40.0) -> None:
        h = size * 1.6

        def draw(ink: Ink, x: float, top: float) -> None:
            ink.text(x, top - size * 1.05, text, size, bold=True)
            ink.line(x, top - h + 2, x + self.width, top - h + 2, RULE, 0.6)

        self.place(h, draw, gap=4.0, keep=keep)

    def paragraph(self, text: str, *, size: float = BODY, color: Color = BLACK, bold: bool = False) -> None:
        leading = size * 1.35
        for line in wrap(text, size, self.width, bold):
            def draw(ink: Ink, x: float, top: float, line: str = line) -> None:
                ink.text(x, top - size * 0.95, line, size, color=color, bold=bold)

            self.place(leading, draw)

    def note(self, text: str) -> None:
        self.paragraph(text, size=SMALL, color=GREY_TEXT)

    def table(self, table: Table, *, title: str | None = None, widths: list[float] | None = None) -> None:
        """Place a table, split by rows across pages; the header row (and title) repeat."""
        total_w = sum(c.weight for c in table.cols)
        if widths is None:
            widths = [self.width * c.weight / total_w for c in table.cols]
        header = _layout_row([c.title for c in table.cols], widths, table.header_size, table.pad, True)
        title_h = SUBHEADING * 1.6 + 4.0 if title else 0.0
        # the tallest a row may be: a fresh page under the (continued) title and the header
        page_room = self.ctx.geometry.frame_height - title_h - header.height - 1.0
        rows = []
        for i, r in enumerate(table.rows):
            lay = _layout_row(r, widths, table.size, table.pad, i in table.bold_rows)
            lay.shade = i in table.shade_rows
            rows.extend(_split_row(lay, page_room, table.size, table.pad))
        whole = title_h + header.height + sum(r.height for r in rows)
        if whole > self.room and whole <= self.ctx.geometry.frame_height and self._pages[-1]:
            # a table that fits on one page is not split just because this page is partly used
            self.new_page()
        i = 0
        first = True
        while i < len(rows) or first:
            # start a new page unless the title, the header and one row fit here
            need = title_h + header.height + (rows[i].height if i < len(rows) else 0.0)
            if need > self.room and self._pages[-1]:
                self.new_page()
            if title:
                self.heading(title if first else title + self.ctx.t(N_(" (continued)")), keep=0.0)
            chunk: list[_RowLayout] = []
            room = self.room - header.height
            while i < len(rows) and (rows[i].height <= room or not chunk):
                chunk.append(rows[i])
                room -= rows[i].height
                i += 1
            height = header.height + sum(r.height for r in chunk)
            self.place(height, self._table_drawer(table, widths, header, chunk), gap=8.0)
            first = False

    def _table_drawer(
        self, table: Table, widths: list[float], header: _RowLayout, chunk: list[_RowLayout]
    ) -> Placed:
        cols = table.cols

        def draw(ink: Ink, x: float, top: float) -> None:
            total = sum(widths)
            _draw_row(ink, header, cols, widths, x, top, table.header_size, table.pad, HEAD_FILL)
            y = top - header.height
            for n, row in enumerate(chunk):
                fill = BAND_FILL if row.shade else ((0.97, 0.97, 0.97) if n % 2 else None)
                _draw_row(ink, row, cols, widths, x, y, table.size, table.pad, fill)
                y -= row.height
                ink.line(x, y, x + total, y, LIGHT_RULE, 0.4)
            bottom = y
            # column rules and the frame
            cx = x
            for w in widths[:-1]:
                cx += w
                ink.line(cx, top, cx, bottom, LIGHT_RULE, 0.4)
            ink.line(x, top - header.height, x + total, top - header.height, RULE, 0.6)
            ink.rect(x, bottom, total, top - bottom, stroke=RULE, width=0.6)

        return draw

    def pages(self, bookmark: str | None = None) -> list[Page]:
        geo = self.ctx.geometry
        out = []
        for n, items in enumerate(self._pages):
            def draw(ink: Ink, items: list[tuple[float, Placed]] = items) -> None:
                for used, fn in items:
                    fn(ink, geo.left, geo.top - used)

            out.append(Page(self.section, draw, bookmark=bookmark if n == 0 else None))
        return out


def fits(text: str, size: float, width: float, bold: bool = False) -> bool:
    return text_width(text, size, bold) <= width
