"""Benchmark: the 標準化 tracker page's cost edits, and the roll-up of every 市区町村's 標準化 sheet.

    python benchmarks/standardization.py [--edits 200] [--municipalities 1741] [--repeat 3] [--json]

* **edit**: the window open on the 標準化 page of a plan whose 20 業務 each have a 運用経費 row with
  10 年度 of figures (200 amounts) plus the baseline; one edit = typing one amount into the cost
  table through its model (op, save to the file, undo command, signals, the summary line and the
  chart recomputed, events processed and the page repainted). Reported: median, 95th percentile and
  the worst of ``--edits`` edits. Target: ≤ 50 ms per edit. The floor beside it, ``bare_edit_ms``:
  the same amount written with a bare sqlite3 ``UPDATE`` + commit of that row (what any program
  that saves each edit pays) and a QStandardItemModel ``setData`` — no validation, undo, chart.
* **roll-up**: ``aggregate`` of ``--municipalities`` submission workbooks (one per 市区町村; 1,741 by
  default, the number of 市区町村) into one roll-up — against a bare openpyxl ``read_only`` scan of
  the same 標準化 sheets (open each workbook, iterate every row of its 標準化 sheet with
  ``values_only=True``, close). Ours includes the zip/XML safety checks, reading and validating the
  figures and writing the whole roll-up workbook (every sheet, not only 標準化). Target: ≤ 2×.
  The workbooks: a few towns are exported by the program; the others are copies of those with
  their 団体コード and 団体名 rewritten inside the file (exporting 1,741 plans would take minutes
  and measures the export, not the roll-up).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from dxplanner import ops  # noqa: E402
from dxplanner.exchange.aggregate import aggregate  # noqa: E402
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx  # noqa: E402
from dxplanner.model import Plan, SystemCost  # noqa: E402
from dxplanner.store.gateway import write_new  # noqa: E402
from dxplanner.template import new_plan  # noqa: E402
from dxplanner.validate import code_check_digit  # noqa: E402

TODAY = datetime.date(2026, 12, 4)
YEARS = list(range(2021, 2031))  # 10 年度
STATUSES = ("移行済", "移行済", "移行済", "移行中", "特定移行支援", "未移行")


def code(i: int) -> str:
    first5 = f"{(i % 47) + 1:02d}{i // 47:03d}"
    return first5 + str(code_check_digit(first5))


def town(i: int) -> Plan:
    plan = new_plan(f"ベンチ{i:04d}町", code(i), now=datetime.datetime(2021, 4, 1), from_fy=2021, to_fy=2030)
    for n, s in enumerate(sorted(plan.systems.values(), key=lambda s: s.order)):
        st = STATUSES[(n + i) % len(STATUSES)]
        vals: dict[str, object] = {"status": st, "planned_date": datetime.date(2026, 1, 5)}
        if st == "特定移行支援":
            vals.update(tokutei_reason=1 + n % 4, tokutei_deadline=datetime.date(2031, 3, 31),
                        planned_date=datetime.date(2029, 1, 4))
        ops.UpdateEntity("systems", s.id, vals).apply(plan)
    costs = [SystemCost(id=f"c{n:02d}", system_ids=[s.id], baseline=5_000_000 + n * 100_000 + i,
                        actual={fy: 5_000_000 + fy * 10 + n for fy in YEARS[:5]},
                        planned={fy: 4_000_000 + fy * 10 + n for fy in YEARS[5:]}, order=n)
             for n, s in enumerate(sorted(plan.systems.values(), key=lambda s: s.order))]
    ops.PutEntities("std_costs", costs).apply(plan)
    return plan


# --- the page's edits --------------------------------------------------------------------------------


def edit_timings(path: Path, n: int) -> list[float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.app import make_app, setup
    from ui.main_window import MainWindow

    app = make_app()
    setup(app, "ja")
    w = MainWindow()
    assert w.open_path(path, "standardization")
    w.resize(1280, 820)
    w.show()
    app.processEvents()
    page = w.pages["standardization"]
    model = page.costs  # type: ignore[attr-defined]
    cols = [model.column_index(f"actual:{fy}") for fy in YEARS]
    times = []
    for i in range(n):
        idx = model.index(i % model.rowCount(), cols[(i // model.rowCount()) % len(cols)])
        t0 = time.perf_counter()
        ok = model.setData(idx, f"{6_000 + i:,}")  # 千円
        QApplication.processEvents()
        page.repaint()
        times.append(time.perf_counter() - t0)
        assert ok
    w.ctl.set_document(None)
    w.close()
    return times


def bare_edit_timings(path: Path, n: int) -> list[float]:
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    model = QStandardItemModel(20, 10)
    for r in range(20):
        for c in range(10):
            model.setItem(r, c, QStandardItem(""))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA synchronous=FULL")
    ids = [r[0] for r in con.execute('SELECT id FROM "std_costs" ORDER BY "order"')]
    times = []
    for i in range(n):
        row = i % 20
        t0 = time.perf_counter()
        model.setData(model.index(row, (i // 20) % 10), f"{6_000 + i:,}")
        actual = {str(fy): 6_000_000 + i for fy in YEARS[:5]}
        con.execute("BEGIN")
        con.execute('UPDATE "std_costs" SET "actual" = ? WHERE id = ?', (json.dumps(actual), ids[row]))
        con.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    con.close()
    return times


# --- the roll-up -------------------------------------------------------------------------------------


def workbooks(tmp: Path, n: int, distinct: int = 6) -> list[Path]:
    """``n`` submission workbooks: ``distinct`` exported, the rest copies with another 団体."""
    sources = []
    for i in range(min(distinct, n)):
        p = tmp / f"src{i}.xlsx"
        export_xlsx(town(i), p, XlsxOptions(today=TODAY))
        sources.append((p, code(i), f"ベンチ{i:04d}町"))
    out = []
    for i in range(n):
        src, old_code, old_name = sources[i % len(sources)]
        dst = tmp / f"m{i:04d}.xlsx"
        if i < len(sources):
            dst.write_bytes(src.read_bytes())
        else:
            new_code, new_name = code(i), f"ベンチ{i:04d}町"
            with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename.endswith(".xml"):
                        text = data.decode("utf-8")
                        text = re.sub(re.escape(old_code), new_code, text).replace(old_name, new_name)
                        data = text.encode("utf-8")
                    zout.writestr(item, data)
        out.append(dst)
    return out


def bare_std_scan(files: list[Path], sheet: str) -> int:
    cells = 0
    for f in files:
        wb = openpyxl.load_workbook(f, read_only=True)
        for row in wb[sheet].iter_rows(values_only=True):
            cells += len(row)
        wb.close()
    return cells


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--municipalities", type=int, default=1741)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ.setdefault("DXPLANNER_CONFIG_DIR", str(tmp / "config"))
        plan_path = tmp / "町.dxplan"
        write_new(plan_path, town(0))
        times = edit_timings(plan_path, args.edits)
        bare_path = tmp / "bare.dxplan"
        write_new(bare_path, town(0))
        bare = bare_edit_timings(bare_path, args.edits)
        q = statistics.quantiles(times, n=20)
        result.update({
            "edit_systems": 20, "edit_years": len(YEARS), "edits": args.edits,
            "edit_ms_median": round(statistics.median(times) * 1000, 2), "edit_ms_p95": round(q[-1] * 1000, 2),
            "edit_ms_max": round(max(times) * 1000, 2),
            "bare_edit_ms_median": round(statistics.median(bare) * 1000, 2),
        })
        files = workbooks(tmp, args.municipalities)
        sheet = "標準化"
        out = tmp / "rollup.xlsx"
        ours_t, bare_t = [], []
        cells = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = aggregate(files, out)
            ours_t.append(time.perf_counter() - t0)
            assert r.municipalities == args.municipalities and not r.rejected, r.rejected[:3]
            t0 = time.perf_counter()
            cells = bare_std_scan(files, sheet)
            bare_t.append(time.perf_counter() - t0)
        result.update({
            "rollup_files": args.municipalities, "std_sheet_cells_scanned": cells,
            "rollup_s": round(statistics.median(ours_t), 2), "bare_std_scan_s": round(statistics.median(bare_t), 2),
            "rollup_ratio": round(statistics.median(ours_t) / statistics.median(bare_t), 2),
            "rollup_best_ratio": round(min(ours_t) / min(bare_t), 2),
        })
        result["targets"] = {"edit_ms": 50, "rollup_ratio": 2.0}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{'measure':28} {'value':>10}")
        for k, v in result.items():
            if k != "targets":
                print(f"{k:28} {v:>10}")
        print("targets: a cost edit ≤ 50 ms; roll-up ≤ 2 × a bare read-only scan of the 標準化 sheets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
