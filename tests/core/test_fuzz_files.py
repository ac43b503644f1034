"""Unusable and hostile files: never a crash or a hang, always a clear message, bytes unchanged.

Every case is opened the ways the program opens files (for writing, read-only, through
``open_or_recover``) and must either work or raise ``FileError`` with a message in Japanese
and in English. The file's bytes (and every other file in its folder) must be unchanged and
no lock or journal may be left behind. A watchdog fails the run if one case takes too long.

Random byte flips: 30 by default, 1,000 with ``-m slow`` (seed ``DXPLANNER_FUZZ_SEED``).
"""

from __future__ import annotations

import faulthandler
import hashlib
import io
import os
import random
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dxplanner import checks, funding
from dxplanner.document import Document, open_or_recover
from dxplanner.errors import FileError
from dxplanner.exchange.json_format import plan_to_dict, read_json_file
from dxplanner.paths import sample_plan_json
from dxplanner.store import lock
from dxplanner.store.gateway import journal_path, write_new
from dxplanner.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("DXPLANNER_FUZZ_SEED", "7"))
FAST_FLIPS = 30
SLOW_FLIPS = 1000
CASE_TIMEOUT = 30.0
JAPANESE = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def good_bytes(tmp_path_factory) -> bytes:
    p = tmp_path_factory.mktemp("good") / "町.dxplan"
    write_new(p, read_json_file(sample_plan_json()))
    return p.read_bytes()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_clear(err: FileError) -> None:
    ja, en = err.message_ja, err.message_en
    assert ja and en and ja != en, (ja, en)
    assert JAPANESE.search(ja), ja
    assert "Traceback" not in ja and "Traceback" not in en
    assert "\n" not in en


def exercise(plan) -> None:
    """What the program does with a plan once open: nothing here may fail on a loaded plan."""
    plan_to_dict(plan)
    plan.ordered_tasks()
    checks.check(plan)
    funding.summarize(plan)


def try_every_way(path: Path) -> str:
    """Open ``path`` every way; return "ok" or "refused". Any other exception fails the test."""
    folder = path.parent
    before = folder_state(folder)
    outcomes = []
    faulthandler.dump_traceback_later(CASE_TIMEOUT, exit=True)
    try:
        for readonly in (False, True):
            try:
                with Document.open(path, readonly=readonly) as doc:
                    exercise(doc.plan)
                outcomes.append("ok")
            except FileError as exc:
                assert_clear(exc)
                outcomes.append("refused")
        result = open_or_recover(path)
        if result.document is not None:
            exercise(result.document.plan)
            result.document.close()
        else:
            assert result.status in ("damaged", "refused")
            assert result.error is not None
            assert_clear(result.error)  # type: ignore[arg-type]
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert folder_state(folder) == before, "opening changed a file"
    assert not lock.lock_path(path).exists()
    assert not journal_path(path).exists()
    assert len(set(outcomes)) == 1, outcomes  # read-only and writable opening agree
    return outcomes[0]


