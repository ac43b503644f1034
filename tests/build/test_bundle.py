"""The one-folder PyInstaller bundle builds from the repo and passes its own self-test (slow)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyi")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "compile"], check=True, cwd=ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return work / "dist" / "DXPlanner"


def test_two_programs_whose_names_differ_by_more_than_case(bundle):
    suffix = ".exe" if os.name == "nt" else ""
    programs = sorted(p.name for p in bundle.iterdir() if p.is_file() and p.name.lower().startswith("dxplanner"))
    assert programs == sorted([f"DXPlanner{suffix}", f"dxplanner-cli{suffix}"])
    assert len({p.lower() for p in programs}) == 2  # one file each on NTFS too


def test_version_and_self_test_inside_the_bundle(bundle, tmp_path):
    exe = bundle / ("dxplanner-cli.exe" if os.name == "nt" else "dxplanner-cli")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXPLANNER_CONFIG_DIR": str(tmp_path)}
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=60, check=False)
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert out.returncode == 0 and out.stdout.strip() == f"DX Planner {version}"
    out = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, env=env, timeout=300,
                         check=False, cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "FAIL" not in out.stdout and "セルフテスト合格" in out.stdout  # Japanese by default
    for step in ("sample", "excel", "pdf", "window", "i18n"):
        assert f"OK   {step}" in out.stdout


def test_bundle_is_trimmed(bundle):
    size = 0
    for folder, _dirs, files in os.walk(bundle):  # symlinks (Qt's library aliases) counted once
        size += sum((Path(folder) / f).lstat().st_size for f in files)
    assert size < 200 * 1024 * 1024, f"{size / 2**20:.0f} MiB"
    internal = bundle / "_internal"
    locales = {p.name for p in (internal / "babel" / "locale-data").iterdir()}
    assert "ja.dat" in locales and "de.dat" not in locales
    assert list((internal / "i18n" / "ja" / "LC_MESSAGES").glob("*.mo"))
    assert (internal / "resources" / "fonts" / "OFL.txt").exists()
