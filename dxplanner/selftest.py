"""``dxplanner --self-test``: prove an installed (or frozen) program works, offline.

It opens the bundled sample plan, stores it as a .dxplan in a temporary folder, checks it,
exports Excel and PDF, reads both back, renders the main window offscreen to a PNG and looks
at the pixels, and checks that the Japanese catalog and the bundled font are there. Each step
prints one line — ``OK   <step>: …``, ``FAIL <step>: …`` or ``SKIP <step>`` (these words and the
step names stay English for scripts; what follows is in the chosen language); the exit code is
0 when every step passed, 1 otherwise. Nothing outside the
temporary folder is written; nothing touches the network.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dxplanner.i18n import _

if TYPE_CHECKING:
    from dxplanner.model import Plan

Step = Callable[[Path], str]


def _sample(work: Path) -> str:
    from dxplanner.exchange.json_format import read_json_file
    from dxplanner.paths import sample_plan_json
    from dxplanner.store.gateway import PlanFile, verify, write_new

    plan = read_json_file(sample_plan_json())
    target = work / "sample.dxplan"
    write_new(target, plan)
    verify(target)
    with PlanFile.open(target, readonly=True) as pf:
        loaded = pf.load()
    if len(loaded.tasks) != len(plan.tasks) or not loaded.tasks:
        raise AssertionError(f"{len(loaded.tasks)} tasks read back, {len(plan.tasks)} written")
    return _("sample plan stored and read back ({n} tasks)").format(n=len(plan.tasks))


def _load(work: Path) -> Plan:
    from dxplanner.store.gateway import PlanFile

    with PlanFile.open(work / "sample.dxplan", readonly=True) as pf:
        return pf.load()


def _check(work: Path) -> str:
    from dxplanner import checks

    findings = checks.check(_load(work))
    return _("health check ran ({n} findings)").format(n=len(findings))


def _xlsx(work: Path) -> str:
    from dxplanner.exchange.xlsx_export import export_xlsx

    out = work / "sample.xlsx"
    export_xlsx(_load(work), out)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
    sheets = [n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
    if len(sheets) < 9:
        raise AssertionError(f"only {len(sheets)} sheets")
    import openpyxl

    wb = openpyxl.load_workbook(out, read_only=True)
    try:
        titles = wb.sheetnames
    finally:
        wb.close()
    if "工程表" not in titles:
        raise AssertionError(f"no 工程表 sheet in {titles}")
    return _("Excel written and read back ({n} sheets)").format(n=len(titles))


def _pdf(work: Path) -> str:
    from dxplanner.exchange.pdf_report import export_pdf

    out = work / "sample.pdf"
    result = export_pdf(_load(work), out)
    data = out.read_bytes()
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
        raise AssertionError("not a complete PDF file")
    if result.pages < 1:
        raise AssertionError("no pages")
    return _("PDF written ({pages} pages, {kib} KiB)").format(pages=result.pages, kib=len(data) // 1024)


def _window(work: Path) -> str:
    png = work / "window.png"
    # a separate process: the window needs a fresh Qt application, offscreen
    # its own settings folder: the self-test must not add the temporary sample to the user's recent files
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DXPLANNER_CONFIG_DIR": str(work / "config")}
    if getattr(sys, "frozen", False):
        cmd = [sys.executable, "gui", str(work / "sample.dxplan"), "--screenshot", str(png)]
    else:
        cmd = [sys.executable, "-m", "dxplanner.cli", "gui", str(work / "sample.dxplan"), "--screenshot", str(png)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    if proc.returncode != 0 or not png.exists():
        raise AssertionError(f"window not rendered (exit {proc.returncode}): {proc.stderr.strip()[-300:]}")
    from PIL import Image

    with Image.open(png) as img:
        width, height = img.size
        colours = img.convert("RGB").getcolors(maxcolors=1 << 16)
    n = len(colours) if colours is not None else 1 << 16
    if width < 400 or height < 300 or n < 16:
        raise AssertionError(f"the window picture looks empty ({width}x{height}, {n} colours)")
    return _("main window rendered offscreen ({width}x{height}, {n} colours)").format(width=width, height=height, n=n)


def _language_and_font(work: Path) -> str:
    from dxplanner.i18n import translate
    from dxplanner.paths import font_path

    ja = translate("No findings", "ja")
    if ja == "No findings":
        raise AssertionError("the Japanese catalog is missing")
    font = font_path()
    if not font.exists() or font.stat().st_size < 1_000_000:
        raise AssertionError(f"bundled font missing: {font}")
    return _("Japanese catalog and bundled font present ({font})").format(font=font.name)


STEPS: list[tuple[str, Step]] = [
    ("sample", _sample),
    ("check", _check),
    ("excel", _xlsx),
    ("pdf", _pdf),
    ("window", _window),
    ("i18n", _language_and_font),
]


def run(out: Callable[[str], None] | None = None) -> int:
    say = out or (lambda s: sys.stdout.write(s + "\n"))
    failed = 0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dxplanner-selftest-") as tmp:
        work = Path(tmp)
        for name, step in STEPS:
            if failed and name != "i18n":
                say(f"SKIP {name}")
                continue
            try:
                say(f"OK   {name}: {step(work)}")
            except Exception as exc:  # every failure is reported, none hidden
                failed += 1
                detail = "".join(traceback.format_exception_only(exc)).strip()
                say(f"FAIL {name}: {detail}")
    seconds = f"{time.perf_counter() - t0:.1f}"
    say((_("self-test passed in {seconds} s") if not failed else _("self-test FAILED in {seconds} s"))
        .format(seconds=seconds))
    return 0 if not failed else 1
