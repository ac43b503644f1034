"""The national plan editions, loaded once per process (the catalog is read-only data)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

if TYPE_CHECKING:
    from dxplanner.catalog import CatalogArea, Edition


@cache
def edition(edition_id: str) -> Edition | None:
    from dxplanner.catalog import load_edition

    try:
        ed = load_edition(edition_id)
    except Exception:
        return None
    _done.add(edition_id)
    return ed


def catalog_area(ed: Edition | None, area_id: str | None) -> CatalogArea | None:
    if ed is None or area_id is None:
        return None
    try:
        return ed.area(area_id)
    except KeyError:
        return None


class _Loader(QObject):
    loaded = Signal(str)


_loader: _Loader | None = None
_pending: dict[str, list[Callable[[Edition | None], None]]] = {}
_lock = threading.Lock()


def when_loaded(edition_id: str, callback: Callable[[Edition | None], None]) -> None:
    """Call ``callback(edition)`` on the GUI thread once the edition is read.

    Reading and checking an edition's JSON takes a fifth of a second, so the first page does it
    in a worker thread started from the event loop: the window is drawn and answers at once, and
    the guidance appears as soon as the catalog is ready. Later calls (cached) run the callback at
    once.
    """
    global _loader  # noqa: PLW0603 - one loader object per process
    if is_loaded(edition_id):
        callback(edition(edition_id))
        return
    if _loader is None:
        _loader = _Loader()
        _loader.loaded.connect(_deliver, Qt.ConnectionType.QueuedConnection)
    with _lock:
        first = edition_id not in _pending
        _pending.setdefault(edition_id, []).append(callback)
    if first:
        loader = _loader

        def work() -> None:
            edition(edition_id)
            # the window may have closed meanwhile (the loader deleted with the application)
            with contextlib.suppress(RuntimeError):
                loader.loaded.emit(edition_id)

        def start() -> None:
            thread = threading.Thread(target=work, daemon=True, name=f"catalog-{edition_id}")
            _threads.append(thread)
            app = QCoreApplication.instance()
            if app is not None and len(_threads) == 1:
                app.aboutToQuit.connect(_join_workers)
            thread.start()

        # Start once the event loop runs, i.e. after the window has been laid out and drawn: a
        # worker started now would take the GIL from the main thread while it builds the window.
        QTimer.singleShot(0, start)


_done: set[str] = set()
_threads: list[threading.Thread] = []


def _join_workers() -> None:
    """Let a catalog read in progress finish before the application goes away.

    A daemon thread still running Python while Qt and the interpreter shut down can crash the
    process at exit; the read takes at most a fraction of a second.
    """
    for thread in _threads:
        thread.join(timeout=10)


def is_loaded(edition_id: str) -> bool:
    return edition_id in _done


def _deliver(edition_id: str) -> None:
    _done.add(edition_id)
    with _lock:
        callbacks = _pending.pop(edition_id, [])
    ed = edition(edition_id)
    for cb in callbacks:
        cb(ed)
