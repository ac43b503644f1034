"""Drawing primitives for the PDF report: the bundled font, glyph coverage, measuring, wrapping.

Everything the report prints goes through :class:`Ink` (drawing) and :func:`text_width` /
:func:`wrap` (measuring). They refuse a font size below :data:`MIN_PT` (7 pt), so no page can
carry text too small to read on a photocopy.

Text is drawn with ``canvas.drawString`` only; the report never passes user text to reportlab's
Paragraph markup, so ``AT&T``, ``x<b>y`` or ``<img src=…>`` print literally and nothing needs
escaping. (Should markup ever be used, run the text through :func:`markup_escape` first.)

The bundled BIZ UDPGothic lacks some characters (外字 in the Private Use Area, emoji, a few rare
kanji such as 𠮷). reportlab would draw such a character as an empty box; :class:`Glyphs` replaces
it with 〓 (the geta mark, the customary printed stand-in for a missing character) and the
report names the field in a warning. Variation selectors (IVS) are dropped: the base character
prints in its standard form.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as _xml_escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from dxplanner.paths import font_path

FONT = "DXPlannerGothic"
FONT_BOLD = "DXPlannerGothic-Bold"
MIN_PT = 7.0
GETA = "〓"  # U+3013, printed in place of a character the font lacks

Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)
WHITE: Color = (1.0, 1.0, 1.0)
GREY_TEXT: Color = (0.25, 0.25, 0.25)
RULE: Color = (0.55, 0.55, 0.55)
LIGHT_RULE: Color = (0.78, 0.78, 0.78)
HEAD_FILL: Color = (0.86, 0.88, 0.91)
BAND_FILL: Color = (0.93, 0.94, 0.95)

_VARIATION_SELECTORS = frozenset([*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])
_INVISIBLE = frozenset([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])  # zero-width marks: nothing to print

# Japanese line breaking (禁則): no line starts with these …
_NO_START = frozenset(
    "、。，．,.)）]］｝〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～?!？！‼⁇⁈⁉・:;：；/%％…‥"
)
# … and none ends with these.
_NO_END = frozenset("(（[［｛〔〈《「『【〘〖〝‘“｟«")


def markup_escape(text: str) -> str:
    """Escape user text for reportlab Paragraph markup (the report itself uses none)."""
    return _xml_escape(text, {'"': "&quot;"})


@functools.cache
def register_fonts() -> tuple[TTFont, TTFont]:
    """Register the bundled font (regular, bold) with reportlab once per process."""
    regular = TTFont(FONT, str(font_path(False)))
    bold = TTFont(FONT_BOLD, str(font_path(True)))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    return regular, bold


def font_name(bold: bool) -> str:
    return FONT_BOLD if bold else FONT


def _check_size(size: float) -> None:
    if size < MIN_PT:
        raise ValueError(f"font size {size} pt is below the report minimum of {MIN_PT} pt")


@functools.lru_cache(maxsize=65536)
def _unit_width(text: str, bold: bool) -> float:
    return float(pdfmetrics.stringWidth(text, font_name(bold), 1.0))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` at ``size`` in the report font."""
    _check_size(size)
    return _unit_width(text, bold) * size


@dataclass(frozen=True)
class Missing:
    """What :meth:`Glyphs.inspect` found in one string."""

    absent: tuple[str, ...]  # characters printed as 〓
    selectors: tuple[str, ...]  # variation selectors dropped


