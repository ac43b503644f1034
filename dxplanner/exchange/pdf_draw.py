"""Drawing primitives for the PDF report: the bundled font, glyph coverage, measuring, wrapping.

Everything the report prints goes through :class:`Ink` (drawing) and :func:`text_width` /
:func:`wrap` (measuring). They refuse a font size below :data:`MIN_PT` (7 pt), so no page can
carry text too small to read on a photocopy.

Text is drawn as plain strings only; the report never passes user text to reportlab's
Paragraph markup, so ``AT&T``, ``x<b>y`` or ``<img src=…>`` print literally and nothing needs
escaping. (Should markup ever be used, run the text through :func:`markup_escape` first.)

The bundled BIZ UDPGothic lacks some characters (外字 in the Private Use Area, emoji, a few rare
kanji such as 𠮷). reportlab would draw such a character as an empty box; :class:`Glyphs` draws
〓 (the geta mark, the customary printed stand-in for a missing character) for it, one per
character as the reader sees it (a cluster: 👨‍👩‍👧 is one 〓), and the report names the field in a
warning. A variation sequence whose base the font has (葛 + U+E0100) prints its base in its
standard form.

The text layer still holds what was typed: the report's code passes the text *as typed* (one
line: tabs and line breaks as spaces) to :func:`text_width`, :func:`wrap` and :meth:`Ink.text`.
Measuring uses the glyphs that will be drawn (〓, the base character), and :meth:`Ink.text`
wraps each substituted run in a marked-content span ``/Span <</ActualText <FEFF…>>> BDC … EMC``
(PDF 32000-1 §14.9.4) carrying the original characters, so ``pdftotext`` gives back 𠮷, the
emoji, the 外字 code point and the selector exactly. (pypdf 7 does not read ActualText and gives
the drawn 〓 and base character.)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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
_ZWJ = 0x200D
_INVISIBLE = frozenset([0x200B, 0x200C, _ZWJ, 0x2060, 0xFEFF])  # zero-width marks: nothing to print
# code points that belong to the character before them (besides combining marks): selectors,
# zero-width marks, emoji skin tones, emoji tag characters (🏴 + tags = a subdivision flag)
_EXTENDERS = _VARIATION_SELECTORS | _INVISIBLE | frozenset([*range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)])
_REGIONAL = range(0x1F1E6, 0x1F200)  # two regional indicators make a flag

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
    # the width of what is drawn: 〓 for a missing character, the base of a variation sequence
    return float(pdfmetrics.stringWidth(Glyphs.bundled().clean(text), font_name(bold), 1.0))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of ``text`` (as typed) at ``size`` in the report font, as it will print."""
    _check_size(size)
    return _unit_width(text, bold) * size


@dataclass(frozen=True)
class Missing:
    """What :meth:`Glyphs.inspect` found in one string."""

    absent: tuple[str, ...]  # characters printed as 〓
    selectors: tuple[str, ...]  # variation selectors dropped


Segment = tuple[str, str | None]
"""(drawn, actual): glyphs to draw, and the text they stand for when it differs (else None)."""


def _joins(prev: str, cur: str) -> bool:
    """Does ``cur`` belong to the same character (cluster) as ``prev``? (pairwise; no break there)"""
    cp = ord(cur)
    if ord(prev) == _ZWJ:
        return True
    if cp in _EXTENDERS:
        return True
    if cp in _REGIONAL and ord(prev) in _REGIONAL:
        return True
    return unicodedata.category(cur) in ("Mn", "Me", "Mc") and unicodedata.category(prev) != "Cc"


