"""Benchmark: refusing hostile workbooks (issue 17, item 3) — time and peak memory, against bare
openpyxl reading the same file.

    python benchmarks/xlsx_hostile_read.py [--strings 6500000] [--bare-seconds 20] [--json]

Each read runs in its own process (peak memory = that process's maximum resident set):

* **ours**: ``SafeWorkbook(path)`` — the checks before openpyxl, as ``import`` and ``aggregate``
  open a workbook. Bound (the issue's "Done when"): refused in ≤ 10 s and ≤ 600 MiB.
* **bare openpyxl**: ``load_workbook(path, read_only=True)`` and every row of every sheet, what
  a reader without the checks does. It is stopped after ``--bare-seconds`` and limited to 3 GiB of
  address space (shown as "stopped" / "out of memory"): unbounded, the entity bomb took 54 s and
  8.9 GB in the attack.

Workbooks: the 100 KB entity referenced 45,000 times in a shared-strings part renamed
``xl/sharedStrings.dat`` (stored uncompressed, as in the attack), and ``--strings`` shared strings
(6.5 million in the attack: 67 s and 1 GB bare).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT_SECONDS = 10.0
LIMIT_MIB = 600.0

# every child reports its own peak (VmHWM: the high-water mark of this process image) when it
# ends, or when its alarm stops it
PROLOGUE = """
import json, resource, signal, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def report(outcome):
    print(json.dumps({"outcome": outcome, "peak_mib": round(peak(), 1)}), flush=True)
    sys.exit(0)
def stop(*_):
    report("stopped after %s s" % sys.argv[2])
signal.signal(signal.SIGALRM, stop)
signal.alarm(int(float(sys.argv[2])))
"""

OURS = PROLOGUE + """
from pathlib import Path
from dxplanner.errors import FileError
from dxplanner.exchange.xlsx_safety import SafeWorkbook
try:
    SafeWorkbook(Path(sys.argv[1])).close()
    report("accepted")
except FileError as exc:
    report("refused: " + exc.text("en"))
"""

BARE = PROLOGUE + """
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from openpyxl import load_workbook
try:
    wb = load_workbook(sys.argv[1], read_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    report("accepted")
except MemoryError:
    report("out of memory")
except Exception as exc:
    report(f"failed: {type(exc).__name__}")
"""


def measure(code: str, path: Path, timeout: float) -> dict[str, object]:
    """Run ``code`` on ``path`` in a fresh process: outcome, wall seconds, peak MiB."""
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(path), str(timeout)], capture_output=True,
                          text=True, timeout=timeout + 60, cwd=ROOT, check=False)
    seconds = time.perf_counter() - t0
    try:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        report = {"outcome": f"exit {done.returncode}", "peak_mib": float("nan")}
    return {"outcome": str(report["outcome"])[:90], "seconds": round(seconds, 2), "peak_mib": report["peak_mib"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--strings", type=int, default=6_500_000)
    ap.add_argument("--bare-seconds", type=float, default=20.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from benchmarks.hostile_xlsx import entity_bomb, many_strings
    from dxplanner.exchange.xlsx_export import export_xlsx
    from dxplanner.template import new_plan

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        good = folder / "good.xlsx"
        export_xlsx(new_plan("みどり町", "019992"), good)
        cases = {
            "entity bomb in xl/sharedStrings.dat": entity_bomb(good, folder / "bomb.xlsx"),
            f"{args.strings:,} shared strings": many_strings(good, folder / "strings.xlsx", n=args.strings),
        }
        for name, path in cases.items():
            # ours first: the children's peak only grows, so ours is measured before any bare run
            ours = measure(OURS, path, 120)
            rows.append({"case": name, "file_mb": round(path.stat().st_size / 1e6, 1), "ours": ours})
        for row, path in zip(rows, cases.values(), strict=True):
            row["bare"] = measure(BARE, path, args.bare_seconds)
    ok = all(str(r["ours"]["outcome"]).startswith("refused") and r["ours"]["seconds"] <= LIMIT_SECONDS
             and r["ours"]["peak_mib"] <= LIMIT_MIB for r in rows)
    result = {"bound": {"seconds": LIMIT_SECONDS, "mib": LIMIT_MIB}, "rows": rows, "within_bound": ok}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{'workbook':40} {'MB':>6}  {'ours s':>7} {'ours MiB':>9}  {'bare s':>7} {'bare MiB':>9}  "
              "outcome (ours / bare)")
        for r in rows:
            o, b = r["ours"], r["bare"]
            bare_mib = f"{b['peak_mib']:9.0f}"
            print(f"{r['case']:40} {r['file_mb']:6.1f}  {o['seconds']:7.2f} {o['peak_mib']:9.0f}  "
                  f"{b['seconds']:7.2f} {bare_mib}  {o['outcome'][:40]} / {b['outcome']}")
        print(f"bound: refused in ≤ {LIMIT_SECONDS:.0f} s and ≤ {LIMIT_MIB:.0f} MiB — "
              + ("held" if ok else "NOT held"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
