"""An open plan: the Plan in memory, its file, and the one way to change it.

``Document.execute(op)`` applies an op (see :mod:`dxplanner.ops`) and commits its changes to
the file at once (continuous save: what is shown as done is on disk). If writing fails, the
in-memory change is undone too, so memory and file never disagree. Listeners (the UI's models)
are told which (kind, id) pairs changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from dxplanner.model import Plan
from dxplanner.ops import Change, Op
from dxplanner.store.gateway import PlanFile

Listener = Callable[[list[Change]], None]


class Document:
    def __init__(self, plan: Plan, file: PlanFile | None = None) -> None:
        self.plan = plan
        self.file = file
        self._listeners: list[Listener] = []

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Document:
        pf = PlanFile.open(path, readonly=readonly)
        try:
            plan = pf.load()
        except BaseException:
            pf.close()
            raise
        return cls(plan, pf)

    @classmethod
    def create(cls, path: str | os.PathLike[str], plan: Plan, *, overwrite: bool = False) -> Document:
        return cls(plan, PlanFile.create(path, plan, overwrite=overwrite))

    @property
    def path(self) -> Path | None:
        return self.file.path if self.file else None

    @property
    def readonly(self) -> bool:
        return bool(self.file and self.file.readonly)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def execute(self, op: Op) -> Op:
        """Apply ``op`` and save it; return the inverse op (for undo)."""
        inverse, changes = op.apply(self.plan)
        if self.file is not None:
            try:
                self.file.persist(self.plan, changes)
            except BaseException:
                inverse.apply(self.plan)
                raise
        for listener in list(self._listeners):
            listener(changes)
        return inverse

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
