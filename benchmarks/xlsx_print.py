"""How large the 工程表 sheet's body text prints, measured through LibreOffice (not estimated).

For each paper (A3, A4) and time scale (the default the export chooses, and each explicit one), the
script exports a plan to .xlsx, keeps only the 工程表 sheet, has LibreOffice print it to PDF
(``soffice --headless --convert-to pdf``: the sheet's own print setup, fit to one page wide), and
reads the height of the task titles' words with ``pdftotext -bbox``. The same measurement on a
one-cell workbook printed at 100 % gives the height of 10 pt text, so

    printed size (pt) = 10 × height in the sheet's PDF / height at 100 %.

It also checks that every status still reads in a grey print: the printed text of the sheet must
hold each bar's status mark (未/進/完/保/止/遅, written in the bar's first cell) as often as the
workbook has bars of that status (the colour and pattern come on top; tests/core/test_xlsx_export.py
checks that each status has a mark and a pattern of its own).

    python benchmarks/xlsx_print.py [--plan FILE.dxplan] [--json]

Needs LibreOffice (``apt-get install -y libreoffice-calc-nogui``) and poppler-utils; without
them it says so and exits 2. The default plan is the sample (令和4〜9年度, six 年度).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook, load_workbook

from dxplanner.exchange.json_format import read_json_file
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
from dxplanner.exchange.xlsx_schedule import BAR_MARKS
from dxplanner.model import Plan
from dxplanner.paths import sample_plan_json
from dxplanner.store.gateway import PlanFile

SCHEDULE = "工程表"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(xlsx: Path, out_dir: Path) -> Path:
    exe = soffice()
    assert exe
    profile = out_dir / "lo-profile"
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(xlsx)], check=True, capture_output=True, timeout=300)
    return out_dir / (xlsx.stem + ".pdf")


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def word_heights(pdf: Path, words: set[str]) -> list[float]:
    """Heights (pt) of the words in ``pdf`` that start with one of ``words``."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [float(y1) - float(y0) for _x0, y0, _x1, y1, text in WORD.findall(out)
            if any(text.startswith(w) for w in words)]


def reference_height(tmp: Path, paper: str, sample: str) -> float:
    wb = Workbook()
    ws = wb.active
    ws.title = "ref"
    from dxplanner.exchange.xlsx_common import cell_font

    ws["A1"] = sample
    ws["A1"].font = cell_font(10)
    ws.column_dimensions["A"].width = 40
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if paper == "A3" else ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    path = tmp / f"ref_{paper}.xlsx"
    wb.save(path)
    hs = word_heights(to_pdf(path, tmp), {sample})
    assert hs, "reference text not found in LibreOffice's PDF"
    return statistics.median(hs)


def schedule_only(src: Path, dst: Path) -> None:
    wb = load_workbook(src)
    for name in list(wb.sheetnames):
        if name != SCHEDULE:
            ws = wb[name]
            wb.remove(ws)
    wb.save(dst)


def measure(plan: Plan, tmp: Path, paper: str, scale: str | None, ref: float, words: set[str]) -> dict[str, object]:
    tag = f"{paper}_{scale or 'default'}"
    full = tmp / f"full_{tag}.xlsx"
    export_xlsx(plan, full, XlsxOptions(paper=paper, timescale=scale))
    only = tmp / f"sched_{tag}.xlsx"
    schedule_only(full, only)
    ws = load_workbook(only)[SCHEDULE]
    chosen = str(ws.cell(row=6, column=9).value)
    marks = dict.fromkeys(set(BAR_MARKS.values()), 0)
    for row in ws.iter_rows(min_row=7, min_col=9):
        for c in row:
            if c.value in marks:
                marks[c.value] += 1
    pdf = to_pdf(only, tmp)
    hs = word_heights(pdf, words)
    printed = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    marks_ok = all(printed.count(m) >= n for m, n in marks.items())
    pages = subprocess.run(["pdfinfo", str(pdf)], check=False, capture_output=True, text=True).stdout
    n_pages = next((int(x.split()[-1]) for x in pages.splitlines() if x.startswith("Pages:")), 0)
    size = 10.0 * statistics.median(hs) / ref if hs else 0.0
    return {"paper": paper, "scale": scale or "default", "first_unit": chosen, "pages": n_pages,
            "body_pt": round(size, 2), "words": len(hs), "marks_printed": marks_ok, "pdf": str(pdf)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plan", type=Path)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--keep", type=Path, help="copy the PDFs here (to look at them)")
    args = ap.parse_args()
    if not soffice() or not shutil.which("pdftotext"):
        print("LibreOffice (soffice) and pdftotext are needed: apt-get install -y libreoffice-calc-nogui poppler-utils",
              file=sys.stderr)
        return 2
    if args.plan:
        with PlanFile.open(args.plan, readonly=True) as pf:
            plan = pf.load()
    else:
        plan = read_json_file(sample_plan_json())
    titles = {t.title[:4] for t in plan.tasks.values() if len(t.title) >= 4}
    rows = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for paper in ("A3", "A4"):
            ref = reference_height(tmp, paper, "計画立案")
            for scale in (None, "month", "quarter", "half", "year"):
                r = measure(plan, tmp, paper, scale, ref, titles)
                rows.append(r)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(str(r["pdf"]), args.keep / Path(str(r["pdf"])).name)
                r.pop("pdf")
    if args.json:
        print(json.dumps({"fys": plan.to_fy - plan.from_fy + 1, "rows": rows}, ensure_ascii=False))
    else:
        print(f"工程表 of a {plan.to_fy - plan.from_fy + 1}-年度 plan printed by LibreOffice (fit to one page wide)")
        print(f"{'paper':5} {'scale':8} {'unit':9} {'pages':>5} {'body pt':>8} {'marks printed':>14}")
        for r in rows:
            print(f"{r['paper']:5} {r['scale']:8} {r['first_unit']:9} {r['pages']:>5} {r['body_pt']:>8} "
                  f"{'yes' if r['marks_printed'] else 'NO':>14}")
    bad = [r for r in rows if (r["scale"] == "default" and float(str(r["body_pt"])) < 7.0) or not r["marks_printed"]]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
