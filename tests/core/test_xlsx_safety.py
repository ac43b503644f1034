"""Hostile workbooks, built here: each is refused cleanly (or read safely), and never changed."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dxplanner.errors import FileError
from dxplanner.exchange import xlsx_safety
from dxplanner.exchange.xlsx_import import read_progress
from dxplanner.exchange.xlsx_safety import SafeWorkbook
from tests.core.test_xlsx_export import export, sample_plan


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path, _ = export(sample_plan(), tmp_path_factory.mktemp("safe"), "good.xlsx", progress="all")
    return path


def rewrite(src: Path, dst: Path, change=None, add: dict[str, bytes] | None = None) -> Path:
    """A copy of a workbook with parts changed (``change(name, data) -> data``) or added."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if change is not None:
                data = change(info.filename, data)
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def progress_part(path: Path) -> str:
    """The part name of the 進捗入力 sheet."""
    wb = openpyxl.load_workbook(path, read_only=True)
    index = wb.sheetnames.index("進捗入力") + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


def corpus(good: Path, tmp: Path) -> dict[str, Path]:
    """Every hostile or foreign workbook the brief names, plus a few more."""
    files: dict[str, Path] = {}
    files["empty"] = tmp / "empty.xlsx"
    files["empty"].write_bytes(b"")
    files["text"] = tmp / "text.xlsx"
    files["text"].write_text("団体名,進捗\nみどり町,50\n", encoding="utf-8")
    files["truncated"] = tmp / "truncated.xlsx"
    files["truncated"].write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    files["ole"] = tmp / "old.xls"
    files["ole"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    # a zip bomb: a part of 8 MB of spaces compresses about 1000 to 1
    bomb = tmp / "bomb.xlsx"
    rewrite(good, bomb, add={"xl/media/padding.xml": b" " * (8 * 1024 * 1024)})
    files["bomb"] = bomb
    # macro-enabled: a fake VBA project and the macro content type
    files["vba"] = rewrite(good, tmp / "vba.xlsx", add={"xl/vbaProject.bin": b"\x01" * 100})
    files["xlsm_type"] = rewrite(good, tmp / "type.xlsx", change=lambda n, d: d.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml") if n == "[Content_Types].xml" else d)
    files["xlsm_ext"] = tmp / "macro.xlsm"
    files["xlsm_ext"].write_bytes(good.read_bytes())
    # entity expansion ("billion laughs") in a sheet part
    part = progress_part(good)
    files["dtd"] = rewrite(good, tmp / "dtd.xlsx", change=lambda n, d: d.replace(
        b"<worksheet", b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><worksheet', 1)
        if n == part else d)
    # a workbook from another tool: plain openpyxl, no DX Planner metadata
    other = openpyxl.Workbook()
    other.active.append(["ID", "状況", "進捗率"])
    other.active.append(["t024", "完了", 100])
    files["other_tool"] = tmp / "other.xlsx"
    other.save(files["other_tool"])
    # our metadata with a formula where text belongs
    files["meta_formula"] = rewrite(good, tmp / "metaf.xlsx", change=lambda n, d: re.sub(
        rb'(<c r="B1"[^>]*?) t="inlineStr"><is><t>dxplanner-xlsx</t></is></c>',
        rb'\1><f>"dxplanner-xlsx"</f><v>dxplanner-xlsx</v></c>', d) if b"dxplanner-xlsx" in d else d)
    return files


EXPECT = {
    "empty": "空",
    "text": "Excel ブック（.xlsx）ではありません",
    "truncated": "壊れている",
    "ole": ".xls",
    "bomb": "圧縮",
    "vba": "マクロ",
    "xlsm_type": "マクロ",
    "xlsm_ext": "マクロ",
    "dtd": "DTD",
    "other_tool": "DX Planner で書き出したブックではありません",
    "meta_formula": "管理情報",
}


def test_hostile_corpus_is_refused_cleanly_and_left_unchanged(good, tmp_path):
    files = corpus(good, tmp_path)
    assert set(files) == set(EXPECT)
    plan = sample_plan()
    for name, path in files.items():
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        with pytest.raises(FileError) as err:
            read_progress(path, plan)
        assert EXPECT[name] in err.value.message_ja, (name, err.value.message_ja)
        assert err.value.message_en and path.name in err.value.message_en
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in files.values())


def test_declared_dimension_xfd1048576_is_ignored(good, tmp_path):
    """A sheet claiming A1:XFD1048576 with a cell there is read in bounded time; the far cell is ignored."""
    part = progress_part(good)

    def huge(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
        return data.replace(b"</sheetData>",
                            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')

    path = rewrite(good, tmp_path / "dim.xlsx", change=huge)
    with SafeWorkbook(path) as book:
        ws = book.sheet("進捗入力")
        assert sum(1 for _ in book.rows(ws, max_rows=100, max_cols=12)) == 100
    result = read_progress(path, sample_plan())
    assert result.errors == [] and result.op is None


def test_limits_on_declared_sizes(good, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_safety, "MAX_TOTAL_UNCOMPRESSED", 10_000)
    with pytest.raises(FileError) as err:
        SafeWorkbook(good)
    assert "zip bomb" in err.value.message_en
    monkeypatch.undo()
    monkeypatch.setattr(xlsx_safety, "MAX_MEMBERS", 3)
    with pytest.raises(FileError) as err:
        SafeWorkbook(good)
    assert "too many parts" in err.value.message_en


def test_huge_sheet_rows_are_capped(good, tmp_path, monkeypatch):
    """More rows than the cap: reading stops at the cap (a huge sheet cannot exhaust memory)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(300):
        ws.append([f"id{i}", "完了", 100])
    buf = io.BytesIO()
    wb.save(buf)
    path = tmp_path / "rows.xlsx"
    path.write_bytes(buf.getvalue())
    monkeypatch.setattr(xlsx_safety, "MAX_ROWS", 50)
    with SafeWorkbook(path) as book:
        sheet = book.sheet(book.wb.sheetnames[0])
        assert sum(1 for _ in book.rows(sheet, max_rows=xlsx_safety.MAX_ROWS, max_cols=3)) == 50


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileError):
        SafeWorkbook(tmp_path / "nope.xlsx")
    with pytest.raises(FileError):
        SafeWorkbook(tmp_path)
