"""Benchmark: comparing two snapshots of a 10,000-task plan (target <= 0.5 s, issue #7).

    python benchmarks/history_diff.py [--tasks 10000] [--repeat 5] [--json]

Also reports taking a snapshot and comparing a snapshot against the plan now (which first
serialises the current plan). The bare baseline is a dict-by-id comparison of the same task
rows on the same fields, written inline with no dataclasses or labels.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import big_plan
from dxplanner import ops
from dxplanner.history import compare, compare_states, take_snapshot


def median(fn, repeat):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    n = a.tasks
    plan = big_plan(n)
    t_snap = median(lambda: take_snapshot(plan, f"s{time.perf_counter_ns()}"), a.repeat)
    take_snapshot(plan, "A", now=datetime.datetime(2024, 4, 1)).apply(plan)
    rnd = random.Random(3)
    ids = rnd.sample(sorted(plan.tasks), n // 10)
    batch = []
    for i, tid in enumerate(ids):
        if i % 3 == 0:
            batch.append(ops.UpdateEntity("tasks", tid, {"progress": (plan.tasks[tid].progress + 10) % 100}))
        elif i % 3 == 1:
            batch.append(ops.UpdateEntity("tasks", tid, {"status": "完了", "progress": 100}))
    ops.Batch(batch).apply(plan)
    take_snapshot(plan, "B", now=datetime.datetime(2025, 4, 1)).apply(plan)
    sa = next(s for s in plan.snapshots.values() if s.name == "A").data
    sb = next(s for s in plan.snapshots.values() if s.name == "B").data

    t_cmp = median(lambda: compare_states(plan, "A", "B"), a.repeat)
    t_now = median(lambda: compare_states(plan, "A", None), a.repeat)

    def bare():
        old = {t["id"]: t for t in sa["tasks"]}
        changed = 0
        for t in sb["tasks"]:
            o = old.get(t["id"])
            if o is None or (o["start"], o["end"], o["status"], o["progress"]) != (t["start"], t["end"], t["status"],
                                                                                 t["progress"]):
                changed += 1
        return changed

    t_bare = median(bare, a.repeat)
    counts = compare(sa, sb).counts()
    result = {
        f"compare_snapshots_s_{n}": round(t_cmp, 4),
        f"compare_with_now_s_{n}": round(t_now, 4),
        f"take_snapshot_s_{n}": round(t_snap, 4),
        f"bare_dict_compare_s_{n}": round(t_bare, 4),
        f"compare_ratio_{n}_vs_bare": round(t_cmp / t_bare, 2),
        "changes_found": counts,
        "target_s": 0.5,
    }
    if a.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k:32} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
