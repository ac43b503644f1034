"""Exports, progress import and roll-up from the window (worker thread behind a progress dialog)."""

from __future__ import annotations

import pytest

from tests.gui.conftest import QT_MARKS
from ui import exports

pytestmark = QT_MARKS


def test_export_xlsx_and_pdf(open_window, tmp_path):
    pytest.importorskip("dxplanner.exchange.xlsx_export")
    pytest.importorskip("dxplanner.exchange.pdf_report")
    out = tmp_path / "plan.xlsx"
    assert exports.do_export_xlsx(open_window, out, "A3", "wareki", "all") is not None
    assert out.exists() and out.stat().st_size > 5000
    pdf = tmp_path / "plan.pdf"
    res = exports.do_export_pdf(open_window, pdf, "A4", "western", 1)
    assert res is not None and res.pages >= 1 and pdf.read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_import_progress_is_one_undo_step(open_window, tmp_path):
    pytest.importorskip("dxplanner.exchange.xlsx_import")
    import openpyxl

    from dxplanner import ops
    from dxplanner.exchange.xlsx_import import read_progress

    w = open_window
    tid = w.ctl.plan.ordered_tasks()[0][1].id
    assert w.ctl.run(ops.UpdateEntity("tasks", tid, {"department": "企画課"}))
    out = tmp_path / "plan.xlsx"
    exports.do_export_xlsx(w, out, "A3", "wareki", "all")
    # a department writes its progress into the sheet (the sheet's own layout says where)
    from dxplanner.exchange import xlsx_import

    with xlsx_import.SafeWorkbook(out) as book:
        spec = xlsx_import._sheet_specs(book, book.metadata())[0]
    wb = openpyxl.load_workbook(out)
    ws = wb[spec["sheet"]]
    ws.cell(spec["first_row"], spec["columns"]["progress"]).value = 60
    wb.save(out)
    assert read_progress(out, w.ctl.plan).op is not None
    n = w.ctl.undo_stack.index()
    assert exports.do_import_progress(w, out, ask=False)
    assert w.ctl.undo_stack.index() == n + 1
    assert any(t.progress == 60 for t in w.ctl.plan.tasks.values())
    w.ctl.undo_stack.undo()
    assert all(t.progress == 0 for t in w.ctl.plan.tasks.values())


def test_cancel_discards_the_output(open_window, tmp_path, monkeypatch):
    target = tmp_path / "slow.xlsx"

    def slow(tmp):
        import time

        time.sleep(0.3)
        tmp.write_text("x")
        return []

    def cancelled(parent, label, fn, on_abandon=None):
        fn()
        if on_abandon:
            on_abandon()
        raise exports.CancelledError

    monkeypatch.setattr(exports, "run_with_progress", cancelled)
    assert exports.write_via_temp(open_window, "…", target, slow) is None
    assert not target.exists() and list(tmp_path.iterdir()) == [p for p in tmp_path.iterdir() if p.suffix != ".xlsx"]


def test_worker_runs_and_reports_errors(open_window):
    assert exports.run_with_progress(open_window, "…", lambda: 42) == 42
    with pytest.raises(ZeroDivisionError):
        exports.run_with_progress(open_window, "…", lambda: 1 / 0)


def test_rollup_from_the_window_and_never_over_an_input(open_window, tmp_path, monkeypatch):
    import hashlib

    from dxplanner.exchange.json_format import read_json_file
    from dxplanner.paths import sample_plan_json
    from dxplanner.store.gateway import write_new

    town = tmp_path / "town.dxplan"
    write_new(town, read_json_file(sample_plan_json()))
    before = hashlib.sha256(town.read_bytes()).hexdigest()
    shown: list[str] = []
    monkeypatch.setattr(exports, "_fail", lambda window, exc: shown.append(str(exc)))
    assert exports.do_aggregate(open_window, [town], town) is None
    assert shown and "town.dxplan" in shown[0]
    assert hashlib.sha256(town.read_bytes()).hexdigest() == before
    monkeypatch.setattr(exports, "_report", lambda *a, **k: None)
    out = tmp_path / "rollup.xlsx"
    result = exports.do_aggregate(open_window, [town], out)
    assert result is not None and result.municipalities == 1 and out.exists()
