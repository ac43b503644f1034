import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_passes_from_source(tmp_path):
    cfg = tmp_path / "config"
    cfg.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXPLANNER_CONFIG_DIR": str(cfg)}
    out = subprocess.run([sys.executable, "-m", "dxplanner.cli", "--self-test"], capture_output=True, text=True,
                         env=env, cwd=work, timeout=300, check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("OK   ") == 6
    assert list(work.iterdir()) == [] and list(cfg.iterdir()) == []  # wrote nothing outside its temp folder


def test_self_test_reports_failures(monkeypatch, capsys):
    from dxplanner import selftest

    def broken(work):
        raise AssertionError("simulated")

    monkeypatch.setattr(selftest, "STEPS", [("excel", broken), ("i18n", selftest._language_and_font)])
    assert selftest.run() == 1
    out = capsys.readouterr().out
    assert "FAIL excel: AssertionError: simulated" in out and "OK   i18n" in out and "FAILED" in out
