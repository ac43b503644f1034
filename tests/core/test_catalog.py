"""The national catalog against its sources.

Expected values are derived from the seed text (総務省「自治体DX推進計画概要」令和2年12月25日) with
regular expressions, never copied from the catalog. The one known defect of the seed text (Cyrillic
letters in 「デジタルデバイド対策」) is normalised explicitly and nowhere else.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from dxplanner import catalog
from dxplanner.catalog import CatalogError, Edition, StarterTask

SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "seed_jichitai_dx_gaiyou_r021225.txt"
SEED = SEED_PATH.read_text(encoding="utf-8")

# The single known OCR defect of the seed text: 「イド」 was read as Cyrillic 「йд」.
SEED_DEFECT = "デジタルデバ\u0439\u0434対策"
SEED_DEFECT_FIXED = "デジタルデバイド対策"

FOCUS_IDS_10 = ["std", "mynum", "online", "airpa", "tele", "sec"]
FOCUS_IDS_23 = ["front", "std", "eltax", "mynum", "sec", "airpa", "tele"]
CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def _strip(html: str) -> str:
    text = re.sub(r"<[^>]+>", "", html).replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


def _section_bullets(heading: str) -> list[str]:
    m = re.search(rf"^## {re.escape(heading)}\n\n((?:- .*\n)+)", SEED, re.M)
    assert m, heading
    return [line[2:].strip() for line in m.group(1).splitlines()]


def _table_rows(header: str, end: str) -> list[str]:
    """Rows (one line each) of the HTML-ish table that follows ``header`` up to ``end``."""
    block = SEED.split(header, 1)[1].split(end, 1)[0]
    return [line for line in block.splitlines() if line.startswith("<p>")]


def _row_heading(row: str) -> tuple[int, str]:
    m = re.match(r"<p>(?:<b>)?([①-⑨])\s*(?:<b>)?\s*(.*?)</b>", row)
    assert m, row
    return CIRCLED.index(m.group(1)) + 1, _strip(m.group(2))


def _row_bullets(row: str) -> list[str]:
    right = row.split("\t", 1)[1]
    return [_strip(li).lstrip("・") for li in re.findall(r"<li>(.*?)</li>", right)]


FOCUS_ROWS = _table_rows("重点取組事項\t国の主な支援策等\n", "### 【自治体DXの取組みとあわせて")
RELATED_ROWS = _table_rows("\n取組事項\t国の主な支援策等\n", "※予算に関わるもの")
KPI_ROWS = _table_rows("「デジタル・ガバメント実行計画」等において示された方針及びKPI\n", "※「デジタル")


@pytest.fixture(scope="module")
def ed10() -> Edition:
    return catalog.load_edition("1.0")


@pytest.fixture(scope="module")
def ed23() -> Edition:
    return catalog.load_edition("2.3")


def _catalog_json_files() -> list[tuple[str, str]]:
    root = resources.files("dxplanner.catalog")
    files = [("standardization.json", root.joinpath("standardization.json").read_text(encoding="utf-8"))]
    for entry in root.joinpath("editions").iterdir():
        if entry.name.endswith(".json"):
            files.append((f"editions/{entry.name}", entry.read_text(encoding="utf-8")))
    return files


def _all_tasks(tasks: tuple[StarterTask, ...]) -> list[StarterTask]:
    out: list[StarterTask] = []
    for t in tasks:
        out.append(t)
        out.extend(_all_tasks(t.children))
    return out


# --------------------------------------------------------------------------- editions, loader


def test_available_editions_sorted_by_date() -> None:
    assert catalog.available_editions() == ["1.0", "2.3", "r8"]
    assert catalog.DEFAULT_EDITION == "r8" == catalog.newest_edition()


def test_load_is_cached(ed10: Edition) -> None:
    assert catalog.load_edition("1.0") is ed10


@pytest.mark.parametrize("bad", ["9.9", "", "../standardization", "1.0.json", "editions/1.0"])
def test_unknown_edition_raises(bad: str) -> None:
    with pytest.raises(CatalogError, match="unknown catalog edition"):
        catalog.load_edition(bad)


def test_edition_10_metadata(ed10: Edition) -> None:
    assert ed10.id == "1.0"
    assert ed10.title == "自治体DX推進計画 第1.0版"
    assert ed10.decided == datetime.date(2020, 12, 25)
    m = re.search(r"(\d{4})年(\d{1,2})月から(\d{4})年(\d{1,2})月までを本計画の対象期間とする", SEED)
    assert m
    assert ed10.period_from == f"{m.group(1)}-{int(m.group(2)):02d}"
    assert ed10.period_to == f"{m.group(3)}-{int(m.group(4)):02d}"
    assert "自治体DX推進計画概要" in ed10.source.title
    assert ed10.source.date == "2020-12-25"


def test_area_and_measure_lookup(ed10: Edition) -> None:
    assert ed10.area("std").name == "自治体の情報システムの標準化・共通化"
    assert ed10.measure("std_fund").rate == 1.0
    with pytest.raises(KeyError):
        ed10.area("nope")
    with pytest.raises(KeyError):
        ed10.measure("nope")


# --------------------------------------------------------------------------- seed: lists


def test_structure_items_match_seed(ed10: Edition) -> None:
    expected = _section_bullets("推進体制の構築")
    assert len(expected) == 4
    assert [s.name for s in ed10.structure] == expected
    for item in ed10.structure:
        m = re.search(rf"^## ○{re.escape(item.name)}\n\n(.+)$", SEED, re.M)
        assert m, item.name
        assert item.guidance == _strip(m.group(1))
    assert [a.id for a in ed10.areas if a.kind == "structure"] == ["structure"]


def test_structure_support_measures_match_seed(ed10: Edition) -> None:
    talent_text = re.search(r"## ○デジタル人材の確保・育成\n.*?【国の支援策等】(.*?)\n\n##", SEED, re.S)
    assert talent_text
    parts = [p.strip() for p in re.split(r"、\s*\n", talent_text.group(1).strip())]
    talent = next(s for s in ed10.structure if s.name == "デジタル人材の確保・育成")
    assert [m.text for m in talent.measures] == parts
    rate = re.search(r"特別交付税措置\(措置率([\d.]+)\)", talent_text.group(1))
    assert rate
    ext = ed10.measure("ext_talent")
    assert (ext.kind, ext.rate_text, ext.rate) == ("特別交付税", rate.group(1), float(rate.group(1)))
    assert ext in talent.measures
    plan_text = re.search(r"## ○計画的な取組み\n.*?【国の支援策等】([^\n]+)", SEED, re.S)
    assert plan_text
    plan = next(s for s in ed10.structure if s.name == "計画的な取組み")
    assert [m.text for m in plan.measures] == [plan_text.group(1).strip()]


def test_key_roles(ed10: Edition) -> None:
    roles = {r.id: r.name for r in ed10.key_roles}
    assert roles["head"] == "首長"
    assert roles["cio"] == "CIO"
    assert roles["cio_assistant"] == "CIO補佐官"
    assert roles["ciso"] == "CISO"
    assert "推進本部" in roles.values()
    org = re.search(r"## ○組織体制の整備\n\n(.+)$", SEED, re.M)
    assert org
    for rid in ("head", "cio", "cio_assistant"):
        assert roles[rid] in org.group(1)


def test_focus_items_match_seed_list_and_table(ed10: Edition) -> None:
    expected = _section_bullets("重点取組事項")
    assert len(expected) == 6
    focus = [a for a in ed10.areas if a.kind == "focus"]
    assert [a.name for a in focus] == expected
    assert [a.id for a in focus] == FOCUS_IDS_10
    assert [a.no for a in focus] == list(range(1, 7))
    table = [_row_heading(r) for r in FOCUS_ROWS]
    assert [no for no, _ in table] == list(range(1, 7))
    assert [a.full_name for a in focus] == [name for _, name in table]


def test_focus_guidance_is_the_seed_text(ed10: Edition) -> None:
    for row, area in zip(FOCUS_ROWS, [a for a in ed10.areas if a.kind == "focus"], strict=True):
        left = _strip(row.split("\t", 1)[0])
        assert area.guidance
        assert area.guidance.replace("\n", " ") in left, area.id


def test_related_items_match_seed_with_known_defect(ed10: Edition) -> None:
    raw = [_row_heading(r)[1] for r in RELATED_ROWS]
    assert SEED_DEFECT in raw, "the known seed defect is gone: drop the normalisation below"
    expected = [SEED_DEFECT_FIXED if name == SEED_DEFECT else name for name in raw]
    related = [a for a in ed10.areas if a.kind == "related"]
    assert [a.name for a in related] == expected
    assert [a.id for a in related] == ["region", "divide"]
    assert [a.no for a in related] == [1, 2]
    divide = ed10.area("divide")
    assert (
        divide.source_note and SEED_DEFECT in divide.source_note and SEED_DEFECT_FIXED in divide.source_note
    )
    for row, area in zip(RELATED_ROWS, related, strict=True):
        assert area.guidance in _strip(row.split("\t", 1)[0])
    # nothing else in the shipped catalog carries a Cyrillic letter outside that note
    for a in ed10.areas:
        assert not re.search(r"[\u0400-\u04ff]", a.name + a.full_name + a.guidance)


def test_target_times_from_seed(ed10: Edition) -> None:
    std_fy = re.search(r"目標時期を<b>(\d{4})年度</b>", SEED)
    mynum_fy = re.search(r"(\d{4})年度末までにほとんどの住民がマイナンバーカードを保有", SEED)
    online_fy = re.search(r"<b>(\d{4})年度末</b>を目指して", SEED)
    assert std_fy and mynum_fy and online_fy
    cases = {"std": int(std_fy.group(1)), "mynum": int(mynum_fy.group(1)), "online": int(online_fy.group(1))}
    for area_id, fy in cases.items():
        area = ed10.area(area_id)
        assert area.target_fy == fy
        assert area.deadline == datetime.date(fy + 1, 3, 31)
    for area_id in ("airpa", "tele", "sec", "region", "divide", "structure"):
        assert ed10.area(area_id).target_fy is None
        assert ed10.area(area_id).deadline is None


# --------------------------------------------------------------------------- seed: support measures


def test_area_measures_are_the_seed_bullets(ed10: Edition) -> None:
    rows = list(zip(FOCUS_ROWS, [a for a in ed10.areas if a.kind == "focus"], strict=True))
    rows += list(zip(RELATED_ROWS, [a for a in ed10.areas if a.kind == "related"], strict=True))
    for row, area in rows:
        shown = {f"{m.text}【{m.ministry}】" if m.ministry else m.text for m in area.measures}
        for bullet in _row_bullets(row):
            if bullet.startswith("[再掲]"):
                continue
            assert bullet in shown, (area.id, bullet)
    # 再掲 bullets point at measures of the item they repeat
    assert ed10.measure("ext_talent") in ed10.area("airpa").measures
    assert ed10.measure("region") in ed10.area("divide").measures


def test_national_funding_rates_from_seed(ed10: Edition) -> None:
    found = re.findall(r"国費(\d+/\d+) ([\d.]+億円) (\d{4})年度まで", SEED)
    assert len(found) == 3
    by_amount = {m.amount_text: m for m in ed10.measures if m.amount_text}
    for rate_text, amount, until in found:
        m = by_amount[amount]
        assert m.kind == "国費"
        assert m.rate_text == rate_text
        num, den = rate_text.split("/")
        assert m.rate == pytest.approx(int(num) / int(den))
        assert m.until_fy == int(until)
        assert m.conf == "確認"
    assert {by_amount[a].id for _, a, _ in found} == {"std_fund", "myna_portal", "sec_cloud"}


def test_mynum_and_region_amounts_from_seed(ed10: Edition) -> None:
    mynum = re.search(r"支援を実施\(([\d.]+億円)\)【総務省】", SEED)
    assert mynum
    assert ed10.measure("mynum").amount_text == mynum.group(1)
    region = re.search(r"「地域デジタル社会推進費\(仮称\)」(\d+億円)を計上\((\d{4})・(\d{4})年度", SEED)
    assert region
    m = ed10.measure("region")
    assert m.amount_text == region.group(1)
    assert m.until_fy == int(region.group(3))
    assert m.kind == "地方財政措置"


def test_airpa_special_grant_rates_from_seed(ed10: Edition) -> None:
    rates = re.findall(r"特別交付税（措置率([\d.]+)）", SEED)
    assert len(rates) == 2
    m = ed10.measure("airpa")
    assert m.kind == "特別交付税"
    assert m.rate_text == rates[0]
    assert m.rate == float(rates[0])
    assert m.joint_rate == float(rates[1])
    assert m in ed10.area("airpa").measures


def test_special_grants_are_labelled_as_estimates() -> None:
    for edition_id in catalog.available_editions():
        for m in catalog.load_edition(edition_id).measures:
            if m.kind == "特別交付税":
                assert m.estimate_label == "措置見込額（参考）"
            else:
                assert m.estimate_label is None


# --------------------------------------------------------------------------- seed: KPIs


def test_kpis_are_the_seed_text(ed10: Edition) -> None:
    by_no = {}
    for row in KPI_ROWS:
        no, _ = _row_heading(row)
        after = row.split("&lt;KPI&gt;", 1)
        by_no[no] = (
            [_strip(li).lstrip("・") for li in re.findall(r"<li>(.*?)</li>", after[1])]
            if len(after) > 1
            else []
        )
    focus = {a.no: a for a in ed10.areas if a.kind == "focus"}
    for no, names in by_no.items():
        assert [k.name for k in focus[no].kpis] == names, focus[no].id
    assert [len(by_no[n]) for n in (1, 3, 4)] == [3, 3, 1]
    for area_id in ("mynum", "tele", "sec"):
        assert ed10.area(area_id).kpis == ()
    cost = ed10.area("std").kpis[2]
    assert "3割削減" in cost.name and "2018年度" in cost.name and "2026年度" in cost.name


# --------------------------------------------------------------------------- seed: 31 手続


def test_online_procedures_match_seed_group_by_group(ed10: Edition) -> None:
    sections = re.findall(r"^## (\S+?)（(\d+)手続）※(\S+?)対象手続\n(.*?)(?=^#)", SEED, re.S | re.M)
    assert [(g, int(n)) for g, n, _, _ in sections] == [
        ("子育て関係", 15),
        ("介護関係", 11),
        ("被災者支援関係", 1),
        ("自動車保有関係", 4),
    ]
    expected = []
    for group, count, level, body in sections:
        names = [line.strip() for line in body.splitlines() if line.strip()]
        assert len(names) == int(count)
        expected += [(group, i, name, level) for i, name in enumerate(names, 1)]
    assert len(expected) == 31
    got = [(p.group, p.no, p.name, p.level) for p in ed10.online_procedures]
    assert got == expected
    assert ed10.online_procedures[0].id == "kosodate-01"
    assert {p.id.split("-")[0] for p in ed10.online_procedures} == {"kosodate", "kaigo", "hisai", "jidosha"}
    # characters kept exactly as in the seed
    proc_names = {p.name for p in ed10.online_procedures}
    assert "居住(介護予防)サービス計画作成(変更)依頼の届出" in proc_names
    assert "氏名変更／住所変更等の届出" in proc_names


# --------------------------------------------------------------------------- 標準化


def test_standard_businesses(ed10: Edition, ed23: Edition) -> None:
    b17 = ed10.standard_businesses
    assert len(b17) == 17
    assert all(b.orig17 for b in b17)
    assert [b.name for b in b17] == [
        "住民基本台帳",
        "選挙人名簿管理",
        "固定資産税",
        "個人住民税",
        "法人住民税",
        "軽自動車税",
        "国民健康保険",
        "国民年金",
        "障害者福祉",
        "後期高齢者医療",
        "介護保険",
        "児童手当",
        "健康管理",
        "就学",
        "児童扶養手当",
        "生活保護",
        "子ども・子育て支援",
    ]
    assert [b.order_a for b in b17] == list(range(1, 18))
    all20 = ed10.standard_businesses_with_additions()
    assert len(all20) == 20
    additions = [b for b in all20 if not b.orig17]
    assert [b.name for b in additions] == ["印鑑登録", "戸籍", "戸籍の附票"]
    assert additions[0].source != b17[0].source  # a separate, sourced entry
    assert len({b.id for b in all20}) == 20
    assert sorted(b.order_b for b in all20 if b.order_b is not None) == list(range(1, 21))
    assert {b.name for b in all20 if b.prefecture_too} == {"児童扶養手当", "生活保護"}
    assert ed23.standard_businesses == all20
    assert ed23.standard_businesses_with_additions() == all20
    seed_17 = re.search(r"基幹系(\d+)業務システム", SEED)
    assert seed_17 and int(seed_17.group(1)) == len(b17)


def test_order_b_is_marked_secondary() -> None:
    data = json.loads(
        resources.files("dxplanner.catalog").joinpath("standardization.json").read_text("utf-8")
    )
    assert data["orderings"]["a"]["conf"] == "確認"
    assert data["orderings"]["b"]["conf"] == "二次"
    assert data["orderings"]["b"]["source"]


def test_step_model(ed10: Edition) -> None:
    sm = ed10.step_model
    assert sm.phases == ("計画立案", "システム選定", "移行")
    assert sm.step_count == 40
    assert sm.statuses == ("完了済み", "作業中", "未着手", "対象外")
    assert (24, "RFPベンダー質問回答") in sm.known_steps
    assert (25, "ベンダーからのRFP回答") in sm.known_steps
    assert {name for no, name in sm.known_steps if no is None} == {
        "Fit&Gap分析",
        "予算要求調整",
        "ベンダ選定",
    }
    assert sm.step_label(24) == "RFPベンダー質問回答"
    assert sm.step_label(7) == "ステップ7"
    with pytest.raises(ValueError):
        sm.step_label(41)
    assert sm.completion_rate({"完了済み": 20, "対象外": 4, "作業中": 6, "未着手": 10}) == pytest.approx(0.6)
    assert [no for no, _ in sm.tokutei_reasons] == [1, 2, 3, 4]
    assert sm.default_deadline == datetime.date(2026, 3, 31)
    assert sm.tokutei_deadline_text == "概ね5年以内"
    assert catalog.load_edition("2.3").step_model == sm


# --------------------------------------------------------------------------- edition 2.3


def test_edition_23(ed23: Edition) -> None:
    assert ed23.decided == datetime.date(2024, 2, 5)
    assert (ed23.period_from, ed23.period_to) == ("2021-01", "2026-03")
    focus = [a for a in ed23.areas if a.kind == "focus"]
    assert [a.id for a in focus] == FOCUS_IDS_23
    assert [a.no for a in focus] == list(range(1, 8))
    assert [a.name for a in focus] == [
        "自治体フロントヤード改革の推進",
        "自治体の情報システムの標準化・共通化",
        "公金収納におけるeLTAXの活用",
        "マイナンバーカードの普及促進・利用の推進",
        "セキュリティ対策の徹底",
        "AI・RPAの利用推進",
        "テレワークの推進",
    ]
    assert [s.name for s in ed23.structure][3] == "都道府県と市区町村の連携による推進体制の構築"
    assert len(ed23.structure) == 4
    assert ed23.area("std").deadline == datetime.date(2026, 3, 31)
    assert ed23.area("eltax").target_text == "遅くとも2026年9月"
    assert not [a for a in ed23.areas if a.kind == "related"]  # not confirmed for 2.3: not shipped
    procs = ed23.online_procedures
    assert len(procs) == 26
    assert {p.group for p in procs} == {"子育て関係", "介護関係"}
    assert set(procs) <= set(catalog.load_edition("1.0").online_procedures)


# --------------------------------------------------------------------------- sources, conf, template


def test_every_entry_has_source_and_conf() -> None:
    for edition_id in catalog.available_editions():
        ed = catalog.load_edition(edition_id)
        entries: list[Any] = [
            *ed.structure,
            *ed.areas,
            *ed.measures,
            *ed.standard_businesses,
            *ed.standard_businesses_with_additions(),
            *ed.online_procedures,
        ]
        entries += [k for a in ed.areas for k in a.kpis]
        for e in entries:
            assert e.conf in {"確認", "二次"}, e
            assert e.source.title, e
        assert ed.source.title and ed.step_model.source.title


def test_no_unconfirmed_fact_in_raw_json() -> None:
    files = _catalog_json_files()
    assert len(files) >= 3
    for name, text in files:
        assert "未確認" not in text, name
        data = json.loads(text)

        def walk(node: object, where: str) -> None:
            if isinstance(node, dict):
                if "conf" in node:
                    assert node["conf"] in {"確認", "二次"}, where
                for k, v in node.items():
                    walk(v, f"{where}.{k}")
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    walk(v, f"{where}[{i}]")

        walk(data, name)


def test_starter_tasks_are_our_own_template() -> None:
    for name, text in _catalog_json_files():
        data = json.loads(text)
        for area in data.get("areas", []):
            stack = list(area["starter_tasks"])
            while stack:
                t = stack.pop()
                assert t["origin"] == "dxplanner", (name, t["id"])
                assert "conf" not in t
                stack.extend(t.get("children", []))
        if "areas" in data:
            assert data["starter_label"] == "参考（DX Planner の例示）" == catalog.STARTER_LABEL
    for edition_id in catalog.available_editions():
        ed = catalog.load_edition(edition_id)
        ids = []
        for area in ed.areas:
            assert 3 <= len(area.starter_tasks) <= 7, (edition_id, area.id)
            for t in _all_tasks(area.starter_tasks):
                ids.append(t.id)
                assert 0 <= t.span[0] <= t.span[1] <= 1
                if t.milestone:
                    assert t.span[0] == t.span[1]
        assert len(ids) == len(set(ids))
    std_titles = [t.title for t in _all_tasks(catalog.load_edition("1.0").area("std").starter_tasks)]
    for word in ("推進体制の立ち上げ", "Fit&Gap分析", "ベンダ選定", "移行"):
        assert word in std_titles
    final = catalog.load_edition("1.0").area("std").starter_tasks[-1]
    assert final.milestone and final.span == (1.0, 1.0)


def test_ids_unique_within_each_edition() -> None:
    for edition_id in catalog.available_editions():
        ed = catalog.load_edition(edition_id)
        for group in (
            ed.areas,
            ed.measures,
            ed.structure,
            ed.key_roles,
            ed.online_procedures,
            ed.standard_businesses_with_additions(),
        ):
            ids = [x.id for x in group]
            assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- validation failures


def _packaged_edition(edition_id: str) -> dict:
    text = resources.files("dxplanner.catalog").joinpath("editions", f"{edition_id}.json").read_text("utf-8")
    return json.loads(text)


def test_packaged_file_round_trips_through_edition_from_file(tmp_path: Path) -> None:
    path = tmp_path / "1.0.json"
    path.write_text(json.dumps(_packaged_edition("1.0"), ensure_ascii=False), encoding="utf-8")
    assert catalog.edition_from_file(path) == catalog.load_edition("1.0")


def _corrupt(tmp_path: Path, mutate, edition_id: str = "1.0") -> Path:
    data = _packaged_edition(edition_id)
    mutate(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["areas"][1].__setitem__("conf", "未確認"), "未確認"),
        (lambda d: d["measures"][0].__setitem__("conf", "maybe"), "conf must be one of"),
        (lambda d: d["areas"][1].pop("conf"), "conf"),
        (lambda d: d["online_procedures"][0].pop("source"), "source"),
        (
            lambda d: d["areas"].append({**d["areas"][1], "kpis": [], "starter_tasks": []}),
            "duplicate id 'std'",
        ),
        (lambda d: d["measures"].append(dict(d["measures"][0])), "duplicate id"),
        (lambda d: d.pop("areas"), "missing required key"),
        (lambda d: d["areas"][1]["measure_ids"].append("nope"), "unknown measure id"),
        (lambda d: d["areas"][1].__setitem__("source", "nope"), "unknown source key"),
        (lambda d: d["areas"][1]["starter_tasks"][0].__setitem__("origin", "総務省"), "origin"),
        (lambda d: d["areas"][1]["starter_tasks"][0].__setitem__("span", [0.5, 0.2]), "span"),
        (lambda d: d["measures"][2].__setitem__("estimate_label", None), "estimate_label"),
        (lambda d: d["areas"][1].__setitem__("deadline", "2026-13-01"), "ISO date"),
        (lambda d: d["online_procedures"][0].__setitem__("level", "国"), "level"),
        (lambda d: d.__setitem__("period_to", "2026/03"), "YYYY-MM"),
        (lambda d: d["areas"][1].__setitem__("guidance", "本文は未確認"), "未確認"),
    ],
)
def test_corrupted_catalog_is_refused(tmp_path: Path, mutate, message: str) -> None:
    path = _corrupt(tmp_path, mutate)
    with pytest.raises(CatalogError, match=re.escape(message)):
        catalog.edition_from_file(path)
    with pytest.raises(CatalogError):
        catalog.validate_edition_data(json.loads(path.read_text("utf-8")))


def test_broken_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "1.0", ', encoding="utf-8")
    with pytest.raises(CatalogError) as broken:
        catalog.edition_from_file(path)
    assert "broken JSON" in broken.value.message_en and "JSON が壊れている" in broken.value.message_ja
    with pytest.raises(CatalogError) as missing:
        catalog.edition_from_file(tmp_path / "missing.json")
    assert "cannot be read" in missing.value.message_en


def test_bad_procedure_reference_is_refused(tmp_path: Path) -> None:
    path = _corrupt(tmp_path, lambda d: d["online_procedures"]["ids"].append("kosodate-99"), "2.3")
    with pytest.raises(CatalogError, match="kosodate-99"):
        catalog.edition_from_file(path)


def test_standardization_validation() -> None:
    text = resources.files("dxplanner.catalog").joinpath("standardization.json").read_text("utf-8")
    good = json.loads(text)
    catalog.validate_standardization_data(good)
    bad = json.loads(text)
    bad["orderings"]["b"]["conf"] = "未確認"
    with pytest.raises(CatalogError, match="未確認"):
        catalog.validate_standardization_data(bad)
    bad = json.loads(text)
    bad["businesses"].append(dict(bad["businesses"][0]))
    with pytest.raises(CatalogError, match="duplicate"):
        catalog.validate_standardization_data(bad)
    bad = json.loads(text)
    bad["step_model"]["known_steps"][0]["no"] = 41
    with pytest.raises(CatalogError, match="outside"):
        catalog.validate_standardization_data(bad)


def test_catalog_does_not_import_qt() -> None:
    code = (
        "import sys, dxplanner.catalog as c; c.load_edition('2.3'); "
        "print(any('PySide6' in m for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
