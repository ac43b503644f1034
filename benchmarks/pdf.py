"""Benchmark: the PDF report of a 2,000-task plan, against a bare reportlab canvas drawing the same
rectangles and strings.

    python benchmarks/pdf.py [--tasks 2000] [--repeat 5] [--paper A3] [--json]

Targets (issue #6): the report <= 2x the bare canvas and <= 1.5 s in all (LibreOffice takes about
3.1 s to print a 2,000-row Excel 工程表 to A3 on this kind of machine); peak memory reported.

How the baseline is made: the report is drawn once (untimed) on a canvas that records every
``drawString`` / ``drawRightString`` / ``drawCentredString`` and ``rect`` with the font in force;
the baseline replays exactly those calls on a plain reportlab ``Canvas`` with the same font
registered and saves the file. It does no layout, no measuring, no wrapping, no patterns, no lines.

Figures are medians of --repeat runs (after one warm-up run each). Peak memory: tracemalloc's
peak during one report (Python allocations), and the peak RSS of a fresh process that imports
the program and writes the report once.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from benchmarks.generate import big_plan  # noqa: E402
from dxplanner.exchange import pdf_report  # noqa: E402
from dxplanner.exchange.pdf_draw import FONT, FONT_BOLD, Ink, register_fonts  # noqa: E402
from dxplanner.exchange.pdf_report import PdfOptions, count_pages, export_pdf  # noqa: E402

TODAY = datetime.date(2025, 6, 1)


class RecordingInk(Ink):
    """The report's drawing helper, noting every string and rectangle it draws."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.ops: list[list[tuple[Any, ...]]] = [[]]

    def text(self, x, y, text, size, *, bold=False, align="left", color=(0, 0, 0)):  # type: ignore[no-untyped-def]
        if text:
            clean = self.glyphs.clean(text) if self.glyphs is not None else text
            kind = {"left": "s", "right": "r"}.get(align, "c")
            self.ops[-1].append((kind, FONT_BOLD if bold else FONT, size, x, y, clean))
        super().text(x, y, text, size, bold=bold, align=align, color=color)

    def rect(self, x, y, w, h, *, fill=None, stroke=None, width=0.5):  # type: ignore[no-untyped-def]
        self.ops[-1].append(("R", x, y, w, h, int(stroke is not None), int(fill is not None)))
        super().rect(x, y, w, h, fill=fill, stroke=stroke, width=width)

    def new_page(self) -> None:
        self.ops.append([])


def record(plan, options: PdfOptions, path: Path) -> tuple[list[list[tuple[Any, ...]]], tuple[float, float]]:
    """Draw the report once with a recording Ink; return the strings and rectangles per page."""
    ctx, pages = pdf_report._layout(plan, options)
    size = (ctx.geometry.width, ctx.geometry.height)
    canvas = Canvas(str(path), pagesize=size, initialFontName=FONT, initialFontSize=9)
    inks: list[RecordingInk] = []

    def make(*a: Any, **k: Any) -> RecordingInk:
        ink = RecordingInk(*a, **k)
        inks.append(ink)
        return ink

    original_ink, original_show = pdf_report.Ink, canvas.showPage

    def show_page() -> None:
        original_show()
        inks[0].new_page()

    canvas.showPage = show_page  # type: ignore[method-assign]
    pdf_report.Ink = make  # type: ignore[misc,assignment]
    try:
        pdf_report._draw(canvas, ctx, pages)
    finally:
        pdf_report.Ink = original_ink  # type: ignore[misc]
    canvas.save()
    ops = inks[0].ops
    if ops and not ops[-1]:
        ops.pop()
    return ops, size


def bare(ops: list[list[tuple[Any, ...]]], size: tuple[float, float], path: Path) -> None:
    """The same strings and rectangles on a plain canvas: no layout, no patterns, no lines."""
    with pdf_report._binary_streams():  # the same stream encoding as the report: a like-for-like baseline
        _bare(ops, size, path)


def _bare(ops: list[list[tuple[Any, ...]]], size: tuple[float, float], path: Path) -> None:
    c = Canvas(str(path), pagesize=size, initialFontName=FONT, initialFontSize=9)
    for page in ops:
        font = None
        for op in page:
            kind = op[0]
            if kind == "R":
                c.rect(op[1], op[2], op[3], op[4], stroke=op[5], fill=op[6])
                continue
            if font != (op[1], op[2]):
                c.setFont(op[1], op[2])
                font = (op[1], op[2])
            if kind == "s":
                c.drawString(op[3], op[4], op[5])
            elif kind == "r":
                c.drawRightString(op[3], op[4], op[5])
            else:
                c.drawCentredString(op[3], op[4], op[5])
        c.showPage()
    c.save()


