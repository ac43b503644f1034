"""The 操作マニュアル (user manual): one HTML page per language in resources/manual, read offline.

F1 (ヘルプ → 操作マニュアル) opens it at the section of the page on screen; every page's "?" button
does the same. The pictures are made by the program's own screenshot mode
(scripts/make_manual_images.py), so they show the program as it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from dxplanner.i18n import _, current_language
from dxplanner.paths import resources_dir


def manual_path(lang: str | None = None) -> Path:
    lang = lang or current_language()
    folder = resources_dir() / "manual"
    path = folder / f"{lang}.html"
    return path if path.exists() else folder / "ja.html"


def section_for(page: str | None) -> str:
    """The manual's anchor for a window page name (area:std → area, wizard:3 → wizard)."""
    if not page:
        return "start"
    return page.split(":", 1)[0]


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manual")
        self.setWindowTitle(_("User manual"))
        self.resize(820, 720)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)  # offline: only the manual's own anchors
        lay.addWidget(self.browser)

    def show_section(self, section: str) -> None:
        url = QUrl.fromLocalFile(str(manual_path()))
        if self.browser.source().toLocalFile() != url.toLocalFile():
            self.browser.setSource(url)
        self.browser.scrollToAnchor(section)


def show_manual(parent: QWidget | None, page: str | None) -> HelpWindow:
    """Open (or bring forward) the manual at the section for ``page``."""
    win: HelpWindow | None = getattr(parent, "_manual_window", None)
    if win is None:
        win = HelpWindow(parent)
        if parent is not None:
            parent._manual_window = win  # type: ignore[attr-defined]  # one manual per window
    win.show_section(section_for(page))
    if win.isVisible():
        win.raise_()  # already open behind the window: bring it forward
    win.show()
    return win


class AboutDialog(QDialog):
    """Name, version, what it is, the font licence: wide enough that no line or title is cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        from dxplanner import __version__
        from ui.text import plain_label

        super().__init__(parent)
        self.setObjectName("about")
        self.setWindowTitle(_("About DX Planner"))
        lay = QVBoxLayout(self)
        name = plain_label(f"DX Planner {__version__}", self)
        f = name.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        name.setFont(f)
        lay.addWidget(name)
        for text in (_("The municipal DX roadmap workbook."),
                     _("Works offline; every change is saved when it is made."),
                     _("Font: BIZ UDPGothic (SIL Open Font License)."),
                     _("User manual: Help → User manual (F1).")):
            lay.addWidget(plain_label(text, self, wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.setMinimumWidth(max(460, self.fontMetrics().horizontalAdvance(self.windowTitle()) + 160))
