"""The health-check page: the same findings as the side panel, with the whole page's room."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from dxplanner.i18n import _
from ui.check_panel import CheckPanel
from ui.controller import DocumentController
from ui.pages.base import Page


class CheckPage(Page):
    def __init__(self, controller: DocumentController, parent: QWidget | None = None) -> None:
        super().__init__(controller, "check", _("Health check"), parent)
        self.panel = CheckPanel(controller, self)
        self.panel.setMinimumHeight(420)
        self.body.addWidget(self.panel, 1)
        self.panel.refresh()
