"""The command line: ``dxplanner new | info | check | dump | load | gui``.

Exit codes: 0 success; 1 findings or partial failure; 2 unusable input or arguments. Errors are
one line on stderr in the user's language (``--lang`` or ``DXPLANNER_LANG``, Japanese by
default), never a traceback. Commands that only read a file open it read-only, so its bytes
never change. The GUI is reached only through a lazy import in :func:`cmd_gui`.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from dxplanner import __version__
from dxplanner.errors import DxError, FileError
from dxplanner.i18n import N_, _, list_separator, set_language, translate
from dxplanner.labels import SEVERITY_LABELS

if TYPE_CHECKING:
    from dxplanner.model import Plan

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} ({self.prog.split()[0]} --help)\n")
        raise SystemExit(EXIT_UNUSABLE)


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(f"dxplanner: {text}\n")


# --- commands -------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from dxplanner.store.gateway import PlanFile
    from dxplanner.template import new_plan

    path = Path(args.file)
    if path.exists() and not args.force:
        raise FileError(N_("{file} already exists (use --force to replace it)"), file=str(path))
    plan = new_plan(
        args.name, args.code, prefecture=args.prefecture or "", kind=args.kind, population=args.population,
        edition=args.edition, from_fy=args.from_fy, to_fy=args.to_fy, situation=_situation(args),
    )
    with PlanFile.create(path, plan, overwrite=args.force):
        pass
    _out(_("Created {file}: {tasks} tasks in {areas} parts").format(
        file=path, tasks=len(plan.tasks), areas=len(plan.areas)))
    return EXIT_OK


def _situation(args: argparse.Namespace) -> Any:
    """The town's situation from ``--answers FILE.json`` and the options (the options win)."""
    from dxplanner.catalog import load_edition, newest_edition
    from dxplanner.template import MAX_ANSWERS_BYTES, Situation, situation_from_answers

    sit = Situation()
    if args.answers:
        path = Path(args.answers)
        try:
            with path.open("rb") as f:
                raw = f.read(MAX_ANSWERS_BYTES + 1)
        except OSError as exc:
            raise FileError(N_("{file}: cannot be read ({detail})"), file=str(path),
                            detail=exc.strerror or exc) from None
        if len(raw) > MAX_ANSWERS_BYTES:
            raise FileError(N_("{file}: too large for an answers file"), file=str(path))
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise FileError(N_("{file}: not a JSON answers file ({detail})"), file=str(path), detail=exc) from None
        sit = situation_from_answers(data, str(path))
    online = set(sit.online_done)
    if args.online_done:
        ids = [i.strip() for i in args.online_done.split(",") if i.strip()]
        known = [p.id for p in load_edition(args.edition or newest_edition()).online_procedures]
        if ids == ["all"]:
            ids = known
        bad = [i for i in ids if i not in known]
        if bad:
            raise DxError(N_("--online-done: unknown procedure id “{id}” (e.g. {example})"), id=bad[0],
                          example=", ".join(known[:3]))
        online = set(ids)
    return Situation(
        std=args.std if args.std is not None else sit.std,
        online_done=frozenset(online),
        cio=args.cio if args.cio is not None else sit.cio,
        ciso=args.ciso if args.ciso is not None else sit.ciso,
        hq=args.hq if args.hq is not None else sit.hq,
    )


