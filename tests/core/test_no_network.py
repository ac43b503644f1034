"""No network, ever: a whole working session runs with every socket patched to fail.

In-process: new plan, edits, backup, export Excel and PDF, progress import, roll-up, JSON.
Command line: the same through ``dxplanner`` subprocesses whose ``sitecustomize`` patches the
socket module before anything else is imported. Any attempt is recorded and fails the test
(even when the code under test would have swallowed the error).
"""

from __future__ import annotations

import datetime
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from dxplanner import ops
from dxplanner.document import Document
from dxplanner.exchange.aggregate import aggregate
from dxplanner.exchange.json_format import dumps, loads, plan_to_dict
from dxplanner.exchange.pdf_report import PdfOptions, export_pdf
from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx
from dxplanner.exchange.xlsx_import import read_progress
from dxplanner.store import backup
from dxplanner.template import new_plan

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2025, 10, 1)
NETWORK_FUNCTIONS = ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                     "create_server", "getnameinfo")
# methods of socket.socket (the class stays a class: ssl and others subclass it)
SOCKET_METHODS = ("connect", "connect_ex", "bind", "sendto", "sendmsg")


@pytest.fixture
def no_network(monkeypatch):
    attempts: list[str] = []

    def refuse(name):
        def _refuse(*args, **kwargs):
            attempts.append(f"{name}{args!r}")
            raise OSError(f"network access attempted in an offline test: {name}")

        return _refuse

    for name in SOCKET_METHODS:
        if hasattr(socket.socket, name):  # Windows has no sendmsg
            monkeypatch.setattr(socket.socket, name, refuse("socket." + name))
    for name in NETWORK_FUNCTIONS:
        monkeypatch.setattr(socket, name, refuse(name))
    yield attempts
    assert attempts == [], attempts


def test_the_patch_works(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    with socket.socket() as s, pytest.raises(OSError):
        s.connect(("127.0.0.1", 9))
    assert len(no_network) == 2
    no_network.clear()


def test_a_whole_session_offline(no_network, tmp_path):
    # new
    plan = new_plan("みどり町", "019992", edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0))
    path = tmp_path / "みどり町.dxplan"
    with Document.create(path, plan) as doc:
        # edits
        tid = sorted(doc.plan.tasks)[0]
        doc.execute(ops.UpdateEntity("tasks", tid, {"title": "オフラインで編集", "progress": 50,
                                                   "status": "進行中", "department": "企画課"}))
        area = sorted(doc.plan.areas)[0]
        doc.execute(ops.add_task(doc.plan, area, "新しい取組", start=datetime.date(2025, 4, 1),
                                 end=datetime.date(2025, 9, 30), department="企画課"))
        backup.make_backup(doc.file, reason="manual")  # type: ignore[arg-type]
        # export Excel and PDF
        xlsx = tmp_path / "提出.xlsx"
        export_xlsx(doc.plan, xlsx, XlsxOptions(progress="all", today=TODAY))
        result = export_pdf(doc.plan, tmp_path / "議会.pdf", PdfOptions(today=TODAY))
        assert result.pages >= 1
        # a department fills in progress; it is read back
        wb = openpyxl.load_workbook(xlsx)
        ws = wb["進捗入力"]
        for r in range(1, ws.max_row + 1):
            if ws.cell(r, 1).value == tid:
                ws.cell(r, 9).value = 80
        wb.save(tmp_path / "回答.xlsx")
        imported = read_progress(tmp_path / "回答.xlsx", doc.plan)
        assert imported.errors == [] and imported.op is not None
        doc.execute(imported.op)
        assert doc.plan.tasks[tid].progress == 80
        final = plan_to_dict(doc.plan)
    # JSON out and in
    assert plan_to_dict(loads(dumps(Document.open(path, readonly=True).plan))) == final
    # the prefecture's roll-up of the plan and its workbook
    other = new_plan("さくら村", "019992", edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0))
    other.municipality.code = "011002"
    other_path = tmp_path / "さくら村.dxplan"
    Document.create(other_path, other).close()
    rolled = aggregate([path, other_path], tmp_path / "集計.xlsx", lang="ja")
    assert rolled.municipalities == 2, rolled.rejected


SITECUSTOMIZE = textwrap.dedent("""
    import os, socket, sys

    def _refuse(name):
        def refuse(*args, **kwargs):
            with open(os.environ["DX_NETLOG"], "a", encoding="utf-8") as fh:
                fh.write(name + repr(args) + "\\n")
            raise OSError("network access attempted in an offline test: " + name)
        return refuse

    for _name in {methods!r}:
        setattr(socket.socket, _name, _refuse("socket." + _name))
    for _name in {names!r}:
        setattr(socket, _name, _refuse(_name))
""").format(names=NETWORK_FUNCTIONS, methods=SOCKET_METHODS)


def test_the_command_line_offline(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]), "DX_NETLOG": str(log)}

    def run(*args: str) -> subprocess.CompletedProcess:
        r = subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=120, check=False)
        return r

    probe = run("-c", "import socket; socket.create_connection(('127.0.0.1', 9))")
    assert probe.returncode != 0 and log.read_text(encoding="utf-8").startswith("create_connection")
    log.unlink()
    probe = run("-c", "import socket; socket.socket().connect(('127.0.0.1', 9))")
    assert probe.returncode != 0 and log.read_text(encoding="utf-8").startswith("socket.connect")
    log.unlink()

    cli = ["-m", "dxplanner.cli"]
    plan = str(tmp_path / "町.dxplan")
    steps = [
        ["new", plan, "--name", "みどり町", "--code", "019992"],
        ["export", plan, "--xlsx", str(tmp_path / "提出.xlsx"), "--pdf", str(tmp_path / "議会.pdf"),
         "--progress-sheet", "all"],
        ["import", str(tmp_path / "提出.xlsx"), plan],
        ["aggregate", str(tmp_path / "集計.xlsx"), plan],
        ["backup", plan],
        ["check", plan],
    ]
    for step in steps:
        r = run(*cli, *step)
        assert r.returncode in (0, 1), (step, r.stderr)
    assert not log.exists(), log.read_text(encoding="utf-8")