class Glyphs:
    """The characters the bundled font can draw, and the substitution for those it cannot."""

    def __init__(self, codepoints: Iterable[int]) -> None:
        self._has = frozenset(codepoints)
        self._clean: dict[str, str] = {}

    @classmethod
    @functools.cache
    def bundled(cls) -> Glyphs:
        regular, bold = register_fonts()
        # a character counts as printable when both weights have it
        return cls(set(regular.face.charToGlyph) & set(bold.face.charToGlyph))

    def has(self, ch: str) -> bool:
        return ord(ch) in self._has

    def inspect(self, text: str) -> Missing:
        absent: list[str] = []
        selectors: list[str] = []
        for ch in text:
            cp = ord(ch)
            if cp in self._has or cp in _INVISIBLE or unicodedata.category(ch) == "Cc":
                continue
            if cp in _VARIATION_SELECTORS:
                if ch not in selectors:
                    selectors.append(ch)
            elif ch not in absent:
                absent.append(ch)
        return Missing(tuple(absent), tuple(selectors))

    def clean(self, text: str) -> str:
        """The text as it will print: one line, missing characters as 〓, selectors dropped."""
        done = self._clean.get(text)
        if done is not None:
            return done
        out: list[str] = []
        for ch in text:
            cp = ord(ch)
            if cp in self._has:
                out.append(ch)
            elif cp in _VARIATION_SELECTORS or cp in _INVISIBLE:
                continue
            elif unicodedata.category(ch) == "Cc":  # tab, newline: one line of print
                out.append(" ")
            else:
                out.append(GETA)
        result = "".join(out)
        if len(self._clean) < 200_000:
            self._clean[text] = result
        return result


def codepoint_list(chars: Iterable[str]) -> str:
    """「😀」(U+1F600) 、… for a warning; unprintable characters by code only."""
    parts = []
    for ch in chars:
        code = f"U+{ord(ch):04X}"
        cat = unicodedata.category(ch)
        parts.append(code if cat in ("Co", "Cn", "Cs", "Mn", "Cf") else f"「{ch}」({code})")
    return "、".join(parts)


# ---------------------------------------------------------------------------------------------
# wrapping


def _breakable(prev: str, cur: str) -> bool:
    """May a line break fall between ``prev`` and ``cur``?"""
    if cur in _NO_START or prev in _NO_END:
        return False
    if cur == " " or prev == " ":
        return True
    # keep runs of Latin letters and digits together (words, numbers, "R7", "AT&T")
    return not (_is_latin(prev) and _is_latin(cur))


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "&'-_.@#+")