def cmd_catalog(args: argparse.Namespace) -> int:
    from dxplanner import catalog

    if args.catalog_command == "list":
        infos = catalog.edition_infos()
        if args.json:
            _out(json.dumps({"editions": [
                {"id": i.id, "title": i.title, "date": i.decided.isoformat(), "date_kind": i.date_kind,
                 "publisher": i.publisher, "source": {"title": i.source_title, "url": i.source_url},
                 "builtin": i.builtin, "sha256": i.sha256} for i in infos],
                "default": catalog.newest_edition()}, ensure_ascii=False, indent=2))
            return EXIT_OK
        from dxplanner.fiscal import date_label

        for i in infos:
            where = _("built in") if i.builtin else _("installed")
            _out(f"{i.id}\t{i.title}\t{date_label(i.decided, lang=args.lang)}{i.date_kind if args.lang == 'ja' else ''}"
                 f"\t{where}\t{i.source_title}")
        return EXIT_OK
    if args.catalog_command == "export":
        target = catalog.export_edition(args.edition_id, args.out)
        _out(_("Wrote edition {id} to {file}").format(id=args.edition_id, file=target))
        return EXIT_OK
    edition, replaced = catalog.install_edition(args.file)
    msg = _("Replaced edition {id}: {title}") if replaced else _("Installed edition {id}: {title}")
    _out(msg.format(id=edition.id, title=edition.title))
    _out(_("Kept in {folder}").format(folder=catalog.installed_dir()))
    return EXIT_OK


def cmd_switch_edition(args: argparse.Namespace) -> int:
    from dxplanner.document import Document
    from dxplanner.store.backup import make_backup
    from dxplanner.switch import switch_edition

    with Document.open(args.file) as doc:
        if doc.plan.edition == args.edition:
            raise DxError(N_("the plan already follows edition {id}"), id=args.edition)
        op, report = switch_edition(doc.plan, args.edition, starter_tasks=args.starter_tasks)
        assert doc.file is not None
        backup = make_backup(doc.file, reason="switch-edition")
        doc.execute(op)
    if args.json:
        _out(json.dumps({"file": str(args.file), "backup": str(backup), **report.to_dict()},
                        ensure_ascii=False, indent=2))
        return EXIT_OK
    from dxplanner.switch import report_lines

    _out(_("Switched {file} from edition {old} to {new} (backup: {backup})").format(
        file=args.file, old=report.from_edition, new=report.to_edition, backup=backup))
    for line in report_lines(report, _("--starter-tasks adds them")):
        _out("  " + line)
    return EXIT_OK


def _open_ro(file: str) -> Plan:
    from dxplanner.store.gateway import PlanFile

    with PlanFile.open(file, readonly=True) as pf:
        return pf.load()


def cmd_info(args: argparse.Namespace) -> int:
    from dxplanner import checks
    from dxplanner.fiscal import fy_label
    from dxplanner.funding import summarize
    from dxplanner.money import format_thousand_yen

    plan = _open_ro(args.file)
    findings = checks.check(plan)
    lang = args.lang
    m = plan.municipality
    overdue = sum(1 for f in findings if f.code == "overdue")
    from dxplanner.standardization import progress

    migrated, in_scope = progress(plan)
    online = sum(1 for p in plan.procedures.values() if p.status == "オンライン化済")
    applicable = sum(1 for p in plan.procedures.values() if p.status != "対象外")
    fund = summarize(plan)
    rows = [
        (_("Plan"), plan.title),
        (_("Municipality"), f"{m.prefecture} {m.name} ({m.code})".strip()),
        (_("Period"), f"{fy_label(plan.from_fy, lang=lang)} – {fy_label(plan.to_fy, lang=lang)}"),
        (_("National edition"), _edition_title(plan)),
        (_("Tasks"), _("{n} ({late} late)").format(n=len(plan.tasks), late=overdue)),
        (_("KPIs"), str(len(plan.kpis))),
        (_("Budget"), format_thousand_yen(fund.total, lang=lang)),
        (_("Standardization (標準化): migrated"), f"{migrated}/{in_scope}"),
        (_("Online procedures"), f"{online}/{applicable}"),
        (_("Findings"), "  ".join(f"{translate(SEVERITY_LABELS[k])} {v}" for k, v in checks.counts(findings).items())),
    ]
    width = max(display_width(k) for k, _v in rows)
    for k, v in rows:
        _out(f"{k}{' ' * (width - display_width(k))}  {v}")
    return EXIT_OK


