"""The PDF report: text comes back out, fonts are embedded, pages are A3/A4 landscape, the 工程表
tiles with its header on every page, nothing is below 7 pt, odd characters are handled honestly."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dxplanner.exchange.json_format import read_json_file
from dxplanner.exchange.pdf_draw import GETA, MIN_PT, Glyphs, text_width, wrap
from dxplanner.exchange.pdf_report import PdfOptions, PdfResult, count_pages, export_pdf
from dxplanner.model import Task
from dxplanner.ops import add_task


def sample_plan_json() -> Path:
    """The output tests pin the layout of a plan made on 第1.0版 in 2021 (the bundled sample before
    令和8年度版): a frozen copy, so that the bundled sample can tell today's story."""
    return Path(__file__).resolve().parents[1] / "data" / "sample_first_edition.json"

TODAY = datetime.date(2025, 6, 1)

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")


def pdftotext(pdf: Path, *, first: int | None = None, last: int | None = None, raw: bool = True) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if raw:
        args.append("-raw")
    if first is not None:
        args += ["-f", str(first)]
    if last is not None:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages_text(pdf: Path, n: int) -> list[str]:
    # pdftotext separates pages with a form feed
    text = pdftotext(pdf)
    parts = text.split("\f")
    return parts[:n]


def squash(s: str) -> str:
    """Whitespace removed: a title wrapped over two lines of a cell is still the same title."""
    return "".join(s.split())


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def fonts(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def sample():
    return read_json_file(sample_plan_json())


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory, sample):
    out = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    result = export_pdf(sample, out, PdfOptions(paper="A3", today=TODAY))
    return out, result


# ---------------------------------------------------------------------------------------------


def test_sample_report_pages_fonts_and_text(sample, sample_pdf):
    out, result = sample_pdf
    assert isinstance(result, PdfResult)
    assert result.warnings == []
    assert result.pages == count_pages(sample, PdfOptions(paper="A3", today=TODAY))
    sizes = page_sizes(out)
    assert len(sizes) == result.pages
    assert all(w == pytest.approx(1190.55, abs=0.1) and h == pytest.approx(841.89, abs=0.1) for w, h in sizes)
    rows = fonts(out)
    assert rows, "no fonts listed"
    for row in rows:
        # name type encoding emb sub uni object-id: every font is embedded (no Helvetica fallback)
        assert "BIZUDPGothic" in row[0], row
        assert row[-5] == "yes", row
    text = pdftotext(out)
    flat = squash(text)
    for t in sample.tasks.values():
        assert squash(t.title) in flat, t.title
    assert GETA not in text
    # every page: 団体名, 基準日 and page n / N; the footer names the town's plan, never the software
    assert "DX Planner" not in text
    pages = pages_text(out, result.pages)
    assert len(pages) == result.pages
    for n, page in enumerate(pages, start=1):
        assert "みどり町" in page
        assert "基準日 令和7年6月1日" in page
        assert f"{n} / {result.pages}" in page
    # cover: 計画期間 in 和暦, the national edition, 作成日
    cover = pages[0]
    assert "令和4(2022)年度〜令和9(2027)年度" in cover
    assert "自治体DX推進計画 第1.0版" in cover
    for section in ("推進体制", "デジタル人材", "工程表", "KPI", "予算・財源", "取組の概要と遅延の理由", "用語の定義"):
        assert section in cover
    assert "チェック結果" not in text  # data-quality findings: only in the 内部確認用 report
    # amounts in 千円 (the sample's 2,400,000円 external hire prints as 2,400)
    assert "2,400" in flat


def test_sections_and_legend_present(sample_pdf):
    out, _ = sample_pdf
    text = pdftotext(out, raw=False)
    for words in ("首長", "CIO", "CIO補佐官", "推進本部", "担当課", "DX担当職員数", "外部デジタル人材",
                  "凡例", "完了", "進行中", "未着手", "保留", "中止", "遅延", "国の目標期限", "基準日",
                  "目標", "実績", "千円", "標準化対象業務", "オンライン化", "達成率（当該年度目標比）",
                  "達成率（最終目標比）", "概要"):
        assert words in text, words


