"""The windowed program (``DXPlanner.exe``): the command line's ``main`` with dialogs for its words.

A Windows program built without a console has no standard output or error (both are None):
an error message written there reaches nobody, and the program just seems not to start. Here
both are collected while :func:`dxplanner.cli.main` runs; afterwards an error (a non-zero exit
with something said) is shown in a message box, and so is the output of a run that did not
open the window (``--version``, ``--help``, ``--self-test``); an unexpected error while the
window runs is shown at once (:func:`excepthook`). Arguments are the command line's,
so ``DXPlanner.exe FILE`` ("Open with", a file dropped on the program) opens FILE in the window.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox

from dxplanner.i18n import _

MAX_LINES = 40


def show(text: str, *, error: bool) -> None:
    """One modal message box with ``text`` (plain text, at most :data:`MAX_LINES` lines)."""
    from ui import text as ui_text
    from ui.app import make_app

    make_app()
    lines = text.strip().splitlines()
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], "…"]
    ui_text.message(None, QMessageBox.Icon.Critical if error else QMessageBox.Icon.Information,
                    _("DX Planner") if not error else _("DX Planner: error"), "\n".join(lines))


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An unexpected error while the window runs (Qt calls this for a failing slot): one line in a
    dialog, the traceback in a log file; the window goes on."""
    log = Path(tempfile.gettempdir()) / "dxplanner-error.log"
    with contextlib.suppress(OSError):
        log.write_text("".join(traceback.format_exception(exc_type, exc, tb)), encoding="utf-8")
    show(_("internal error: {detail} (details in {log})").format(detail=exc, log=log), error=True)


def main(argv: Sequence[str] | None = None) -> int:
    from dxplanner.cli import main as cli_main
    from ui import app

    app.state["window_shown"] = False
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr, sys.excepthook
    sys.stdout, sys.stderr, sys.excepthook = out, err, excepthook
    try:
        code = cli_main(argv)
    except SystemExit as exc:  # argparse: --version, --help, a usage error
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdout, sys.stderr, sys.excepthook = saved
    said_err, said_out = err.getvalue().strip(), out.getvalue().strip()
    if code != 0 and (said_err or said_out):
        show(said_err or said_out, error=True)
    elif not app.state["window_shown"] and said_out:
        show(said_out, error=False)
    return code