def clusters(text: str) -> list[str]:
    """``text`` cut into the characters a reader sees: a base with its combining marks, variation
    selector, skin tone; an emoji ZWJ sequence; a flag. A simplified form of Unicode's extended
    grapheme clusters (UAX #29), enough to substitute whole characters and never break inside one.
    """
    out: list[str] = []
    regional = 0  # regional indicators in a row: they pair up into flags
    for ch in text:
        cp = ord(ch)
        prev = out[-1][-1] if out else ""
        if prev and unicodedata.category(prev) != "Cc" and _joins(prev, ch):
            if cp in _REGIONAL and ord(prev) in _REGIONAL and regional % 2 == 0:
                out.append(ch)  # a third indicator starts the next flag
                regional = 1
                continue
            regional = regional + 1 if cp in _REGIONAL else 0
            out[-1] += ch
            continue
        regional = 1 if cp in _REGIONAL else 0
        out.append(ch)
    return out


def _char_class(codepoints: Iterable[int]) -> str:
    """A regular-expression class matching every character *not* in ``codepoints``."""
    ranges: list[tuple[int, int]] = []
    for cp in sorted(codepoints):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return "[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


class Glyphs:
    """The characters the bundled font can draw, and the substitution for those it cannot."""

    def __init__(self, codepoints: Iterable[int]) -> None:
        self._has = frozenset(codepoints)
        # finds a character the font cannot draw as is: text without one (nearly all) takes the fast path
        self._odd = re.compile(_char_class(self._has))
        self._segments: dict[str, tuple[Segment, ...]] = {}

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

    def line(self, text: str) -> str:
        """The text as typed, on one line: tabs and line breaks (controls the font lacks) as spaces."""
        if text.isprintable():
            return text
        return "".join(" " if unicodedata.category(ch) == "Cc" and ord(ch) not in self._has else ch
                       for ch in text)

    def clean(self, text: str) -> str:
        """The text as it will print: one line, missing characters as 〓, selectors dropped."""
        if self._odd.search(text) is None:
            return text
        return "".join(drawn for drawn, _ in self.segments(text))

    def segments(self, text: str) -> tuple[Segment, ...]:
        """``text`` as runs to draw: ``(drawn, None)`` as typed, ``(drawn, actual)`` substituted.

        Substituted: a cluster with a character the font lacks → 〓; a cluster whose visible
        characters the font has but not its selector or zero-width mark → those characters.
        A zero-width mark or selector before any character rides on the next one; alone, it is
        not drawn (there is no glyph to carry it). Controls print as spaces (as in :meth:`line`).
        """
        if self._odd.search(text) is None:
            return ((text, None),)
        done = self._segments.get(text)
        if done is not None:
            return done
        out: list[tuple[list[str], list[str] | None]] = []
        pending = ""  # leading zero-width marks / selectors waiting for a glyph

        def add(drawn: str, actual: str | None) -> None:
            """Append to the last run when it is of the same kind (as typed / substituted)."""
            if out:
                last_drawn, last_actual = out[-1]
                if last_actual is None and actual is None:
                    last_drawn.append(drawn)
                    return
                if last_actual is not None and actual is not None:
                    last_drawn.append(drawn)
                    last_actual.append(actual)
                    return
            out.append(([drawn], None if actual is None else [actual]))

        has = self._has
        for cl in clusters(text):
            if all(ord(c) in has for c in cl):
                if pending:
                    add(cl, pending + cl)
                    pending = ""
                else:
                    add(cl, None)
                continue
            if len(cl) == 1 and unicodedata.category(cl) == "Cc":
                add(" ", None if not pending else pending + " ")
                pending = ""
                continue
            visible = [c for c in cl if ord(c) not in _VARIATION_SELECTORS and ord(c) not in _INVISIBLE]
            if not visible:
                pending += cl
                continue
            drawn = "".join(visible) if all(ord(c) in has for c in visible) else GETA
            add(drawn, pending + cl)
            pending = ""
        result = tuple(("".join(d), None if a is None else "".join(a)) for d, a in out)
        if len(self._segments) < 200_000:
            self._segments[text] = result
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
    if cur in _NO_START or prev in _NO_END or _joins(prev, cur):
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
        cut = _fit_count(rest, size, width, bold)
        if cut >= len(rest) and _unit_width(rest, bold) * size <= width:
            lines.append(rest)
            break
        brk = cut
        while brk > 0 and not _breakable(rest[brk - 1], rest[brk]):
            brk -= 1
        if brk == 0:  # one unbreakable run longer than the line: break it where it is full
            brk = _cluster_end(rest, max(cut, 1))
        line, rest = rest[:brk], rest[brk:]
        lines.append(line.rstrip(" ") or line)
        rest = rest.lstrip(" ")
        if max_lines and len(lines) == max_lines and rest:
            lines[-1] = ellipsize(lines[-1] + rest, size, width, bold)
            break
    return lines


