"""The translation pipeline: every message has Japanese, placeholders agree, catalogs are fresh."""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO_JA = ROOT / "i18n" / "ja" / "LC_MESSAGES" / "dxplanner.po"


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def catalog():
    with PO_JA.open("rb") as fh:
        return read_po(fh, locale="ja")


def test_every_message_has_japanese():
    missing = [m.id for m in catalog() if m.id and not m.string]
    assert not missing, f"{len(missing)} messages lack Japanese, e.g. {missing[:5]}"


def test_placeholders_match():
    bad = []
    for m in catalog():
        if not m.id or not m.string:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        for s in strs:
            if fields(ids[0]) != fields(s):
                bad.append((ids[0], s))
    assert not bad, bad[:5]


def test_catalog_is_up_to_date_with_the_source(tmp_path):
    """Extracting the source again finds no message the Japanese catalog lacks."""
    pot = tmp_path / "messages.pot"
    kw = []
    for k in ("_", "N_", "ngettext:1,2", "tr"):
        kw += ["-k", k]
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "--no-location", *kw, "-o", str(pot), str(ROOT)], check=True, cwd=ROOT, capture_output=True)
    with pot.open("rb") as fh:
        source_ids = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog() if m.id and m.string}
    missing = sorted(source_ids - have)
    assert not missing, f"run scripts/i18n.py sync; untranslated: {missing[:5]}"


def test_runtime_translation_switches():
    from dxplanner.i18n import set_language, translate

    assert translate("No findings", "ja") == "指摘事項はありません"
    assert translate("No findings", "en") == "No findings"
    set_language("en")
    from dxplanner.i18n import _

    assert _("No findings") == "No findings"
    set_language("ja")
    assert _("No findings") == "指摘事項はありません"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_no_mo_files_in_git():
    out = subprocess.run(["git", "ls-files", "*.mo"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.stdout.strip() == ""
    assert re.search(r"^\*\.mo$", (ROOT / ".gitignore").read_text(), re.M)


def test_list_separator_follows_the_language():
    from dxplanner.i18n import list_separator

    assert list_separator("ja") == "、" and list_separator("en") == ", "