def test_a4_is_landscape_and_counts_match(sample, tmp_path):
    out = tmp_path / "a4.pdf"
    opts = PdfOptions(paper="A4", today=TODAY)
    result = export_pdf(sample, out, opts)
    assert result.pages == count_pages(sample, opts)
    assert all(w == pytest.approx(841.89, abs=0.1) and h == pytest.approx(595.28, abs=0.1) for w, h in page_sizes(out))
    flat = squash(pdftotext(out))
    for t in sample.tasks.values():
        assert squash(t.title) in flat


@pytest.mark.parametrize("opts", [
    PdfOptions(paper="A3", timescale="month", today=TODAY),
    PdfOptions(paper="A4", era="western", today=TODAY),
    PdfOptions(paper="A3", fit_pages_wide=1, today=TODAY),
    PdfOptions(paper="A4", lang="en", today=TODAY),
])
def test_options_count_pages_matches_export(sample, tmp_path, opts):
    out = tmp_path / "r.pdf"
    assert export_pdf(sample, out, opts).pages == count_pages(sample, opts) == len(page_sizes(out))


def test_western_and_english_labels(sample, tmp_path):
    out = tmp_path / "w.pdf"
    export_pdf(sample, out, PdfOptions(era="western", today=TODAY))
    text = pdftotext(out)
    assert "2025年度" in text and "令和7年度" not in text.split("\f")[3]  # the 工程表 header is 西暦
    out = tmp_path / "en.pdf"
    export_pdf(sample, out, PdfOptions(lang="en", today=TODAY))
    text = pdftotext(out, raw=False)
    assert "As of 1 Jun 2025" in text and "Legend" in text and "FY2025" in text


# --- odd text -----------------------------------------------------------------------------------

ODD_TITLES = {
    "amp": "AT&T 回線の見直し",
    "tag": "x<b>y の検討",
    "img": '<img src="x"> 画像の扱い',
    "formula": "=1+1 から始まる名前",
    "kanji": "髙﨑支所の窓口",
    "kana": "ｶﾀｶﾅ ﾃﾞｰﾀ 移行",
    "circled": "㈱① 契約更新",
    "yoshi": "𠮷野地区の説明会",
    "emoji": "説明会😀の開催",
    "gaiji": "\ue000田地区の調査",
    "ivs": "葛\U000e0100城市との連携",
}


@pytest.fixture(scope="module")
def odd_pdf(tmp_path_factory):
    from dxplanner.template import new_plan

    plan = new_plan("みどり町", "019992", edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0))
    area = sorted(plan.areas.values(), key=lambda a: a.order)[1].id
    for key, title in ODD_TITLES.items():
        op = add_task(plan, area, title, start=datetime.date(2023, 4, 1), end=datetime.date(2023, 9, 30),
                      department="企画課")
        op.apply(plan)
        del key
    stored = {t.id: t.title for t in plan.tasks.values()}
    out = tmp_path_factory.mktemp("odd") / "odd.pdf"
    result = export_pdf(plan, out, PdfOptions(today=TODAY))
    assert {t.id: t.title for t in plan.tasks.values()} == stored  # the plan is untouched
    return plan, out, result


def test_markup_like_titles_print_literally(odd_pdf):
    _, out, _ = odd_pdf
    text = pdftotext(out)
    for key in ("amp", "tag", "img", "formula", "kanji", "kana", "circled"):
        title = ODD_TITLES[key]
        assert title in text or squash(title) in squash(text), title


def test_missing_glyphs_are_reported_and_come_back_exactly(odd_pdf):
    _, out, result = odd_pdf
    text = pdftotext(out)
    # 𠮷 (not in JIS X 0213), emoji and Private Use Area 外字 are not in BIZ UDPGothic: they print
    # as 〓, but the text layer carries the original (ActualText), and so does an IVS
    for key in ("yoshi", "emoji", "gaiji", "ivs"):
        assert ODD_TITLES[key] in text, key
    joined = "\n".join(result.warnings)
    assert "「𠮷」(U+20BB7)" in joined
    assert "「😀」(U+1F600)" in joined
    assert "U+E000" in joined
    assert "異体字セレクタ" in joined and "U+E0100" in joined
    # each warning names the field
    assert all("取組「" in w and "」の取組名：" in w for w in result.warnings), result.warnings
    assert any("取組「𠮷野地区の説明会」" in w for w in result.warnings)
    # no warning for characters the font has
    assert not any("髙" in w or "ｶﾀｶﾅ" in w or "AT&T" in w for w in result.warnings)


