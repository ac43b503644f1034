"""What Windows breaks, proven on Linux where it can be (the rest: scripts/windows-build.sh under Wine).

- the two programs have names that differ by more than case (NTFS is case-insensitive);
- output into a pipe or file in any code page (cp932, cp1252) never raises;
- renames, replaces and deletes retry files held by another process, then say so in one line;
- ``DXPlanner.exe FILE`` means ``gui FILE``.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dxplanner import cli
from dxplanner.console import make_safe
from dxplanner.store import fsops

ROOT = Path(__file__).resolve().parents[2]


# --- 1. two programs, two files ---------------------------------------------------------------------


def spec_names() -> dict[str, str]:
    text = (ROOT / "build.spec").read_text(encoding="utf-8")
    return dict(re.findall(r'^(GUI_NAME|CLI_NAME) = "([^"]+)"', text, re.M))


def iss_defines() -> dict[str, str]:
    text = (ROOT / "installer" / "dxplanner.iss").read_text(encoding="utf-8")
    return dict(re.findall(r'^#define (\w+) "([^"]+)"', text, re.M))


def test_the_two_programs_differ_by_more_than_case():
    names = spec_names()
    assert set(names) == {"GUI_NAME", "CLI_NAME"}
    assert names["GUI_NAME"].lower() != names["CLI_NAME"].lower()
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "name=GUI_NAME, console=False" in spec and "name=CLI_NAME, console=True" in spec


def test_the_installer_uses_the_same_two_names():
    names, iss = spec_names(), iss_defines()
    assert iss["AppExe"] == names["GUI_NAME"] + ".exe" and iss["CliExe"] == names["CLI_NAME"] + ".exe"
    text = (ROOT / "installer" / "dxplanner.iss").read_text(encoding="utf-8")
    assert re.search(r'shell\\open\\command".*\{#AppExe\}', text)  # a double-clicked plan opens the window
    assert re.search(r'^Filename: "\{app\}\\\{#CliExe\}"; Parameters: "--self-test"', text, re.M)
    docs = (ROOT / "docs" / "windows-build.md").read_text(encoding="utf-8")
    assert "dxplanner-cli.exe" in docs and "\\dxplanner.exe" not in docs


# --- 2. any code page -------------------------------------------------------------------------------


def stream(encoding: str) -> tuple[io.TextIOWrapper, io.BytesIO]:
    raw = io.BytesIO()
    return io.TextIOWrapper(raw, encoding=encoding, newline=""), raw


@pytest.mark.parametrize(("encoding", "expected"), [
    ("cp932", "令和3年度 - 令和7年度 4月～6月 “案”"),  # no EN DASH in cp932; its WAVE DASH is U+FF5E
    ("cp1252", "??3?? – ??7?? 4?~6? “?”"),
    ("ascii", "??3?? - ??7?? 4?~6? \"?\""),
])
def test_text_a_code_page_cannot_hold_is_replaced_not_raised(encoding, expected):
    out, raw = stream(encoding)
    make_safe(out)
    out.write("令和3年度 – 令和7年度 4月〜6月 “案”")
    out.flush()
    assert raw.getvalue().decode(encoding) == expected


def test_utf8_streams_are_left_alone():
    out, raw = stream("utf-8")
    make_safe(out)
    assert out.errors == "strict"
    out.write("令和3年度 – 4月〜6月")
    out.flush()
    assert raw.getvalue().decode("utf-8") == "令和3年度 – 4月〜6月"


def run_cli(*args: str, encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The command line with its output in a pipe in ``encoding`` (what Windows does with cp932/cp1252)."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "DXPLANNER_LANG": "ja"}
    return subprocess.run([sys.executable, "-m", "dxplanner.cli", *args], capture_output=True, check=False,
                          env=env, cwd=cwd, timeout=300)


@pytest.mark.parametrize("encoding", ["cp932", "cp1252"])
def test_info_check_and_errors_into_a_pipe_in_a_windows_code_page(plan_file, tmp_path, encoding):
    r = run_cli("info", str(plan_file), encoding=encoding, cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode(encoding)
    dash = {"cp932": " - ", "cp1252": " – "}[encoding]  # cp932 has no EN DASH: replaced
    assert f"3{'年度' if encoding == 'cp932' else '??'}{dash}" in r.stdout.decode(encoding)
    r = run_cli("check", str(plan_file), "--json", encoding=encoding, cwd=tmp_path)
    assert r.returncode == 1 and r.stdout.decode(encoding).lstrip().startswith("{")
    r = run_cli("info", str(tmp_path / "無い.dxplan"), encoding=encoding, cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.decode(encoding).splitlines()) == 1  # one line, no traceback
    if encoding == "cp932":
        assert "みどり町" in run_cli("info", str(plan_file), encoding=encoding, cwd=tmp_path).stdout.decode("cp932")


def test_japanese_self_test_into_a_western_code_page_pipe(tmp_path):
    """The probe's crash: the self-test in Japanese, captured on a cp1252 Windows (exit 2 before)."""
    r = run_cli("--self-test", encoding="cp1252", cwd=tmp_path)
    out = r.stdout.decode("cp1252")
    assert r.returncode == 0, out + r.stderr.decode("cp1252")
    assert "FAIL" not in out and "OK   window" in out and "OK   excel" in out


