"""The walk-through makes a plan that is right today: the newest edition, five 年度 from this 年度,
no task late; the period chosen survives a change of edition; 団体の状況 chooses the starter tasks."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dxplanner import checks
from dxplanner.catalog import newest_edition
from dxplanner.model import is_late
from dxplanner.template import default_period
from tests.gui.conftest import QT_MARKS
from ui.wizard import NewPlanWizard, PlanPage, SituationStep

pytestmark = QT_MARKS


def make(qtbot):
    wiz = NewPlanWizard()
    qtbot.addWidget(wiz)
    wiz.show()
    qtbot.waitExposed(wiz)
    return wiz


def test_defaults_are_today_and_the_period_survives_an_edition_change(qtbot, answers):
    wiz = make(qtbot)
    b = wiz.basics
    assert b.edition.currentData() == newest_edition() and b.edition.currentIndex() == 0
    first, last = default_period(datetime.date.today())
    assert (b.from_fy.currentData(), b.to_fy.currentData()) == (first, last)
    b.edition.setFocus()
    QTest.keyClick(b.edition, Qt.Key.Key_Down)  # an older edition
    assert b.edition.currentData() != newest_edition()
    assert (b.from_fy.currentData(), b.to_fy.currentData()) == (first, last)


def test_situation_page_chooses_starter_tasks_and_nothing_is_late(qtbot, answers):
    wiz = make(qtbot)
    wiz.prefill_example()
    wiz.next()
    page = wiz.currentPage()
    assert isinstance(page, SituationStep)
    built_before = {t.template_id for t in wiz.plan.tasks.values()}
    assert {"r8-std-tokutei", "r8-std-remaining"} <= built_before  # not answered: every starter task
    for combo, value in ((page.std, "移行済"), (page.cio, True), (page.hq, True)):
        combo.setFocus()
        combo.setCurrentIndex(combo.findData(value))
    item = page.online.item(0)
    page.online.setFocus()
    page.online.setCurrentItem(item)
    QTest.keyClick(page.online, Qt.Key.Key_Space)  # a key press on the focused list ticks the row
    assert item.checkState() == Qt.CheckState.Checked
    done_id = item.data(Qt.ItemDataRole.UserRole)
    wiz.next()
    assert isinstance(wiz.currentPage(), PlanPage)
    assert not answers.shown  # nothing was edited yet: made again without asking
    plan = wiz.plan
    ids = {t.template_id for t in plan.tasks.values()}
    assert "r8-std-ops" in ids and "r8-std-tokutei" not in ids and "r8-std-remaining" not in ids
    assert "r8-structure-cio" not in ids and "r8-structure-hq" not in ids and "r8-structure-ciso" in ids
    assert next(r for r in plan.roles.values() if r.kind == "CIO").status == "任命済"
    assert plan.procedures[done_id].status == "オンライン化済"
    today = datetime.date.today()
    assert not [t.title for t in plan.tasks.values() if is_late(t.end, t.status, today)]
    assert "overdue" not in {f.code for f in checks.check(plan, today)}
    # back on 団体の状況 the answers are still there
    wiz.back()
    assert page.std.currentData() == "移行済" and page.online.item(0).checkState() == Qt.CheckState.Checked


def test_an_installed_edition_is_offered_first(qtbot, answers, tmp_path):
    import json

    from dxplanner import catalog

    data = json.loads(catalog.edition_bytes("r8").decode("utf-8"))
    data.update(id="r8-pref", title="令和8年度版（県配布）", decided="2026-12-03")
    f = tmp_path / "pref.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    catalog.install_edition(f)
    wiz = make(qtbot)
    combo = wiz.basics.edition
    assert combo.itemData(0) == "r8-pref" and combo.itemText(0) == "令和8年度版（県配布）"
    assert [combo.itemData(i) for i in range(combo.count())] == ["r8-pref", "r8", "2.3", "1.0"]
