"""The 工程表 page's layout in the real window, in Japanese and English: nothing in the toolbar is
clipped (what does not fit is in the » menu), the table side shows every column, and the today
marker in the header does not cover a label."""

from __future__ import annotations

import datetime

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from dxplanner.exchange.json_format import read_json_file
from dxplanner.paths import sample_plan_json
from dxplanner.store.gateway import write_new
from ui.gantt.model import COL_PROGRESS, COL_STATUS, COL_TITLE, COLUMNS
from ui.gantt.toolbar import ElidingCombo

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "QFont::setPointSizeF", "This plugin does not support"),
]

SIZES = {"standard": (1280, 820), "minimum": (960, 640)}


@pytest.fixture
def sample_file(tmp_path):
    p = tmp_path / "みどり町.dxplan"
    write_new(p, read_json_file(sample_plan_json()))  # it has a snapshot: the 比較 box has its real width
    return p


def schedule(qtbot, answers, sample_file, lang: str, size: tuple[int, int]):
    from ui import display
    from ui.fonts import register_fonts
    from ui.lang import apply_language
    from ui.main_window import MainWindow

    register_fonts(QApplication.instance())  # the program's own font, as `dxplanner gui` starts it
    apply_language(lang)
    display.set_era("wareki")
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.open_path(sample_file, "schedule")
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    assert w.size().toTuple() == size
    return w, w.pages["schedule"].gantt


@pytest.fixture
def lang_restored():
    font = QApplication.font()
    yield
    from ui.lang import apply_language

    apply_language("ja")
    QApplication.setFont(font)


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_toolbar_controls_are_whole_or_in_the_more_menu(qtbot, answers, sample_file, lang_restored, lang, size):
    w, view = schedule(qtbot, answers, sample_file, lang, size)
    bar = view.toolbar
    bar_rect = _rect_in(bar, w)
    assert w.rect().contains(bar_rect), "the toolbar runs past the window"
    shown = [x for g in bar.groups() if not g.hidden for x in g.widgets]
    if bar.hidden_groups():
        shown.append(bar.more)
    assert view.export_button in shown and view.zoom_box in shown
    rects = []
    for x in shown:
        assert x.isVisible()
        r = _rect_in(x, w)
        assert bar_rect.contains(r), f"{x} at {r.getRect()} is outside the toolbar {bar_rect.getRect()}"
        least = x.minimumSizeHint() if isinstance(x, ElidingCombo) else x.sizeHint()
        assert x.width() >= least.width(), f"{x} is squeezed: {x.width()} < {least.width()}"
        assert all(not r.intersects(o) for o in rects), f"{x} overlaps another control"
        rects.append(r)
    # the menu button's arrow has its own room: text + arrow fit the button
    fm = view.export_button.fontMetrics()
    assert view.export_button.width() >= fm.horizontalAdvance(view.export_button.text()) + 20
    # what left the row is in the » menu, and the » button says what it holds
    bar._fill_more()
    entries = [a.text().replace("&&", "&") for a in bar.more_menu.actions()]
    for g in bar.hidden_groups():
        assert g.name() in entries
        assert g.name() in bar.more.toolTip()
    if size == SIZES["standard"] and lang == "ja":
        assert not bar.hidden_groups(), "at 1280 wide every Japanese control fits the row"


def test_more_menu_changes_what_the_box_would(qtbot, answers, sample_file, lang_restored):
    w, view = schedule(qtbot, answers, sample_file, "en", SIZES["minimum"])
    bar = view.toolbar
    assert view.era_box.isHidden() and view.snap_box.isHidden()
    bar._fill_more()
    era_menu = next(a.menu() for a in bar.more_menu.actions() if a.text() == "Year labels")
    western = next(a for a in era_menu.actions() if a.text() == "Western (西暦)")
    assert not western.isChecked()
    western.trigger()
    assert view.model.era == "western" and view.era_box.currentData() == "western"
    snap_menu = next(a.menu() for a in bar.more_menu.actions() if a.text() == "Snap to")
    next(a for a in snap_menu.actions() if a.text() == "Quarter").trigger()
    assert view.timeline.snap == "quarter"
    # wider again: the boxes come back into the row with the choices made in the menu
    w.resize(1600, 820)
    QApplication.processEvents()
    assert view.era_box.isVisible() and view.era_box.currentData() == "western"
    assert not bar.hidden_groups() and bar.more.isHidden()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_table_side_shows_every_column_at_1280(qtbot, answers, sample_file, lang_restored, lang):
    _w, view = schedule(qtbot, answers, sample_file, lang, SIZES["standard"])
    tree = view.tree
    vp_w = tree.viewport().width()
    assert tree.horizontalScrollBar().value() == 0
    assert tree.horizontalScrollBar().maximum() == 0, "the table scrolls sideways"
    header = tree.header()
    hfm = header.fontMetrics()
    model = view.model
    for col in range(COLUMNS):
        x, cw = tree.columnViewportPosition(col), tree.columnWidth(col)
        assert x + cw <= vp_w, f"column {col} ends at {x + cw}, past the table's edge {vp_w}"
        title = str(model.headerData(col, Qt.Orientation.Horizontal))  # in the current language
        if " (" not in title:  # "Task (取組)" may end in … (its tooltip has it whole)
            assert hfm.horizontalAdvance(title) + 8 <= cw, f"header {title!r} is cut"
    fm = tree.fontMetrics()
    statuses = {model.index(r, COL_STATUS, p).data() for p, r in _all_rows(model)} - {None, ""}
    assert statuses
    for text in statuses:  # cells draw their text 4 px in from each side
        if "(" not in text:
            assert fm.horizontalAdvance(text) + 8 <= tree.columnWidth(COL_STATUS), text
    assert fm.horizontalAdvance("100%") + 8 <= tree.columnWidth(COL_PROGRESS)
    assert tree.columnWidth(COL_TITLE) >= tree.indentation() * 2 + fm.horizontalAdvance("漢") * 5
    # and the timeline keeps a third of the page
    assert view.timeline.width() >= view.width() / 3 - 10


