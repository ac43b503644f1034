"""gettext for the core and the UI: one module exports ``_``, ``N_`` and ``ngettext``.

Message ids are English; ``i18n/ja/LC_MESSAGES/dxplanner.po`` holds the Japanese, the default
language. Compiled ``.mo`` files are built by ``scripts/i18n.py compile`` (run by the install
and build commands). When a ``.mo`` is missing (a fresh checkout before that step) the ``.po``
is read directly with Babel, so the program still speaks Japanese.
"""

from __future__ import annotations

import gettext
import io
import os
from functools import cache

from dxplanner.paths import i18n_dir

DOMAIN = "dxplanner"
LANGUAGES = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_current = os.environ.get("DXPLANNER_LANG", DEFAULT_LANGUAGE)
if _current not in LANGUAGES:
    _current = DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    base = i18n_dir() / lang / "LC_MESSAGES"
    mo = base / f"{DOMAIN}.mo"
    po = base / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    return gettext.NullTranslations()


def set_language(lang: str) -> None:
    global _current  # noqa: PLW0603 - the process has one UI language
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang}")
    _current = lang


def current_language() -> str:
    return _current


def translate(msgid: str, lang: str | None = None) -> str:
    return translations(lang or _current).gettext(msgid)


def _(msgid: str) -> str:
    return translate(msgid)


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it now."""
    return msgid


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return translations(lang or _current).ngettext(singular, plural, n)


def list_separator(lang: str | None = None) -> str:
    """How a list of names is joined in running text: 「、」 in Japanese, ", " in English."""
    return "、" if (lang or current_language()) == "ja" else ", "
