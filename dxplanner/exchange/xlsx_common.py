"""What the Excel export, the progress import and the roll-up share: identity, text cells, styles.

* **Identity.** Every workbook we write carries a very hidden sheet (:data:`META_SHEET`) of
  key/value rows: the format name, its version, what kind of workbook it is (a municipality's
  submission or a prefecture roll-up), the as-of date, the national edition and where the
  progress sheets are. The import and the roll-up trust nothing else to know a workbook is ours.
* **Text stays text.** openpyxl turns a ``str`` starting with ``=`` into a formula and ``#N/A``
  into an error cell. :func:`put_text` forces the string type on every user-supplied value (the
  sheet XML then holds it as an inline string, never in ``<f>``) and marks text that Excel would
  re-read as a formula when someone edits the cell (``= + - @``) with a quote prefix.
* **Long text is never cut silently.** Excel holds at most 32,767 characters per cell; longer text
  is shortened to a visible form (:func:`excel_text`) and the export returns a warning first.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from dxplanner.i18n import translate

FORMAT_NAME = "dxplanner-xlsx"
FORMAT_VERSION = 1
KIND_SUBMISSION = "submission"
KIND_ROLLUP = "rollup"
META_SHEET = "_dxplanner"
BASELINE_SHEET = "_dxplanner_progress"

FONT_NAME = "BIZ UDPゴシック"  # ships with Windows 10 (1809) and later; LibreOffice finds it too
EXCEL_CELL_LIMIT = 32_767
SHEET_NAME_LIMIT = 31
HEADER_TEXT_LIMIT = 60  # characters of user text placed in a page header (Excel allows 255 in all)

DATE_FORMATS = {"wareki": '[$-411]ge.m.d', "western": "yyyy/m/d"}
DATE_WIDTH = 10.5
THOUSAND_YEN_FORMAT = "#,##0;[Red]△#,##0"
PERCENT_FORMAT = "0.0%"

# characters Excel reads as the start of a formula when someone edits the cell and presses Enter
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_SHEET_NAME_BAD = set('[]:*?/\\')


class Translator:
    """``tx(N_("msgid"))`` in the language of one export (the process language is not touched)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, msgid: str, **params: Any) -> str:
        text = translate(msgid, self.lang)
        return text.format(**params) if params else text


# --- text ------------------------------------------------------------------------------------------


def truncation_suffix(length: int) -> str:
    return f"…（以下省略：全{length:,}文字）"


def excel_text(value: str) -> str:
    """``value`` if Excel can hold it; otherwise its beginning and a visible note of the full length.

    Line breaks become Excel's own, one LF: a CR would be written as-is and come back doubled or
    as ``_x000D_`` (on Windows CR LF read back from the workbook as two line breaks).
    """
    value = same_lines(value)
    if len(value) <= EXCEL_CELL_LIMIT:
        return value
    suffix = truncation_suffix(len(value))
    return value[: EXCEL_CELL_LIMIT - len(suffix)] + suffix