def _all_rows(model):
    from PySide6.QtCore import QModelIndex

    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for r in range(model.rowCount(parent)):
            yield parent, r
            stack.append(model.index(r, 0, parent))


def _rows_with(img: QImage, x0: int, x1: int, y0: int, y1: int, test) -> list[int]:
    return [y for y in range(y0, y1) if any(test(QColor(img.pixel(x, y))) for x in range(x0, x1))]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_today_marker_is_below_the_header_labels(qtbot, ctl_sample, lang_restored, lang):
    from ui.gantt import GanttView
    from ui.lang import apply_language

    apply_language(lang)
    view = GanttView(ctl_sample)
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.show()
    qtbot.waitExposed(view)
    chart = view.chart
    chart.set_zoom("quarter")
    fy = ctl_sample.plan.from_fy + 1
    # today in the middle of 第3四半期, right under the centre of its label
    x0, x1 = chart.scale.x(datetime.date(fy, 10, 1)), chart.scale.x_end(datetime.date(fy, 12, 31))
    today = chart.scale.date_at((x0 + x1) / 2)
    h = chart.header_h

    def header(day: datetime.date) -> QImage:
        view.set_today(day)
        img = QImage(int(x1 - x0) + 2, h, QImage.Format.Format_RGB32)
        img.fill(Qt.GlobalColor.white)
        p = QPainter(img)
        p.translate(-x0, 0)
        chart.paint_header(p, x0, x1)
        p.end()
        return img

    plain = header(datetime.date(fy + 3, 1, 1))  # today outside: the labels alone
    marked = header(today)
    tx = int(chart.scale.x(today) + chart.scale.ppd / 2 - x0)
    cols = (max(0, tx - 8), min(plain.width(), tx + 9))
    text_rows = _rows_with(plain, *cols, chart.tier_h + 1, h - 1, lambda c: c.lightness() < 110)
    red_rows = _rows_with(marked, *cols, 0, h, lambda c: c.red() > 150 and c.green() < 110 and c.blue() < 110)
    assert text_rows, "the quarter label is drawn"
    assert red_rows, "the today marker is drawn"
    assert max(text_rows) < min(red_rows), f"label rows {text_rows} meet marker rows {red_rows}"


@pytest.fixture
def ctl_sample(controller_for, sample_file):
    return controller_for(sample_file)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_two_fiscal_years_and_readable_task_names_by_default(qtbot, answers, sample_file, lang_restored, lang):
    _w, view = schedule(qtbot, answers, sample_file, lang, SIZES["standard"])
    chart = view.chart
    one_year = chart.scale.x_end(datetime.date(2025, 3, 31)) - chart.scale.x(datetime.date(2024, 4, 1))
    assert view.timeline.viewport().width() >= 2 * one_year
    tree = view.tree
    fm = tree.fontMetrics()
    assert tree.columnWidth(COL_TITLE) >= tree.indentation() * 2 + fm.horizontalAdvance("漢") * 9


def test_line_labels_live_in_the_header_not_over_the_bars(qtbot, answers, sample_file, lang_restored):
    _w, view = schedule(qtbot, answers, sample_file, "ja", SIZES["standard"])
    chart = view.chart
    # the labels' strip is part of the header, between the quarter labels and the today marker
    assert chart.tags_top + chart.tags_h <= chart.header_h
    drawn = []
    chart._tag = lambda p, x, y, text, color, right: drawn.append(y)  # record where labels go
    view.timeline.viewport().repaint()
    view.timeline.repaint()
    QApplication.processEvents()
    assert drawn and all(y == chart.tags_top for y in drawn)
