"""Shared fixtures. Qt runs offscreen; configuration and recent files go to a temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DXPLANNER_LANG", "ja")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``@pytest.mark.posix_only`` tests are skipped on Windows, not left to fail there."""
    if sys.platform != "win32":
        return
    skip = pytest.mark.skip(reason="POSIX only: signals, Unix mount tables or no display")
    for item in items:
        if item.get_closest_marker("posix_only") is not None:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("DXPLANNER_CONFIG_DIR", str(cfg))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(cfg))
    from dxplanner.i18n import set_language

    set_language("ja")


@pytest.fixture
def plan():
    """A fresh plan from the 第1.0版 template (fixed creation time)."""
    import datetime

    from dxplanner.template import new_plan

    return new_plan("みどり町", "019992", edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0))


@pytest.fixture
def plan_file(tmp_path, plan):
    from dxplanner.store.gateway import write_new

    p = tmp_path / "町.dxplan"
    write_new(p, plan)
    return p


@pytest.fixture
def share(tmp_path, monkeypatch, plan):
    """The plan on a "network share": a folder named in DXPLANNER_NETWORK_PATHS (working copies in
    a temporary cache folder), so the share path of dxplanner.store.workcopy is taken."""
    from dxplanner.store import workcopy
    from dxplanner.store.gateway import write_new

    folder = tmp_path / "share"
    folder.mkdir()
    monkeypatch.setenv(workcopy.ENV_SHARES, str(folder))
    monkeypatch.setenv(workcopy.ENV_CACHE, str(tmp_path / "cache"))
    path = folder / "町.dxplan"
    write_new(path, plan)
    return path
