"""Wording that fits a 役所, in the PDF the council reads: a 首長 is 就任, a body 設置済, an edition
策定/改定 (or 時点 for DX Planner's compilation), never 決定; a post is not said twice."""

from __future__ import annotations

import datetime
import re
import subprocess
from pathlib import Path

import pytest

from dxplanner import ops
from dxplanner.exchange.pdf_report import PdfOptions, export_pdf
from dxplanner.labels import appointment_wording
from dxplanner.template import Situation, new_plan

TODAY = datetime.date(2026, 12, 4)


def pdf_text(plan, tmp_path: Path, pages: str = "2") -> str:
    out = tmp_path / "p.pdf"
    export_pdf(plan, out, PdfOptions(today=TODAY))
    first, _sep, last = pages.partition("-")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", "-f", first, "-l", last or first, str(out), "-"],
                          capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \t]+", " ", text)


def test_status_wording() -> None:
    assert appointment_wording("任命済", "首長", "ja") == "就任済"
    assert appointment_wording("予定", "首長", "ja") == "就任予定"
    assert appointment_wording("任命済", "body", "ja") == "設置済"
    assert appointment_wording("任命済", "CIO", "ja") is None  # a CIO is 任命済
    assert appointment_wording("任命済", "首長", "en") == "In office (就任済)"


def test_roles_and_bodies_in_the_pdf(tmp_path) -> None:
    plan = new_plan("みどり町", "019992", now=datetime.datetime(2026, 12, 4, 9, 0),
                    situation=Situation(cio=True, hq=True))
    # a plan made by an earlier version: the post named like the role
    for r in plan.roles.values():
        ops.UpdateEntity("roles", r.id, {"title": r.kind}).apply(plan)
    text = pdf_text(plan, tmp_path)
    assert "首長 首長" not in text and "CISO / CISO" not in text and "CISO CISO" not in text
    assert "就任済" in text and "設置済" in text
    assert "全庁的なマネジメント体制の長" not in text  # the catalog's note is not the town's 備考


@pytest.mark.parametrize(("edition", "words"), [
    ("1.0", "令和2年12月25日策定"), ("2.3", "令和6年2月5日改定"), ("r8", "令和8年12月1日時点"),
])
def test_edition_on_the_cover(tmp_path, edition, words) -> None:
    plan = new_plan("みどり町", "019992", edition=edition, now=datetime.datetime(2026, 12, 4, 9, 0))
    text = pdf_text(plan, tmp_path, "1")
    assert words in text.replace("\n", "")
    assert "決定）" not in text.replace("以後の国の決定）", "")  # the name of r8 itself says 国の決定