def test_glyph_substitution_unit():
    g = Glyphs.bundled()
    assert g.clean("髙﨑") == "髙﨑"
    assert g.clean("a\tb\nc") == "a b c"
    assert g.clean("\ue000") == GETA
    found = g.inspect("𠮷😀\ue000x")
    assert found.absent == ("𠮷", "😀", "\ue000")


# --- characters the font lacks: 〓 on the page, the original in the text ----------------------

FAMILY = "👨\u200d👩\u200d👧"  # one emoji: a ZWJ sequence
MISSING_TITLES = {
    "yoshi": "𠮷野家の出店調整",
    "zwj": f"家族{FAMILY}向け窓口",
    "ivs": "葛\U000e0100城市との連携",
    "pua": "\ue000田地区の調査",
    "combining": "cafe\u0301 の改修",
    "long": "住民向け説明会" + (FAMILY + "😀𠮷") * 4 + "の開催と葛\U000e0100城市・\ue000田地区での出張窓口の試行",
}


def _plan_with_titles(titles: list[str]):
    from dxplanner.template import new_plan

    plan = new_plan("みどり町", "019992", edition="1.0", now=datetime.datetime(2021, 4, 1, 9, 0))
    area = sorted(plan.areas.values(), key=lambda a: a.order)[1].id
    for title in titles:
        add_task(plan, area, title, start=datetime.date(2023, 4, 1), end=datetime.date(2023, 9, 30),
                 department="企画課").apply(plan)
    return plan


@pytest.fixture(scope="module")
def missing_pdfs(tmp_path_factory):
    """The same report twice: titles as typed, and titles as they print (〓, bases) typed in."""
    g = Glyphs.bundled()
    folder = tmp_path_factory.mktemp("missing")
    typed, printed = folder / "typed.pdf", folder / "printed.pdf"
    result = export_pdf(_plan_with_titles(list(MISSING_TITLES.values())), typed, PdfOptions(today=TODAY))
    drawn = export_pdf(_plan_with_titles([g.clean(t) for t in MISSING_TITLES.values()]), printed,
                       PdfOptions(today=TODAY))
    assert result.pages == drawn.pages
    return typed, printed, result


def test_missing_characters_extract_exactly(missing_pdfs):
    typed, printed, _ = missing_pdfs
    for raw in (True, False):
        text = pdftotext(typed, raw=raw)
        for key, title in MISSING_TITLES.items():
            if key == "long":  # wrapped over lines: the characters, in order, with nothing between
                # (layout mode interleaves the wrapped title with the 担当課 column beside its first line)
                if raw:
                    assert squash(title) in squash(text), key
            else:
                assert title in text, (key, raw)
        assert "〓" not in text
    # the same titles typed as they print extract as 〓 (what the page shows)
    assert "〓野家の出店調整" in pdftotext(printed)