def wrap(text: str, size: float, width: float, bold: bool = False, max_lines: int = 0) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (CJK anywhere, Latin at word ends, 禁則).

    The characters of the lines, concatenated, are the characters of ``text`` (only a space at a
    break is dropped), so text extraction finds the whole string. ``max_lines`` > 0 cuts the
    last line with "…" (used only for text that also appears in full elsewhere).
    """
    _check_size(size)
    if not text:
        return [""]
    if _unit_width(text, bold) * size <= width:
        return [text]
    lines: list[str] = []
    rest = text
    while rest:
        if _unit_width(rest, bold) * size <= width:
            lines.append(rest)
            break
        cut = _fit_count(rest, size, width, bold)
        brk = cut
        while brk > 0 and not _breakable(rest[brk - 1], rest[brk]):
            brk -= 1
        if brk == 0:  # one unbreakable run longer than the line: break it where it is full
            brk = max(cut, 1)
        line, rest = rest[:brk], rest[brk:]
        lines.append(line.rstrip(" ") or line)
        rest = rest.lstrip(" ")
        if max_lines and len(lines) == max_lines and rest:
            lines[-1] = ellipsize(lines[-1] + rest, size, width, bold)
            break
    return lines


def _fit_count(text: str, size: float, width: float, bold: bool) -> int:
    """How many leading characters of ``text`` fit in ``width`` (at least 1)."""
    lo, hi = 1, len(text)
    while lo < hi:  # binary search on prefix width: widths are monotone
        mid = (lo + hi + 1) // 2
        if _unit_width(text[:mid], bold) * size <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def ellipsize(text: str, size: float, width: float, bold: bool = False) -> str:
    """``text`` cut to ``width`` with a trailing "…" (only for text printed in full elsewhere)."""
    if text_width(text, size, bold) <= width:
        return text
    n = _fit_count(text, size, max(width - text_width("…", size, bold), 1.0), bold)
    return text[: max(n, 1)] + "…"


# ---------------------------------------------------------------------------------------------
# drawing


@dataclass
class Ink:
    """The canvas and the one place text is drawn (so the 7 pt minimum holds everywhere)."""

    canvas: Canvas
    glyphs: Glyphs | None = None  # when given, every string is checked: never a box
    sizes_used: set[float] = field(default_factory=set)
    _font: tuple[str, float] | None = None
    _fill: Color | None = None
    _stroke: Color | None = None
    _line_width: float | None = None

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: str = "left",
        color: Color = BLACK,
    ) -> None:
        """Draw one line; ``y`` is the baseline, ``align`` left / right / center about ``x``."""
        _check_size(size)
        if not text:
            return
        if self.glyphs is not None:
            text = self.glyphs.clean(text)
        self.sizes_used.add(size)
        c = self.canvas
        name = font_name(bold)
        if self._font != (name, size):
            c.setFont(name, size)
            self._font = (name, size)
        self.fill(color)
        if align == "left":
            c.drawString(x, y, text)
        elif align == "right":
            c.drawRightString(x, y, text)
        else:
            c.drawCentredString(x, y, text)

    def lines(
        self,
        x: float,
        top: float,
        lines: list[str],
        size: float,
        leading: float,
        **kw: object,
    ) -> None:
        """Draw ``lines`` from ``top`` downwards (first baseline at top − 0.82·size)."""
        y = top - size * 0.88
        for line in lines:
            self.text(x, y, line, size, **kw)  # type: ignore[arg-type]
            y -= leading

    def fill(self, color: Color) -> None:
        if self._fill != color:
            self.canvas.setFillColorRGB(*color)
            self._fill = color

    def stroke(self, color: Color, width: float | None = None) -> None:
        if self._stroke != color:
            self.canvas.setStrokeColorRGB(*color)
            self._stroke = color
        if width is not None and self._line_width != width:
            self.canvas.setLineWidth(width)
            self._line_width = width

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: Color | None = None,
        stroke: Color | None = None,
        width: float = 0.5,
    ) -> None:
        if fill is not None:
            self.fill(fill)
        if stroke is not None:
            self.stroke(stroke, width)
        self.canvas.rect(x, y, w, h, stroke=int(stroke is not None), fill=int(fill is not None))

    def line(self, x1: float, y1: float, x2: float, y2: float, color: Color = BLACK, width: float = 0.5) -> None:
        self.stroke(color, width)
        self.canvas.line(x1, y1, x2, y2)

    def dashed(self, pattern: list[float] | None) -> None:
        if pattern:
            self.canvas.setDash(pattern, 0)
        else:
            self.canvas.setDash([], 0)

    def save(self) -> None:
        self.canvas.saveState()

    def restore(self) -> None:
        """Restore the graphics state; forget what we knew of it."""
        self.canvas.restoreState()
        self._font = None
        self._fill = self._stroke = None
        self._line_width = None

    def forget(self) -> None:
        """A new page resets the graphics state."""
        self._font = None
        self._fill = self._stroke = None
        self._line_width = None

    def clip_rect(self, x: float, y: float, w: float, h: float) -> None:
        p = self.canvas.beginPath()
        p.rect(x, y, w, h)
        self.canvas.clipPath(p, stroke=0, fill=0)

    def polygon(
        self, points: list[tuple[float, float]], *, fill: Color | None, stroke: Color | None, width: float = 0.5
    ) -> None:
        if fill is not None:
            self.fill(fill)
        if stroke is not None:
            self.stroke(stroke, width)
        p = self.canvas.beginPath()
        p.moveTo(*points[0])
        for pt in points[1:]:
            p.lineTo(*pt)
        p.close()
        self.canvas.drawPath(p, stroke=int(stroke is not None), fill=int(fill is not None))


DrawFn = Callable[[Ink], None]
