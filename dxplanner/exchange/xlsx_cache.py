"""Cached values for our formulas, so a workbook reads right before anything recalculates it.

openpyxl writes a formula with an empty value (``<f>SUM(B5:B9)</f><v/>``): Excel recalculates on
opening, but a preview pane, Protected View, a phone, a script reading the file (openpyxl's
``data_only``, pandas) or a prefecture's own tool sees blank totals. Every formula we write is one
of four simple forms: ``SUM(range)``, ``COUNTIF(range,"text")``, ``IFERROR(AVERAGE(range),"—")``
over cells of the same sheet, or a reference to one cell of another sheet. Their values are
computed here from the cells as written and stored in the saved file as the formulas' cached
values. A formula of any other form is a programming error (:func:`cached_values` raises), so a
new kind of formula cannot ship without a value.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils.cell import column_index_from_string, range_boundaries

_SUM = re.compile(r"=SUM\(([A-Z]+\d+:[A-Z]+\d+)\)$")
_COUNTIF = re.compile(r'=COUNTIF\(([A-Z]+\d+:[A-Z]+\d+),"([^"]*)"\)$')
_MEAN = re.compile(r'=IFERROR\(AVERAGE\(([A-Z]+\d+:[A-Z]+\d+)\),"([^"]*)"\)$')
_REF = re.compile(r"='((?:[^']|'')+)'!\$?([A-Z]+)\$?(\d+)$")  # ='団体概要'!$B$24


def _values(ws: Any, ref: str) -> list[Any]:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    cells = ws._cells  # the cells written (a range may cover blanks)
    return [cells[(r, c)].value for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)
            if (r, c) in cells]


def _numbers(values: list[Any]) -> list[float]:
    return [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]


def evaluate(ws: Any, formula: str) -> Any:
    """The value of one of our formulas over the cells of ``ws`` (or, for a reference, its workbook)."""
    if m := _REF.match(formula):
        target = ws.parent[m[1].replace("''", "'")]
        cell = target._cells.get((int(m[3]), column_index_from_string(m[2])))
        value = cell.value if cell is not None else None
        return "" if value is None else value
    if m := _SUM.match(formula):
        total = sum(_numbers(_values(ws, m[1])))
        return int(total) if float(total).is_integer() else total
    if m := _COUNTIF.match(formula):
        return sum(1 for v in _values(ws, m[1]) if isinstance(v, str) and v == m[2])
    if m := _MEAN.match(formula):
        nums = _numbers(_values(ws, m[1]))
        return sum(nums) / len(nums) if nums else m[2]
    raise ValueError(f"no cached value for the formula {formula!r}")


def cached_values(wb: Workbook) -> dict[int, dict[str, Any]]:
    """{sheet index: {coordinate: value}} for every formula cell of the workbook."""
    out: dict[int, dict[str, Any]] = {}
    for i, ws in enumerate(wb.worksheets):
        found: dict[str, Any] = {}
        for (_r, _c), cell in ws._cells.items():
            if cell.data_type == "f" and isinstance(cell.value, str):
                found[cell.coordinate] = evaluate(ws, cell.value)
        if found:
            out[i] = found
    return out


def _sheet_parts(zf: zipfile.ZipFile) -> list[str]:
    """Worksheet part names in the workbook's sheet order."""
    wb_xml = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    parts = []
    for rid in re.findall(r'<sheet [^>]*r:id="([^"]+)"', wb_xml):
        target = targets[rid].lstrip("/")
        parts.append(target if target.startswith("xl/") else "xl/" + target)
    return parts


def _value_xml(v: Any) -> tuple[str, str]:
    """(type attribute, <v> text) of a cached value."""
    if isinstance(v, str):
        return ' t="str"', escape(v)
    return "", repr(float(v)) if isinstance(v, float) else str(v)


def store_cached_values(path: Path, values: dict[int, dict[str, Any]]) -> None:
    """Rewrite the saved workbook at ``path`` with each formula's cached value."""
    if not values:
        return
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        parts = {name: i for i, name in enumerate(_sheet_parts(zin))}
        for info in zin.infolist():
            raw = zin.read(info.filename)
            i = parts.get(info.filename)
            if i is not None and i in values:
                raw = _fill(raw.decode("utf-8"), values[i]).encode("utf-8")
            zout.writestr(info, raw)
    path.write_bytes(out.getvalue())


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v\s*/>(</c>)|'
                           r'<c r="([A-Z]+\d+)"([^>]*)><f>([^<]*)</f><v></v>(</c>)')


def _fill(xml: str, values: dict[str, Any]) -> str:
    def repl(m: re.Match[str]) -> str:
        ref = m[1] or m[5]
        attrs = m[2] if m[1] else m[6]
        formula = m[3] if m[1] else m[7]
        if ref not in values:
            return m[0]
        kind, text = _value_xml(values[ref])
        attrs = re.sub(r'\s+t="[^"]*"', "", attrs) + kind
        return f'<c r="{ref}"{attrs}><f>{formula}</f><v>{text}</v></c>'

    return _FORMULA_CELL.sub(repl, xml)