def test_missing_characters_print_as_geta(missing_pdfs):
    """Rendered, the report is pixel for pixel the report of the titles typed as they print."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler) is not installed")
    typed, printed, result = missing_pdfs
    for pdf in (typed, printed):
        subprocess.run(["pdftoppm", "-r", "40", "-gray", str(pdf), str(pdf.with_suffix(""))], check=True)
    folder = typed.parent
    pages = sorted(folder.glob("typed-*.pgm"))
    assert len(pages) == result.pages
    for page in pages:
        twin = folder / page.name.replace("typed-", "printed-")
        assert page.read_bytes() == twin.read_bytes(), page.name


def test_missing_characters_are_marked_content_with_actual_text(missing_pdfs):
    from pypdf import PdfReader

    from dxplanner.exchange.pdf_draw import actual_text

    typed, _, result = missing_pdfs
    streams = "".join(page.get_contents().get_data().decode("latin-1") for page in PdfReader(str(typed)).pages)
    spans = re.findall(r"/Span <</ActualText <(FEFF[0-9A-F]*)>>> BDC (.*?) EMC", streams)
    assert spans
    found = {bytes.fromhex(hexa[4:]).decode("utf-16-be") for hexa, _ in spans}
    for expected in ("𠮷", FAMILY, "葛\U000e0100", "\ue000"):
        assert expected in found, expected
    assert actual_text("𠮷") == "<FEFFD842DFB7>"  # UTF-16BE, BOM, surrogate pair
    # every span draws glyphs (one 〓 per missing character as the reader sees it)
    assert all(re.search(r"<[0-9a-f]+> Tj", inner) for _, inner in spans)
    assert streams.count("BDC") == streams.count("EMC")
    # the warnings still name the field
    joined = "\n".join(result.warnings)
    assert "取組「𠮷野家の出店調整」の取組名：「𠮷」(U+20BB7)" in joined
    assert f"取組「家族{FAMILY}向け窓口」の取組名：" in joined
    assert "取組「葛\U000e0100城市との連携」の取組名：異体字セレクタ（U+E0100）" in joined
    assert "U+E000" in joined
    assert not any("cafe" in w for w in result.warnings)  # the font has U+0301


def test_drawn_form_measures_and_wraps_whole_characters():
    g = Glyphs.bundled()
    assert g.clean(FAMILY) == GETA  # one emoji, one 〓
    assert g.clean("葛\U000e0100城") == "葛城"
    assert g.clean("𠮷\ue000") == GETA * 2
    assert g.segments("𠮷野") == ((GETA, "𠮷"), ("野", None))
    assert g.segments("髙﨑") == (("髙﨑", None),)
    assert g.line("a\tb\nc\ue000") == "a b c\ue000"  # as typed, on one line
    # widths are those of what is drawn
    assert text_width("𠮷", 9) == text_width(GETA, 9) == text_width(FAMILY, 9)
    assert text_width("葛\U000e0100", 9) == text_width("葛", 9)
    # a line break never falls inside a character: not before a selector, skin tone or ZWJ
    text = MISSING_TITLES["long"] + "👍🏽" * 10
    for width in (20, 33, 47, 60, 95):
        lines = wrap(text, 8.0, width)
        assert "".join(lines) == text
        for ln in lines:
            assert not ln.startswith(("\u200d", "\U000e0100", "\U0001f3fd")), (width, ln)
            assert not ln.endswith("\u200d")
            assert text_width(ln, 8.0) <= width + 0.01


# --- size limits, wrapping --------------------------------------------------------------------


def test_nothing_below_7pt(sample_pdf):
    from pypdf import PdfReader

    out, _ = sample_pdf
    reader = PdfReader(str(out))
    sizes: set[float] = set()
    for page in reader.pages:
        data = page.get_contents().get_data().decode("latin-1")
        sizes.update(float(s) for s in re.findall(r"/F[\w+]+ ([\d.]+) Tf", data))
    assert sizes, "no text operators found"
    assert min(sizes) >= MIN_PT


def test_drawing_helpers_refuse_small_text():
    with pytest.raises(ValueError):
        text_width("小さい", 6.5)
    with pytest.raises(ValueError):
        wrap("小さい", 6.9, 100)


def test_wrap_keeps_every_character_and_respects_kinsoku():
    text = "住民基本台帳システムの標準準拠システムへの移行（第2段階）、および関連するAT&T回線の切替。"
    lines = wrap(text, 8.0, 60)
    assert len(lines) > 2
    assert "".join(lines) == text
    assert all(not ln.startswith(("、", "。", "）")) for ln in lines)
    assert all(text_width(ln, 8.0) <= 60 + 0.01 for ln in lines)
    assert not any(ln.endswith("AT") for ln in lines[:-1])  # Latin words stay whole


# --- a big plan tiles -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    from benchmarks.generate import big_plan

    plan = big_plan(400)
    out = tmp_path_factory.mktemp("big") / "big.pdf"
    result = export_pdf(plan, out, PdfOptions(paper="A3", today=TODAY))
    return plan, out, result


def test_big_plan_tiles_with_header_on_every_page(big):
    plan, out, result = big
    pages = pages_text(out, result.pages)
    gantt = [p for p in pages if "取組・作業" in p]
    assert len(gantt) >= 10
    parts = set()
    for page in gantt:
        assert "工程表" in page
        assert "担当課" in page and "状況" in page
        assert re.search(r"令和\d+年度|R\d+", page), "年度 header missing"
        m = re.search(r"縦 (\d+)/(\d+)・横 (\d+)/(\d+)", page)
        assert m, "tile position missing"
        parts.add((int(m[1]), int(m[3])))
        assert "凡例" in page
    rows = max(r for r, _ in parts)
    across = max(c for _, c in parts)
    assert across >= 2 and rows >= 5
    assert len(parts) == rows * across == len(gantt)
    flat = squash("".join(pages))
    for t in plan.tasks.values():
        assert squash(t.title) in flat
    # the task column is repeated on every page across: a title of band 1 appears `across` times
    first_title = next(t for _, t in plan.ordered_tasks()).title
    band1 = [p for p in gantt if "縦 1/" in p]
    assert len(band1) == across and all(first_title in p for p in band1)


def test_fit_to_one_page_wide(big):
    plan, _, result = big
    narrow = count_pages(plan, PdfOptions(paper="A3", fit_pages_wide=1, today=TODAY))
    assert narrow < result.pages
    two = count_pages(plan, PdfOptions(paper="A3", fit_pages_wide=2, today=TODAY))
    assert narrow < two <= result.pages


# --- files --------------------------------------------------------------------------------------


def test_empty_plan_prints(tmp_path):
    from dxplanner.model import Plan

    out = tmp_path / "empty.pdf"
    result = export_pdf(Plan(), out, PdfOptions(paper="A4", today=TODAY))
    assert result.pages >= 5 and out.stat().st_size > 1000


def test_write_is_atomic(sample, tmp_path, monkeypatch):
    from dxplanner.errors import FileError
    from dxplanner.exchange import pdf_report

    out = tmp_path / "report.pdf"
    out.write_bytes(b"previous")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdf_report, "_draw", boom)
    with pytest.raises(FileError) as err:
        export_pdf(sample, out, PdfOptions(today=TODAY))
    assert "report.pdf" in err.value.message_ja
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]  # no temporary file left


def test_missing_folder_is_a_clear_error(sample, tmp_path):
    from dxplanner.errors import FileError

    with pytest.raises(FileError) as err:
        export_pdf(sample, tmp_path / "nope" / "r.pdf")
    assert "フォルダがありません" in err.value.message_ja


def test_default_call_as_the_demo_makes_it(sample, tmp_path):
    result = export_pdf(sample, tmp_path / "demo.pdf")
    assert result.pages > 5


def test_task_without_dates_and_milestones(tmp_path, plan):
    area = sorted(plan.areas.values(), key=lambda a: a.order)[0].id
    plan.tasks["nodates"] = Task(id="nodates", area_id=area, title="日付未定の作業")
    plan.tasks["ms"] = Task(id="ms", area_id=area, title="マイルストーン", start=datetime.date(2022, 3, 31),
                            end=datetime.date(2022, 3, 31), milestone=True, status="完了", progress=100)
    plan.tasks["far"] = Task(id="far", area_id=area, title="遠い将来", start=datetime.date(2205, 4, 1),
                             end=datetime.date(2206, 3, 31))
    out = tmp_path / "t.pdf"
    result = export_pdf(plan, out, PdfOptions(today=TODAY))
    assert result.pages < 40  # a mistyped year does not blow the chart up
    flat = squash(pdftotext(out))
    assert "日付未定の作業" in flat and "遠い将来" in flat


def test_cli_export_pdf(tmp_path):
    import os
    import sys

    from dxplanner.store.gateway import write_new

    plan = read_json_file(sample_plan_json())
    f = tmp_path / "町.dxplan"
    write_new(f, plan)
    before = f.read_bytes()
    out = tmp_path / "報告.pdf"
    env = {**os.environ, "DXPLANNER_LANG": "ja"}
    r = subprocess.run([sys.executable, "-m", "dxplanner.cli", "export", str(f), "--pdf", str(out), "--paper", "A4",
                        "--fit-width", "1"], capture_output=True, text=True, env=env, check=False, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "ページ" in r.stdout and out.exists()
    assert all(w == pytest.approx(841.89, abs=0.1) for w, _ in page_sizes(out))
    assert f.read_bytes() == before  # exporting never changes the plan file


# --- cells taller than a page ------------------------------------------------------------------


def _words_in_bottom_margin(pdf: Path, margin: float = 24.0) -> list[tuple[int, str]]:
    """Words drawn in the page's bottom margin (below the footer): text that ran off the frame."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found, page, height = [], 0, 0.0
    for m in re.finditer(r'<page width="[\d.]+" height="([\d.]+)"|<word [^>]*yMax="([\d.]+)">([^<]*)<', out):
        if m.group(1):
            page, height = page + 1, float(m.group(1))
        elif float(m.group(2)) > height - margin + 0.5:
            found.append((page, m.group(3)))
    return found


