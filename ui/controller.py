"""The bridge between the Qt window and the core: one open Document and its undo stack.

Every change the user makes goes through :meth:`DocumentController.run` with a core op
(``dxplanner.ops``). The op is applied and saved at once; if it is refused, the message (in the
user's language) is emitted as ``refused`` and nothing is pushed. Otherwise one QUndoCommand
holding the op and its inverse is pushed: one command per user intent. Views listen to
``changed`` (the (kind, id) pairs touched) to refresh just what changed.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
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

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.undo_stack = QUndoStack(self)

    @property
    def plan(self) -> Plan:
        if self.doc is None:
            raise RuntimeError("no document open")
        return self.doc.plan

    @property
    def readonly(self) -> bool:
        return self.doc is None or self.doc.readonly

    def set_document(self, doc: Document | None) -> None:
        if self.doc is not None and self.doc is not doc:
            self.doc.close()
        self.undo_stack.clear()
        self.doc = doc
        self.document_replaced.emit()

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

    def attach(self, doc: Document) -> None:
        """Open ``doc`` in this controller and route its change notices to ``changed``."""
        doc.subscribe(self.notify)
        self.set_document(doc)
