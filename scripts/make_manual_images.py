"""Make the 操作マニュアル's pictures with the program's own screenshot mode (ja and en).

    .venv/bin/python scripts/make_manual_images.py

Each picture is ``dxplanner gui FILE --screenshot OUT --page NAME`` on a fresh copy of the sample
plan (the walk-through pictures need no file), scaled to 800 pixels wide to keep the manual small.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "manual" / "images"
PAGES = {"start": "start", "wizard_1": "wizard:1", "wizard_4": "wizard:4", "structure": "structure",
         "area": "area:std", "schedule": "schedule", "check": "check"}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "sample.dxplan"
        cli = [sys.executable, "-m", "dxplanner.cli"]
        subprocess.run([*cli, "load", str(ROOT / "resources" / "samples" / "sample_town.json"), str(plan)],
                       check=True)
        env = {**os.environ, "DXPLANNER_CONFIG_DIR": str(Path(tmp) / "config"), "QT_QPA_PLATFORM": "offscreen"}
        for lang in ("ja", "en"):
            for name, page in PAGES.items():
                target = OUT / f"{lang}_{name}.png"
                args = [*cli, "--lang", lang, "gui"]
                if page not in ("start",) and not page.startswith("wizard"):
                    args.append(str(plan))
                subprocess.run([*args, "--screenshot", str(target), "--page", page], check=True, env=env)
                _shrink(target)
    return 0


def _shrink(path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    img = QImage(str(path))
    if img.width() > 800:
        img = img.scaledToWidth(800, Qt.TransformationMode.SmoothTransformation)
    img.save(str(path), "PNG")


if __name__ == "__main__":
    raise SystemExit(main())