# --- 3. files held by another process ------------------------------------------------------------------


class SharingViolation(PermissionError):
    """What Windows raises while another process holds a file ([WinError 32])."""

    winerror = 32

    def __init__(self) -> None:
        # the fourth argument sets winerror on Windows (errno follows from it); elsewhere the class's
        super().__init__(13, "The process cannot access the file because it is being used by another process",
                         None, 32)


@pytest.fixture
def windows_retries(monkeypatch):
    monkeypatch.setattr(fsops, "retrying", lambda: True)
    monkeypatch.setattr(fsops, "RETRY_DELAYS", (0.0, 0.0, 0.0))


def held_for(monkeypatch, held: Path, times: int | None) -> list[Path]:
    """os.replace/unlink fail on ``held`` like Windows, ``times`` times (None: as long as Excel has it)."""
    failures: list[Path] = []
    real_replace, real_unlink = os.replace, Path.unlink

    def blocked(p: object) -> bool:
        if Path(str(p)) == held and (times is None or len(failures) < times):
            failures.append(held)
            return True
        return False

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if blocked(dst) or blocked(src):
            raise SharingViolation
        real_replace(src, dst)

    def unlink(self, missing_ok=False):  # type: ignore[no-untyped-def]
        if blocked(self):
            raise SharingViolation
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)
    return failures


def test_a_scanner_holding_a_file_for_a_moment_is_waited_for(tmp_path, monkeypatch, windows_retries):
    src, dst = tmp_path / "a.part", tmp_path / "chart.svg"
    src.write_text("new", encoding="utf-8")
    dst.write_text("old", encoding="utf-8")
    failures = held_for(monkeypatch, dst, times=2)
    fsops.replace(src, dst)
    assert len(failures) == 2 and dst.read_text(encoding="utf-8") == "new" and not src.exists()
    lock = tmp_path / "町.dxplan.lock"
    lock.write_text("{}", encoding="utf-8")
    failures = held_for(monkeypatch, lock, times=3)
    fsops.unlink(lock)
    assert len(failures) == 3 and not lock.exists()


def test_a_file_held_for_good_is_one_line_naming_excel(tmp_path, monkeypatch, windows_retries):
    src, dst = tmp_path / "a.tmp", tmp_path / "計画.xlsx"
    src.write_bytes(b"new")
    dst.write_bytes(b"old")
    failures = held_for(monkeypatch, dst, times=None)
    with pytest.raises(fsops.FileInUseError) as err:
        fsops.replace(src, dst)
    assert len(failures) == len(fsops.RETRY_DELAYS) + 1 and dst.read_bytes() == b"old"
    assert err.value.text("ja").startswith("計画.xlsx は Excel で開かれています")
    assert err.value.text("en").startswith("計画.xlsx is open in Excel")
    other = tmp_path / "b.pdf"
    held_for(monkeypatch, other, times=None)
    with pytest.raises(fsops.FileInUseError) as err:
        fsops.unlink(other)
    assert "another program" in err.value.text("en")


