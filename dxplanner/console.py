"""Standard output and error that survive any Windows code page.

A Windows console gets Unicode from Python (it writes through the console's wide-character
API), but output captured into a pipe or a file is encoded in the ANSI code page: cp932 on a
Japanese PC, which has no EN DASH (U+2013) or WAVE DASH (U+301C), and cp1252 on a Western one,
which has no Japanese at all. Python's default there is to raise ``UnicodeEncodeError`` in the
middle of a command. :func:`setup_streams` keeps each stream's encoding (what the program reading
it expects) and replaces only what that encoding cannot hold: first by the same character in the
form Windows' code page has it (〜 → ～), then a plain look-alike (– → -, “ → "), else ``?``.
UTF-8 streams (consoles, ``PYTHONIOENCODING=utf-8``, Linux) are left alone.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

ERRORS = "dxplanner-fallback"

# Characters cp932 holds under another code point (the JIS vs. Microsoft mapping differences)
_WINDOWS_FORMS = {"\u301c": "\uff5e", "\u2212": "\uff0d", "\u2016": "\u2225", "\u00a2": "\uffe0",
                  "\u00a3": "\uffe1", "\u00ac": "\uffe2", "\u2014": "\u2015"}
_LOOK_ALIKES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
                "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": "...",
                "\u00a0": " ", "\u3000": "  ", "\u301c": "~", "\uff5e": "~", "\u2022": "*", "\u30fb": "*",
                "\u2192": "->", "\u2190": "<-", "\u00d7": "x", "\u2713": "v", "\u2715": "x"}


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        candidates = (_WINDOWS_FORMS.get(ch), unicodedata.normalize("NFKC", ch), _LOOK_ALIKES.get(ch))
        out.append(next((c for c in candidates if c and c != ch and _encodable(c, exc.encoding)), "?"))
    return "".join(out), exc.end


codecs.register_error(ERRORS, _fallback)


def _is_utf(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("_", "-").startswith(("utf-8", "utf8", "utf-16", "utf-32"))


def make_safe(stream: object) -> None:
    """Let ``stream`` replace what its encoding cannot hold instead of raising."""
    if isinstance(stream, io.TextIOWrapper) and not _is_utf(stream.encoding):
        stream.reconfigure(errors=ERRORS)


def setup_streams() -> None:
    """Make standard output and error safe (absent in the windowed program: nothing to do)."""
    for stream in (sys.stdout, sys.stderr):
        make_safe(stream)
