"""Starting the window: ``run(file=, screenshot=, page=, lang=)`` (called by ``dxplanner gui``).

Start-up is kept short: the bundled font is registered, the language installed, the window built
with only the page that is shown; every other page, the Gantt view and the exports are imported
when first used.

Measurement hook (documented in docs/gui.md): with ``DXPLANNER_EXIT_WHEN_READY=1`` the program
prints one JSON line ``{"ready_s": …, "open_s": …}`` once the window is shown and the event loop
is idle, then exits 0. ``benchmarks/gui_start.py`` uses it. The windowed Windows program has no
standard output: with ``DXPLANNER_READY_FILE=PATH`` as well, the line (with the window's title)
is also written to PATH (scripts/windows-build.sh proves a double-clicked plan opens with it).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

T0 = time.perf_counter()

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from dxplanner.i18n import _  # noqa: E402
from dxplanner.pages import WIZARD_PREFIX, is_valid_page, page_help  # noqa: E402

EXIT_OK = 0
EXIT_USAGE = 2
state = {"window_shown": False}  # set once run() has shown the window (ui.windowed then keeps quiet)


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def make_app() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("DX Planner")
    app.setOrganizationName("DXPlanner")
    return app


def setup(app: QApplication, lang: str | None) -> str:
    """Font, language and display preferences (from the settings unless ``lang`` is given)."""
    from ui import display
    from ui import settings as cfg
    from ui.fonts import register_fonts
    from ui.lang import apply_language

    register_fonts(app)
    st = cfg.Settings()
    chosen = lang or st.get(cfg.LANGUAGE)
    display.set_era(st.get(cfg.ERA_STYLE))
    display.set_quarter_style(st.get(cfg.QUARTER_STYLE))
    return apply_language(chosen)


def run(file: str | None = None, screenshot: str | None = None, page: str | None = None,
        lang: str | None = None) -> int:
    if page is not None and not is_valid_page(page):
        _err(_("Unknown page “{page}”. Pages: {pages}").format(page=page, pages=page_help()))
        return EXIT_USAGE
    app = make_app()
    setup(app, lang if lang in ("ja", "en") else None)
    from ui import text as ui_text

    ui_text.NON_INTERACTIVE = bool(screenshot)  # nobody answers a screenshot run's dialogs
    try:
        return _run(app, file, screenshot, page)
    finally:
        ui_text.NON_INTERACTIVE = False


def _run(app: QApplication, file: str | None, screenshot: str | None, page: str | None) -> int:
    from ui.main_window import MainWindow

    window = MainWindow()
    t_open = time.perf_counter()
    wizard: QWidget | None = None
    if file:
        path = Path(file)
        if not window.open_path(path, None if page in (None, "start") or str(page).startswith(WIZARD_PREFIX)
                                else page):
            return EXIT_USAGE
        if page and page != "start" and not page.startswith(WIZARD_PREFIX) and window.current_page != page:
            _err(_("Unknown page “{page}”. Pages: {pages}").format(page=page, pages=", ".join(window.page_names())))
            return EXIT_USAGE
    elif page and page not in ("start",) and not page.startswith(WIZARD_PREFIX):
        _err(_("The page “{page}” needs a plan file: dxplanner gui FILE --page {page}").format(page=page))
        return EXIT_USAGE
    if page and page.startswith(WIZARD_PREFIX):
        from ui.wizard import NewPlanWizard

        wiz = NewPlanWizard(window, settings=window.settings)
        n = int(page.split(":", 1)[1]) if ":" in page else 1
        wiz.prefill_example()
        if not wiz.go_to_page(n):
            _err(_("The walk-through has pages 1 to {n}").format(n=wiz.page_count()))
            return EXIT_USAGE
        wizard = wiz
    open_s = time.perf_counter() - t_open
    if screenshot:
        window.resize(1280, 820)  # the same picture whatever the saved geometry
    window.show()
    state["window_shown"] = True
    if wizard is not None:
        wizard.show()
    if screenshot:
        code = _screenshot(app, wizard or window, Path(screenshot))
        if wizard is not None:
            window.close()  # the plan behind the walk-through: saved and its lock released
        return code
    if os.environ.get("DXPLANNER_EXIT_WHEN_READY"):
        def ready() -> None:
            now = time.perf_counter()
            line = json.dumps({"ready_s": round(now - T0, 4), "open_s": round(open_s, 4),
                               "open_to_ready_s": round(now - t_open, 4)})
            print(line, flush=True)
            if ready_file := os.environ.get("DXPLANNER_READY_FILE"):
                data = json.loads(line) | {"title": window.windowTitle(), "file": file}
                Path(ready_file).write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
            app.exit(EXIT_OK)

        QTimer.singleShot(0, ready)  # runs once the event loop has drawn the window and is idle
    return int(app.exec())


def _screenshot(app: QApplication, widget: QWidget, out: Path) -> int:
    # wait until the window is exposed and painted (no QtTest: the frozen build leaves it out)
    from PySide6.QtCore import QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(5000)
    while not deadline.hasExpired():
        handle = widget.windowHandle()
        if handle is not None and handle.isExposed():
            break
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _i in range(5):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)
        time.sleep(0.03)
    pix = widget.grab()
    if not pix.save(str(out), "PNG"):
        _err(_("Cannot write {file}").format(file=str(out)))
        return EXIT_USAGE
    from PySide6.QtWidgets import QDialog

    if isinstance(widget, QDialog):
        widget.done(QDialog.DialogCode.Rejected)  # a picture was taken: no "discard?" question
    else:
        widget.close()
    return EXIT_OK
