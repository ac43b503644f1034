"""Workbooks that got past the first checks (issue 17, item 3): a DTD in a part found through
[Content_Types].xml under another name, and parts too large to load whole. Each is refused by
``import`` and ``aggregate`` with a message, quickly (the time and memory are measured in
benchmarks/xlsx_hostile_read.py, not here)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.hostile_xlsx import entity_bomb, many_strings
from dxplanner.errors import FileError
from dxplanner.exchange.xlsx_safety import SafeWorkbook
from tests.core.test_xlsx_export import export, sample_plan

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path, _ = export(sample_plan(), tmp_path_factory.mktemp("hostile"), "good.xlsx", progress="all")
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DXPLANNER_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "dxplanner.cli", *args], capture_output=True, text=True,
                          check=False, cwd=ROOT, env=env, timeout=120)


def test_a_dtd_in_a_renamed_shared_strings_part_is_refused(good, tmp_path, plan_file):
    bomb = entity_bomb(good, tmp_path / "bomb.xlsx")
    before = hashlib.sha256(bomb.read_bytes()).hexdigest()
    with pytest.raises(FileError) as ei:
        SafeWorkbook(bomb)
    assert "DTD" in ei.value.message_en
    plan_before = plan_file.read_bytes()
    done = cli("import", str(bomb), str(plan_file))
    assert done.returncode == 2 and "DTD" in done.stderr, done.stderr
    assert plan_file.read_bytes() == plan_before
    done = cli("aggregate", str(tmp_path / "rollup.xlsx"), str(bomb))
    assert done.returncode == 1 and "DTD" in done.stderr, done.stderr
    assert hashlib.sha256(bomb.read_bytes()).hexdigest() == before


def test_too_many_shared_strings_are_refused_before_loading(good, tmp_path):
    big = many_strings(good, tmp_path / "strings.xlsx", n=800_000)
    with pytest.raises(FileError) as ei:
        SafeWorkbook(big)
    assert "larger than" in ei.value.message_en


def test_an_unknown_part_declared_as_xml_is_scanned(good, tmp_path):
    """Whatever the name, a part whose content type is XML (or unknown) is scanned."""
    import zipfile

    out = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        zout.writestr("customXml/item1.bin", b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    with pytest.raises(FileError) as ei:
        SafeWorkbook(out)
    assert "DTD" in ei.value.message_en
