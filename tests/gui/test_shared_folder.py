"""The window and a plan on a shared folder: idle write-back, background failures shown, a close
that cannot write back reported, and what opening recovered told (docs/data-safety.md)."""

from __future__ import annotations

import hashlib
import os

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.errors import FileError
from dxplanner.exchange.json_format import plan_to_dict, read_json_file
from dxplanner.i18n import N_
from dxplanner.paths import sample_plan_json
from dxplanner.store.gateway import PlanFile, write_new


def on_disk(path):
    with PlanFile.open(path, readonly=True) as pf:
        return plan_to_dict(pf.load())


def first_task(w):
    return sorted(w.ctl.plan.tasks)[0]


def test_idle_write_back_after_the_last_edit(window, share, qtbot):
    assert window.open_path(share)
    doc = window.ctl.doc
    assert doc.on_share
    doc.push_interval = 3600  # only the idle timer may write back
    window.ctl.sync_delay_ms = 50
    tid = first_task(window)
    assert window.ctl.run(ops.UpdateEntity("tasks", tid, {"title": "共有フォルダで編集"}))
    assert on_disk(share)["tasks"] != plan_to_dict(doc.plan)["tasks"]  # not yet
    qtbot.waitUntil(lambda: on_disk(share)["tasks"] == plan_to_dict(doc.plan)["tasks"], timeout=5000)


def test_someone_replacing_the_shared_file_is_shown_and_reported_at_close(window, share, qtbot, answers):
    assert window.open_path(share)
    window.show()
    qtbot.waitExposed(window)
    window.ctl.doc.push_interval = 3600
    window.ctl.sync_delay_ms = 50
    other = share.with_name("other.tmp.dxplan")
    write_new(other, read_json_file(sample_plan_json()))
    os.replace(other, share)  # another PC ignores the lock and copies its own file over ours
    theirs = hashlib.sha256(share.read_bytes()).hexdigest()
    assert window.ctl.run(ops.UpdateEntity("tasks", first_task(window), {"title": "私の変更"}))
    qtbot.waitUntil(window.message_bar.isVisible, timeout=5000)
    assert "上書きはしていません" in window.message_bar.text()
    window.close_plan()
    titles = [t for t, _text in answers.shown]
    assert "計画を書き戻せませんでした" in titles, answers.shown
    text = answers.shown[-1][1]
    assert "このパソコンに残して" in text
    assert hashlib.sha256(share.read_bytes()).hexdigest() == theirs  # theirs never overwritten
    assert window.ctl.doc is None and window.stack.currentWidget() is window.start


def test_notices_from_opening_are_told(window, plan_file, answers):
    doc = Document.open(plan_file)
    doc.notices.append(FileError(N_("Changes to {file} not yet written to the shared folder were found and kept."),
                                 file=plan_file.name))
    window.attach(doc)
    assert any(plan_file.name in text and "見つかった" in text for _t, text in answers.shown), answers.shown
    assert doc.notices == []


def test_a_failed_backup_is_shown_once_and_editing_goes_on(open_window, monkeypatch):
    from dxplanner.store import backup

    def fail(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "maybe_backup", fail)
    w = open_window
    w.ctl.doc._last_backup = None
    assert w.ctl.run(ops.UpdateEntity("tasks", first_task(w), {"title": "容量不足でも編集"}))
    assert w.message_bar.isVisible() and "No space left" in w.message_bar.text()
    w.message_bar.hide()
    assert w.ctl.run(ops.UpdateEntity("tasks", first_task(w), {"title": "もう一度"}))
    assert not w.message_bar.isVisible()  # the same failure is not repeated at every keystroke
