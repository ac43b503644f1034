"""The window's language: our gettext catalogs plus Qt's own translations for standard dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dxplanner.i18n import LANGUAGES, set_language

_installed: list[QTranslator] = []


def apply_language(lang: str) -> str:
    """Switch gettext and Qt's standard-dialog translations to ``lang`` (ja or en)."""
    if lang not in LANGUAGES:
        lang = "ja"
    set_language(lang)
    app = QCoreApplication.instance()
    for tr in _installed:
        if app is not None:
            QCoreApplication.removeTranslator(tr)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Japanese if lang == "ja" else QLocale.Language.English,
                               QLocale.Country.Japan if lang == "ja" else QLocale.Country.UnitedStates))
    if lang != "en" and app is not None:
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        tr = QTranslator()
        if tr.load(f"qtbase_{lang}", folder):
            QCoreApplication.installTranslator(tr)
            _installed.append(tr)
    return lang