def same_lines(value: str) -> str:
    """Line breaks as one "\\n": XML reading turns "\\r\\n" into "\\n", so compare text this way."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def text_digest(value: str) -> str:
    """A short fingerprint of a text (the progress baseline keeps it instead of a second copy)."""
    return hashlib.sha256(same_lines(value).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-pitch sense (full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def approx_width(text: str) -> float:
    """:func:`display_width`, estimated at C speed for sizing columns and rows.

    UTF-8 takes 1 byte for ASCII and 3 for kana/kanji, so ``len + (bytes - len) / 2`` counts a
    full-width character as two columns (a 2-byte character such as é counts one and a half).
    """
    n = len(text)
    return n + (len(text.encode("utf-8", "surrogatepass")) - n) / 2


class UnwritableTextError(ValueError):
    """Text holding a character no worksheet can hold (the plan's validation keeps these out)."""


_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def put_text(ws: Worksheet, row: int, col: int, value: str | None, style: str | None = None,
             styles: StyleBook | None = None) -> Cell:
    """Write user text as a string cell that can never become a formula (see the module doc).

    The value is stored with the string type directly: openpyxl's own assignment would guess a
    formula for "=…" and an error for "#N/A", and spends more time than the rest of the cell.
    """
    cell: Cell = ws.cell(row=row, column=col)
    if styles is not None and style is not None:
        styles.apply(cell, style)
    if value:
        text = excel_text(value)
        if _ILLEGAL.search(text):
            raise UnwritableTextError(text[:40])
        cell._value = text
        cell.data_type = "s"
        if text.startswith(_FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def safe_sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet name from any text (Excel: ≤ 31 characters, none of []:*?/\\)."""
    cleaned = "".join("_" if (c in _SHEET_NAME_BAD or ord(c) < 32) else c for c in name).strip("' ")
    cleaned = cleaned[:SHEET_NAME_LIMIT] or "_"
    lower = {t.lower() for t in taken}
    candidate = cleaned
    n = 2
    while candidate.lower() in lower:
        tail = f"({n})"
        candidate = cleaned[: SHEET_NAME_LIMIT - len(tail)] + tail
        n += 1
    return candidate


def header_text(value: str) -> str:
    """User text for a page header/footer: ``&`` doubled (it starts a code there), length capped."""
    value = " ".join(value.split())
    if len(value) > HEADER_TEXT_LIMIT:
        value = value[: HEADER_TEXT_LIMIT - 1] + "…"
    return value.replace("&", "&&")


def as_date(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


# --- styles ----------------------------------------------------------------------------------------

THIN = Side(style="thin", color="808080")
HAIR = Side(style="hair", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _font(size: float = 10, bold: bool = False, color: str = "000000") -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, color=color)


def cell_font(size: float = 10, bold: bool = False, color: str = "000000") -> Font:
    return _font(size, bold, color)


def fill(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


BASE_STYLES: dict[str, dict[str, Any]] = {
    "title": {"font": _font(14, bold=True)},
    "subtitle": {"font": _font(9, color="404040")},
    "section": {"font": _font(11, bold=True), "fill": fill("DDEBF7")},
    "head": {"font": _font(10, bold=True), "fill": fill("D9E1F2"), "border": BOX,
             "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True)},
    "label": {"font": _font(10, bold=True), "fill": fill("F2F2F2"), "border": BOX,
              "alignment": Alignment(vertical="top", wrap_text=True)},
    "text": {"font": _font(10), "border": BOX, "alignment": Alignment(vertical="top")},
    "wrap": {"font": _font(10), "border": BOX, "alignment": Alignment(vertical="top", wrap_text=True)},
    "center": {"font": _font(10), "border": BOX, "alignment": Alignment(horizontal="center", vertical="top")},
    "int": {"font": _font(10), "border": BOX, "number_format": "#,##0", "alignment": Alignment(vertical="top")},
    # a fraction (12.5, 0.125); a whole number is written in "int" (write() picks it): "#,##0.##" would show 「50.」
    "num": {"font": _font(10), "border": BOX, "number_format": "#,##0.0##", "alignment": Alignment(vertical="top")},
    "yen": {"font": _font(10), "border": BOX, "number_format": THOUSAND_YEN_FORMAT,
            "alignment": Alignment(vertical="top")},
    "yen_total": {"font": _font(10, bold=True), "border": BOX, "number_format": THOUSAND_YEN_FORMAT,
                  "fill": fill("F2F2F2")},
    "int_total": {"font": _font(10, bold=True), "border": BOX, "number_format": "#,##0", "fill": fill("F2F2F2")},
    "pct": {"font": _font(10), "border": BOX, "number_format": PERCENT_FORMAT, "alignment": Alignment(vertical="top")},
    "pct_total": {"font": _font(10, bold=True), "border": BOX, "number_format": PERCENT_FORMAT,
                  "fill": fill("F2F2F2")},
    "progress": {"font": _font(10), "border": BOX, "number_format": '0"%"', "alignment": Alignment(vertical="top")},
    "warn": {"font": _font(10, bold=True, color="C00000"), "border": BOX, "alignment": Alignment(vertical="top")},
    "note": {"font": _font(9, color="404040"), "alignment": Alignment(vertical="top", wrap_text=False)},
    "plain": {"font": _font(10)},
}
# left-aligned variants, for a label/value list such as 団体概要
for _name in ("int", "num", "yen", "pct"):
    BASE_STYLES[_name + "_l"] = {**BASE_STYLES[_name], "alignment": Alignment(horizontal="left", vertical="top")}


class StyleBook:
    """Named cell styles, registered with the workbook once and then copied cell to cell.

    Assigning Font/Fill/Border objects to every cell makes openpyxl hash them each time; copying
    the small style array of a cell that already has the look is what openpyxl itself does when
    it copies cells, and makes a large 工程表 several times faster to build.
    """

    def __init__(self, date_format: str) -> None:
        self._specs: dict[str, dict[str, Any]] = {k: dict(v) for k, v in BASE_STYLES.items()}
        for name, horizontal in (("date", "left"), ("date_c", "center")):
            spec = dict(self._specs["text"])
            spec["number_format"] = date_format
            spec["alignment"] = Alignment(horizontal=horizontal, vertical="top")
            self._specs[name] = spec
        self._arrays: dict[str, Any] = {}

    def define(self, name: str, **spec: Any) -> None:
        self._specs[name] = spec
        self._arrays.pop(name, None)

    def has(self, name: str) -> bool:
        return name in self._specs

    def apply(self, cell: Cell, name: str) -> None:
        arr = self._arrays.get(name)
        if arr is None:
            spec = self._specs[name]
            for attr, value in spec.items():
                setattr(cell, attr, value)
            self._arrays[name] = StyleArray(cell._style)
            return
        cell._style = StyleArray(arr)


# --- sheet helpers ---------------------------------------------------------------------------------


def set_widths(ws: Worksheet, widths: Mapping[int, float]) -> None:
    from openpyxl.utils import get_column_letter

    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width


def fit_width(values: Iterable[str], minimum: float = 6, maximum: float = 48) -> float:
    """A column width (Excel character units) that shows the widest value, within limits."""
    widest = max((approx_width(v) for v in values if v), default=0)
    return max(minimum, min(maximum, widest * 1.1 + 2))


def table(ws: Worksheet, styles: StyleBook, top: int, headers: list[str], rows: Iterable[list[Cellish]],
          left: int = 1) -> int:
    """A bordered table with a header row; returns the row after the table.

    Each row item is a :data:`Cellish`: ``("text", value)`` for user text (always a string cell),
    or ``(style, value)`` for a number/date/own label in that style.
    """
    for i, h in enumerate(headers):
        put_text(ws, top, left + i, h, "head", styles)
    r = top + 1
    for row in rows:
        for i, (style, value) in enumerate(row):
            write(ws, r, left + i, style, value, styles)
        r += 1
    return r


Cellish = tuple[str, Any]


#: a style for fractions -> the style a whole number takes (Excel has no format that drops the point of 50.)
WHOLE_VARIANT = {"num": "int", "pdca_num_b": "pdca_int_b"}


def write(ws: Worksheet, row: int, col: int, style: str, value: Any, styles: StyleBook) -> Cell:
    """Write ``value`` in ``style``: strings always as text (see :func:`put_text`), others as they are."""
    if isinstance(value, str) or value is None:
        return put_text(ws, row, col, value, style, styles)
    if style in WHOLE_VARIANT and isinstance(value, int | float) and float(value).is_integer():
        style = WHOLE_VARIANT[style]
    cell: Cell = ws.cell(row=row, column=col, value=value)
    styles.apply(cell, style)
    return cell


def merge(ws: Worksheet, *, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
    """Merge a range whose cells we have already written and styled.

    ``Worksheet.merge_cells`` also re-creates and re-borders every cell of the range, which costs
    more than the rest of a small sheet; the cells here already carry their look.
    """
    ws.merged_cells.add(MergedCellRange(ws, CellRange(min_row=start_row, min_col=start_column, max_row=end_row,
                                                      max_col=end_column).coord))


def put_formula(ws: Worksheet, row: int, col: int, style: str, formula: str, styles: StyleBook) -> Cell:
    """One of OUR formulas (totals, counts). Never call this with text that came from a user or a file."""
    if not formula.startswith("="):
        raise ValueError(formula)
    cell: Cell = ws.cell(row=row, column=col, value=formula)
    styles.apply(cell, style)
    return cell


def autofit_rows(ws: Worksheet, first_row: int, line_height: float = 13.5) -> None:
    """Row heights for wrapped text (Excel and LibreOffice do not always grow rows on opening).

    Reads the cells' style ids directly: building a style object per cell would cost more than
    writing the sheet.
    """
    from openpyxl.utils import get_column_letter

    wrap_ids = {i for i, a in enumerate(ws.parent._alignments) if a.wrapText}
    if not wrap_ids:
        return
    per_line: dict[int, float] = {}
    lines: dict[int, int] = {}
    for (r, c), cell in ws._cells.items():
        value = cell._value
        style = cell._style
        if r < first_row or type(value) is not str or style is None or style.alignmentId not in wrap_ids:
            continue
        width = per_line.get(c)
        if width is None:
            width = per_line[c] = max(((ws.column_dimensions[get_column_letter(c)].width or 8.43) - 1) * 1.2, 2)
        n = sum(max(1, math.ceil(approx_width(part) / width)) for part in value.split("\n"))
        if n > lines.get(r, 1):
            lines[r] = n
    for r, n in lines.items():
        ws.row_dimensions[r].height = min(409, line_height * n + 3)


def print_setup(ws: Worksheet, *, paper: str, title_rows: str | None, header_left: str, header_right: str,
                footer_left: str, page_text: str, title_cols: str | None = None) -> None:
    """Landscape, fit to one page wide, print titles, header/footer (団体名, 作成日, page n/N)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.75, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = False
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    font = f"{FONT_NAME},Regular"
    for part, text in ((ws.oddHeader.left, header_left), (ws.oddHeader.right, header_right),
                       (ws.oddFooter.left, footer_left), (ws.oddFooter.center, page_text)):
        part.text = text
        part.font = font
        part.size = 9


STATE_COLORS = {
    "未着手": "9DC3E6",
    "進行中": "5B9BD5",
    "進行中_done": "1F4E79",
    "完了": "A9D08E",
    "保留": "FFD966",
    "中止": "D9D9D9",
    "遅延": "F8696B",
}

