"""Opening workbooks somebody sent: refuse hostile ones before openpyxl touches them.

An .xlsx is a zip of XML parts. Before any XML parser sees it, :func:`inspect_workbook` checks:

* the bytes: not empty, not huge, a zip (an old .xls or a password-protected workbook is an OLE
  file, and a renamed text file is neither);
* the zip directory: member count, the declared uncompressed size of every part and of all
  together, and the compression ratio (zip bombs); Python's zipfile never returns more than a
  member's declared size and checks its CRC, so the declared sizes bound what is read later;
* the content: no VBA project and no macro-enabled content type (.xlsm), the parts a workbook
  must have, and no DTD in any part a parser may read (entity expansion: "billion laughs"),
  searched in a streaming pass with a bounded buffer. Which parts are XML is decided by
  ``[Content_Types].xml`` — the way openpyxl finds them — not by the name: a shared-strings
  part renamed ``xl/sharedStrings.dat`` is scanned like any other; only parts whose content
  type is a known binary one (images, printer settings) are skipped;
* the cost of reading: the parts openpyxl loads whole (shared strings, styles, the workbook)
  have small size limits (:data:`MAX_LOADED_PART`), sheets are streamed with a row cap, and the
  whole read has a deadline (:data:`MAX_READ_SECONDS`). benchmarks/xlsx_hostile.py measures
  the time and peak memory of refusing the hostile workbooks.

The file is read into memory once (it is small by then) and openpyxl reads that copy in
``read_only`` mode, so the file on disk is never opened for writing, never locked and cannot
change between the check and the read. Reading rows is capped (:func:`bounded_rows`): declared
dimensions such as ``A1:XFD1048576`` are ignored.
"""

from __future__ import annotations

import io
import json
import time
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from dxplanner.errors import FileError
from dxplanner.exchange.xlsx_common import FORMAT_NAME, FORMAT_VERSION, META_SHEET
from dxplanner.i18n import N_

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024
MAX_PART_UNCOMPRESSED = 64 * 1024 * 1024  # a sheet of 20,000 tasks is 13 MB
# parts openpyxl reads whole into memory, before any row: 6.5 million shared strings took 1 GB
MAX_LOADED_PART = 8 * 1024 * 1024
MAX_READ_SECONDS = 60.0
MAX_RATIO = 200  # uncompressed / compressed, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_ROWS = 60_000
MAX_COLS = 64
MAX_META_ROWS = 500

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04",)
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_MACRO_TYPES = (b"macroEnabled", b"vbaProject")
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# parts read whole by openpyxl (by content type): shared strings, styles, workbook, theme
_LOADED_TYPES = ("sharedStrings+xml", "styles+xml", "sheet.main+xml", "theme+xml", "template.main+xml")
# content types never handed to an XML parser
_BINARY_TYPE_PREFIXES = ("image/", "audio/", "video/", "application/vnd.openxmlformats-officedocument.spreadsheetml"
                         ".printerSettings", "application/vnd.ms-office.activeX", "application/octet-stream")


def _refuse(path: Path, reason_msgid: str, **params: Any) -> FileError:
    return FileError(N_("{file} cannot be read as a workbook: {reason}"), file=path.name,
                     reason=FileError(reason_msgid, **params))


