"""Render the 工程表 alone with the sample plan (みどり町), for the docs' screenshots.

    QT_QPA_PLATFORM=offscreen python -m ui.gantt.demo docs/images/gantt_ja.png [--lang en]

The sample plan is loaded into a temporary .dxplan; for the picture it gets a few links and a
snapshot 「当初計画」 in which some tasks were planned earlier (so the comparison bars show).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from dxplanner.document import Document
from dxplanner.exchange.json_format import plan_to_dict, read_json_file
from dxplanner.i18n import set_language
from dxplanner.model import Plan, Snapshot
from dxplanner.paths import sample_plan_json
from ui.controller import DocumentController
from ui.fonts import register_fonts
from ui.gantt import GanttView

TODAY = datetime.date(2025, 11, 20)


def _demo_plan() -> Plan:
    plan = read_json_file(sample_plan_json())
    by_title = {t.title: t for t in plan.tasks.values()}
    chain = ("計画立案", "システム選定", "移行", "標準準拠システムへの移行完了")
    for a, b in itertools.pairwise(chain):
        if a in by_title and b in by_title:
            by_title[b].depends_on = [by_title[a].id]
    data = plan_to_dict(plan)
    data.pop("snapshots", None)
    data.pop("reviews", None)
    earlier = {"移行": ("2024-04-01", "2025-09-30"), "試行導入": ("2023-10-01", "2024-09-30"),
               "本格導入・横展開": ("2024-10-01", "2027-03-31"), "効果検証": ("2025-04-01", "2027-03-31")}
    for row in data["tasks"]:
        if row["title"] in earlier:
            row["start"], row["end"] = earlier[row["title"]]
    plan.snapshots["s_first"] = Snapshot("s_first", "当初計画", datetime.datetime(2022, 4, 1, 9, 0), data)
    return plan


def render(out: Path, lang: str, width: int = 1600, height: int = 900) -> None:
    set_language(lang)
    with tempfile.TemporaryDirectory() as tmp:
        doc = Document.create(Path(tmp) / "demo.dxplan", _demo_plan())
        ctl = DocumentController()
        ctl.attach(doc)
        view = GanttView(ctl)
        view.set_today(TODAY)
        view.resize(width, height)
        view.show()
        app = QApplication.instance()
        assert app is not None
        app.processEvents()
        view.set_snapshot("s_first")
        view.set_zoom("quarter")
        view.timeline.horizontalScrollBar().setValue(int(view.chart.x_of_fy(2024)) - 10)
        std = next(t.id for t in ctl.plan.tasks.values() if t.title == "システム選定")
        view.select_task(std)
        view.tree.verticalScrollBar().setValue(0)
        app.processEvents()
        img = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
        img.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(out))
        view.close()
        ctl.set_document(None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("out", type=Path)
    ap.add_argument("--lang", choices=("ja", "en"), default="ja")
    args = ap.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    register_fonts(app)
    render(args.out, args.lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