@pytest.fixture(scope="module")
def huge_pdf(tmp_path_factory, sample):
    """The sample with cells of thousands of characters (pasted by mistake, say)."""
    import copy
    import dataclasses

    from dxplanner import ops

    plan = copy.deepcopy(sample)
    task = sorted(plan.tasks.values(), key=lambda t: t.id)[0]
    ops.UpdateEntity("tasks", task.id, {"title": "鬱" * 12000, "department": "情報政策課" * 300}).apply(plan)
    review = next(iter(plan.reviews.values()))
    items = [dataclasses.replace(i) for i in review.items]
    items[0].comment = "癸" * 12000  # one character nowhere else in the report: counting it is exact
    ops.UpdateEntity("reviews", review.id, {"items": items}).apply(plan)
    ops.UpdateEntity("kpis", next(iter(plan.kpis)), {"name": "戊" * 9000}).apply(plan)
    ops.UpdateEntity("roles", next(iter(plan.roles)), {"person": "丙" * 6000}).apply(plan)
    ops.UpdateEntity("budget", next(iter(plan.budget)), {"item": "辛" * 8000}).apply(plan)
    out = tmp_path_factory.mktemp("pdf") / "huge.pdf"
    export_pdf(plan, out, PdfOptions(paper="A3", today=TODAY))
    return out


