"""The national plan editions, loaded once per process (the catalog is read-only data)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

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
    in a worker thread: the window is drawn and answers at once, and the guidance appears as soon
    as the catalog is ready. Later calls (cached) run the callback at once.
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
            loader.loaded.emit(edition_id)

        threading.Thread(target=work, daemon=True).start()


_done: set[str] = set()


def is_loaded(edition_id: str) -> bool:
    return edition_id in _done


def _deliver(edition_id: str) -> None:
    _done.add(edition_id)
    with _lock:
        callbacks = _pending.pop(edition_id, [])
    ed = edition(edition_id)
    for cb in callbacks:
        cb(ed)
