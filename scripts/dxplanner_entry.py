"""Entry point of the frozen (PyInstaller) programs.

``dxplanner-cli.exe`` (console) is the ``dxplanner`` command. ``DXPlanner.exe`` is built without
a console: started from Explorer it has no standard output or error at all, and when it has
(started from a console, or under Wine) nobody looks there. So on Windows it runs the same command
line through ui.windowed, which shows errors (and --version, --self-test output) in a dialog.
"""

import sys
from pathlib import Path


def windowed() -> bool:
    if sys.stdout is None or sys.stderr is None:
        return True
    return sys.platform == "win32" and Path(sys.executable).stem.lower() == "dxplanner"  # not dxplanner-cli


if __name__ == "__main__":
    if windowed():
        from ui.windowed import main
    else:
        from dxplanner.cli import main
    raise SystemExit(main())