def median_time(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU time shows the cost when other work shares the machine)."""
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def child(tasks: int, paper: str, out: str) -> None:
    """Run in a fresh process: write one report, print the peak RSS (KiB)."""
    plan = big_plan(tasks)
    export_pdf(plan, Path(out), PdfOptions(paper=paper, today=TODAY))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--paper", choices=("A3", "A4"), default="A3")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", metavar="OUT", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.tasks, args.paper, args.child)
        return 0
    register_fonts()
    plan = big_plan(args.tasks)
    options = PdfOptions(paper=args.paper, today=TODAY)
    with tempfile.TemporaryDirectory() as tmp:
        ours_path = Path(tmp) / "report.pdf"
        bare_path = Path(tmp) / "bare.pdf"
        ops, size = record(plan, options, Path(tmp) / "recorded.pdf")
        n_strings = sum(1 for p in ops for op in p if op[0] != "R")
        n_rects = sum(1 for p in ops for op in p if op[0] == "R")
        result: dict[str, Any] = {}

        def ours() -> None:
            result["res"] = export_pdf(plan, ours_path, options)

        load_before = os.getloadavg()[0]
        t_ours, c_ours = median_time(ours, args.repeat)
        t_bare, c_bare = median_time(lambda: bare(ops, size, bare_path), args.repeat)
        t_count, _ = median_time(lambda: count_pages(plan, options), args.repeat)

        tracemalloc.start()
        export_pdf(plan, ours_path, options)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        proc = subprocess.run(
            [sys.executable, __file__, "--tasks", str(args.tasks), "--paper", args.paper,
             "--child", str(Path(tmp) / "child.pdf")],
            capture_output=True, text=True, check=True)
        rss_kib = int(proc.stdout.strip().splitlines()[-1])
        pages = result["res"].pages
        size_ours = ours_path.stat().st_size
        size_bare = bare_path.stat().st_size

    ratio = t_ours / t_bare
    report = {
        "tasks": args.tasks,
        "paper": args.paper,
        "pages": pages,
        "strings": n_strings,
        "rects": n_rects,
        "report_s": round(t_ours, 3),
        "bare_canvas_s": round(t_bare, 3),
        "ratio": round(ratio, 2),
        "report_cpu_s": round(c_ours, 3),
        "bare_canvas_cpu_s": round(c_bare, 3),
        "ratio_cpu": round(c_ours / c_bare, 2),
        "load_average_1min": round(load_before, 2),
        "cpus": os.cpu_count(),
        "count_pages_s": round(t_count, 3),
        "peak_tracemalloc_mib": round(peak / 2**20, 1),
        "peak_rss_child_mib": round(rss_kib / 1024, 1),
        "file_kib": round(size_ours / 1024),
        "bare_file_kib": round(size_bare / 1024),
        "target_ratio": 2.0,
        "target_total_s": 1.5,
        "ok": bool(ratio <= 2.0 and t_ours <= 1.5),
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(f"PDF report of {args.tasks} tasks on {args.paper}: {pages} pages, "
              f"{n_strings} strings, {n_rects} rectangles")
        print(f"  report (layout + draw + save)  {t_ours:7.3f} s   target <= 1.5 s")
        print(f"  bare canvas, same strings/rects {t_bare:7.3f} s")
        print(f"  ratio                           {ratio:7.2f}     target <= 2.0")
        print(f"  CPU time: report {c_ours:.3f} s, bare {c_bare:.3f} s, ratio {c_ours / c_bare:.2f} "
              f"(load average {load_before:.1f} on {os.cpu_count()} CPUs)")
        print(f"  count_pages (layout only)       {t_count:7.3f} s")
        print(f"  peak memory: tracemalloc {report['peak_tracemalloc_mib']} MiB, "
              f"process RSS {report['peak_rss_child_mib']} MiB")
        print(f"  file size {report['file_kib']} KiB (bare {report['bare_file_kib']} KiB)")
        print("  OK" if report["ok"] else "  NOT within target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