def _edition_title(plan: Plan) -> str:
    from dxplanner.catalog import CatalogError, load_edition

    try:
        return f"{load_edition(plan.edition).title} ({plan.edition})"
    except CatalogError:
        return _("{id} (not installed here)").format(id=plan.edition)


def display_width(text: str) -> int:
    """Columns a terminal gives ``text`` (full-width Japanese takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def cmd_check(args: argparse.Namespace) -> int:
    from dxplanner import checks

    plan = _open_ro(args.file)
    today = datetime.date.fromisoformat(args.today) if args.today else None
    findings = checks.check(plan, today)
    threshold = checks.SEVERITY_ORDER[args.min_severity]
    shown = [f for f in findings if checks.SEVERITY_ORDER[f.severity] <= threshold]
    if args.json:
        _out(json.dumps({"file": str(args.file), "findings": [f.to_dict() for f in shown],
                         "counts": checks.counts(shown)}, ensure_ascii=False, indent=2))
    else:
        for f in shown:
            where = f"{f.kind}:{f.id}" if f.id else f.kind
            _out(f"{translate(SEVERITY_LABELS[f.severity])}\t{where}\t{f.message(args.lang)}")
        if not shown:
            _out(_("No findings"))
    return EXIT_FINDINGS if shown else EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    from dxplanner.exchange.json_format import dumps

    text = dumps(_open_ro(args.file))
    if args.output:
        _write_text_atomic(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from dxplanner.exchange.json_format import read_json_file
    from dxplanner.store.gateway import PlanFile

    target = Path(args.file)
    if target.exists() and not args.force:
        raise FileError(N_("{file} already exists (use --force to replace it)"), file=str(target))
    plan = read_json_file(Path(args.json_file))
    with PlanFile.create(target, plan, overwrite=args.force):
        pass
    _out(_("Created {file}: {tasks} tasks in {areas} parts").format(
        file=target, tasks=len(plan.tasks), areas=len(plan.areas)))
    return EXIT_OK


def _as_of(text: str | None) -> datetime.date | None:
    """The 基準日 of a document: YYYY-MM-DD, or None for today."""
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise DxError(N_("--as-of: “{value}” is not a date (write it as YYYY-MM-DD, e.g. 2026-03-31)"),
                      value=text) from None


def cmd_export(args: argparse.Namespace) -> int:
    plan = _open_ro(args.file)
    as_of = _as_of(args.as_of)
    if args.xlsx:
        from dxplanner.exchange.xlsx_export import XlsxOptions, export_xlsx

        warnings = export_xlsx(plan, Path(args.xlsx), XlsxOptions(
            paper=args.paper, era=args.era, progress=args.progress_sheet, lang=args.lang,
            compare_from=args.compare_from, today=as_of, timescale=args.scale))
        for w in warnings:
            _err(w)
        _out(_("Written: {file}").format(file=args.xlsx))
    if args.pdf:
        from dxplanner.exchange.pdf_flow import CouncilInfo
        from dxplanner.exchange.pdf_report import PdfOptions, export_pdf

        result = export_pdf(plan, Path(args.pdf), PdfOptions(
            paper=args.paper, era=args.era, fit_pages_wide=args.fit_width, lang=args.lang,
            compare_from=args.compare_from, today=as_of, internal=args.internal,
            council=CouncilInfo(doc_number=args.doc_number or "", department=args.department or "",
                                committee=args.committee or "", title=args.title or "")))
        for w in result.warnings:
            _err(w)
        _out(_("Written: {file} ({pages} pages)").format(file=args.pdf, pages=result.pages))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from dxplanner.document import Document
    from dxplanner.exchange.xlsx_import import read_progress

    with Document.open(args.file) as doc:
        result = read_progress(Path(args.xlsx), doc.plan)
        for e in result.errors:
            _err(e.message_en if args.lang == "en" else e.message_ja)
        if result.op is not None:
            doc.execute(result.op)
    _report_background(doc)
    _out(_("Imported: {changed} rows changed, {unchanged} unchanged, {errors} rejected").format(
        changed=result.changed_rows, unchanged=result.unchanged_rows, errors=len(result.errors)))
    return EXIT_FINDINGS if result.errors else EXIT_OK


def cmd_aggregate(args: argparse.Namespace) -> int:
    from dxplanner.exchange.aggregate import aggregate

    result = aggregate([Path(p) for p in args.inputs], Path(args.out), lang=args.lang)
    for name, reason in result.rejected:
        _err(f"{name}: {reason}")
    for name, cells in result.taken:
        _out(_("{file}: took the 団体概要 as corrected by the town: {cells}").format(
            file=name, cells=list_separator().join(cells)))
    _out(_("Rolled up {n} municipalities into {file}; {rejected} inputs rejected").format(
        n=result.municipalities, file=args.out, rejected=len(result.rejected)))
    return EXIT_FINDINGS if result.rejected else EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from dxplanner.store.backup import make_backup
    from dxplanner.store.gateway import PlanFile

    with PlanFile.open(args.file) as pf:
        target = make_backup(pf, reason="manual")
    _out(_("Backup written: {file}").format(file=target))
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from dxplanner.store.backup import list_backups

    items = list_backups(Path(args.file))
    for b in items:
        _out(str(b))
    if not items:
        _out(_("No backups"))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from dxplanner.store import lock
    from dxplanner.store.backup import list_backups, restore

    target = Path(args.file)
    source = Path(args.source) if args.source else None
    if source is None:
        items = list_backups(target)
        if not items:
            raise FileError(N_("{file}: there is no backup to restore"), file=target.name)
        source = items[-1]
    lock.acquire(target)
    try:
        aside = restore(source, target)
    finally:
        lock.release(target)
    _out(_("Restored {file} from {backup}").format(file=target, backup=source))
    if aside is not None:
        _out(_("The previous version is kept as {file}").format(file=aside))
    return EXIT_OK


def cmd_snapshot(args: argparse.Namespace) -> int:
    from dxplanner.document import Document
    from dxplanner.history import take_snapshot

    with Document.open(args.file) as doc:
        doc.execute(take_snapshot(doc.plan, args.name, note=args.note or ""))
    _report_background(doc)
    _out(_("Snapshot “{name}” taken").format(name=args.name))
    return EXIT_OK


def _report_background(doc: Any) -> None:
    """The change was saved, but a background step (the automatic backup) failed: say so."""
    if doc.background_error is not None:
        _err(_("warning: {problem}").format(problem=doc.background_error.text()))


def cmd_snapshots(args: argparse.Namespace) -> int:
    from dxplanner.fiscal import date_label
    from dxplanner.history import snapshots_in_order

    plan = _open_ro(args.file)
    snaps = snapshots_in_order(plan)
    for s in snaps:
        tasks = len(s.data.get("tasks", []))
        _out(f"{s.name}\t{date_label(s.taken_at.date(), lang=args.lang)} {s.taken_at:%H:%M}\t"
             + _("{n} tasks").format(n=tasks))
    if not snaps:
        _out(_("No snapshots"))
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from dxplanner.history import compare_states, snapshots_in_order
    from dxplanner.report_text import comparison_lines

    plan = _open_ro(args.file)
    from_key = args.from_
    if from_key is None:
        snaps = snapshots_in_order(plan)
        if not snaps:
            raise DxError(N_("{file} has no snapshot to compare with; take one with: dxplanner snapshot FILE NAME"),
                          file=Path(args.file).name)
        from_key = snaps[-1].id
    comp = compare_states(plan, from_key, args.to)
    if args.json:
        _out(json.dumps(comp.to_dict(), ensure_ascii=False, indent=2))
    else:
        for line in comparison_lines(comp, plan, lang=args.lang):
            _out(line)
    return EXIT_OK


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return True
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_gui(args: argparse.Namespace) -> int:
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not has_display():
        _out(_("No display found: running the headless demo instead of the window."))
        return headless_demo(Path(args.output_dir))
    try:
        from ui.app import run
    except ImportError as exc:
        raise FileError(N_("the window cannot start: {detail}"), detail=str(exc)) from exc
    return run(file=args.file, screenshot=args.screenshot, page=args.page, lang=args.lang)


def headless_demo(out_dir: Path) -> int:
    """Without a display: build the bundled sample plan, check it and write its outputs."""
    from dxplanner import checks
    from dxplanner.exchange import json_format
    from dxplanner.paths import sample_plan_json
    from dxplanner.store.gateway import PlanFile

    out_dir.mkdir(parents=True, exist_ok=True)
    plan = json_format.read_json_file(sample_plan_json())
    target = out_dir / "sample.dxplan"
    with PlanFile.create(target, plan, overwrite=True):
        pass
    findings = checks.check(plan)
    (out_dir / "check.json").write_text(
        json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2), encoding="utf-8")
    (out_dir / "sample.json").write_text(json_format.dumps(plan), encoding="utf-8")
    written = ["sample.dxplan", "check.json", "sample.json"]
    for name, fn in _optional_exports():
        try:
            fn(plan, out_dir / name)
            written.append(name)
        except DxError as exc:
            _err(exc.text())
    counts = checks.counts(findings)
    _out(_("Sample plan “{title}”: {tasks} tasks; findings: {counts}").format(
        title=plan.title, tasks=len(plan.tasks),
        counts=list_separator().join(f"{translate(SEVERITY_LABELS[k])} {v}" for k, v in counts.items())))
    _out(_("Written to {folder}: {files}").format(folder=out_dir.resolve(), files=list_separator().join(written)))
    return EXIT_OK


def _optional_exports() -> list[tuple[str, Callable[[Plan, Path], object]]]:
    """Exports that exist in this build (Excel and PDF arrive as modules of dxplanner.exchange)."""
    found: list[tuple[str, Callable[[Plan, Path], object]]] = []
    try:
        from dxplanner.exchange.xlsx_export import export_xlsx

        found.append(("sample.xlsx", export_xlsx))
    except ImportError:
        pass
    try:
        from dxplanner.exchange.pdf_report import export_pdf

        found.append(("sample.pdf", export_pdf))
    except ImportError:
        pass
    return found


def _write_text_atomic(path: Path, text: str) -> None:
    """Written under a temporary name (mode per umask), flushed, renamed: a full disk leaves the
    old file (or none) and no partial temporary."""
    from dxplanner.store import fileops

    try:
        fileops.write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise FileError(N_("{file} cannot be written: {detail}"), file=str(path),
                        detail=exc.strerror or str(exc)) from exc


# --- parser ---------------------------------------------------------------------------------------


class _Skipped:
    """Takes a subcommand's arguments and drops them (``build_parser(only=…)``)."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_mutually_exclusive_group(self, *args: Any, **kwargs: Any) -> _Skipped:
        return self

    def add_subparsers(self, *args: Any, **kwargs: Any) -> _Skipped:
        return self

    def add_parser(self, *args: Any, **kwargs: Any) -> _Skipped:
        return self

    def set_defaults(self, **kwargs: Any) -> None:
        pass


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with ``only`` just that subcommand (the window's fast start)."""
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("ja", "en"), default=argparse.SUPPRESS,
                        help=_("language of messages (ja, en)"))
    p = _Parser(prog="dxplanner", description=_("DX Planner: the municipal DX roadmap workbook"),
                parents=[common])
    p.add_argument("--version", action="version", version=f"DX Planner {__version__}")
    p.add_argument("--self-test", action="store_true", dest="self_test",
                   help=_("check that this installation works (sample plan, Excel, PDF, window) and exit"))
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    _add = sub.add_parser

    names: list[str] = []
    p.command_names = names  # type: ignore[attr-defined]

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        names.append(name)
        if only is not None and name != only:
            return _Skipped()  # type: ignore[return-value]
        return _add(name, parents=[common], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign,assignment]

    s = sub.add_parser("new", help=_("a new plan filled from the national template"))
    s.add_argument("file")
    s.add_argument("--name", required=True, help=_("name of the 団体, e.g. 〇〇町"))
    s.add_argument("--code", required=True, help=_("6-digit 団体コード"))
    s.add_argument("--prefecture", help=_("prefecture (default: from the code)"))
    s.add_argument("--kind", default="町", choices=("都道府県", "市", "町", "村", "特別区"))
    s.add_argument("--population", type=int)
    s.add_argument("--edition", default=None,
                   help=_("edition of the national plan (default: the newest; see: dxplanner catalog list)"))
    s.add_argument("--from-fy", type=int, dest="from_fy",
                   help=_("first 年度 (default: this 年度, or the next one from January)"))
    s.add_argument("--to-fy", type=int, dest="to_fy", help=_("last 年度 (default: five 年度 in all)"))
    s.add_argument("--std", choices=("移行済", "移行中", "特定移行支援"),
                   help=_("where the town stands in 標準化 (chooses the starter tasks)"))
    s.add_argument("--online-done", dest="online_done", metavar="ID,ID|all",
                   help=_("procedures already online (ids as in the edition, or all)"))
    s.add_argument("--cio", action=argparse.BooleanOptionalAction, default=None, help=_("a CIO is in office"))
    s.add_argument("--ciso", action=argparse.BooleanOptionalAction, default=None, help=_("a CISO is in office"))
    s.add_argument("--hq", action=argparse.BooleanOptionalAction, default=None,
                   help=_("the 推進本部 is set up"))
    s.add_argument("--answers", metavar="FILE.json",
                   help=_("the same answers as a small JSON file, e.g. {example}").format(
                       example='{"std": "移行済", "cio": true}'))
    s.add_argument("--force", action="store_true", help=_("replace an existing file"))
    s.set_defaults(fn=cmd_new)

    s = sub.add_parser("catalog", help=_("editions of the national plan: list, export, install"))
    csub = s.add_subparsers(dest="catalog_command", parser_class=_Parser, required=True)
    c = csub.add_parser("list", help=_("the editions this program knows"))
    c.add_argument("--json", action="store_true")
    c = csub.add_parser("export", help=_("write an edition's file (to hand it on)"))
    c.add_argument("edition_id", metavar="ID")
    c.add_argument("out", metavar="OUT.json")
    c = csub.add_parser("install", help=_("add an edition file (e.g. from the prefecture)"))
    c.add_argument("file", metavar="FILE.json")
    s.set_defaults(fn=cmd_catalog)

    s = sub.add_parser("switch-edition", help=_("move a plan onto another edition (a backup is made first)"))
    s.add_argument("file")
    s.add_argument("--edition", required=True, help=_("the edition to follow (see: dxplanner catalog list)"))
    s.add_argument("--starter-tasks", action="store_true", dest="starter_tasks",
                   help=_("also add the starter tasks and KPIs of the added parts"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_switch_edition)

    s = sub.add_parser("info", help=_("a short summary"))
    s.add_argument("file")
    s.set_defaults(fn=cmd_info)

    s = sub.add_parser("check", help=_("health findings (exit 0 none, 1 findings, 2 unusable)"))
    s.add_argument("file")
    s.add_argument("--json", action="store_true")
    s.add_argument("--min-severity", choices=("error", "warning", "info"), default="warning",
                   help=_("lowest severity that is reported (default: warning)"))
    s.add_argument("--today", help=_("check as of this date (YYYY-MM-DD)"))
    s.set_defaults(fn=cmd_check)

    s = sub.add_parser("dump", help=_("the whole plan as JSON"))
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help=_("JSON output (the default and only format)"))
    s.add_argument("-o", "--output", help=_("write to this file instead of standard output"))
    s.set_defaults(fn=cmd_dump)

    s = sub.add_parser("load", help=_("a new plan from JSON"))
    s.add_argument("json_file")
    s.add_argument("file")
    s.add_argument("--force", action="store_true", help=_("replace an existing file"))
    s.set_defaults(fn=cmd_load)

    s = sub.add_parser("export", help=_("write Excel (for the prefecture) or PDF (for the council)"))
    s.add_argument("file")
    s.add_argument("--xlsx", metavar="OUT.xlsx")
    s.add_argument("--pdf", metavar="OUT.pdf")
    s.add_argument("--paper", choices=("A3", "A4"), default="A3")
    s.add_argument("--era", choices=("wareki", "western"), default="wareki",
                   help=_("year labels: 和暦 (default) or 西暦"))
    s.add_argument("--progress-sheet", metavar="担当課|all", dest="progress_sheet",
                   help=_("Excel: add a sheet departments fill in (for one 担当課, or all)"))
    s.add_argument("--fit-width", type=int, metavar="N", dest="fit_width",
                   help=_("PDF: fit the schedule to N pages wide"))
    s.add_argument("--compare-from", metavar="NAME", dest="compare_from",
                   help=_("snapshot for the 計画と実績 sheet/pages (default: the newest)"))
    s.add_argument("--scale", choices=("month", "quarter", "half", "year"),
                   help=_("Excel: the 工程表's time scale (default: the finest that prints text at 7 pt or more)"))
    s.add_argument("--as-of", metavar="YYYY-MM-DD", dest="as_of",
                   help=_("基準日: count delays and days late on this date (default: today)"))
    s.add_argument("--title", help=_("PDF: the paper's title, e.g. 〇〇町DX推進計画の進捗状況について"))
    s.add_argument("--doc-number", dest="doc_number", metavar="資料1", help=_("PDF: 資料番号"))
    s.add_argument("--department", metavar="所管課", help=_("PDF: the department in charge (所管課)"))
    s.add_argument("--committee", metavar="委員会名", help=_("PDF: the committee (委員会名)"))
    s.add_argument("--internal", action="store_true",
                   help=_("PDF: the 内部確認用 report, with the health check (data-quality findings)"))
    s.set_defaults(fn=cmd_export)

    s = sub.add_parser("import", help=_("read progress back from an exported workbook"))
    s.add_argument("xlsx")
    s.add_argument("file")
    s.set_defaults(fn=cmd_import)

    s = sub.add_parser("aggregate", help=_("the prefecture roll-up of many .dxplan / exported .xlsx"))
    s.add_argument("out")
    s.add_argument("inputs", nargs="+")
    s.set_defaults(fn=cmd_aggregate)

    s = sub.add_parser("backup", help=_("make a verified backup now"))
    s.add_argument("file")
    s.set_defaults(fn=cmd_backup)

    s = sub.add_parser("backups", help=_("list the backups of a plan"))
    s.add_argument("file")
    s.set_defaults(fn=cmd_backups)

    s = sub.add_parser("restore", help=_("restore a plan from its newest (or a named) backup"))
    s.add_argument("file")
    s.add_argument("--from", dest="source", metavar="BACKUP")
    s.set_defaults(fn=cmd_restore)

    s = sub.add_parser("snapshot", help=_("freeze the plan under a name (e.g. 当初計画)"))
    s.add_argument("file")
    s.add_argument("name")
    s.add_argument("--note")
    s.set_defaults(fn=cmd_snapshot)

    s = sub.add_parser("snapshots", help=_("list the snapshots of a plan"))
    s.add_argument("file")
    s.set_defaults(fn=cmd_snapshots)

    s = sub.add_parser("diff", help=_("what changed between a snapshot and another snapshot or now"))
    s.add_argument("file")
    s.add_argument("--from", dest="from_", metavar="NAME", help=_("snapshot to compare from (default: the newest)"))
    s.add_argument("--to", metavar="NAME", help=_("snapshot to compare to (default: the plan now)"))
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_diff)

    s = sub.add_parser("gui", help=_("open the window"))
    s.add_argument("file", nargs="?")
    s.add_argument("--screenshot", metavar="OUT.png", help=_("save a picture of the window and exit"))
    from dxplanner.pages import page_help

    s.add_argument("--page", help=_("the page to show: {pages}").format(pages=page_help()))
    s.add_argument("--output-dir", default="dxplanner-output", help=_("folder for the headless demo"))
    s.set_defaults(fn=cmd_gui)
    return p


