"""The core never imports Qt (the house rule that keeps the CLI, exports and tests light)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_no_qt():
    mods = sorted(
        "dxplanner." + ".".join(p.relative_to(ROOT / "dxplanner").with_suffix("").parts)
        for p in (ROOT / "dxplanner").rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", out.stdout
    # and the CLI's main path for a read-only command
    out = subprocess.run(
        [sys.executable, "-c", "import sys; from dxplanner import cli; cli.build_parser(); "
         "print(any(m.startswith('PySide6') for m in sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "False"


def test_no_source_file_mentions_pyside_outside_ui():
    for p in (ROOT / "dxplanner").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert "import PySide6" not in text and "from PySide6" not in text, p
