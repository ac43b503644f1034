"""Where bundled files live, frozen (PyInstaller) or not: the one place that knows."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding resources/ and i18n/ (the repo, or the PyInstaller bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def i18n_dir() -> Path:
    return app_root() / "i18n"


def font_path(bold: bool = False) -> Path:
    name = "BIZUDPGothic-Bold.ttf" if bold else "BIZUDPGothic-Regular.ttf"
    return resources_dir() / "fonts" / name


def samples_dir() -> Path:
    return resources_dir() / "samples"


def sample_plan_json() -> Path:
    return samples_dir() / "sample_town.json"