def _cluster_end(text: str, n: int) -> int:
    """``n`` moved back to the start of the character (cluster) it falls in; if that is the
    start of ``text``, forward to the end of the first one (never a selector cut off its base)."""
    k = n
    while 0 < k < len(text) and _joins(text[k - 1], text[k]):
        k -= 1
    if k > 0:
        return k
    k = max(n, 1)
    while k < len(text) and _joins(text[k - 1], text[k]):
        k += 1
    return k


def _fit_count(text: str, size: float, width: float, bold: bool) -> int:
    """How many leading characters of ``text`` fit in ``width`` (at least 1).

    Prefix widths only grow, so a galloping search finds a prefix that does not fit and a binary
    search narrows it down: the work follows the line's length, not the text's (wrapping a cell
    of thousands of characters stays linear).
    """
    n = len(text)
    lo, hi = 1, min(n, 32)
    while hi < n and _unit_width(text[:hi], bold) * size <= width:
        lo, hi = hi, min(n, hi * 2)
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
    return text[: _cluster_end(text, max(n, 1))] + "…"


# ---------------------------------------------------------------------------------------------
# drawing


def actual_text(text: str) -> str:
    """``text`` as a PDF hex string for /ActualText: UTF-16BE with a byte order mark (astral
    characters as surrogate pairs), e.g. 𠮷 → ``<FEFFD842DFB7>``."""
    return "<FEFF" + text.encode("utf-16-be", "surrogatepass").hex().upper() + ">"


