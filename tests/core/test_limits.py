"""Numbers and sizes at every entrance (issue 17, items 7 and 10): NaN and infinity, whole
numbers too large for the file, deep JSON, crafted snapshots, control characters, year 0001,
and the input limits — each a one-line message (exit 2), never an internal error, whether it
comes through an edit, a JSON file or a crafted .dxplan."""

from __future__ import annotations

import copy
import json
import math
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.errors import DxError, ValidationError
from dxplanner.exchange.json_format import loads, plan_to_dict
from dxplanner.store.gateway import PlanFile
from dxplanner.validate import MAX_ENTITIES, MAX_LINE_CHARS

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "DXPLANNER_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "dxplanner.cli", *args], capture_output=True, text=True,
                          check=False, cwd=ROOT, env=env, timeout=300)


@pytest.fixture
def data(plan) -> dict:
    from dxplanner.history import take_snapshot

    take_snapshot(plan, "当初計画").apply(plan)
    return plan_to_dict(plan)


def refused(text: str) -> str:
    with pytest.raises(DxError) as ei:
        loads(text)
    return ei.value.message_en


# --- JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_json_nan_and_infinity_are_refused(data, number):
    data["kpis"][0]["baseline_value"] = 0.0
    text = json.dumps(data, ensure_ascii=False).replace('"baseline_value": 0.0', f'"baseline_value": {number}', 1)
    assert "baseline_value" not in text or number in text
    msg = refused(text)
    assert "number" in msg or "NaN" in msg or "Infinity" in msg


def test_json_infinity_in_a_kpi_target_is_refused(data):
    data["kpis"][0]["targets"] = {"2026": 1.0}
    text = json.dumps(data, ensure_ascii=False).replace('"2026": 1.0', '"2026": 1e999', 1)
    assert "Target" in refused(text) or "targets" in refused(text)


def test_deeply_nested_json_is_a_message(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = cli("load", str(p), str(tmp_path / "x.dxplan"))
    assert done.returncode == 2 and "nested too deeply" in done.stderr, done.stderr
    assert not (tmp_path / "x.dxplan").exists()


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["budget"].append({"id": "b1", "fy": 2026, "amount": 10**23}), "too large"),
    (lambda d: d["snapshots"][0]["data"].__setitem__("tasks", 5), "not a list of items"),
    (lambda d: d["plan"].__setitem__("title", "計画\x01"), "control character"),
    (lambda d: d["tasks"][0].__setitem__("start", "0001-01-01"), "outside the years"),
    (lambda d: d["plan"].__setitem__("title", "題" * (MAX_LINE_CHARS + 1)), "at most 20,000 can"),
    (lambda d: d["budget"].append({"id": "b2", "fy": 2026, "amount": 1, "source": "囵庫補助金"}), "one of"),
])
def test_crafted_json_gets_a_clear_message(data, tmp_path, change, words):
    d = copy.deepcopy(data)
    change(d)
    p = tmp_path / "crafted.json"
    p.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    done = cli("load", str(p), str(tmp_path / "x.dxplan"))
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert "internal error" not in done.stderr


def test_more_tasks_than_the_limit_are_refused(data):
    task = data["tasks"][0]
    data["tasks"] = [{**task, "id": f"t{i}", "depends_on": [], "parent_id": None} for i in range(MAX_ENTITIES + 1)]
    assert "at most 20,000" in refused(json.dumps(data, ensure_ascii=False))


# --- edits ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_edits_refuse_nan_and_infinity(plan, value):
    kid = sorted(plan.kpis)[0]
    with pytest.raises(ValidationError):
        ops.UpdateEntity("kpis", kid, {"baseline_value": value}).apply(plan)
    with pytest.raises(ValidationError):
        ops.UpdateEntity("kpis", kid, {"targets": {2026: value}}).apply(plan)


def test_edits_refuse_a_huge_amount_and_a_17m_title(plan):
    with pytest.raises(ValidationError) as ei:
        ops.SetPlanFields({"title": "題" * 17_000_000}).apply(plan)
    assert "at most 20,000 can" in ei.value.message_en
    with pytest.raises(ValidationError):
        ops.PutEntities("budget", [__import__("dxplanner.model", fromlist=["BudgetLine"]).BudgetLine(
            id="b9", fy=2026, amount=10**23)]).apply(plan)


# --- a crafted .dxplan --------------------------------------------------------------------------------


def _craft(plan_file: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(plan_file)
    with conn:
        conn.execute(sql, params)
    conn.close()


@pytest.mark.parametrize(("sql", "params", "words"), [
    ('UPDATE "kpis" SET "baseline_value" = 9e999 WHERE rowid = (SELECT min(rowid) FROM "kpis")', (),
     "damaged"),
    ("UPDATE dx_meta SET value = ? WHERE key = 'title'", (json.dumps("題" * 100_000),), "more than DX Planner"),
    ('INSERT INTO "budget" ("id", "fy", "item", "amount", "source", "note") VALUES '
     "('b1', 2026, '', 1, '囵庫補助金', '')", (), "damaged"),
    ('UPDATE "snapshots" SET "data" = \'{"tasks": 5}\'', (), "damaged"),
])
def test_a_crafted_plan_file_is_a_message_not_an_internal_error(plan_file, sql, params, words):
    from dxplanner.history import take_snapshot

    with Document.open(plan_file) as doc:
        doc.auto_backup = False
        doc.execute(take_snapshot(doc.plan, "当初計画"))
    _craft(plan_file, sql, *params)
    for args in (("info",), ("snapshots",), ("export", "--pdf", str(plan_file.with_suffix(".pdf")))):
        done = cli(*args[:1], str(plan_file), *args[1:])
        assert done.returncode == 2 and words in done.stderr, (args, done.stderr)
        assert "internal error" not in done.stderr


def test_a_plan_file_with_too_many_rows_is_refused(plan_file):
    conn = sqlite3.connect(plan_file)
    with conn:
        row = list(conn.execute('SELECT * FROM "tasks" WHERE "parent_id" IS NULL LIMIT 1').fetchone())
        marks = ", ".join("?" for _ in row)
        conn.executemany(f'INSERT INTO "tasks" VALUES ({marks})',
                         ([f"x{i}", *row[1:]] for i in range(MAX_ENTITIES + 1)))
    conn.close()
    with pytest.raises(DxError) as ei, PlanFile.open(plan_file, readonly=True) as pf:
        pf.load()
    assert "more than 20,000 rows" in ei.value.message_en
