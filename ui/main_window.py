"""The main window, assembled in one place: start screen, navigation by part, pages, the health
check panel, menus with a keyboard path for every action, and a status bar that says the plan is
saved. Widgets talk through signals; every edit goes through the DocumentController."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dxplanner.document import Document
from dxplanner.i18n import _, current_language
from dxplanner.pages import AREA_PREFIX
from ui import settings as cfg
from ui import text as ui_text
from ui.controller import DocumentController
from ui.files import default_folder, open_document, open_sample, readonly_status
from ui.lang import apply_language
from ui.message_bar import MessageBar
from ui.pages.registry import PageSpec, page_for, page_specs
from ui.start_screen import StartScreen
from ui.table_view import PlanTable
from ui.text import plain_label

if TYPE_CHECKING:
    from dxplanner.checks import Finding
    from ui.check_panel import CheckPanel

FILE_FILTER = "DX Planner (*.dxplan)"


class MainWindow(QMainWindow):
    page_shown = Signal(str)

    def __init__(self, settings: cfg.Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or cfg.Settings()
        self.ctl = DocumentController(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # logging off: the cell being edited is kept too
            app.commitDataRequest.connect(self._session_ending)
        self.pages: dict[str, QWidget] = {}
        self.specs: list[PageSpec] = []
        self.current_page: str | None = None
        self.last_saved: datetime.datetime | None = None
        self.setMinimumSize(960, 640)
        self.resize(1280, 820)

        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.start = self._make_start()
        self.stack.addWidget(self.start)
        self.workspace = QWidget(self)
        ws = QVBoxLayout(self.workspace)
        ws.setContentsMargins(0, 0, 0, 0)
        self.message_bar = MessageBar(self.workspace)  # floats over the page: never moves it
        self.split = QSplitter(Qt.Orientation.Horizontal, self.workspace)
        side = QWidget(self.split)
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        self.plan_label = plain_label("", side, wrap=True)
        self.plan_label.setObjectName("plan-name")
        self.plan_label.setStyleSheet("QLabel#plan-name { font-weight: bold; padding: 6px 8px; }")
        side_lay.addWidget(self.plan_label)
        self.nav = QListWidget(side)
        side_lay.addWidget(self.nav, 1)
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(280)
        # a long English name wraps onto a second line rather than hiding behind a scroll bar
        self.nav.setWordWrap(True)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 4px 6px; }")
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.page_stack = QStackedWidget(self.split)
        self.split.addWidget(side)
        self.split.addWidget(self.page_stack)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([300, 980])
        ws.addWidget(self.split, 1)
        self.stack.addWidget(self.workspace)

        self.check_dock = QDockWidget(self)
        self.check_dock.setObjectName("check-dock")
        self._check_panel: CheckPanel | None = None  # made when first shown (start-up stays short)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.check_dock)
        self.check_dock.hide()

        self.saved_label = plain_label("", self)
        self.saved_label.setObjectName("saved-status")
        self.readonly_label = plain_label("", self)
        self.readonly_label.setObjectName("readonly-status")
        self.readonly_label.setStyleSheet("QLabel { color: #7a1010; font-weight: bold; }")
        self.statusBar().addPermanentWidget(self.readonly_label)
        self.statusBar().addPermanentWidget(self.saved_label)

        self.ctl.saved.connect(self._on_saved)
        self.ctl.refused.connect(self._on_refused)
        self.ctl.document_replaced.connect(self._on_document_replaced)
        self.ctl.problem.connect(lambda text: self.message_bar.show_message(text, 30000))
        self.ctl.close_failed.connect(self._on_close_failed)
        self.ctl.changed.connect(self._on_changed)
        self.ctl.undo_stack.cleanChanged.connect(lambda _c: self._update_status())

        self.build_menus()
        self.retranslate_chrome()
        geo = self.settings.get(cfg.GEOMETRY)
        if not geo.isEmpty():
            self.restoreGeometry(geo)

    @property
    def check_panel(self) -> CheckPanel:
        if self._check_panel is None:
            from ui.check_panel import CheckPanel

            self._check_panel = CheckPanel(self.ctl, self.check_dock)
            self._check_panel.jump.connect(self.jump_to)
            self.check_dock.setWidget(self._check_panel)
        return self._check_panel

    # --- chrome: menus and texts ------------------------------------------------------------------

    def _make_start(self) -> StartScreen:
        start = StartScreen(self.settings.recent_files(), self)
        start.new_requested.connect(self.new_plan)
        start.open_requested.connect(self.open_dialog)
        start.sample_requested.connect(self.open_sample)
        start.recent_requested.connect(lambda p: self.open_path(Path(p)))
        return start

    def _choices(self, menu: QMenu, prefix: str, items: tuple[tuple[str, str], ...], current: str,
                 choose: Callable[[str], object]) -> None:
        """One checkable entry per (code, label), exclusive, the current one checked; the actions are
        kept as ``self.actions_by_name[f"{prefix}_{code}"]``."""
        group = QActionGroup(self)
        for code, label in items:
            act = QAction(label, self, checkable=True)
            act.setChecked(current == code)
            act.triggered.connect(lambda _c=False, c=code: choose(c))
            group.addAction(act)
            menu.addAction(act)
            self.actions_by_name[f"{prefix}_{code}"] = act

    def _act(self, menu: QMenu, text: str, slot: Callable[[], object],
             key: QKeySequence | QKeySequence.StandardKey | str | None = None,
             *, needs_plan: bool = False, needs_edit: bool = False) -> QAction:
        act = QAction(text, self)
        if key is not None:
            act.setShortcut(QKeySequence(key))
        act.triggered.connect(lambda _c=False: slot())
        act.setProperty("needs_plan", needs_plan)
        act.setProperty("needs_edit", needs_edit)
        menu.addAction(act)
        return act

    def build_menus(self) -> None:
        mb = self.menuBar()
        mb.clear()
        self.actions_by_name: dict[str, QAction] = {}
        a = self.actions_by_name
        m = mb.addMenu(_("&File"))
        a["new"] = self._act(m, _("&New plan…"), self.new_plan, QKeySequence.StandardKey.New)
        a["open"] = self._act(m, _("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = m.addMenu(_("Open &recent"))
        self._fill_recent_menu()
        a["sample"] = self._act(m, _("Open the &sample plan"), self.open_sample)
        m.addSeparator()
        a["save_as"] = self._act(m, _("Save &as…"), self.save_as, QKeySequence.StandardKey.SaveAs, needs_plan=True)
        a["restore"] = self._act(m, _("Restore from a &backup…"), self.restore_backup, needs_plan=True)
        a["switch_edition"] = self._act(m, _("Switch the national e&dition…"), self.switch_edition,
                                        needs_plan=True, needs_edit=True)
        m.addSeparator()
        a["export_xlsx"] = self._act(m, _("Export to &Excel (for the prefecture)…"), self.export_xlsx,
                                     "Ctrl+E", needs_plan=True)
        a["export_pdf"] = self._act(m, _("Export to &PDF (for the council)…"), self.export_pdf, "Ctrl+P",
                                    needs_plan=True)
        a["import_progress"] = self._act(m, _("&Import progress from Excel…"), self.import_progress,
                                         needs_plan=True, needs_edit=True)
        a["aggregate"] = self._act(m, _("Prefecture &roll-up of many plans…"), self.aggregate)
        m.addSeparator()
        a["close"] = self._act(m, _("&Close the plan"), self.close_plan, QKeySequence.StandardKey.Close,
                               needs_plan=True)
        a["quit"] = self._act(m, _("&Quit"), self.close, "Ctrl+Q")  # StandardKey.Quit is empty on Windows

        m = mb.addMenu(_("&Edit"))
        undo = self.ctl.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctl.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        m.addAction(undo)
        m.addAction(redo)
        a["undo"], a["redo"] = undo, redo
        m.addSeparator()
        a["copy"] = self._act(m, _("&Copy cells"), lambda: self._table_do("copy"), needs_plan=True)
        a["paste"] = self._act(m, _("&Paste cells"), lambda: self._table_do("paste"), needs_plan=True,
                               needs_edit=True)
        a["copy"].setShortcut(QKeySequence.StandardKey.Copy)
        a["paste"].setShortcut(QKeySequence.StandardKey.Paste)
        for k in ("copy", "paste"):
            # the focused table owns the shortcut; the menu entries are the visible path to it
            a[k].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

        m = mb.addMenu(_("&View"))
        a["check"] = self._act(m, _("Health &check panel"), self.toggle_check, "F8", needs_plan=True)
        a["go_nav"] = self._act(m, _("Go to the &list of parts"), self.nav.setFocus, "Ctrl+L", needs_plan=True)
        a["next_page"] = self._act(m, _("&Next part"), lambda: self._step_page(1), "Ctrl+PgDown", needs_plan=True)
        a["prev_page"] = self._act(m, _("P&revious part"), lambda: self._step_page(-1), "Ctrl+PgUp",
                                   needs_plan=True)
        m.addSeparator()
        from ui import display

        self._choices(m.addMenu(_("&Language")), "lang", (("ja", "日本語"), ("en", "English")),
                      current_language(), self.set_language)
        era_menu = m.addMenu(_("&Year labels"))
        self._choices(era_menu, "era", (("wareki", _("和暦 (令和7年度)")), ("western", _("西暦 (2025年度)"))),
                      display.era(), self.set_era)
        era_menu.addSeparator()
        self._choices(era_menu, "quarter", (("kanji", _("Quarters as 第1四半期")),
                                            ("months", _("Quarters as 4～6月")), ("q", _("Quarters as R7 Q1"))),
                      display.quarter_style(), self.set_quarter_style)

        m = mb.addMenu(_("&Help"))
        a["manual"] = self._act(m, _("User &manual"), self.show_manual, QKeySequence.StandardKey.HelpContents)
        if not a["manual"].shortcut().toString():
            a["manual"].setShortcut(QKeySequence("F1"))
        a["about"] = self._act(m, _("&About DX Planner"), self.about)
        self._update_actions()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for i, p in enumerate(recent):
            act = QAction(f"&{i + 1} {Path(p).name}", self)
            act.triggered.connect(lambda _c=False, path=p: self.open_path(Path(path)))
            self.recent_menu.addAction(act)
        self.recent_menu.setEnabled(bool(recent))

    def _update_actions(self) -> None:
        has = self.ctl.doc is not None
        editable = has and not self.ctl.readonly
        for act in self.actions_by_name.values():
            if act.property("needs_edit"):
                act.setEnabled(editable)
            elif act.property("needs_plan"):
                act.setEnabled(has)

    def retranslate_chrome(self) -> None:
        self.check_dock.setWindowTitle(_("Health check"))
        self.nav.setAccessibleName(_("Parts of the plan"))
        self.page_stack.setAccessibleName(_("Page"))
        self._update_title()
        self._update_status()

    def _update_title(self) -> None:
        if self.ctl.doc is None:
            self.setWindowTitle("DX Planner")
            self.plan_label.setText("")
            return
        plan = self.ctl.plan
        self.plan_label.setText(f"{plan.municipality.name}\n{plan.title}")
        self.plan_label.setAccessibleName(self.plan_label.text())
        name = plan.title or plan.municipality.name
        ro = _(" [read-only]") if self.ctl.readonly else ""
        file = self.ctl.doc.path.name if self.ctl.doc.path else ""
        self.setWindowTitle(f"{name}{ro} — {file} — DX Planner")

    def _update_status(self) -> None:
        doc = self.ctl.doc
        if doc is None:
            self.saved_label.setText("")
            self.readonly_label.setText("")
            return
        if doc.readonly:
            self.readonly_label.setText(readonly_status(doc))
            self.saved_label.setText("")
            return
        self.readonly_label.setText("")
        if self.last_saved is None:
            self.saved_label.setText(_("Saved"))
        else:
            self.saved_label.setText(_("Saved at {time}").format(time=self.last_saved.strftime("%H:%M:%S")))
        self.saved_label.setAccessibleName(self.saved_label.text())

    # --- language --------------------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        lang = apply_language(lang)
        self.settings.set(cfg.LANGUAGE, lang)
        self.retranslate()

    def set_era(self, style: str) -> None:
        from ui import display

        display.set_era(style)
        self.settings.set(cfg.ERA_STYLE, style)
        self.retranslate()

    def set_quarter_style(self, style: str) -> None:
        from ui import display

        display.set_quarter_style(style)
        self.settings.set(cfg.QUARTER_STYLE, style)
        self.retranslate()

    def retranslate(self) -> None:
        """Rebuild every text: menus, start screen, navigation and pages (pages are rebuilt)."""
        self.build_menus()
        old_start = self.start
        self.start = self._make_start()
        self.stack.insertWidget(0, self.start)
        on_start = self.stack.currentWidget() is old_start
        self.stack.removeWidget(old_start)
        old_start.deleteLater()
        if on_start:
            self.stack.setCurrentWidget(self.start)
        self.retranslate_chrome()
        if self.ctl.doc is not None:
            current = self.current_page
            self._drop_pages()
            self._fill_nav()
            if current:
                self.show_page(current)
            if self._check_panel is not None:
                self._check_panel.refresh()

    # --- documents --------------------------------------------------------------------------------

    def open_dialog(self) -> None:
        folder = self.settings.get(cfg.LAST_FOLDER) or default_folder()
        name, _f = QFileDialog.getOpenFileName(self, _("Open a plan"), folder, FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path, page: str | None = None) -> bool:
        if not path.exists():
            ui_text.message(self, QMessageBox.Icon.Warning, _("Cannot open the plan"),
                            _("{file} does not exist (any more).").format(file=str(path)))
            self.settings.remove_recent(str(path))
            self._refresh_recent()
            return False
        doc = open_document(self, path)
        if doc is None:
            return False
        self.attach(doc, page)
        return True

    def open_sample(self) -> None:
        doc = open_sample(self)
        if doc is not None:
            self.attach(doc)

    def attach(self, doc: Document, page: str | None = None) -> None:
        self.ctl.attach(doc)
        if doc.path is not None:
            self.settings.add_recent(doc.path)
            self.settings.set(cfg.LAST_FOLDER, str(doc.path.parent))
            self._refresh_recent()
        self.show_page(page or "overview")
        if doc.notices:  # recovered work, copies kept aside: the person has to know
            ui_text.message(self, QMessageBox.Icon.Information, _("About this plan"),
                            "\n\n".join(n.text() for n in doc.notices))
            doc.notices.clear()

    def _on_close_failed(self, text: str) -> None:
        ui_text.message(self, QMessageBox.Icon.Warning, _("The plan could not be written back"),
                        _("{message}\n\nYour changes are kept on this PC: the next time you open the plan they "
                          "are written back, or kept as a separate file if the shared file was changed "
                          "meanwhile.").format(message=text))

    def _refresh_recent(self) -> None:
        self._fill_recent_menu()
        self.start.set_recent(self.settings.recent_files())

    def close_plan(self) -> None:
        self.ctl.set_document(None)

    def _on_document_replaced(self) -> None:
        self._drop_pages()
        self.last_saved = None
        if self.ctl.doc is None:
            self.nav.clear()
            self.stack.setCurrentWidget(self.start)
            self.check_dock.hide()
            self.current_page = None
        else:
            self._fill_nav()
            self.stack.setCurrentWidget(self.workspace)
        self._update_title()
        self._update_status()
        self._update_actions()

    def _drop_pages(self) -> None:
        for w in self.pages.values():
            self.page_stack.removeWidget(w)
            w.deleteLater()
        self.pages.clear()

    def _fill_nav(self) -> None:
        self.specs = page_specs(self.ctl.plan)
        self.nav.blockSignals(True)
        self.nav.clear()
        heading_done = False
        for spec in self.specs:
            title = spec.title(self.ctl.plan)
            if spec.indent and not heading_done:
                # the parts of the plan get a heading, so they do not read as part of the entry above
                heading_done = True
                text = _("Focus areas (重点取組事項)")
                head = QListWidgetItem(text)
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a label: not selectable, no page
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                head.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                self.nav.addItem(head)
            item = QListWidgetItem(("    " if spec.indent else "") + title)
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
            self.nav.addItem(item)
        self.nav.blockSignals(False)

    def _on_saved(self) -> None:
        if self.ctl.doc is not None and self.ctl.doc.path is not None:
            self.last_saved = datetime.datetime.now()
        self._update_status()

    def _on_refused(self, message: str) -> None:
        self.message_bar.show_message(message)
        self.statusBar().showMessage(message, 8000)

    def _on_changed(self, changes: list[tuple[str, str]]) -> None:
        self.message_bar.hide()
        if any(k in ("areas", "plan") for k, _i in changes):
            names = [s.name for s in page_specs(self.ctl.plan)]
            if names != [s.name for s in self.specs]:
                self._fill_nav()
                self._select_nav(self.current_page or "overview")
        if any(k == "plan" for k, _i in changes):
            self._update_title()

    # --- pages ------------------------------------------------------------------------------------

    def page_names(self) -> list[str]:
        return [s.name for s in self.specs]

    def show_page(self, name: str) -> QWidget | None:
        if self.ctl.doc is None:
            return None
        if name == "area:" or (name not in self.page_names()):
            return None
        w = self.pages.get(name)
        if w is None:
            spec = next(s for s in self.specs if s.name == name)
            w = spec.factory(self.ctl, self.page_stack)
            panel = getattr(w, "panel", None)
            if panel is not None and hasattr(panel, "jump"):
                panel.jump.connect(self.jump_to)
            self.pages[name] = w
            self.page_stack.addWidget(w)
        self.page_stack.setCurrentWidget(w)
        self.stack.setCurrentWidget(self.workspace)
        self.current_page = name
        self._select_nav(name)
        self.page_shown.emit(name)
        return w

    def _select_nav(self, name: str) -> None:
        for i in range(self.nav.count()):
            if self.nav.item(i).data(Qt.ItemDataRole.UserRole) == name:
                if self.nav.currentRow() != i:
                    self.nav.blockSignals(True)
                    self.nav.setCurrentRow(i)
                    self.nav.blockSignals(False)
                return

    def _nav_changed(self, current: QListWidgetItem | None, _prev: QListWidgetItem | None) -> None:
        if current is not None and current.data(Qt.ItemDataRole.UserRole):  # a heading has no page
            self.show_page(current.data(Qt.ItemDataRole.UserRole))

    def _step_page(self, delta: int) -> None:
        n = self.nav.count()
        row = self.nav.currentRow()
        for _i in range(n):
            row = (row + delta) % n
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole):  # skip headings
                self.nav.setCurrentRow(row)
                return

    def jump_to(self, finding: Finding) -> None:
        """Go to the page and row (and field) a health-check finding is about. A task's finding
        seen from the 工程表 stays on the 工程表 (the task selected there), where it was looked for."""
        name = page_for(self.ctl.plan, finding.kind, finding.id)
        if finding.kind == "tasks" and self.current_page == "schedule" and finding.id in self.ctl.plan.tasks:
            name = "schedule"
        page = self.show_page(name)
        if page is None and name.startswith(AREA_PREFIX):
            page = self.show_page("schedule")
        focus = getattr(page, "focus_entity", None)
        if focus is not None:
            focus(finding.kind, finding.id, finding.field)

    def toggle_check(self) -> None:
        if self.check_dock.isVisible():
            self.check_dock.hide()
        else:
            self.check_dock.show()
            self.check_panel.refresh()
            self.check_panel.view.setFocus()

    def _table_do(self, what: str) -> None:
        w = QApplication.focusWidget()
        while w is not None and not isinstance(w, PlanTable):
            w = w.parentWidget()
        if isinstance(w, PlanTable):
            getattr(w, what)()

    # --- commands -----------------------------------------------------------------------------------

    def new_plan(self) -> None:
        from ui.wizard import NewPlanWizard

        wiz = NewPlanWizard(self, settings=self.settings)
        wiz.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wiz.accepted.connect(lambda: self.attach(wiz.document) if wiz.document is not None else None)
        wiz.open()  # modal to this window, without a nested event loop (a test can press its buttons)

    def save_as(self) -> None:
        doc = self.ctl.doc
        if doc is None or doc.file is None:
            return
        name, _f = QFileDialog.getSaveFileName(self, _("Save a copy as"),
                                               str(Path(self.settings.get(cfg.LAST_FOLDER) or default_folder())
                                                   / f"{doc.path.stem if doc.path else 'plan'}-copy.dxplan"),
                                               FILE_FILTER)
        if not name:
            return
        target = Path(name if name.endswith(".dxplan") else name + ".dxplan")
        self.save_copy_to(target)

    def save_copy_to(self, target: Path) -> bool:
        doc = self.ctl.doc
        if doc is None or doc.file is None:
            return False
        if doc.path is not None and target.resolve() == doc.path.resolve():
            return False
        from dxplanner.errors import DxError

        try:
            doc.file.save_as(target)
        except (DxError, OSError) as exc:
            ui_text.message(self, QMessageBox.Icon.Warning, _("Cannot save the copy"),
                            exc.text() if isinstance(exc, DxError) else str(exc))
            return False
        ask = ui_text.message(self, QMessageBox.Icon.Question, _("Copy saved"),
                              _("A copy was saved as {file}.\n\nContinue working in the copy?").format(
                                  file=target.name),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                              QMessageBox.StandardButton.No)
        if ask == QMessageBox.StandardButton.Yes:
            page = self.current_page
            self.ctl.set_document(None)
            self.open_path(target, page)
        return True

    def restore_backup(self) -> None:
        from ui.dialogs import RestoreDialog

        doc = self.ctl.doc
        if doc is None or doc.path is None:
            return
        dlg = RestoreDialog(doc.path, self)
        if not dlg.exec() or dlg.chosen is None:
            return
        path, page = doc.path, self.current_page
        self.ctl.set_document(None)
        from dxplanner.errors import DxError
        from dxplanner.store import lock
        from dxplanner.store.backup import restore

        aside = None
        try:
            lock.acquire(path)
            try:
                aside = restore(dlg.chosen, path)
            finally:
                lock.release(path)
        except DxError as exc:  # the plan is unchanged (restore never leaves its path empty)
            ui_text.message(self, QMessageBox.Icon.Warning, _("Cannot restore the backup"), exc.text())
        if self.open_path(path, page) and aside is not None:
            ui_text.message(self, QMessageBox.Icon.Information, _("Backup restored"),
                            _("The plan was restored from {backup}.\n\nThe version before the restore is kept "
                              "as {kept} in the same folder.").format(backup=dlg.chosen.name, kept=aside.name))

    def switch_edition(self) -> None:
        """Move the plan onto another edition: one undo step, a backup first."""
        from dxplanner.errors import DxError
        from dxplanner.store.backup import make_backup
        from ui.switch_edition import SwitchEditionDialog

        doc = self.ctl.doc
        if doc is None:
            return
        dlg = SwitchEditionDialog(doc.plan, self)
        if not dlg.exec() or dlg.op is None:
            return
        if doc.file is not None:
            try:
                make_backup(doc.file, reason="switch-edition")
            except DxError as exc:
                ui_text.message(self, QMessageBox.Icon.Warning, _("Switch the national edition"),
                                _("No backup could be made, so the edition was not switched: {detail}").format(
                                    detail=exc.text()))
                return
        if self.ctl.run(dlg.op):
            self.statusBar().showMessage(_("The plan now follows {edition} (Undo takes it back)").format(
                edition=dlg.edition.currentText()), 15000)

    def export_xlsx(self) -> None:
        from ui.exports import export_xlsx_dialog

        export_xlsx_dialog(self)

    def export_pdf(self) -> None:
        from ui.exports import export_pdf_dialog

        export_pdf_dialog(self)

    def import_progress(self) -> None:
        from ui.exports import import_progress_dialog

        import_progress_dialog(self)

    def aggregate(self) -> None:
        from ui.exports import aggregate_dialog

        aggregate_dialog(self)

    def show_manual(self) -> None:
        from ui.help import show_manual

        page = self.current_page if self.ctl.doc is not None else "start"
        show_manual(self, page)

    def about(self) -> None:
        from ui.help import AboutDialog

        AboutDialog(self).exec()

    # --- closing ------------------------------------------------------------------------------------

    def commit_edits(self) -> None:
        """A cell being edited is written (and so saved) before the window closes or the session ends."""
        from ui.table_view import commit_open_edits

        commit_open_edits(self)

    def _session_ending(self, _manager: object) -> None:
        self.commit_edits()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_edits()
        self.settings.set(cfg.GEOMETRY, QByteArray(self.saveGeometry()))
        self.ctl.set_document(None)
        super().closeEvent(event)
