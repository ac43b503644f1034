"""Excel and PDF exports, progress import and the prefecture roll-up, from the File menu.

The exchange modules are imported when used (start-up stays fast; a build without one still
opens). Long work runs in a worker thread behind a progress dialog that can be cancelled: the
worker writes to a temporary name beside the target, renamed into place only when the work
finished and was not cancelled; a cancelled run's output is deleted when the worker ends.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QEventLoop, Qt, QThread
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dxplanner.errors import DxError, FileError
from dxplanner.i18n import N_, _, current_language
from dxplanner.store import fsops
from ui import display
from ui import settings as cfg
from ui import text as ui_text
from ui.files import default_folder
from ui.text import plain_label

if TYPE_CHECKING:
    from ui.main_window import MainWindow

_running: list[Worker] = []  # workers outliving a cancelled dialog, kept until they end


class Worker(QThread):
    def __init__(self, fn: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as exc:  # reported to the person by the caller
            self.error = exc


class CancelledError(Exception):
    pass


def run_with_progress(parent: QWidget | None, label: str, fn: Callable[[], Any],
                      on_abandon: Callable[[], None] | None = None) -> Any:
    """Run ``fn`` in a worker thread behind a cancellable progress dialog; raise CancelledError or the
    worker's error. ``on_abandon`` runs when a cancelled worker finally ends (cleanup)."""
    worker = Worker(fn)
    dlg = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    dlg.setWindowTitle(_("Working…"))
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(400)
    dlg.setAutoClose(False)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    dlg.canceled.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    cancelled = dlg.wasCanceled() and not worker.isFinished()
    dlg.close()
    dlg.deleteLater()
    if cancelled:
        _running.append(worker)

        def done() -> None:
            if on_abandon is not None:
                on_abandon()
            if worker in _running:
                _running.remove(worker)

        worker.finished.connect(done)
        if worker.isFinished():
            done()
        raise CancelledError
    worker.wait()
    if worker.error is not None:
        raise worker.error
    return worker.result


def _temp_beside(target: Path) -> Path:
    return target.with_name(f".{target.stem}.part-{os.getpid()}{target.suffix}")


def write_via_temp(window: QWidget, label: str, target: Path, write: Callable[[Path], Any]) -> Any:
    """``write(tmp)`` in a worker; rename to ``target`` unless cancelled (then the temp goes)."""
    tmp = _temp_beside(target)

    def discard() -> None:
        with contextlib.suppress(FileNotFoundError):
            fsops.unlink(tmp, missing_ok=True)

    try:
        result = run_with_progress(window, label, lambda: write(tmp), on_abandon=discard)
    except CancelledError:
        return None
    except BaseException:
        discard()
        raise
    try:
        fsops.replace(tmp, target)
    except BaseException:  # Excel holds the target (FileInUseError): the caller offers another name
        discard()
        raise
    return result


