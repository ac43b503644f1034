"""Hostile workbooks the attack on issue 17 used, built from a good export (for the test and the
benchmark): a DTD with an entity bomb in a shared-strings part renamed ``.dat`` (stored, not
compressed, so no ratio check sees it) and millions of shared strings."""

from __future__ import annotations

import zipfile
from pathlib import Path

SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_shared_strings(good: Path, out: Path, part: str, body: bytes, *, stored: bool) -> Path:
    """``good`` plus a shared-strings part at ``part``, declared in [Content_Types].xml."""
    override = f'<Override PartName="/{part}" ContentType="{SST_TYPE}"/>'.encode()
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", override + b"</Types>")
            zout.writestr(info.filename, data)
        zout.writestr(part, body, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return out


def entity_bomb(good: Path, out: Path, *, entity_kb: int = 100, refs: int = 45_000) -> Path:
    """A 100 KB entity referenced 45,000 times in ``xl/sharedStrings.dat`` (4.5 GB expanded)."""
    entity = b"A" * (entity_kb * 1024)
    head = b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "' + entity + b'">]>'
    items = b"<si><t>&a;</t></si>" * refs
    body = head + f'<sst xmlns="{SST_NS}" count="{refs}" uniqueCount="{refs}">'.encode() + items + b"</sst>"
    return _with_shared_strings(good, out, "xl/sharedStrings.dat", body, stored=True)


def many_strings(good: Path, out: Path, *, n: int = 6_500_000) -> Path:
    """``n`` distinct shared strings in ``xl/sharedStrings.xml`` (about 20 MB compressed)."""
    parts = [f'<?xml version="1.0"?><sst xmlns="{SST_NS}" count="{n}" uniqueCount="{n}">'.encode()]
    parts.extend(b"<si><t>%x</t></si>" % (i * 2654435761 % (1 << 32)) for i in range(n))
    parts.append(b"</sst>")
    return _with_shared_strings(good, out, "xl/sharedStrings.xml", b"".join(parts), stored=False)
