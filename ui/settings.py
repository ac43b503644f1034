"""The window's settings, declared once with their type and default (QSettings, INI format).

The folder is ``$DXPLANNER_CONFIG_DIR`` when set (the tests point it at a temporary folder),
else the platform's usual place. Nothing else in ``ui`` touches QSettings directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

ORGANIZATION = "DXPlanner"
APPLICATION = "DX Planner"
MAX_RECENT = 10


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type
    default: T


LANGUAGE: Setting[str] = Setting("ui/language", str, "ja")
RECENT_FILES: Setting[list[str]] = Setting("files/recent", list, [])
GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("window/state", QByteArray, QByteArray())
ERA_STYLE: Setting[str] = Setting("ui/era", str, "wareki")
QUARTER_STYLE: Setting[str] = Setting("ui/quarter", str, "kanji")
LAST_FOLDER: Setting[str] = Setting("files/last_folder", str, "")


def _qsettings() -> QSettings:
    folder = os.environ.get("DXPLANNER_CONFIG_DIR")
    if folder:
        return QSettings(str(Path(folder) / "dxplanner.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


class Settings:
    """Typed access to the declared settings."""

    def __init__(self) -> None:
        self._q = _qsettings()

    def get(self, setting: Setting[T]) -> T:
        raw: Any = self._q.value(setting.key, None)
        if raw is None:
            return setting.default
        if setting.type is list:
            if isinstance(raw, str):
                raw = [raw]
            return [str(x) for x in raw] if isinstance(raw, list) else setting.default  # type: ignore[return-value]
        if setting.type is QByteArray:
            return raw if isinstance(raw, QByteArray) else setting.default  # type: ignore[return-value]
        if setting.type is str:
            return str(raw)  # type: ignore[return-value]
        return raw

    def set(self, setting: Setting[T], value: T) -> None:
        self._q.setValue(setting.key, value)
        self._q.sync()

    # --- recent files --------------------------------------------------------------------------

    def recent_files(self) -> list[str]:
        return [p for p in self.get(RECENT_FILES) if p]

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        p = str(Path(path).resolve())
        items = [x for x in self.recent_files() if x != p]
        self.set(RECENT_FILES, [p, *items][:MAX_RECENT])

    def remove_recent(self, path: str) -> None:
        self.set(RECENT_FILES, [x for x in self.recent_files() if x != path])
