"""Benchmark: opening a 10,000-task plan, against a bare SELECT * of the same rows; and `new`.

    python benchmarks/plan_load.py [--tasks 10000] [--repeat 7] [--json]

Targets (issue #2): load <= 0.3 s and <= 3x the bare SELECT * in the same run; `new` <= 0.5 s.
Prints a table, or one JSON object with --json. Figures are medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import big_plan  # noqa: E402
from dxplanner.model import COLLECTIONS  # noqa: E402
from dxplanner.store.gateway import PlanFile, write_new  # noqa: E402
from dxplanner.store.schema import columns, quoted  # noqa: E402


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # neither side pays for the other's garbage
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    n = args.tasks
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.dxplan"
        plan = big_plan(n)
        write_new(path, plan)

        def ours() -> None:
            with PlanFile.open(path, readonly=True) as pf:
                p = pf.load()
            assert len(p.tasks) == n

        def bare() -> None:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            rows = 0
            for kind in COLLECTIONS:
                cols = ", ".join(quoted(c) for c in columns(kind))
                rows += len(con.execute(f"SELECT {cols} FROM {quoted(kind)}").fetchall())
            con.execute("SELECT key, value FROM dx_meta").fetchall()
            con.close()
            assert rows >= n

        ours()
        bare()
        # interleaved, so a slower moment of the machine hits both alike
        t_ours_l, t_bare_l, c_ours_l, c_bare_l = [], [], [], []
        for _ in range(args.repeat):
            c0 = time.process_time()
            t_ours_l.append(median_time(ours, 1))
            c1 = time.process_time()
            t_bare_l.append(median_time(bare, 1))
            c2 = time.process_time()
            c_ours_l.append(c1 - c0)
            c_bare_l.append(c2 - c1)
        t_ours, t_bare = statistics.median(t_ours_l), statistics.median(t_bare_l)
        c_ours, c_bare = statistics.median(c_ours_l), statistics.median(c_bare_l)

        def new_in_process() -> None:
            from dxplanner.template import new_plan

            target = Path(tmp) / "new.dxplan"
            pl = new_plan("みどり町", "019992")
            with PlanFile.create(target, pl, overwrite=True):
                pass

        new_in_process()
        t_new = median_time(new_in_process, args.repeat)
        target = Path(tmp) / "cli.dxplan"

        def new_cli() -> None:
            subprocess.run([sys.executable, "-m", "dxplanner.cli", "new", str(target), "--name", "みどり町",
                            "--code", "019992", "--force"], check=True, capture_output=True, cwd=ROOT)

        t_new_cli = median_time(new_cli, max(3, args.repeat // 2))
    result = {
        f"load_s_{n}": round(t_ours, 4),
        f"bare_select_s_{n}": round(t_bare, 4),
        f"load_ratio_{n}_vs_bare": round(t_ours / t_bare, 2),
        f"load_cpu_ratio_{n}_vs_bare": round(c_ours / c_bare, 2),  # CPU time: steadier on a busy VM
        "new_s": round(t_new, 4),
        "new_cli_process_s": round(t_new_cli, 4),
        "targets": {"load_s": 0.3, "load_ratio": 3.0, "new_s": 0.5},
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{'measure':32} {'value':>10}")
        for k, v in result.items():
            if k != "targets":
                print(f"{k:32} {v:>10}")
        print("targets: load <= 0.3 s, ratio <= 3.0, new <= 0.5 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
