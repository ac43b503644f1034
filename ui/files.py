"""Opening plans the way a person needs it: who holds a locked file, read-only, restore a backup."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QMessageBox, QWidget

from dxplanner.document import Document
from dxplanner.errors import DxError, LockedError
from dxplanner.i18n import _
from ui import text as ui_text

Yes = QMessageBox.StandardButton.Yes
No = QMessageBox.StandardButton.No
Retry = QMessageBox.StandardButton.Retry
Cancel = QMessageBox.StandardButton.Cancel


def holder_text(holder: dict[str, object]) -> str:
    since = str(holder.get("since", "?")).replace("T", " ")
    return _("{user} on {host}, since {since}").format(
        user=holder.get("user", "?"), host=holder.get("host", "?"), since=since)


def readonly_status(doc: Document) -> str:
    """The status line of a read-only plan, saying why it is read-only when that is known."""
    from dxplanner.errors import DxError

    why = doc.readonly_reason
    if isinstance(why, LockedError):
        return _("Read-only: open for editing by {holder}").format(holder=holder_text(why.holder))
    reason = why.params.get("reason") if why is not None else None
    if isinstance(reason, DxError):  # the file, its folder or the drive is read-only
        return _("Read-only: {reason}").format(reason=reason.text())
    return _("Read-only: changes are not possible")


def open_document(parent: QWidget | None, path: Path) -> Document | None:
    """Open ``path`` for editing; when someone else holds it, say who and since when and offer
    read-only; when it is unusable and a good backup exists, offer to restore it."""
    from dxplanner.document import open_or_recover, recover_from_backup

    try:
        res = open_or_recover(path)
    except DxError as exc:
        ui_text.message(parent, QMessageBox.Icon.Warning, _("Cannot open the plan"), exc.text())
        return None
    except OSError as exc:
        ui_text.message(parent, QMessageBox.Icon.Warning, _("Cannot open the plan"),
                        _("{file} cannot be read: {detail}").format(file=path.name, detail=exc.strerror or exc))
        return None
    if res.status == "opened":
        return res.document
    if res.status == "busy":
        answer = ui_text.message(
            parent, QMessageBox.Icon.Warning, _("The plan is in use by another program"),
            res.error.text() if res.error is not None else "", Retry | Cancel, Retry)
        return open_document(parent, path) if answer == Retry else None
    if res.status == "readonly":
        if isinstance(res.error, LockedError):
            question = _("{file} is open for editing by {holder}.\n\nOpen it read-only? You can look and export, "
                         "but not change it.").format(file=path.name, holder=holder_text(res.holder))
            title = _("The plan is in use")
        else:  # the file, its folder or the drive cannot be written: say why
            reason = res.error.text() if res.error is not None else ""
            question = _("{reason}\n\nOpen it read-only? You can look and export, but not change it.").format(
                reason=reason)
            title = _("The plan cannot be changed here")
        answer = ui_text.message(parent, QMessageBox.Icon.Question, title, question, Yes | No, Yes,
                                 unattended=Yes)  # a screenshot of a read-only plan: harmless
        if answer == Yes:
            return res.document
        if res.document is not None:
            res.document.close()
        return None
    message = res.error.text() if res.error is not None else _("The file cannot be used.")
    if res.status == "damaged" and res.backup is not None:
        answer = ui_text.message(
            parent, QMessageBox.Icon.Warning, _("Cannot open the plan"),
            _("{message}\n\nA good backup exists ({backup}). Restore it? The damaged file is kept aside, "
              "not deleted.").format(message=message, backup=res.backup.name), Yes | No, Yes)
        if answer != Yes:
            return None
        try:
            doc, _kept = recover_from_backup(path, res.backup)
            return doc
        except DxError as exc:
            ui_text.message(parent, QMessageBox.Icon.Warning, _("Cannot restore the backup"), exc.text())
            return None
    ui_text.message(parent, QMessageBox.Icon.Warning, _("Cannot open the plan"), message)
    return None


def sample_folder() -> Path:
    base = os.environ.get("DXPLANNER_CONFIG_DIR") or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base) / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_sample(parent: QWidget | None) -> Document | None:
    """A fresh copy of the bundled sample plan (みどり町), to try things without fear."""
    from dxplanner.exchange.json_format import read_json_file
    from dxplanner.paths import sample_plan_json

    plan = read_json_file(sample_plan_json())
    target = sample_folder() / _("{name} (sample).dxplan").format(name=plan.municipality.name)
    try:
        return Document.create(target, plan, overwrite=True)
    except LockedError:
        return Document.open(target, readonly=True)
    except DxError as exc:
        ui_text.message(parent, QMessageBox.Icon.Warning, _("Cannot open the sample plan"), exc.text())
        return None


def default_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
