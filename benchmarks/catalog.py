"""Benchmark: reading an edition file, our reader against the bare library doing the same work.

    python benchmarks/catalog.py [--repeat 21] [--json]

Rows: the hostile-file guard (size + nesting scan, then json.loads) against json.loads alone on
the current edition (r8.json); the whole validated read (guard + parse_edition, which also reads
standardization.json) against json.loads; and the refusal of a 100,000-deep file and of a 50 MB
file (our guard against what json.loads does with them: RecursionError or a full parse).
Figures are medians of --repeat runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dxplanner.catalog import CatalogError, edition_bytes  # noqa: E402
from dxplanner.catalog.reader import decode_edition_bytes, parse_edition, read_file_bytes  # noqa: E402


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=21)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    data = edition_bytes("r8")
    deep = b"[" * 100_000 + b"]" * 100_000
    rows: list[tuple[str, float, float]] = []

    def refused(fn: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except (CatalogError, RecursionError, ValueError):
                return
        return run

    rows.append(("guard + json (r8.json)", median_ms(lambda: decode_edition_bytes(data, "r8"), args.repeat),
                 median_ms(lambda: json.loads(data.decode("utf-8")), args.repeat)))
    rows.append(("validated edition (r8.json)",
                 median_ms(lambda: parse_edition(decode_edition_bytes(data, "r8"), "r8"), args.repeat),
                 median_ms(lambda: json.loads(data.decode("utf-8")), args.repeat)))
    rows.append(("100,000-deep file refused", median_ms(refused(lambda: decode_edition_bytes(deep, "deep")),
                                                        args.repeat),
                 median_ms(refused(lambda: json.loads(deep)), args.repeat)))
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.json"
        big.write_bytes(b'{"pad": "' + b"x" * (50 * 1024 * 1024) + b'"}')
        rows.append(("50 MB file refused", median_ms(refused(lambda: decode_edition_bytes(read_file_bytes(big), "big")),
                                                     max(3, args.repeat // 7)),
                     median_ms(refused(lambda: json.loads(big.read_bytes())), max(3, args.repeat // 7))))
    if args.json:
        print(json.dumps({"unit": "ms", "rows": [{"case": c, "ours": o, "bare": b, "ratio": o / b if b else None}
                                                 for c, o, b in rows]}, indent=2))
        return 0
    print(f"{'case':32} {'ours ms':>9} {'bare ms':>9} {'ratio':>7}")
    for c, o, b in rows:
        print(f"{c:32} {o:9.2f} {b:9.2f} {o / b:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
