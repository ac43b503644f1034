"""From a チェック結果 finding to its task on the 工程表 (Enter or double-click in the check panel),
at the standard window size in Japanese and English: the 工程表 stays the page, the task's row is
selected and on screen with the 取組 column whole (not scrolled sideways, not collapsed), and the
chart shows the task's bar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from dxplanner.exchange.json_format import read_json_file
from dxplanner.paths import sample_plan_json
from dxplanner.store.gateway import write_new
from ui.gantt.model import COL_TITLE

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "QFont::setPointSizeF", "This plugin does not support"),
]


@pytest.fixture
def sample_file(tmp_path):
    p = tmp_path / "みどり町.dxplan"
    write_new(p, read_json_file(sample_plan_json()))
    return p


@pytest.fixture
def restored():
    font = QApplication.font()
    yield
    from ui.lang import apply_language

    apply_language("ja")
    QApplication.setFont(font)


def _window(qtbot, sample_file, lang):
    from ui import display
    from ui.fonts import register_fonts
    from ui.lang import apply_language
    from ui.main_window import MainWindow

    register_fonts(QApplication.instance())
    apply_language(lang)
    display.set_era("wareki")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(sample_file, "schedule")
    w.resize(1280, 820)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


def _task_rows(panel):
    m = panel.model
    return [r for r in range(m.rowCount()) if m.finding(r).kind == "tasks"]


def _assert_task_shown(w, tid):
    assert w.current_page == "schedule"
    view = w.pages["schedule"].gantt
    tree = view.tree
    QApplication.processEvents()
    idx = view.model.task_index(tid, COL_TITLE)
    assert tree.currentIndex().siblingAtColumn(COL_TITLE) == idx
    # the 取組 column: not scrolled sideways, not collapsed, whole in the table's viewport
    assert tree.horizontalScrollBar().value() == 0
    assert view.splitter.sizes()[0] > 0 and tree.isVisible()
    x, cw = tree.columnViewportPosition(COL_TITLE), tree.columnWidth(COL_TITLE)
    assert x == 0 and cw <= tree.viewport().width(), (x, cw, tree.viewport().width())
    kan = tree.fontMetrics().horizontalAdvance("漢")
    assert cw >= tree.indentation() * 2 + kan * 9
    # the row is on screen
    row = tree.visualRect(idx)
    assert tree.viewport().rect().contains(QRect(0, row.top(), 1, row.height())), row.getRect()
    # and so is the bar (or at least its start and a good part of it)
    bar = view.timeline.bar_rect(tid)
    assert bar is not None
    vp = view.timeline.viewport().rect()
    assert vp.top() <= bar.center().y() <= vp.bottom(), (bar.getRect(), vp.getRect())
    assert vp.left() <= bar.left() < vp.right() - 20 or (bar.left() < vp.left() and bar.right() > vp.left() + 20), \
        (bar.getRect(), vp.getRect())


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("how", ["enter", "double-click"])
def test_a_finding_jumps_to_its_task_on_the_schedule(qtbot, answers, sample_file, restored, lang, how):
    w = _window(qtbot, sample_file, lang)
    view = w.pages["schedule"].gantt
    # a person who looked around first: the chart scrolled far to the right, the table too
    view.timeline.horizontalScrollBar().setValue(view.timeline.horizontalScrollBar().maximum())
    view.tree.horizontalScrollBar().setValue(view.tree.horizontalScrollBar().maximum())
    w.toggle_check()
    panel = w.check_panel
    panel.refresh()
    QApplication.processEvents()  # the panel is laid out before a person reads it
    rows = _task_rows(panel)
    assert rows, "the sample has findings about tasks"
    for r in (rows[-1], rows[0]):
        tid = panel.model.finding(r).id
        index = panel.model.index(r, 0)
        panel.view.setFocus()
        panel.view.setCurrentIndex(index)
        panel.view.scrollTo(index)
        if how == "enter":
            qtbot.keyClick(panel.view, Qt.Key.Key_Return)
        else:
            pos = panel.view.visualRect(index).center()
            # a double-click is a press and release, then the second press (QTest sends that one
            # as the double-click event) and its release
            qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
            qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        _assert_task_shown(w, tid)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_jump_opens_a_table_dragged_almost_shut_and_scrolled_sideways(qtbot, answers, sample_file, restored,
                                                                          lang):
    w = _window(qtbot, sample_file, lang)
    view = w.pages["schedule"].gantt
    handle = view.splitter.handle(1)
    start = handle.rect().center()
    # the splitter dragged to the left, as far as it goes
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start - QPoint(560, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start - QPoint(560, 0))
    QApplication.processEvents()
    tree = view.tree
    assert view.splitter.sizes()[0] < tree.columnWidth(COL_TITLE)
    tree.horizontalScrollBar().setValue(tree.horizontalScrollBar().maximum())
    assert tree.horizontalScrollBar().value() > 0
    w.toggle_check()
    panel = w.check_panel
    panel.refresh()
    QApplication.processEvents()
    r = _task_rows(panel)[-1]
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(r, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    _assert_task_shown(w, panel.model.finding(r).id)