class Ink:
    """The one place the report draws (so the 7 pt minimum and the glyph check hold everywhere).

    Ink writes PDF operators straight into the page (``canvas.addLiteral``) instead of going
    through reportlab's text objects: a report of thousands of rows draws tens of thousands of
    strings, and reportlab spends most of its time building an object per string. The font
    subsets are still reportlab's (``TTFont.splitString`` / ``getSubsetInternalName``), so
    embedding, subsetting and the ToUnicode maps that let text be extracted are unchanged. With
    ``glyphs``, what the font cannot draw is drawn as 〓 (or the base character) inside an
    /ActualText span holding the text as typed.
    """

    def __init__(self, canvas: Canvas, glyphs: Glyphs | None = None) -> None:
        self.canvas = canvas
        self.glyphs = glyphs  # when given, every string is checked: never a box
        self.sizes_used: set[float] = set()
        regular, bold = register_fonts()
        self._fonts = {False: regular, True: bold}
        self._doc = canvas._doc  # reportlab's document: the font subsets are kept per document
        self._emit = canvas.addLiteral
        self._fill: Color | None = None
        self._stroke: Color | None = None
        self._line_width: float | None = None
        self._subset_names: dict[tuple[bool, int], str] = {}
        self._shown: dict[tuple[str, bool, float], str] = {}

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
        self.sizes_used.add(size)
        if align != "left":
            w = _unit_width(text, bold) * size  # measures the drawn glyphs
            x -= w if align == "right" else w / 2
        self.fill(color)
        key = (text, bold, size)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._marked(text, bold, size)
            self._shown[key] = shown
        self._emit(f"BT {x:.2f} {y:.2f} Td {shown} ET")

    def _marked(self, text: str, bold: bool, size: float) -> str:
        """The operators for ``text`` as typed: a substituted run (〓, a base without its
        selector) is drawn inside ``/Span <</ActualText …>> BDC … EMC`` holding the original."""
        if self.glyphs is None:
            return self._show(text, bold, size)
        ops = []
        for drawn, actual in self.glyphs.segments(text):
            if not drawn:
                continue
            shown = self._show(drawn, bold, size)
            if actual is None:
                ops.append(shown)
            else:
                ops.append(f"/Span <</ActualText {actual_text(actual)}>> BDC {shown} EMC")
        return " ".join(ops)

    def _show(self, text: str, bold: bool, size: float) -> str:
        """The text-showing operators for drawable ``text``: subset font, size, glyph codes.

        Cached per document (by :meth:`text`): once reportlab has given a character its place in
        a subset, that place never changes, so a title printed on every page of a row band is
        encoded once.
        """
        font = self._fonts[bold]
        ops = []
        for subset, chunk in font.splitString(text, self._doc):
            name = self._subset_names.get((bold, subset))
            if name is None:
                name = font.getSubsetInternalName(subset, self._doc)
                self._subset_names[(bold, subset)] = name
            ops.append(f"{name} {size:g} Tf <{chunk.hex()}> Tj")
        return " ".join(ops)

    def lines(
        self,
        x: float,
        top: float,
        lines: list[str],
        size: float,
        leading: float,
        **kw: object,
    ) -> None:
        """Draw ``lines`` from ``top`` downwards (first baseline at top − 0.88·size)."""
        y = top - size * 0.88
        for line in lines:
            self.text(x, y, line, size, **kw)  # type: ignore[arg-type]
            y -= leading

    def fill(self, color: Color) -> None:
        if self._fill != color:
            self._emit(f"{color[0]:.3f} {color[1]:.3f} {color[2]:.3f} rg")
            self._fill = color

    def stroke(self, color: Color, width: float | None = None) -> None:
        if self._stroke != color:
            self._emit(f"{color[0]:.3f} {color[1]:.3f} {color[2]:.3f} RG")
            self._stroke = color
        if width is not None and self._line_width != width:
            self._emit(f"{width:.2f} w")
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
        op = "B" if fill is not None and stroke is not None else ("f" if fill is not None else "S")
        self._emit(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re {op}")

    def line(self, x1: float, y1: float, x2: float, y2: float, color: Color = BLACK, width: float = 0.5) -> None:
        self.stroke(color, width)
        self._emit(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")

    def dashed(self, pattern: list[float] | None) -> None:
        if pattern:
            self._emit("[" + " ".join(f"{v:g}" for v in pattern) + "] 0 d")
        else:
            self._emit("[] 0 d")

    def save(self) -> None:
        self._emit("q")

    def restore(self) -> None:
        """Restore the graphics state; forget what we knew of it."""
        self._emit("Q")
        self.forget()

    def forget(self) -> None:
        """After a restore or a new page the colours and line width are unknown."""
        self._fill = self._stroke = None
        self._line_width = None

    def transform(self, dx: float, dy: float, scale: float = 1.0) -> None:
        """Move the origin to (dx, dy) and scale (inside :meth:`save` / :meth:`restore`)."""
        self._emit(f"{scale:g} 0 0 {scale:g} {dx:.2f} {dy:.2f} cm")

    def clip_rect(self, x: float, y: float, w: float, h: float) -> None:
        self._emit(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re W n")

    def form(self, name: str) -> None:
        """Paint a form XObject defined with ``canvas.beginForm(name)``."""
        self.canvas.doForm(name)

    def polygon(
        self, points: list[tuple[float, float]], *, fill: Color | None, stroke: Color | None, width: float = 0.5
    ) -> None:
        if fill is not None:
            self.fill(fill)
        if stroke is not None:
            self.stroke(stroke, width)
        path = [f"{points[0][0]:.2f} {points[0][1]:.2f} m"]
        path += [f"{px:.2f} {py:.2f} l" for px, py in points[1:]]
        op = "b" if fill is not None and stroke is not None else ("f" if fill is not None else "s")
        path.append(op)
        self._emit(" ".join(path))


DrawFn = Callable[[Ink], None]
