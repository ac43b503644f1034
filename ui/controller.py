"""The bridge between the Qt window and the core: one open Document and its undo stack.

Every change the user makes goes through :meth:`DocumentController.run` with a core op
(``dxplanner.ops``). The op is applied and saved at once; if it is refused, the message (in the
user's language) is emitted as ``refused`` and nothing is pushed. Otherwise one QUndoCommand
holding the op and its inverse is pushed: one command per user intent. Views listen to
``changed`` (the (kind, id) pairs touched) to refresh just what changed.

What happens to the file behind the scenes is reported too: a failed automatic backup or
write-back to a shared folder (``problem``, editing goes on), and a plan whose closing could not
write its work back (``close_failed``; the work stays in the local working copy and is offered
again at the next opening). A plan on a shared folder is also written back a few seconds after the
last edit (``sync_delay_ms``), not only at the next edit or when it is closed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from dxplanner.document import Document
from dxplanner.errors import DxError
from dxplanner.i18n import translate
from dxplanner.model import Plan
from dxplanner.ops import Change, Op


class OpCommand(QUndoCommand):
    """One user intent: ``forward`` was already applied when the command is pushed."""

    def __init__(self, controller: DocumentController, forward: Op, inverse: Op) -> None:
        super().__init__(translate(forward.label))
        self._ctl = controller
        self._forward = forward
        self._inverse = inverse
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._inverse = self._ctl.apply_raw(self._forward)

    def undo(self) -> None:
        self._forward = self._ctl.apply_raw(self._inverse)


class DocumentController(QObject):
    changed = Signal(object)  # list[Change]
    refused = Signal(str)  # a message for the user
    saved = Signal()  # after every successful write (continuous save)
    document_replaced = Signal()  # a different document (or none) is now open
    problem = Signal(str)  # a background failure (backup, write-back); editing goes on
    close_failed = Signal(str)  # closing could not write the work back (it is kept locally)

    sync_delay_ms = 5000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.undo_stack = QUndoStack(self)
        self._reported: DxError | None = None
        self._sync_timer = QTimer(self)
        self._sync_timer.setSingleShot(True)
        self._sync_timer.timeout.connect(self.sync_now)

    @property
    def plan(self) -> Plan:
        if self.doc is None:
            raise RuntimeError("no document open")
        return self.doc.plan

    @property
    def readonly(self) -> bool:
        return self.doc is None or self.doc.readonly

    def set_document(self, doc: Document | None) -> None:
        self._sync_timer.stop()
        if self.doc is not None and self.doc is not doc:
            old, self.doc = self.doc, None
            try:
                old.close()  # always closes; raises afterwards if the work could not be written back
            except DxError as exc:
                self.close_failed.emit(exc.text())
        self.undo_stack.clear()
        self.doc = doc
        self._reported = None
        self.document_replaced.emit()

    def sync_now(self) -> None:
        """Write a plan on a shared folder back now (the idle write-back; a no-op otherwise)."""
        if self.doc is None:
            return
        try:
            self.doc.sync()
        except DxError as exc:
            self.doc.note_background(exc)  # the same failure again is not reported again
        self._report_background()

    def _report_background(self) -> None:
        err = self.doc.background_error if self.doc is not None else None
        if err is not None and err is not self._reported:
            self._reported = err
            self.problem.emit(err.text())
        elif err is None:
            self._reported = None

    def run(self, op: Op) -> bool:
        """Apply ``op`` as one undoable step; False (and ``refused``) when it is not allowed."""
        if self.doc is None:
            return False
        try:
            inverse = self._apply(op)
        except DxError as exc:
            self.refused.emit(exc.text())
            return False
        self.undo_stack.push(OpCommand(self, op, inverse))
        return True

    def refuse(self, message: str) -> None:
        """Tell the user an input was not accepted (input that could not even become an op)."""
        self.refused.emit(message)

    def apply_raw(self, op: Op) -> Op:
        """Apply without touching the undo stack (used by the commands themselves)."""
        try:
            return self._apply(op)
        except DxError as exc:  # an undo that the file refuses (e.g. it became read-only)
            self.refused.emit(exc.text())
            raise

    def _apply(self, op: Op) -> Op:
        assert self.doc is not None
        return self.doc.execute(op)

    def notify(self, changes: list[Change]) -> None:
        self.changed.emit(changes)
        self.saved.emit()
        self._report_background()
        if self.doc is not None and self.doc.on_share and not self.doc.readonly:
            self._sync_timer.start(self.sync_delay_ms)

    def attach(self, doc: Document) -> None:
        """Open ``doc`` in this controller and route its change notices to ``changed``."""
        doc.subscribe(self.notify)
        self.set_document(doc)