def _positional(args_list: Sequence[str]) -> list[tuple[int, str]]:
    return [(i, a) for i, a in enumerate(args_list)
            if not a.startswith("-") and not (i > 0 and args_list[i - 1] == "--lang")]


def _starts_window(args_list: Sequence[str]) -> bool:
    """True when the arguments can only mean the window (no command, or ``gui``), not help.

    Then only the ``gui`` subcommand is built: the other dozen parsers and their translated help
    cost a noticeable part of the window's start.
    """
    if any(a in ("-h", "--help", "--version", "--self-test") for a in args_list):
        return False
    positional = _positional(args_list)
    return not positional or positional[0][1] == "gui"


def with_bare_file_as_gui(args_list: list[str]) -> list[str]:
    """``DXPlanner.exe FILE`` ("Open with", a file dropped on the program, a shortcut) means
    ``gui FILE``: a first positional argument that is no command but a plan file (``.dxplan`` or
    an existing file) gets ``gui`` put before it."""
    positional = _positional(args_list)
    if not positional:
        return args_list
    i, first = positional[0]
    if not (first.lower().endswith(".dxplan") or Path(first).is_file()) or first in command_names():
        return args_list
    return [*args_list[:i], "gui", *args_list[i:]]


def command_names() -> list[str]:
    """The subcommands, read from the parser (cheap: the others are skipped)."""
    return list(getattr(build_parser("gui"), "command_names", []))


