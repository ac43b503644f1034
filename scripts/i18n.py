"""The translation pipeline: extract, update and compile the gettext catalogs in i18n/.

    python scripts/i18n.py extract   # source -> i18n/messages.pot
    python scripts/i18n.py update    # messages.pot -> i18n/{ja,en}/LC_MESSAGES/dxplanner.po (keeps translations)
    python scripts/i18n.py compile   # .po -> .mo (run by the install and build commands)
    python scripts/i18n.py all       # the three in order
    python scripts/i18n.py sync      # extract + update + fill Japanese from i18n/pending/*.json + compile,
                                     # under a lock (several engineers may run it at once)

Message ids are English; ja is the complete catalog; en stays empty (ids are English).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "i18n"
POT = I18N / "messages.pot"
DOMAIN = "dxplanner"
LANGS = ("ja", "en")
KEYWORDS = ["_", "N_", "ngettext:1,2", "tr"]


def run(args: list[str]) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    kw: list[str] = []
    for k in KEYWORDS:
        kw += ["-k", k]
    run(["extract", "-F", str(ROOT / "babel.cfg"), "--no-location", "--sort-output", "--no-wrap",
         "--project=DX Planner", "--version=0.1", *kw, "-o", str(POT), str(ROOT)])


def update() -> None:
    for lang in LANGS:
        po = I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            run(["update", "-i", str(POT), "-o", str(po), "-l", lang, "--no-wrap", "--ignore-obsolete",
                 "--no-fuzzy-matching"])
        else:
            run(["init", "-i", str(POT), "-o", str(po), "-l", lang, "--no-wrap"])


def compile_() -> None:
    for lang in LANGS:
        po = I18N / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.exists():
            run(["compile", "-i", str(po), "-o", str(po.with_suffix(".mo")), "-l", lang, "--use-fuzzy"])


def fill_pending() -> None:
    """Fill empty Japanese msgstrs from i18n/pending/*.json ({msgid: japanese})."""
    import json

    from babel.messages.pofile import read_po, write_po

    pending: dict[str, str] = {}
    for f in sorted((I18N / "pending").glob("*.json")):
        pending.update(json.loads(f.read_text(encoding="utf-8")))
    po = I18N / "ja" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fh:
        cat = read_po(fh, locale="ja")
    for msg in cat:
        if msg.id and isinstance(msg.id, str) and msg.id in pending and not msg.string:
            msg.string = pending[msg.id]
    with po.open("wb") as fh:
        write_po(fh, cat, width=0)


def sync() -> None:
    import fcntl

    with (I18N / ".lock").open("w") as lockfile:
        fcntl.flock(lockfile, fcntl.LOCK_EX)
        extract()
        update()
        fill_pending()
        compile_()


def missing_ja() -> list[str]:
    from babel.messages.pofile import read_po

    po = I18N / "ja" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po.open("rb") as fh:
        cat = read_po(fh, locale="ja")
    return [str(m.id) for m in cat if m.id and not m.string]


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "compile"
    if cmd == "missing":
        for m in missing_ja():
            print(m)
        return 0
    steps = {"extract": [extract], "update": [update], "compile": [compile_], "all": [extract, update, compile_],
             "sync": [sync]}
    if cmd not in steps:
        sys.stderr.write(__doc__ or "")
        return 2
    for step in steps[cmd]:
        step()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
