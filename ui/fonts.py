"""The bundled Japanese font, registered at start so text renders on any PC (no tofu)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from dxplanner.paths import font_path

FAMILY = "BIZ UDPGothic"


def register_fonts(app: QApplication, point_size: float = 10.0) -> str:
    """Register BIZ UDPGothic (regular and bold) and make it the application font."""
    families: list[str] = []
    for bold in (False, True):
        fid = QFontDatabase.addApplicationFont(str(font_path(bold)))
        if fid >= 0:
            families += QFontDatabase.applicationFontFamilies(fid)
    family = families[0] if families else FAMILY
    font = QFont(family)
    font.setPointSizeF(point_size)
    app.setFont(font)
    return family