def read_bytes(path: Path) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise FileError(N_("{file} does not exist"), file=str(path)) from None
    except OSError as exc:
        raise FileError(N_("{file} cannot be read: {detail}"), file=str(path), detail=exc.strerror) from exc
    if not path.is_file():
        raise FileError(N_("{file} is not a file"), file=str(path))
    if st.st_size == 0:
        raise _refuse(path, N_("the file is empty (0 bytes)"))
    if st.st_size > MAX_FILE_BYTES:
        raise _refuse(path, N_("the file is larger than {limit} MB"), limit=MAX_FILE_BYTES // (1024 * 1024))
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileError(N_("{file} cannot be read: {detail}"), file=str(path), detail=exc.strerror) from exc


def inspect_workbook(path: Path, data: bytes) -> None:
    """Raise FileError unless ``data`` looks like a harmless .xlsx (see the module doc)."""
    if data.startswith(_OLE_MAGIC):
        raise _refuse(path, N_("it is an old-format .xls or a password-protected workbook; "
                               "save it as an Excel workbook (.xlsx) without a password"))
    if not data.startswith(_ZIP_MAGIC):
        raise _refuse(path, N_("it is not an Excel workbook (.xlsx)"))
    if path.suffix.lower() in (".xlsm", ".xltm", ".xlam"):
        raise _refuse(path, N_("it is a macro-enabled workbook; macros are never opened"))
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(path, N_("the file is damaged or incomplete (not a readable zip)")) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise _refuse(path, N_("it has too many parts ({n})"), n=len(infos))
        total = 0
        names = set()
        for info in infos:
            names.add(info.filename)
            total += info.file_size
            if info.file_size > MAX_PART_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
                raise _refuse(path, N_("it unpacks to more than {limit} MB (a zip bomb?)"),
                              limit=MAX_TOTAL_UNCOMPRESSED // (1024 * 1024))
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(path, N_("a part is compressed more than {ratio} to 1 (a zip bomb?)"), ratio=MAX_RATIO)
            if info.flag_bits & 0x1:
                raise _refuse(path, N_("parts of it are encrypted"))
            if info.filename.lower().endswith("vbaproject.bin"):
                raise _refuse(path, N_("it is a macro-enabled workbook; macros are never opened"))
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise _refuse(path, N_("it is not an Excel workbook (.xlsx)"))
        ct_info = zf.getinfo("[Content_Types].xml")
        if ct_info.file_size > MAX_LOADED_PART:
            raise _refuse(path, N_("a part is larger than {limit} MB"), limit=MAX_LOADED_PART // (1024 * 1024))
        _scan_part(path, zf, ct_info)  # before it is parsed below
        try:
            types = zf.read(ct_info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise _refuse(path, N_("the file is damaged or incomplete (not a readable zip)")) from None
        if any(m in types for m in _MACRO_TYPES):
            raise _refuse(path, N_("it is a macro-enabled workbook; macros are never opened"))
        content_type = _content_types(path, types)
        for info in infos:
            ctype = content_type(info.filename)
            if ctype.startswith(_BINARY_TYPE_PREFIXES) and not info.filename.lower().endswith(
                    (".xml", ".rels", ".vml")):
                continue  # an image or printer settings: no parser reads it
            if any(t in ctype for t in _LOADED_TYPES) and info.file_size > MAX_LOADED_PART:
                raise _refuse(path, N_("a part is larger than {limit} MB"),
                              limit=MAX_LOADED_PART // (1024 * 1024))
            if info.filename != ct_info.filename:
                _scan_part(path, zf, info)


def _content_types(path: Path, types: bytes) -> Any:
    """A function from a part's name to its content type ("" when none is declared).

    ``[Content_Types].xml`` was scanned for a DTD first, so ElementTree (expat) cannot expand
    entities here."""
    try:
        root = ElementTree.fromstring(types)  # noqa: S314 (scanned: no DTD, so no entities)
    except ElementTree.ParseError:
        raise _refuse(path, N_("a part of it cannot be read ({detail})"), detail="[Content_Types].xml") from None
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for el in root:
        if el.tag == _CT_NS + "Default":
            defaults[el.get("Extension", "").lower()] = el.get("ContentType", "")
        elif el.tag == _CT_NS + "Override":
            overrides[el.get("PartName", "").lstrip("/").lower()] = el.get("ContentType", "")

    def content_type(name: str) -> str:
        key = name.lower()
        if key in overrides:
            return overrides[key]
        ext = key.rsplit(".", 1)[-1] if "." in key.rsplit("/", 1)[-1] else ""
        return defaults.get(ext, "")

    return content_type


def _scan_part(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Stream one XML part looking for a DTD; also proves the part decompresses with a good CRC."""
    tail = b""
    try:
        with zf.open(info) as fh:
            head = fh.read(4)
            if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
                raise _refuse(path, N_("a part uses an XML encoding this program does not read"))
            chunk = head
            while chunk:
                window = tail + chunk
                if any(m in window for m in _DTD_MARKERS):
                    raise _refuse(path, N_("a part declares a DTD (entity expansion is refused)"))
                tail = window[-16:]
                chunk = fh.read(1 << 20)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        raise _refuse(path, N_("the file is damaged or incomplete (not a readable zip)")) from None


class SafeWorkbook:
    """A checked workbook opened read-only from an in-memory copy; use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._deadline = time.monotonic() + MAX_READ_SECONDS
        data = read_bytes(self.path)
        inspect_workbook(self.path, data)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about unknown extensions, data validation…
                self.wb: Workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False,
                                                  keep_links=False, keep_vba=False, rich_text=False)
        except FileError:
            raise
        except Exception as exc:  # openpyxl raises many kinds on a malformed part
            raise _refuse(self.path, N_("a part of it cannot be read ({detail})"),
                          detail=type(exc).__name__) from exc

    def close(self) -> None:
        self.wb.close()

    def __enter__(self) -> SafeWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheet(self, name: str) -> Any:
        """A worksheet by exact name (including very hidden ones), or None."""
        if name not in self.wb.sheetnames:
            return None
        ws = self.wb[name]
        ws.reset_dimensions()  # never trust a declared dimension such as A1:XFD1048576
        return ws

    def metadata(self) -> dict[str, str]:
        """Our metadata sheet as a dict; FileError when the workbook is not ours or is newer."""
        ws = self.sheet(META_SHEET)
        if ws is None:
            raise _refuse(self.path, N_("it was not written by DX Planner (another program's workbook)"))
        meta: dict[str, str] = {}
        for row in self.rows(ws, max_rows=MAX_META_ROWS, max_cols=2):
            key, value = row[0], row[1]
            if key.value is None:
                continue
            if key.data_type != "s" or (value.value is not None and value.data_type != "s"):
                raise _refuse(self.path, N_("its DX Planner information was changed (a formula or number "
                                            "where text belongs)"))
            meta[str(key.value)] = "" if value.value is None else str(value.value)
        if meta.get("format") != FORMAT_NAME:
            raise _refuse(self.path, N_("it was not written by DX Planner (another program's workbook)"))
        try:
            version = int(meta.get("format_version", ""))
        except ValueError:
            raise _refuse(self.path, N_("its DX Planner information was changed (a formula or number "
                                        "where text belongs)")) from None
        if version > FORMAT_VERSION:
            raise _refuse(self.path, N_("it was written by a newer DX Planner (workbook format {found}; this "
                                        "program reads up to {known})"), found=version, known=FORMAT_VERSION)
        return meta

    def rows(self, ws: Any, *, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS, min_row: int = 1,
             ) -> Iterator[tuple[Any, ...]]:
        """Rows ``min_row``… of a sheet, at most ``max_rows`` rows of exactly ``max_cols`` cells.

        Rows are padded with openpyxl's EmptyCell, so callers index by column without trusting
        what the sheet declares; a malformed sheet part becomes a FileError.
        """
        try:
            for n, row in enumerate(
                    ws.iter_rows(min_row=min_row, max_row=min_row + max_rows - 1, min_col=1, max_col=max_cols)):
                if n % 256 == 0 and time.monotonic() > self._deadline:
                    raise _refuse(self.path, N_("reading it takes longer than {seconds} seconds"),
                                  seconds=int(MAX_READ_SECONDS))
                yield row
        except FileError:
            raise
        except Exception as exc:
            raise _refuse(self.path, N_("a part of it cannot be read ({detail})"),
                          detail=type(exc).__name__) from exc

    def meta_json(self, meta: dict[str, str], key: str) -> Any:
        try:
            return json.loads(meta.get(key, ""))
        except (ValueError, RecursionError):
            raise _refuse(self.path, N_("its DX Planner information was changed (a formula or number "
                                        "where text belongs)")) from None
