"""Entry point of the frozen (PyInstaller) programs.

``dxplanner-cli.exe`` (console) is the ``dxplanner`` command. ``DXPlanner.exe`` is built without
a console, so Python has no standard output or error there: it runs the same command line
through ui.windowed, which shows errors (and --version, --self-test output) in a dialog.
"""

import sys

if __name__ == "__main__":
    if sys.stdout is None or sys.stderr is None:
        from ui.windowed import main
    else:
        from dxplanner.cli import main
    raise SystemExit(main())
