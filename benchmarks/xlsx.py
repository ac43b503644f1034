"""Benchmark: the Excel export and the prefecture roll-up, each against bare openpyxl.

    python benchmarks/xlsx.py [--tasks 2000] [--municipalities 179] [--repeat 5] [--json]

What is compared (each measured --repeat times, ours and the baseline interleaved so a busy
machine slows both alike; the median and the best run are reported, with a ratio for each):

* **export**: ``export_xlsx`` of a ``--tasks`` plan (``benchmarks.generate.big_plan``, default
  options: A3, 和暦, monthly 工程表, all nine sheets) — against a bare openpyxl write of the same
  cells and fills: every cell of our workbook that holds a value or a fill is written with the same
  value and the same solid fill (one PatternFill object per colour, reused), on sheets of the same
  names, and saved. The baseline has no fonts, borders, number formats, merges, validations,
  print setup, charts or metadata, and computes nothing. Target: ours ≤ 1.5 × baseline.
* **roll-up (xlsx)**: ``aggregate`` of ``--municipalities`` submission workbooks exported by us
  (small plans from the template, each a different 団体) into one roll-up workbook — against a bare
  openpyxl ``read_only`` scan of the same files: open each, iterate every row of every sheet with
  ``values_only=True``, close. Ours includes the zip/XML safety checks, reading the metadata, the
  figures' validation and writing the output workbook. Target: ours ≤ 2 × baseline.
* **roll-up (.dxplan)**: ``aggregate`` of the same municipalities as .dxplan files — against bare
  sqlite3 reads (``SELECT *`` of every table of each file, read-only). Reported, no target: ours
  also runs ``quick_check``, builds the plans and runs the checks for 遅延.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
from openpyxl.styles import PatternFill  # noqa: E402

from benchmarks.generate import big_plan  # noqa: E402
from dxplanner.exchange.aggregate import aggregate  # noqa: E402
from dxplanner.exchange.xlsx_common import META_SHEET  # noqa: E402
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx  # noqa: E402
from dxplanner.model import Plan  # noqa: E402
from dxplanner.store.gateway import write_new  # noqa: E402
from dxplanner.template import new_plan  # noqa: E402
from dxplanner.validate import code_check_digit  # noqa: E402

TODAY = datetime.date(2025, 11, 26)


def timings(fns: dict[str, Callable[[], None]], repeat: int) -> dict[str, tuple[float, float]]:
    """Run each function ``repeat`` times, interleaved; (median, best) time of each.

    The best run is the one least disturbed by other work on the machine (as ``timeit`` advises);
    the median shows what a user sees on a busy PC. Both ratios are reported.
    """
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {k: (statistics.median(v), min(v)) for k, v in times.items()}


def figures(prefix: str, ours: tuple[float, float], base: tuple[float, float], base_name: str) -> dict[str, float]:
    return {
        f"{prefix}_s": round(ours[0], 3), f"{base_name}_s": round(base[0], 3),
        f"{prefix}_ratio": round(ours[0] / base[0], 2),
        f"{prefix}_best_s": round(ours[1], 3), f"{base_name}_best_s": round(base[1], 3),
        f"{prefix}_best_ratio": round(ours[1] / base[1], 2),
    }


def cells_and_fills(path: Path) -> list[tuple[str, list[tuple[int, int, object, str | None]]]]:
    """Per sheet of our workbook: (row, col, value, fill colour) of every cell with a value or a fill."""
    wb = openpyxl.load_workbook(path)
    out = []
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                # solid or patterned (the 工程表's bars): the kind of fill travels with its colours
                color = (f"{c.fill.fill_type}:{c.fill.fgColor.rgb}:{c.fill.bgColor.rgb}"
                         if c.fill is not None and c.fill.fill_type else None)
                if c.value is not None or color:
                    cells.append((c.row, c.column, c.value, color))
        out.append((ws.title, cells))
    return out


def bare_write(sheets: list[tuple[str, list[tuple[int, int, object, str | None]]]], out: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    fills: dict[str, PatternFill] = {}
    for title, cells in sheets:
        ws = wb.create_sheet(title)
        for r, c, value, color in cells:
            cell = ws.cell(row=r, column=c, value=value)
            if color:
                f = fills.get(color)
                if f is None:
                    kind, fg, bg = color.split(":")
                    f = fills[color] = PatternFill(fill_type=kind, start_color=fg, end_color=bg)
                cell.fill = f
    wb.save(out)


def town(i: int) -> Plan:
    first5 = f"{(i % 47) + 1:02d}{100 + i:03d}"
    plan = new_plan(f"ベンチ{i}町", first5 + str(code_check_digit(first5)), edition="1.0",
                    now=datetime.datetime(2021, 4, 1))
    for n, t in enumerate(plan.tasks.values()):  # some progress, so the figures are not all zero
        if n % 3 == 0:
            t.status, t.progress = "完了", 100
        elif n % 3 == 1:
            t.status, t.progress = "進行中", 40
    return plan


def bare_scan(files: list[Path]) -> None:
    for f in files:
        wb = openpyxl.load_workbook(f, read_only=True)
        for ws in wb.worksheets:
            for _row in ws.iter_rows(values_only=True):
                pass
        wb.close()


def bare_sqlite(files: list[Path]) -> None:
    for f in files:
        con = sqlite3.connect(f"file:{f}?mode=ro", uri=True)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            con.execute(f'SELECT * FROM "{t}"').fetchall()
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--municipalities", type=int, default=179)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--scale", default="month", choices=("month", "quarter", "half", "year", "auto"),
                    help="the 工程表's time scale (month: the most cells, as the figures in docs were measured)")
    args = ap.parse_args()
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # --- export ---------------------------------------------------------------------------
        plan = big_plan(args.tasks)
        ours_out, bare_out = tmp / "ours.xlsx", tmp / "bare.xlsx"
        options = XlsxOptions(today=TODAY, timescale=None if args.scale == "auto" else args.scale)
        export_xlsx(plan, ours_out, options)
        sheets = cells_and_fills(ours_out)
        sheets = [(t, c) for t, c in sheets if t != META_SHEET] + [(t, c) for t, c in sheets if t == META_SHEET]
        n_cells = sum(len(c) for _t, c in sheets)
        t = timings({"ours": lambda: export_xlsx(plan, ours_out, options),
                     "bare": lambda: bare_write(sheets, bare_out)}, args.repeat)
        result.update({"export_tasks": args.tasks, "export_cells_with_value_or_fill": n_cells})
        result.update(figures("export", t["ours"], t["bare"], "bare_write"))
        # --- roll-up ---------------------------------------------------------------------------
        xlsx_files, plan_files = [], []
        for i in range(args.municipalities):
            p = town(i)
            x = tmp / f"m{i:03d}.xlsx"
            export_xlsx(p, x, XlsxOptions(today=TODAY))
            xlsx_files.append(x)
            d = tmp / f"m{i:03d}.dxplan"
            write_new(d, p)
            plan_files.append(d)
        out = tmp / "rollup.xlsx"

        def ours_xlsx() -> None:
            r = aggregate(xlsx_files, out)
            assert r.municipalities == args.municipalities and not r.rejected

        def ours_plans() -> None:
            r = aggregate(plan_files, out)
            assert r.municipalities == args.municipalities and not r.rejected

        t = timings({"ours_xlsx": ours_xlsx, "bare_xlsx": lambda: bare_scan(xlsx_files),
                     "ours_plans": ours_plans, "bare_sqlite": lambda: bare_sqlite(plan_files)}, args.repeat)
        result["rollup_files"] = args.municipalities
        result.update(figures("rollup_xlsx", t["ours_xlsx"], t["bare_xlsx"], "bare_readonly_scan"))
        result.update(figures("rollup_dxplan", t["ours_plans"], t["bare_sqlite"], "bare_sqlite"))
        result["targets"] = {"export_ratio": 1.5, "rollup_xlsx_ratio": 2.0}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{'measure':34} {'value':>10}")
        for k, v in result.items():
            if k != "targets":
                print(f"{k:34} {v:>10}")
        print("targets: export ≤ 1.5 × bare write; roll-up (xlsx) ≤ 2 × bare read-only scan")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