def main(argv: Sequence[str] | None = None) -> int:
    from dxplanner.console import setup_streams

    setup_streams()
    args_list = with_bare_file_as_gui(list(sys.argv[1:] if argv is None else argv))
    lang = os.environ.get("DXPLANNER_LANG", "ja")
    if "--lang" in args_list:
        i = args_list.index("--lang")
        if i + 1 < len(args_list) and args_list[i + 1] in ("ja", "en"):
            lang = args_list[i + 1]
    try:
        set_language(lang if lang in ("ja", "en") else "ja")
        parser = build_parser("gui" if _starts_window(args_list) else None)
        args = parser.parse_args(args_list)
        args.lang = lang
        if args.command == "export" and not (args.xlsx or args.pdf):
            raise DxError(N_("export: say what to write: --xlsx OUT.xlsx or --pdf OUT.pdf"))
        if getattr(args, "self_test", False) and args.command is None:
            from dxplanner.selftest import run as self_test

            return self_test()
        if args.command is None:
            args = parser.parse_args([*args_list, "gui"])
            args.lang = lang
        return int(args.fn(args))
    except DxError as exc:
        _err(exc.text())
        return exc.exit_code
    except KeyboardInterrupt:
        _err(_("interrupted"))
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        log = Path(tempfile.gettempdir()) / "dxplanner-error.log"
        with contextlib.suppress(OSError):
            log.write_text(traceback.format_exc(), encoding="utf-8")
        _err(_("internal error: {detail} (details in {log})").format(detail=exc, log=log))
        return EXIT_UNUSABLE


if __name__ == "__main__":
    raise SystemExit(main())
