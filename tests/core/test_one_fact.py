"""One fact, one place: each figure shown in several outputs reads the same everywhere.

The figures are taken back from what a reader sees (the PDF's text, the workbook's cells, the
roll-up of the workbook) and compared with each other and with :mod:`dxplanner.figures`, on the
sample and on a fresh plan whose facts contradict each other (a CIO 任命済 with 「CIOの任命」
未着手, an external CIO補佐官 hire without the role, a 手続 past its own date).
"""

from __future__ import annotations

import datetime
import re

import openpyxl
import pytest

from dxplanner import checks, figures
from dxplanner.exchange.aggregate import aggregate
from dxplanner.exchange.pdf_report import PdfOptions, export_pdf
from dxplanner.model import ExternalHire
from tests.core.test_pdf_report import pdftotext
from tests.core.test_xlsx_export import export, sample_plan

TODAY = datetime.date(2026, 12, 4)


def contradicting(plan):
    cio = next(r for r in plan.roles.values() if r.kind == "CIO")
    cio.status = "任命済"
    plan.hires["h"] = ExternalHire(id="h", title="CIO補佐官", person="高橋", from_fy=2025, to_fy=2027,
                                   annual_cost=2_400_000, allocation="特別交付税")
    p = next(iter(plan.procedures.values()))
    p.status, p.planned_date = "対応中", datetime.date(2026, 3, 1)
    s = next(iter(plan.systems.values()))
    s.phases = {"計画立案": "完了済み", "システム選定": "完了済み", "移行": "完了済み"}
    return plan


@pytest.fixture(params=["sample", "fresh"])
def subject(request, plan):
    return sample_plan() if request.param == "sample" else contradicting(plan)


def _overview(ws):
    return {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}


def test_every_output_tells_the_same_figures(subject, tmp_path):
    plan = subject
    counts = figures.task_counts(None, TODAY, plan)
    std = figures.std_figures(plan)
    online = figures.online_figures(plan, TODAY)
    assistant = figures.cio_assistant(plan, TODAY)

    pdf = tmp_path / "r.pdf"
    export_pdf(plan, pdf, PdfOptions(today=TODAY))
    text = re.sub(r"\s+", " ", pdftotext(pdf))
    m = re.search(r"全 ([\d,]+) 件：完了 ([\d,]+).*?遅延 ([\d,]+)", text)
    assert m, "cover task line"
    assert [int(x.replace(",", "")) for x in m.groups()] == [counts.total, counts.done, counts.late]
    assert f"移行完了 {std.migrated} / {std.applicable} 業務" in text  # cover, from the tracker
    assert f"対象の {std.applicable} 業務のうち {std.migrated} 業務が標準準拠システムで稼働" in text  # the 標準化 page
    assert f"オンライン化済 {online.done} / {online.applicable} 手続" in text
    assert f"対象 {online.applicable} 手続" in text

    xlsx, _ = export(plan, tmp_path, "m.xlsx", today=TODAY)
    ov = _overview(openpyxl.load_workbook(xlsx, data_only=True)["団体概要"])
    assert (ov["取組"], ov["取組（完了）"], ov["取組（遅延）"]) == (counts.total, counts.done, counts.late)
    assert (ov["標準化：対象業務数"], ov["標準化：移行完了業務数"]) == (std.applicable, std.migrated)
    assert (ov["オンライン化：オンライン化済の手続数"], ov["オンライン化：対象手続数"]) == (online.done,
                                                                                  online.applicable)
    assert ov["CIO補佐官等の任命"] == assistant.status
    assert ov["CIO補佐官等の外部人材活用"] == ("○" if assistant.external else "×")

    roll = tmp_path / "roll.xlsx"
    assert aggregate([xlsx], roll).rejected == []
    ws = openpyxl.load_workbook(roll, data_only=True)["集計"]
    row = {c.value: ws.cell(5, c.column).value for c in ws[4] if c.value}
    assert (row["取組"], row["完了"], row["遅延"]) == (counts.total, counts.done, counts.late)
    assert row["標準化：移行完了業務数"] == std.migrated
    assert row["CIO補佐官等の任命"] == assistant.status

    late_findings = [f for f in checks.check(plan, TODAY) if f.code == "overdue"]
    assert len(late_findings) == counts.late  # the window's health check counts the same tasks


def test_contradictions_are_reported(plan):
    found = {f.code for f in checks.check(contradicting(plan), TODAY)}
    assert {"fact_task_open", "hire_role_missing", "procedure_past_date"} <= found


def test_council_paper_with_as_of_reads_the_same_on_a_later_day(tmp_path, monkeypatch, capsys):
    """`export --pdf --as-of`: the days late are counted on the 基準日, whatever the day of export."""
    import types

    from dxplanner import cli
    from dxplanner.exchange import pdf_report
    from dxplanner.store.gateway import write_new

    plan = sample_plan()
    path = tmp_path / "町.dxplan"
    write_new(path, plan)
    as_of = datetime.date(2025, 3, 31)
    late = {t.id: (as_of - t.end).days for t in plan.tasks.values() if figures.late_days(plan, t, as_of) is not None}
    assert late
    texts = []
    for n, day in enumerate((datetime.date(2025, 4, 1), datetime.date(2031, 1, 1))):
        fake = types.SimpleNamespace(date=types.SimpleNamespace(today=lambda day=day: day))
        monkeypatch.setattr(pdf_report, "datetime", fake)  # the export runs on ``day``
        out = tmp_path / f"r{n}.pdf"
        assert cli.main(["export", str(path), "--pdf", str(out), "--as-of", "2025-03-31"]) == 0
        texts.append(pdftotext(out))
    assert texts[0] == texts[1]
    for days in late.values():
        assert f"遅延 {days:,}日" in texts[0]
    assert "DX Planner" not in texts[0] and "チェック結果" not in texts[0]
    assert cli.main(["export", str(path), "--pdf", str(tmp_path / "x.pdf"), "--as-of", "3月末"]) != 0
    assert "--as-of" in capsys.readouterr().err