def test_cells_taller_than_a_page_never_run_off_it(huge_pdf):
    assert _words_in_bottom_margin(huge_pdf) == []


def test_table_cells_taller_than_a_page_continue_on_the_next_pages_whole(huge_pdf):
    """Each text is printed whole at least once (a table row continues over the pages); what a
    summary (the 推進体制 chart) shortens comes on top, so a lost page of a cell would show."""
    text = pdftotext(huge_pdf)
    assert text.count("丙") >= 6000  # the person, in the table of roles
    assert text.count("戊") >= 9000  # the KPI
    assert text.count("辛") >= 8000  # the budget line
    assert text.count("癸") == 12000  # the review comment, printed once


def test_gantt_and_chart_cut_only_what_cannot_fit_a_page(huge_pdf):
    pages = pdftotext(huge_pdf).split("\f")
    gantt = [p for p in pages if "工程表" in p[:200] and "鬱" in p and "凡例" in p]  # chart pages have a legend
    assert gantt, "the long task is on the schedule"
    for text in gantt:
        assert 100 < text.count("鬱") < 12000 and "…" in text  # as much as a page holds, then the ellipsis
    # what the chart shortened follows it in full (the table runs over several pages)
    first = next(i for i, p in enumerate(pages) if "工程表で省略した欄の全文" in p)
    full = [p for p in pages[first:] if "\n工程表\n" in p[:80] and "凡例" not in p]
    assert full and sum(p.count("鬱") for p in full) == 12000
    assert "情報政策課" * 300 in squash("".join(full))
    chart = next(p for p in pages if "丙" in p)  # the 推進体制 chart comes first, shortened
    assert 0 < chart.count("丙") < 200 and "…" in chart