def write_case(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    p = folder / "町.dxplan"
    p.write_bytes(data)
    return p


def other_programs_sqlite(tmp_path: Path, app_id: int = 0, version: int = 0) -> bytes:
    p = tmp_path / "other.sqlite"
    conn = sqlite3.connect(p)
    conn.execute(f"PRAGMA application_id={app_id}")
    conn.execute(f"PRAGMA user_version={version}")
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers VALUES (1, '山田')")
    conn.commit()
    conn.close()
    data = p.read_bytes()
    p.unlink()
    return data


def xlsx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


def fixed_cases(tmp_path: Path, good: bytes) -> dict[str, bytes]:
    from dxplanner.store.schema import APPLICATION_ID

    page = 4096
    newer = bytearray(good)
    newer[60:64] = (SCHEMA_VERSION + 1).to_bytes(4, "big")
    zero_version = bytearray(good)
    zero_version[60:64] = (0).to_bytes(4, "big")
    zeroed_page = bytearray(good)
    zeroed_page[page * 2 : page * 3] = bytes(page)
    zeroed_first = bytearray(good)
    zeroed_first[100:page] = bytes(page - 100)
    return {
        "empty": b"",
        "text": "これはテキストファイルです。\nhello\n".encode(),
        "utf16_text": "計画".encode("utf-16"),
        "html": b"<html><body>not a plan</body></html>",
        "xlsx_renamed": xlsx_bytes(),
        "header_only": b"SQLite format 3\x00",
        "header_99": good[:99],
        "first_page": good[:page],
        "truncated_half": good[: len(good) // 2],
        "truncated_minus_1": good[:-1],
        "truncated_page_minus_1": good[: len(good) - page],
        "other_sqlite": other_programs_sqlite(tmp_path),
        "other_sqlite_with_our_id": other_programs_sqlite(tmp_path, APPLICATION_ID, 1),
        "newer_version": bytes(newer),
        "version_zero": bytes(zero_version),
        "zeroed_page": bytes(zeroed_page),
        "zeroed_schema_page": bytes(zeroed_first),
        "random_noise": random.Random(1).randbytes(len(good)),
        "doubled": good + good,
    }


def test_every_kind_of_unusable_file(tmp_path, good_bytes):
    outcomes = {}
    for name, data in fixed_cases(tmp_path, good_bytes).items():
        outcomes[name] = try_every_way(write_case(tmp_path, name, data))
    refused = {n for n, o in outcomes.items() if o == "refused"}
    must_refuse = {
        "empty", "text", "utf16_text", "html", "xlsx_renamed", "header_only", "header_99", "first_page",
        "truncated_half", "truncated_page_minus_1", "other_sqlite", "other_sqlite_with_our_id",
        "newer_version", "version_zero", "zeroed_page", "zeroed_schema_page", "random_noise",
    }
    assert must_refuse <= refused, sorted(must_refuse - refused)


def test_messages_name_the_problem(tmp_path, good_bytes):
    cases = fixed_cases(tmp_path, good_bytes)
    expect = {
        "empty": ("0 bytes", "0 バイト"),
        "text": ("not a DX Planner plan", "DX Planner"),
        "other_sqlite": ("another program", "他のプログラム"),
        "newer_version": ("newer DX Planner", "新しい版"),
        "truncated_half": ("damaged", "破損"),
    }
    for name, (en, ja) in expect.items():
        p = write_case(tmp_path, name, cases[name])
        with pytest.raises(FileError) as ei:
            Document.open(p)
        assert en in ei.value.message_en, ei.value.message_en
        assert ja in ei.value.message_ja, ei.value.message_ja


def test_a_folder_named_like_a_plan(tmp_path):
    d = tmp_path / "フォルダ.dxplan"
    d.mkdir()
    with pytest.raises(FileError) as ei:
        Document.open(d)
    assert_clear(ei.value)
    assert not lock.lock_path(d).exists()


def test_a_journal_from_another_file_is_not_applied(tmp_path, good_bytes):
    """A ``-journal`` that belongs to another database (swapped in by a copy) changes nothing."""
    p = write_case(tmp_path, "swapped", good_bytes)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    journal_path(p).write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + random.Random(3).randbytes(3000))
    outcome = try_every_way_allowing_journal(p)
    assert outcome in ("ok", "refused")


def try_every_way_allowing_journal(path: Path) -> str:
    before = path.read_bytes()
    try:
        with Document.open(path, readonly=True) as doc:
            exercise(doc.plan)
        outcome = "ok"
    except FileError as exc:
        assert_clear(exc)
        outcome = "refused"
    assert path.read_bytes() == before
    return outcome


def flip_cases(good: bytes, n: int, seed: int):
    rng = random.Random(seed)
    for i in range(n):
        data = bytearray(good)
        flips = rng.choice((1, 1, 2, 3, 8))
        # half the flips land in the first pages (header, schema, small tables), where damage bites
        for _ in range(flips):
            pos = rng.randrange(0, min(len(data), 4096 * 4)) if rng.random() < 0.5 else rng.randrange(len(data))
            data[pos] ^= rng.randrange(1, 256)
        yield i, bytes(data)


def run_flips(tmp_path: Path, good: bytes, n: int) -> dict[str, int]:
    counts = {"ok": 0, "refused": 0}
    for i, data in flip_cases(good, n, SEED):
        p = write_case(tmp_path, f"flip{i}", data)
        counts[try_every_way(p)] += 1
        for f in p.parent.iterdir():
            f.unlink()
        p.parent.rmdir()
    print(f"\nbyte flips: {n} files, {counts['refused']} refused with a message, {counts['ok']} still usable")
    return counts


def test_random_byte_flips(tmp_path, good_bytes):
    counts = run_flips(tmp_path, good_bytes, FAST_FLIPS)
    assert counts["refused"] > 0


@pytest.mark.slow
def test_random_byte_flips_many(tmp_path, good_bytes):
    counts = run_flips(tmp_path, good_bytes, SLOW_FLIPS)
    assert counts["refused"] > 0


@pytest.mark.parametrize(("case", "command"), [
    ("empty", ["info"]), ("text", ["backup"]), ("other_sqlite", ["dump"]), ("newer_version", ["backup"]),
    ("truncated_half", ["info"]), ("zeroed_page", ["backup"]),
])
def test_cli_gives_one_clear_line(tmp_path, good_bytes, case, command):
    p = write_case(tmp_path, case, fixed_cases(tmp_path, good_bytes)[case])
    before = folder_state(p.parent)
    for lang, needle in (("ja", JAPANESE), ("en", re.compile("[A-Za-z]"))):
        r = subprocess.run([sys.executable, "-m", "dxplanner.cli", *command, str(p), "--lang", lang],
                           cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
        assert r.returncode == 2, (r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dxplanner: "), r.stderr
        assert needle.search(lines[0])
        assert "Traceback" not in r.stderr
    assert folder_state(p.parent) == before
