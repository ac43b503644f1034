from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dxplanner import cli

ROOT = Path(__file__).resolve().parents[2]


def run(*args, lang="ja", cwd=None):
    env = {**os.environ, "DXPLANNER_LANG": lang}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "dxplanner.cli", *args], capture_output=True, text=True, check=False,
                          env=env, cwd=cwd or ROOT, timeout=120)


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_new_check_dump_load_cycle(tmp_path):
    f = tmp_path / "町.dxplan"
    r = run("new", str(f), "--name", "みどり町", "--code", "019992")
    assert r.returncode == 0, r.stderr
    assert "作成しました" in r.stdout
    before = digest(f)
    r = run("check", str(f))
    assert r.returncode == 1 and "警告" in r.stdout and r.stderr == ""
    r = run("check", str(f), "--json", "--lang", "en")
    data = json.loads(r.stdout)
    assert data["counts"]["warning"] > 0
    assert all(x["message_ja"] and x["message_en"] for x in data["findings"])
    r = run("info", str(f))
    assert r.returncode == 0 and "みどり町" in r.stdout and "令和" in r.stdout
    r = run("dump", str(f))
    assert r.returncode == 0
    j = tmp_path / "p.json"
    j.write_text(r.stdout, encoding="utf-8")
    r = run("load", str(j), str(tmp_path / "copy.dxplan"))
    assert r.returncode == 0, r.stderr
    r2 = run("dump", str(tmp_path / "copy.dxplan"))
    assert r2.stdout == j.read_text(encoding="utf-8")
    assert digest(f) == before  # read-only commands never changed the input
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.dxplan", "p.json", "町.dxplan"]


def test_check_exit_zero_without_findings(tmp_path):
    f = tmp_path / "x.dxplan"
    run("new", str(f), "--name", "みどり町", "--code", "019992")
    r = run("check", str(f), "--min-severity", "error")
    assert r.returncode == 0 and "指摘事項はありません" in r.stdout


@pytest.mark.parametrize(
    "content", [b"", b"plain text\n", b"SQLite format 3\x00garbage" * 3, bytes(range(256)) * 8]
)
def test_unusable_inputs_exit_2_one_line_no_traceback(tmp_path, content):
    f = tmp_path / "bad.dxplan"
    f.write_bytes(content)
    for cmd in ("info", "check", "dump"):
        r = run(cmd, str(f))
        assert r.returncode == 2, (cmd, r.stderr)
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
        assert r.stdout == ""
    assert f.read_bytes() == content


def test_argument_errors_exit_2(tmp_path):
    r = run("new", str(tmp_path / "a.dxplan"), "--name", "x", "--code", "12")
    assert r.returncode == 2 and "団体コード" in r.stderr and r.stderr.count("\n") == 1
    r = run("frobnicate")
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    r = run("new", str(tmp_path / "a.dxplan"))
    assert r.returncode == 2


def test_new_refuses_existing_and_locked(tmp_path):
    f = tmp_path / "a.dxplan"
    assert run("new", str(f), "--name", "a町", "--code", "019992").returncode == 0
    before = digest(f)
    r = run("new", str(f), "--name", "b町", "--code", "019992")
    assert r.returncode == 2 and "--force" in r.stderr
    from dxplanner.document import Document

    with Document.open(f):
        r = run("new", str(f), "--name", "b町", "--code", "019992", "--force")
        assert r.returncode == 2 and "編集中" in r.stderr, r.stderr
    assert digest(f) == before


def test_load_refuses_bad_json_and_creates_nothing(tmp_path):
    j = tmp_path / "bad.json"
    j.write_text('{"format": "dxplanner-plan", "format_version": 99}', encoding="utf-8")
    r = run("load", str(j), str(tmp_path / "out.dxplan"), "--lang", "en")
    assert r.returncode == 2 and "newer" in r.stderr
    assert not (tmp_path / "out.dxplan").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.json"]


def test_english_messages(tmp_path):
    r = run("info", str(tmp_path / "none.dxplan"), lang="en")
    assert r.returncode == 2 and "does not exist" in r.stderr


@pytest.mark.posix_only  # Windows always has a display: there the window would open
def test_headless_demo_without_display(tmp_path):
    r = run("gui", "--output-dir", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert "ディスプレイ" in r.stdout
    out = tmp_path / "out"
    assert (out / "sample.dxplan").exists() and (out / "check.json").exists()


def test_main_in_process_returns_codes(tmp_path, capsys):
    assert cli.main(["info", str(tmp_path / "none.dxplan")]) == 2
    assert "ありません" in capsys.readouterr().err


def test_new_with_only_name_and_code_is_right_today(tmp_path):
    """Done when: on the day it runs, `new` with only name and code gives 0 late tasks, a period
    holding today's 年度 (or starting the next), and the newest edition."""
    import datetime

    from dxplanner.catalog import newest_edition
    from dxplanner.fiscal import fiscal_year

    f = tmp_path / "町.dxplan"
    r = run("new", str(f), "--name", "試験町", "--code", "123455")
    assert r.returncode == 0, r.stderr
    r = run("info", str(f))
    assert "（うち遅延 0 件）" in r.stdout, r.stdout
    assert "令和8年度版（第2.3版と以後の国の決定）" in r.stdout
    r = run("check", str(f), "--json")
    data = json.loads(r.stdout)
    assert not [x for x in data["findings"] if x["code"] in ("overdue", "after_deadline", "system_late")]
    r = run("dump", str(f))
    plan = json.loads(r.stdout)["plan"]
    fy = fiscal_year(datetime.date.today())
    assert plan["edition"] == newest_edition() and plan["from_fy"] in (fy, fy + 1)
    assert plan["to_fy"] == plan["from_fy"] + 4


def test_new_with_situation_answers(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text('{"std": "特定移行支援", "cio": true, "online_done": ["kosodate-01"]}', encoding="utf-8")
    f = tmp_path / "町.dxplan"
    r = run("new", str(f), "--name", "試験町", "--code", "123455", "--answers", str(answers), "--no-ciso")
    assert r.returncode == 0, r.stderr
    data = json.loads(run("dump", str(f)).stdout)
    tids = {t["template_id"] for t in data["tasks"]}
    assert "r8-std-tokutei" in tids and "r8-std-remaining" not in tids
    assert "r8-structure-cio" not in tids and "r8-structure-ciso" in tids
    assert {p["id"]: p["status"] for p in data["procedures"]}["kosodate-01"] == "オンライン化済"
    answers.write_text('{"std": "たぶん"}', encoding="utf-8")
    r = run("new", str(tmp_path / "b.dxplan"), "--name", "試験町", "--code", "123455", "--answers", str(answers))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "std" in r.stderr
    assert not (tmp_path / "b.dxplan").exists()