def test_other_permission_errors_are_not_retried(tmp_path, monkeypatch, windows_retries):
    calls = []

    def denied(src, dst):  # type: ignore[no-untyped-def]
        calls.append(dst)
        raise PermissionError(13, "Access is denied")  # read-only folder: no winerror 32

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(PermissionError):
        fsops.replace(tmp_path / "a", tmp_path / "b")
    assert len(calls) == 1


def test_without_windows_nothing_is_retried(tmp_path, monkeypatch):
    monkeypatch.setattr(fsops, "retrying", lambda: False)
    dst = tmp_path / "x.pdf"
    failures = held_for(monkeypatch, dst, times=None)
    with pytest.raises(fsops.FileInUseError):
        fsops.replace(tmp_path / "a", dst)
    assert len(failures) == 1


def test_cli_export_over_a_workbook_open_in_excel(plan_file, tmp_path, monkeypatch, windows_retries, capsys):
    out = tmp_path / "計画.xlsx"
    assert cli.main(["export", str(plan_file), "--xlsx", str(out)]) == 0
    before = out.read_bytes()
    capsys.readouterr()
    held_for(monkeypatch, out, times=None)
    assert cli.main(["export", str(plan_file), "--xlsx", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("dxplanner: 計画.xlsx は Excel で開かれています。閉じてから")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["町.dxplan", "計画.xlsx"]  # no temporary left


# --- 5. a bare file argument --------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "expected"), [
    (["町.dxplan"], ["gui", "町.dxplan"]),
    (["--lang", "en", "C:\\計画\\町.DXPLAN"], ["--lang", "en", "gui", "C:\\計画\\町.DXPLAN"]),
    (["町.dxplan", "--page", "gantt"], ["gui", "町.dxplan", "--page", "gantt"]),
    (["gui", "町.dxplan"], ["gui", "町.dxplan"]),
    (["info", "町.dxplan"], ["info", "町.dxplan"]),
    ([], []),
    (["--version"], ["--version"]),
])
def test_a_bare_plan_argument_means_the_window(args, expected):
    assert cli.with_bare_file_as_gui(args) == expected


def test_an_existing_file_of_another_name_also_opens(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "info").write_text("", encoding="utf-8")
    (tmp_path / "計画 (コピー)").write_text("", encoding="utf-8")
    assert cli.with_bare_file_as_gui(["計画 (コピー)"]) == ["gui", "計画 (コピー)"]
    assert cli.with_bare_file_as_gui(["info"]) == ["info"]  # a command stays a command
    assert cli.with_bare_file_as_gui(["無い"]) == ["無い"]  # argparse names the unknown command


def test_command_names_are_read_from_the_parser():
    names = cli.command_names()
    assert {"new", "info", "export", "gui", "restore"} <= set(names)


# --- 6. CR LF from Excel ------------------------------------------------------------------------------


def test_crlf_text_is_written_with_excels_line_breaks_and_comes_back_unchanged(tmp_path):
    """Text pasted from Excel or Windows has CR LF; the workbook gets Excel's LF only. (openpyxl
    writes its XML through a text-mode file, so on Windows each LF lands as CR LF, which XML reads
    as one line break, but a CR LF landed as CR CR LF: two line breaks after an import.)"""
    import zipfile
    from xml.etree import ElementTree

    from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
    from dxplanner.exchange.xlsx_import import read_progress
    from dxplanner.template import new_plan

    plan = new_plan("みどり町", "019992")
    tid = sorted(plan.tasks)[0]
    plan.tasks[tid].comment = "一行目\r\n二行目\r三行目\n四行目"
    out = tmp_path / "crlf.xlsx"
    export_xlsx(plan, out, XlsxOptions(progress="all"))
    with zipfile.ZipFile(out) as z:
        parts = [z.read(n) for n in z.namelist() if n.startswith(("xl/worksheets/", "xl/sharedStrings"))]
    texts = {t.text for p in parts for t in ElementTree.fromstring(p).iter() if t.tag.endswith("}t")}
    assert "一行目\n二行目\n三行目\n四行目" in texts
    for part in parts:  # no CR of ours: at most the CR of Windows' text mode before each LF
        assert b"_x000D_" not in part and re.search(rb"\r(?!\n)|\r\r", part) is None
        assert b"\r" not in part or os.linesep == "\r\n"
    result = read_progress(out, plan)
    assert result.op is None and result.errors == []