# --- options ---------------------------------------------------------------------------------------


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget, title: str, *, departments: list[str] | None = None,
                 pdf: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.paper = QComboBox(self)
        self.paper.addItem(_("A3 landscape"), "A3")
        self.paper.addItem(_("A4 landscape"), "A4")
        self.era = QComboBox(self)
        self.era.addItem(_("和暦 (令和7年度)"), "wareki")
        self.era.addItem(_("西暦 (2025年度)"), "western")
        self.era.setCurrentIndex(0 if display.era() == "wareki" else 1)
        for label, w in ((_("Paper"), self.paper), (_("Year labels"), self.era)):
            w.setAccessibleName(label)
            form.addRow(label, w)
        # 基準日: delays and days late are counted on this day, so a paper made later reads the same
        self.as_of = QDateEdit(self)
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setDate(QDate.currentDate())
        self.as_of.setAccessibleName(_("As of (基準日)"))
        form.addRow(_("As of (基準日)"), self.as_of)
        self.progress: QComboBox | None = None
        self.fit: QComboBox | None = None
        self.scale: QComboBox | None = None
        self.pages_label = None
        self.council: dict[str, QLineEdit] = {}
        self.internal: QCheckBox | None = None
        if not pdf:
            self.scale = QComboBox(self)
            self.scale.addItem(_("Automatic (text prints at 7 pt or more)"), None)
            for key, label in (("month", _("Months")), ("quarter", _("Quarters")), ("half", _("Halves (上期・下期)")),
                               ("year", _("Fiscal years"))):
                self.scale.addItem(label, key)
            self.scale.setAccessibleName(_("Schedule time scale"))
            form.addRow(_("Schedule time scale"), self.scale)
        if departments is not None:
            self.progress = QComboBox(self)
            self.progress.addItem(_("No progress sheet"), None)
            self.progress.addItem(_("One sheet for all 担当課"), "all")
            for d in departments:
                self.progress.addItem(d, d)
            self.progress.setAccessibleName(_("Progress sheet"))
            form.addRow(_("Progress sheet"), self.progress)
        if pdf:
            self.fit = QComboBox(self)
            self.fit.addItem(_("Natural size"), None)
            for n in (1, 2, 3, 4):
                self.fit.addItem(_("{n} pages wide").format(n=n), n)
            self.fit.setAccessibleName(_("Schedule width"))
            form.addRow(_("Schedule width"), self.fit)
            # a council paper (議会・委員会資料): what the cover carries besides the plan; all optional
            for key, label, hint in (("title", _("Title of the paper"), _("e.g. 〇〇町DX推進計画の進捗状況について")),
                                     ("doc_number", _("Document number (資料番号)"), _("e.g. 資料2")),
                                     ("committee", _("Committee (委員会名)"), _("e.g. 総務常任委員会")),
                                     ("department", _("Department in charge (所管課)"), _("e.g. 企画課"))):
                edit = QLineEdit(self)
                edit.setPlaceholderText(hint)
                edit.setAccessibleName(label)
                self.council[key] = edit
                form.addRow(label, edit)
            self.internal = QCheckBox(_("Add the health check (for internal review, 内部確認用)"), self)
            self.internal.setAccessibleName(self.internal.text())
            form.addRow("", self.internal)
            self.pages_label = plain_label("", self)
            form.addRow(_("Pages"), self.pages_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def as_of_date(self) -> datetime.date:
        d = self.as_of.date()
        return datetime.date(d.year(), d.month(), d.day())

    def council_info(self) -> Any:
        from dxplanner.exchange.pdf_flow import CouncilInfo

        return CouncilInfo(**{k: e.text().strip() for k, e in self.council.items()})


def _ask_target(window: MainWindow, title: str, suffix: str, name: str) -> Path | None:
    folder = window.settings.get(cfg.LAST_FOLDER) or default_folder()
    filt = "Excel (*.xlsx)" if suffix == ".xlsx" else "PDF (*.pdf)"
    chosen, _f = QFileDialog.getSaveFileName(window, title, str(Path(folder) / (name + suffix)), filt)
    if not chosen:
        return None
    p = Path(chosen)
    return p if p.suffix.lower() == suffix else p.with_name(p.name + suffix)


def _report(window: QWidget, title: str, text: str, warnings: list[str]) -> None:
    ui_text.message(window, QMessageBox.Icon.Information, title, text,
                    detail="\n".join(warnings[:20]) + ("\n…" if len(warnings) > 20 else ""))


def _fail(window: QWidget, exc: BaseException) -> None:
    msg = exc.text() if isinstance(exc, DxError) else str(exc)
    ui_text.message(window, QMessageBox.Icon.Warning, _("The export failed"), msg)


def free_name(target: Path) -> Path:
    """``計画 (2).xlsx``, ``計画 (3).xlsx``…: the first name beside ``target`` that is not taken."""
    n = 2
    while (other := target.with_name(f"{target.stem} ({n}){target.suffix}")).exists():
        n += 1
    return other


def ask_in_use(window: QWidget, exc: fsops.FileInUseError, target: Path) -> Path | None:
    """The target is held open (Excel): say so and offer another name, or trying again once it is
    closed. Returns the path to write to, or None (cancelled)."""
    other = free_name(target)
    box = QMessageBox(QMessageBox.Icon.Warning, _("The file is in use"), "", QMessageBox.StandardButton.NoButton,
                      window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(exc.text())
    save_other = box.addButton(_("Save as “{name}”").format(name=other.name), QMessageBox.ButtonRole.AcceptRole)
    retry = box.addButton(_("Try again"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save_other)
    box.exec()
    clicked = box.clickedButton()
    return other if clicked is save_other else target if clicked is retry else None


def _missing(window: QWidget, what: str) -> None:
    ui_text.message(window, QMessageBox.Icon.Information, what,
                    _("This function is not part of this build yet."))


def export_xlsx_dialog(window: MainWindow) -> None:
    try:
        from dxplanner.exchange.xlsx_export import XlsxOptions  # noqa: F401
    except ImportError:
        _missing(window, _("Export to Excel"))
        return
    plan = window.ctl.plan
    depts = sorted({t.department for t in plan.tasks.values() if t.department.strip()})
    dlg = ExportDialog(window, _("Export to Excel"), departments=depts)
    if not dlg.exec():
        return
    target = _ask_target(window, _("Export to Excel"), ".xlsx", plan.title or plan.municipality.name)
    if target is None:
        return
    do_export_xlsx(window, target, dlg.paper.currentData(), dlg.era.currentData(),
                   dlg.progress.currentData() if dlg.progress else None,
                   as_of=dlg.as_of_date(), scale=dlg.scale.currentData() if dlg.scale else None)


def do_export_xlsx(window: MainWindow, target: Path, paper: str = "A3", era: str = "wareki",
                   progress: str | None = None, *, as_of: datetime.date | None = None,
                   scale: str | None = None) -> list[str] | None:
    from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx

    plan = copy.deepcopy(window.ctl.plan)
    options = XlsxOptions(paper=paper, era=era, progress=progress, lang=current_language(), today=as_of,
                          timescale=scale)
    try:
        warnings = write_via_temp(window, _("Writing the Excel workbook…"), target,
                                  lambda tmp: export_xlsx(plan, tmp, options))
    except fsops.FileInUseError as exc:
        again = ask_in_use(window, exc, target)
        return None if again is None else do_export_xlsx(window, again, paper, era, progress)
    except Exception as exc:
        _fail(window, exc)
        return None
    if warnings is None:
        return None
    _report(window, _("Export to Excel"), _("Written: {file}").format(file=str(target)), list(warnings))
    return list(warnings)


def export_pdf_dialog(window: MainWindow) -> None:
    try:
        from dxplanner.exchange.pdf_report import PdfOptions, count_pages
    except ImportError:
        _missing(window, _("Export to PDF"))
        return
    plan = window.ctl.plan
    dlg = ExportDialog(window, _("Export to PDF"), pdf=True)

    def update_count() -> None:
        assert dlg.pages_label is not None and dlg.fit is not None
        try:
            n = count_pages(plan, PdfOptions(paper=dlg.paper.currentData(), era=dlg.era.currentData(),
                                             fit_pages_wide=dlg.fit.currentData(), lang=current_language(),
                                             today=dlg.as_of_date(), council=dlg.council_info(),
                                             internal=bool(dlg.internal and dlg.internal.isChecked())))
            dlg.pages_label.setText(_("{n} pages").format(n=n))
        except Exception as exc:
            dlg.pages_label.setText(exc.text() if isinstance(exc, DxError) else str(exc))

    assert dlg.fit is not None
    for combo in (dlg.paper, dlg.era, dlg.fit):
        combo.currentIndexChanged.connect(lambda _i: update_count())
    dlg.as_of.dateChanged.connect(lambda _d: update_count())
    assert dlg.internal is not None
    dlg.internal.toggled.connect(lambda _on: update_count())
    update_count()
    if not dlg.exec():
        return
    target = _ask_target(window, _("Export to PDF"), ".pdf", plan.title or plan.municipality.name)
    if target is None:
        return
    do_export_pdf(window, target, dlg.paper.currentData(), dlg.era.currentData(), dlg.fit.currentData(),
                  as_of=dlg.as_of_date(), council=dlg.council_info(), internal=dlg.internal.isChecked())


def do_export_pdf(window: MainWindow, target: Path, paper: str = "A3", era: str = "wareki",
                  fit: int | None = None, *, as_of: datetime.date | None = None, council: Any = None,
                  internal: bool = False) -> Any:
    from dxplanner.exchange.pdf_flow import CouncilInfo
    from dxplanner.exchange.pdf_report import PdfOptions, export_pdf

    plan = copy.deepcopy(window.ctl.plan)
    options = PdfOptions(paper=paper, era=era, fit_pages_wide=fit, lang=current_language(), today=as_of,
                         council=council or CouncilInfo(), internal=internal)
    try:
        result = write_via_temp(window, _("Writing the PDF…"), target, lambda tmp: export_pdf(plan, tmp, options))
    except fsops.FileInUseError as exc:
        again = ask_in_use(window, exc, target)
        return None if again is None else do_export_pdf(window, again, paper, era, fit)
    except Exception as exc:
        _fail(window, exc)
        return None
    if result is None:
        return None
    _report(window, _("Export to PDF"), _("Written: {file} ({pages} pages)").format(
        file=str(target), pages=result.pages), list(result.warnings))
    return result


# --- progress import ---------------------------------------------------------------------------------


class ImportReport(QDialog):
    """Per-row errors of a progress import and the choice to apply the accepted rows."""

    def __init__(self, parent: QWidget, result: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Import progress"))
        lay = QVBoxLayout(self)
        errors = list(result.errors)
        lay.addWidget(plain_label(_("{changed} rows change the plan, {unchanged} are unchanged, "
                                    "{errors} were not accepted.").format(
            changed=result.changed_rows, unchanged=result.unchanged_rows, errors=len(errors)), self, wrap=True))
        table = QTableWidget(len(errors), 4, self)
        table.setHorizontalHeaderLabels([_("Sheet"), _("Row"), _("Task"), _("Why")])
        table.setAccessibleName(_("Rows not accepted"))
        en = current_language() == "en"
        for r, e in enumerate(errors):
            for c, v in enumerate((e.sheet, str(e.row), e.task_id or "", e.message_en if en else e.message_ja)):
                table.setItem(r, c, QTableWidgetItem(str(v)))
        table.horizontalHeader().setStretchLastSection(True)
        if errors:
            lay.addWidget(table)
        else:
            table.hide()
        buttons = QDialogButtonBox(self)
        if result.op is not None:
            buttons.addButton(_("Apply the changes"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel if result.op is not None
                          else QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(720, 420)


def import_progress_dialog(window: MainWindow) -> None:
    try:
        from dxplanner.exchange.xlsx_import import read_progress  # noqa: F401
    except ImportError:
        _missing(window, _("Import progress"))
        return
    folder = window.settings.get(cfg.LAST_FOLDER) or default_folder()
    chosen, _f = QFileDialog.getOpenFileName(window, _("Import progress from Excel"), folder, "Excel (*.xlsx)")
    if chosen:
        do_import_progress(window, Path(chosen), ask=True)


def do_import_progress(window: MainWindow, source: Path, *, ask: bool = True) -> bool:
    from dxplanner.exchange.xlsx_import import read_progress

    try:
        result = read_progress(source, window.ctl.plan)
    except Exception as exc:
        _fail(window, exc)
        return False
    if ask and not ImportReport(window, result).exec():
        return False
    if result.op is None:
        return False
    return window.ctl.run(result.op)


# --- prefecture roll-up -------------------------------------------------------------------------------


def aggregate_dialog(window: MainWindow) -> None:
    try:
        from dxplanner.exchange.aggregate import aggregate  # noqa: F401
    except ImportError:
        _missing(window, _("Prefecture roll-up"))
        return
    folder = window.settings.get(cfg.LAST_FOLDER) or default_folder()
    inputs, _f = QFileDialog.getOpenFileNames(window, _("Choose the municipalities' plans"), folder,
                                              "DX Planner / Excel (*.dxplan *.xlsx)")
    if not inputs:
        return
    target = _ask_target(window, _("Save the roll-up as"), ".xlsx", _("roll-up"))
    if target is None:
        return
    do_aggregate(window, [Path(p) for p in inputs], target)


def do_aggregate(window: QWidget, inputs: list[Path], target: Path) -> Any:
    from dxplanner.exchange.aggregate import aggregate

    lang = current_language()
    try:
        # the roll-up is written to a temporary name; refuse here an output that is one of the inputs
        # (renaming the temporary file over it would replace that town's file)
        if any(p.samefile(target) for p in inputs if p.exists() and target.exists()):
            raise FileError(N_("{file} is both an input and the output; choose another output file"),
                            file=str(target))
        result = write_via_temp(window, _("Rolling up {n} files…").format(n=len(inputs)), target,
                                lambda tmp: aggregate(inputs, tmp, lang))
    except Exception as exc:
        _fail(window, exc)
        return None
    if result is None:
        return None
    rejected = [f"{name}: {reason}" for name, reason in result.rejected]
    _report(window, _("Prefecture roll-up"),
            _("Rolled up {n} municipalities into {file}; {rejected} inputs rejected").format(
                n=len(result.municipalities) if hasattr(result.municipalities, "__len__") else result.municipalities,
                file=str(target), rejected=len(rejected)), rejected)
    return result
