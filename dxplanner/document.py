"""An open plan: the Plan in memory, its file, and the one way to change it.

``Document.execute(op)`` applies an op (see :mod:`dxplanner.ops`) and commits its changes to
the file at once (continuous save: what is shown as done is on disk). If writing fails, the
in-memory change is undone too, so memory and file never disagree. Listeners (the UI's models)
are told which (kind, id) pairs changed.

Safety around the file (see docs/data-safety.md):

- Before the first change of an editing session, and then every ``backup.AUTO_INTERVAL``
  seconds of editing, a verified backup is made if the file changed since the newest one.
- A plan on a network share is edited through a local working copy and written back safely
  (:mod:`dxplanner.store.workcopy`) — at most every :attr:`Document.push_interval` seconds while
  editing, on :meth:`Document.sync` and on :meth:`Document.close`. ``Document.open``/``close``
  are used exactly as for a local file.
- :func:`open_or_recover` is the opening the GUI uses: it says what happened (opened, opened
  read-only because someone else writes, damaged with the newest good backup offered, refused).
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dxplanner.errors import DxError, FileError, LockedError, ReadOnlyPlaceError
from dxplanner.i18n import N_
from dxplanner.model import Plan
from dxplanner.ops import Change, Op
from dxplanner.store import backup as backups
from dxplanner.store import fsops, lock, workcopy
from dxplanner.store.gateway import BusyFileError, DamagedFileError, ForeignFileError, NewerFileError, PlanFile

Listener = Callable[[list[Change]], None]


class Document:
    auto_backup: bool = True
    backup_interval: float = backups.AUTO_INTERVAL
    push_interval: float = 5.0

    def __init__(self, plan: Plan, file: PlanFile | None = None) -> None:
        self.plan = plan
        self.file = file
        self._listeners: list[Listener] = []
        self._last_backup: float | None = None
        self._workcopy: workcopy.WorkCopy | None = None
        self._share_path: Path | None = None
        self._private: Path | None = None
        # what the user should be told after opening (recovered work, kept copies)
        self.notices: list[DxError] = []
        # the last failure of an automatic backup or write-back (editing went on; shown by the UI)
        self.background_error: DxError | None = None
        # why a plan opened read-only by open_or_recover could not be written (shown by the UI)
        self.readonly_reason: DxError | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False) -> Document:
        p = Path(path)
        if workcopy.is_network_path(p):
            return cls._open_share(p, readonly)
        pf = PlanFile.open(p, readonly=readonly)
        try:
            plan = pf.load()
        except BaseException:
            pf.close()
            raise
        return cls(plan, pf)

    @classmethod
    def _open_share(cls, share: Path, readonly: bool) -> Document:
        if readonly:
            local, folder = workcopy.snapshot(share)
            try:
                pf = PlanFile.open(local, readonly=True)
                try:
                    plan = pf.load()
                except BaseException:
                    pf.close()
                    raise
            except BaseException:
                fsops.rmtree(folder)
                raise
            doc = cls(plan, pf)
            doc._share_path, doc._private = share, folder
            return doc
        lock.acquire(share)
        try:
            wc = workcopy.WorkCopy.checkout(share)
            pf = PlanFile.open(wc.local)
            pf.logical_path = share
            try:
                plan = pf.load()
                if wc.dirty:
                    wc.push(pf)  # work recovered from a crashed session goes back to the share now
            except BaseException:
                pf.close()
                raise
        except BaseException:
            lock.release(share)
            raise
        doc = cls(plan, pf)
        doc._workcopy, doc._share_path = wc, share
        doc.notices.extend(wc.notices)
        return doc

    @classmethod
    def create(cls, path: str | os.PathLike[str], plan: Plan, *, overwrite: bool = False) -> Document:
        p = Path(path)
        from dxplanner.store.fileops import check_plan_name

        check_plan_name(p)
        if workcopy.is_network_path(p):
            if p.exists() and not overwrite:
                raise FileError(N_("{file} already exists"), file=str(p))
            from dxplanner.store.gateway import write_new

            lock.acquire(p)
            try:
                folder = workcopy.cache_root()
                folder.mkdir(parents=True, exist_ok=True)
                import tempfile

                with tempfile.TemporaryDirectory(dir=folder) as tmp:
                    local = Path(tmp) / p.name
                    write_new(local, plan)
                    workcopy.publish(local, p, keep_bak=overwrite)
            finally:
                lock.release(p)
            return cls.open(p)
        return cls(plan, PlanFile.create(p, plan, overwrite=overwrite))

    @property
    def path(self) -> Path | None:
        if self._share_path is not None:
            return self._share_path
        return self.file.path if self.file else None

    @property
    def readonly(self) -> bool:
        return bool(self.file and self.file.readonly)

    @property
    def on_share(self) -> bool:
        """Whether the plan lives on a network share (edited through a local working copy)."""
        return self._share_path is not None

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _backup_if_due(self) -> None:
        if not self.auto_backup or self.file is None or self.file.readonly:
            return
        now = time.monotonic()
        if self._last_backup is not None and now - self._last_backup < self.backup_interval:
            return
        self._last_backup = now
        try:
            backups.maybe_backup(self.file, reason="auto")
        except (DxError, OSError, sqlite3.Error) as exc:
            # editing goes on (the plan itself is safe on disk); the UI and the CLI say so once
            self.note_background(exc if isinstance(exc, DxError) else FileError(
                N_("the backup of {file} could not be written: {detail}"), file=self.file.logical_path.name,
                detail=str(exc)))

    def note_background(self, exc: DxError) -> None:
        """Keep the failure of a background step (backup, write-back) for the UI to show once.

        The same failure again (the write-back refused at every edit) keeps the first error
        object, so it is not reported again.
        """
        cur = self.background_error
        if cur is not None and type(cur) is type(exc) and cur.text("en") == exc.text("en"):
            return
        self.background_error = exc

    def execute(self, op: Op) -> Op:
        """Apply ``op`` and save it; return the inverse op (for undo)."""
        if self.file is not None:
            self._backup_if_due()
        inverse, changes = op.apply(self.plan)
        if self.file is not None:
            try:
                self.file.persist(self.plan, changes)
            except BaseException:
                inverse.apply(self.plan)
                raise
            if self._workcopy is not None:
                self._workcopy.mark_dirty()
                # once the share file was replaced by someone else, every write-back would be
                # refused the same way: the work stays in the working copy until the plan is closed
                refused = isinstance(self.background_error, workcopy.ShareChangedError)
                if not refused and time.monotonic() - self._workcopy.last_push >= self.push_interval:
                    try:
                        self._workcopy.push(self.file)
                    except DxError as exc:
                        self.note_background(exc)
        for listener in list(self._listeners):
            listener(changes)
        return inverse

    def sync(self) -> None:
        """Write a working copy back to its share now (no-op for local plans)."""
        if self._workcopy is not None and self.file is not None and self._workcopy.dirty:
            self._workcopy.push(self.file)
            self.background_error = None

    def close(self) -> None:
        """Close the plan. For a plan on a share, the working copy is written back first; if that
        fails the error is raised after everything is closed (the work stays in the working copy
        and is offered again at the next opening)."""
        error: BaseException | None = None
        if self._workcopy is not None and self.file is not None:
            try:
                self.sync()
            except DxError as exc:
                error = exc
        if self.file is not None:
            self.file.close()
            self.file = None
        if self._workcopy is not None:
            if error is None:
                self._workcopy.discard()
            if self._share_path is not None:
                lock.release(self._share_path)
            self._workcopy = None
        if self._private is not None:
            fsops.rmtree(self._private)
            self._private = None
        if error is not None:
            raise error

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- opening with recovery (for the GUI) ---------------------------------------------------------


@dataclasses.dataclass
class OpenResult:
    """What :func:`open_or_recover` did.

    ``status``:
      - ``"opened"``: ``document`` is open for writing;
      - ``"readonly"``: the file cannot be written now; ``document`` is open read-only and ``error``
        says why: a LockedError names who writes it and since when, a ReadOnlyPlaceError says
        that the file, its folder or the drive is read-only (or something sits at the lock's name);
      - ``"busy"``: another program (not DX Planner) holds the file's SQLite lock; nothing is
        wrong with the file and no backup is offered: try again later (``error`` says so);
      - ``"damaged"``: the file cannot be used; ``error`` says why, ``backup`` is the newest good
        backup (or None). Call :func:`recover_from_backup` if the person agrees;
      - ``"refused"``: not a usable plan (another program's file, a newer version, missing…);
        ``error`` says why. The file is untouched in every case but a recovery.
    """

    status: str
    document: Document | None = None
    error: DxError | None = None
    backup: Path | None = None

    @property
    def holder(self) -> dict[str, Any]:
        return self.error.holder if isinstance(self.error, LockedError) else {}


def open_or_recover(path: str | os.PathLike[str], *, readonly_if_locked: bool = True) -> OpenResult:
    """Open ``path`` for writing if possible; otherwise say what can be done (see OpenResult)."""
    p = Path(path)
    try:
        return OpenResult("opened", Document.open(p))
    except (LockedError, ReadOnlyPlaceError) as exc:
        if not readonly_if_locked:
            return OpenResult("refused", error=exc)
        try:
            doc = Document.open(p, readonly=True)
            doc.readonly_reason = exc
            return OpenResult("readonly", doc, error=exc)
        except BusyFileError as exc2:
            return OpenResult("busy", error=exc2)
        except (DamagedFileError, ForeignFileError) as exc2:
            return _damaged(p, exc2)
        except FileError as exc2:
            return OpenResult("refused", error=exc2)
    except BusyFileError as exc:
        return OpenResult("busy", error=exc)
    except NewerFileError as exc:
        return OpenResult("refused", error=exc)
    except (DamagedFileError, ForeignFileError) as exc:
        return _damaged(p, exc)
    except FileError as exc:
        return OpenResult("refused", error=exc)


def _damaged(p: Path, exc: FileError) -> OpenResult:
    good = backups.newest_good_backup(p)
    if isinstance(exc, ForeignFileError) and good is None:
        return OpenResult("refused", error=exc)
    return OpenResult("damaged", error=exc, backup=good)


def recover_from_backup(path: str | os.PathLike[str], backup: Path | None = None) -> tuple[Document, Path | None]:
    """Keep the unusable file under a new name (``<stem>.damaged-<time>.dxplan``, bytes unchanged),
    put a verified copy of ``backup`` (default: the newest good one) in its place and open it.

    Returns the document and the name the damaged file is kept under.
    """
    p = Path(path)
    source = backup or backups.newest_good_backup(p)
    if source is None:
        raise FileError(N_("{file}: there is no backup to restore"), file=p.name)
    lock.acquire(p)
    try:
        kept = backups.restore(source, p, aside_tag="damaged")
    finally:
        lock.release(p)
    return Document.open(p), kept
