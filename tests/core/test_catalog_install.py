"""Editions as files: catalog list / export / install, hostile files refused, the published schema."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from dxplanner import catalog, cli
from dxplanner.catalog import schema as fmt

ROOT = Path(__file__).resolve().parents[2]


def _installed(tmp_path: Path) -> list[Path]:
    folder = catalog.installed_dir()
    return sorted(folder.glob("*")) if folder.exists() else []


def test_installed_folder_follows_config_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DXPLANNER_CONFIG_DIR", str(tmp_path / "cfg"))
    assert catalog.installed_dir() == tmp_path / "cfg" / "editions"


def test_list_text_and_json(capsys) -> None:
    assert cli.main(["catalog", "list"]) == 0
    out = capsys.readouterr().out
    assert "令和8年度版（第2.3版と以後の国の決定）\t令和8年12月1日時点" in out
    assert "令和2年12月25日策定" in out and "令和6年2月5日改定" in out and "決定" not in out.replace("国の決定", "")
    assert cli.main(["catalog", "list", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in data["editions"]] == ["1.0", "2.3", "r8"] and data["default"] == "r8"
    r8 = data["editions"][-1]
    assert r8["date"] == "2026-12-01" and r8["source"]["title"] and r8["builtin"] is True
    assert r8["sha256"] == catalog.edition_hash("r8")


def test_export_install_round_trip(tmp_path, capsys) -> None:
    out = tmp_path / "r8.json"
    assert cli.main(["catalog", "export", "r8", str(out)]) == 0
    assert hashlib.sha256(out.read_bytes()).hexdigest() == catalog.edition_hash("r8")
    # a prefecture hands its towns the edition under its own id
    data = json.loads(out.read_text(encoding="utf-8"))
    data["id"] = "r8-hokkaido"
    data["title"] = "令和8年度版（北海道配布）"
    data["decided"] = "2026-12-03"
    mine = tmp_path / "hokkaido.json"
    mine.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["catalog", "install", str(mine)]) == 0
    assert "r8-hokkaido" in capsys.readouterr().out
    assert catalog.available_editions()[-1] == "r8-hokkaido" == catalog.newest_edition()
    assert catalog.edition_hash("r8-hokkaido") == hashlib.sha256(mine.read_bytes()).hexdigest()
    ed = catalog.load_edition("r8-hokkaido")
    assert ed.title == "令和8年度版（北海道配布）" and len(ed.areas) == 8
    # installing it again replaces it, and the new content is read (not a stale cache)
    data["title"] = "令和8年度版（北海道配布・改）"
    mine.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["catalog", "install", str(mine)]) == 0
    assert catalog.load_edition("r8-hokkaido").title == "令和8年度版（北海道配布・改）"
    # exported back, byte for byte
    again = tmp_path / "again.json"
    assert cli.main(["catalog", "export", "r8-hokkaido", str(again)]) == 0
    assert again.read_bytes() == mine.read_bytes()
    # a new plan made now follows it and records its hash
    plan_file = tmp_path / "町.dxplan"
    assert cli.main(["new", str(plan_file), "--name", "みどり町", "--code", "019992"]) == 0
    from dxplanner.store.gateway import PlanFile

    with PlanFile.open(plan_file, readonly=True) as pf:
        plan = pf.load()
    assert plan.edition == "r8-hokkaido" and plan.edition_hash == catalog.edition_hash("r8-hokkaido")


def _refused(tmp_path: Path, capsys, content: bytes, needle: str) -> None:
    before = _installed(tmp_path)
    f = tmp_path / "bad.json"
    f.write_bytes(content)
    assert cli.main(["--lang", "en", "catalog", "install", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err and "Traceback" not in err, err
    assert _installed(tmp_path) == before
    assert catalog.available_editions() == ["1.0", "2.3", "r8"]


def test_broken_json_refused(tmp_path, capsys) -> None:
    _refused(tmp_path, capsys, b'{"format": 1, "id": ', "JSON")


def test_refusal_in_japanese(tmp_path, capsys) -> None:
    f = tmp_path / "bad.json"
    f.write_bytes(b"[" * 100_000)
    assert cli.main(["catalog", "install", str(f)]) == 2
    assert "版のファイルではありません（入れ子が深すぎる）" in capsys.readouterr().err


def test_not_utf8_refused(tmp_path, capsys) -> None:
    _refused(tmp_path, capsys, "{\"id\": \"ア\"}".encode("cp932"), "UTF-8")


def test_deep_nesting_refused(tmp_path, capsys) -> None:
    _refused(tmp_path, capsys, b"[" * 100_000 + b"]" * 100_000, "nested too deep")


def test_deep_object_nesting_refused(tmp_path, capsys) -> None:
    _refused(tmp_path, capsys, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deep")


def test_huge_file_refused(tmp_path, capsys) -> None:
    body = b'{"format": 1, "pad": "' + b"x" * (50 * 1024 * 1024) + b'"}'
    _refused(tmp_path, capsys, body, "too large")


def _r8() -> dict:
    return json.loads(catalog.edition_bytes("r8").decode("utf-8"))


@pytest.mark.parametrize(("mutate", "needle"), [
    (lambda d: d.update(format="1"), "unsupported format"),
    (lambda d: d.update(areas={}), "expected a list"),
    (lambda d: d["areas"][0].update(kpis="many"), "expected a list"),
    (lambda d: d["areas"][0].update(no="1"), "expected an integer"),
    (lambda d: d["measures"][0].update(rate="all"), "expected a number"),
    (lambda d: d["areas"][1]["starter_tasks"][0].update(span=[0.5, 0.1]), "span"),
    (lambda d: d["areas"][1]["starter_tasks"][0].update(fits=["std:たぶん"]), "situation tag"),
    (lambda d: d["areas"][2]["facts"][0].update(conf="未確認"), "未確認"),
    (lambda d: d["areas"][2]["facts"][0].update(source="nowhere"), "unknown source"),
    (lambda d: d.update(id="../../evil"), "edition id"),
    (lambda d: d.update(id="r8-x", date_kind="決定"), "date_kind"),
    (lambda d: d.pop("sources"), "missing required key"),
    (lambda d: d.update(id="r8-x", online_procedures={"from_edition": "9.9", "ids": [], "conf": "確認",
                                                     "source": "seed"}), "unknown catalog edition"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_wrong_types_and_values_refused(tmp_path, capsys, mutate, needle) -> None:
    d = _r8()
    d["id"] = "r8-x"
    mutate(d)
    _refused(tmp_path, capsys, json.dumps(d, ensure_ascii=False).encode("utf-8"), needle)


def test_a_foreign_json_file_refused(tmp_path, capsys) -> None:
    _refused(tmp_path, capsys, json.dumps({"name": "package.json", "version": "1.0"}).encode(), "missing required")


def test_builtin_id_cannot_be_replaced(tmp_path, capsys) -> None:
    _refused(tmp_path, capsys, catalog.edition_bytes("r8"), "built into DX Planner")


def test_export_unknown_edition(tmp_path, capsys) -> None:
    assert cli.main(["catalog", "export", "9.9", str(tmp_path / "x.json")]) == 2
    assert "unknown catalog edition" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()


def test_a_damaged_installed_file_is_left_out_of_the_list(tmp_path) -> None:
    folder = catalog.installed_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    assert catalog.available_editions() == ["1.0", "2.3", "r8"]


# --- the published schema agrees with the reader ------------------------------------------------------


def _schema() -> dict:
    return json.loads((ROOT / "docs" / "edition.schema.json").read_text(encoding="utf-8"))


def test_published_schema_agrees_with_reader() -> None:
    s = _schema()
    assert s["$schema"].startswith("https://json-schema.org/")
    assert set(s["required"]) == set(fmt.EDITION_KEYS)
    assert set(s["properties"]) == set(fmt.EDITION_KEYS) | set(fmt.EDITION_OPTIONAL_KEYS)
    defs = s["$defs"]
    assert set(defs["area"]["required"]) == set(fmt.AREA_KEYS)
    assert set(defs["measure"]["required"]) == set(fmt.MEASURE_KEYS)
    assert set(defs["starterTask"]["required"]) == set(fmt.TASK_KEYS)
    assert set(defs["kpi"]["required"]) == set(fmt.KPI_KEYS)
    assert set(defs["procedure"]["required"]) == {*fmt.PROCEDURE_KEYS, "conf", "source"}
    assert set(defs["conf"]["enum"]) == set(fmt.CONF_VALUES)
    assert set(defs["area"]["properties"]["kind"]["enum"]) == set(fmt.AREA_KINDS)
    assert set(defs["measure"]["properties"]["kind"]["enum"]) == set(fmt.MEASURE_KINDS)
    assert set(s["properties"]["date_kind"]["enum"]) == set(fmt.DATE_KINDS)
    assert set(defs["starterTask"]["properties"]["fits"]["items"]["enum"]) == set(fmt.SITUATION_TAGS)
    assert s["properties"]["id"]["pattern"] == fmt.EDITION_ID_RE.pattern
