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
    assert "FAIL excel: AssertionError: simulated" in out and "OK   i18n" in out
    assert "セルフテスト不合格" in out or "self-test FAILED" in out


def test_self_test_speaks_the_chosen_language(monkeypatch, capsys):
    from dxplanner import selftest
    from dxplanner.i18n import set_language

    monkeypatch.setattr(selftest, "STEPS", [("i18n", selftest._language_and_font)])
    try:
        set_language("ja")
        assert selftest.run() == 0
        ja = capsys.readouterr().out
        set_language("en")
        assert selftest.run() == 0
        en = capsys.readouterr().out
    finally:
        set_language("ja")
    assert "OK   i18n: 日本語の翻訳と同梱フォントがあります" in ja and "セルフテスト合格" in ja
    assert "OK   i18n: Japanese catalog and bundled font present" in en and "self-test passed" in en
