"""令和8年度版（第2.3版と以後の国の決定）: every fact pinned to its source entry and confidence.

The expected values come from the reference gathered for this edition (national situation in
令和8年度, each fact with its source and 確認/二次), written out here by hand: a fact added to the
edition without a pin here, or moved to another source, fails.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from dxplanner import catalog
from dxplanner.catalog import Edition

RAW: dict[str, Any] = json.loads(
    resources.files("dxplanner.catalog").joinpath("editions", "r8.json").read_text(encoding="utf-8"))

# path of the text in the file -> (source key, conf, figures the text must state)
PINS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "areas[structure].facts[0]": ("tkc202601", "確認", ("2026年3月", "第37回", "2025年7月29日")),
    "areas[structure].facts[1]": ("thirdin_38", "二次", ("第38回", "2025年12月4日")),
    "areas[front].guidance": ("soumu_front", "確認", ("書かないワンストップ窓口", "予約", "リモート窓口")),
    "areas[front].facts[0]": ("digital_online", "確認", ("31手続のうち26手続", "59手続")),
    "areas[std].guidance": ("digital_kihon", "確認", ("20業務", "戸籍・戸籍の附票・印鑑登録", "2025年度末")),
    "areas[std].target_text": ("digital_kihon", "確認", ("2025年度末", "概ね5年以内")),
    "areas[std].facts[0]": ("ascii_tokutei", "確認", ("2024年12月", "特定移行支援システム", "概ね5年以内")),
    "areas[std].facts[1]": ("digital_tokutei_2509", "確認", ("2025年7月末", "34,592", "3,770", "10.9%", "1,788",
                                                             "643", "36.0%")),
    "areas[std].facts[2]": ("itmedia_unyou", "確認", ("平成30年度比で3割削減", "2.3倍", "5.7倍", "2025年6月16日")),
    "areas[std].facts[3]": ("gcportal_tokutei", "二次", ("2026年3月末", "34,366", "10,013", "29.1%", "38.4%")),
    "areas[eltax].guidance": ("soumu_eltax", "確認", ("令和6年法律第65号", "2026年9月", "国民健康保険料",
                                                    "団体の期限ではない")),
    "areas[eltax].target_text": ("soumu_eltax", "確認", ("2026年9月",)),
    "areas[eltax].facts[0]": ("itmedia_eltax", "確認", ("国民健康保険料", "介護保険料", "後期高齢者医療保険料")),
    "areas[mynum].guidance": ("dempa_mynum", "確認", ("2025年12月3日", "80.3%", "2024年12月2日", "2025年3月24日")),
    "areas[mynum].facts[0]": ("bcn_mynum", "二次", ("81.2%", "令和10年度", "2,780万", "令和7〜8年度")),
    "areas[sec].facts[0]": ("secpolicy_2", "二次", ("2026年4月1日", "サイバーセキュリティ方針", "2024年10月",
                                                  "令和7年3月")),
    "areas[airpa].guidance": ("atmarkit_ai", "確認", ("第4版", "2025年12月16日", "87.2%", "90.0%", "29.9%",
                                                    "2024年12月31日")),
    "measures[r8-std-fund]": ("gcportal_fund", "二次", ("1,508.6億円", "316.8億円", "5,163.1億円", "194.1億円",
                                                        "令和12年度末", "運用経費", "クラウド利用料")),
    "measures[r8-digital-katsuyou]": ("jiji_20241227", "確認", ("1,000億円", "令和7年度")),
    "measures[r8-sousei]": ("jiji_20241227", "確認", ("2,000億円", "令和7年度")),
    "measures[r8-chiiki-mirai]": ("murai_blog", "二次", ("1/2", "2/3", "3/4", "令和8年度")),
    "online_procedures[kaigo-04]": ("mynaportal_kaigo", "確認", ("居宅(介護予防)サービス計画作成(変更)依頼の届出",)),
    "online_procedures[kosodate-10]": ("genkyo_2206", "確認", ("2022年6月", "原則不要")),
}


def _texts() -> dict[str, tuple[str, str, str]]:
    """Every sourced text of the file: path -> (text, source key, conf)."""
    out: dict[str, tuple[str, str, str]] = {}
    for a in RAW["areas"]:
        for key in ("guidance", "target_text"):
            if a[key]:
                out[f"areas[{a['id']}].{key}"] = (a[key], a["source"], a["conf"])
        for n, f in enumerate(a.get("facts", [])):
            out[f"areas[{a['id']}].facts[{n}]"] = (f["text"], f["source"], f["conf"])
    for m in RAW["measures"]:
        out[f"measures[{m['id']}]"] = (f"{m['text']} {m['amount_text'] or ''} {m['rate_text'] or ''}",
                                       m["source"], m["conf"])
    for p in RAW["online_procedures"]:
        if p["source"] != "seed":
            out[f"online_procedures[{p['id']}]"] = (f"{p['name']} {p.get('status_note') or ''}", p["source"], p["conf"])
    return out


@pytest.fixture(scope="module")
def r8() -> Edition:
    return catalog.load_edition("r8")


def test_every_fact_is_pinned_and_every_pin_is_a_fact() -> None:
    texts = _texts()
    # std.target_text is drawn from two sources (原則 and 特定移行支援); it is pinned to the principle
    assert set(texts) == set(PINS)


@pytest.mark.parametrize("path", sorted(PINS))
def test_fact_states_its_figures_with_its_source(path: str) -> None:
    text, source, conf = _texts()[path]
    want_source, want_conf, figures = PINS[path]
    assert (source, conf) == (want_source, want_conf)
    for fig in figures:
        assert fig in text, (path, fig)
    assert RAW["sources"][source]["title"]


def test_secondary_facts_are_marked_with_their_source(r8: Edition) -> None:
    for area in r8.areas:
        shown = area.guidance_with_facts
        for f in area.facts:
            if f.conf == "二次":
                assert f"{f.text}（二次情報：{f.source.title}）" in shown
            else:
                assert "二次情報" not in f.marked_text


def test_named_by_what_it_is(r8: Edition) -> None:
    assert r8.title == "令和8年度版（第2.3版と以後の国の決定）"
    assert r8.date_kind == "時点" and r8.period_from is None and r8.period_to is None
    text = json.dumps(RAW, ensure_ascii=False)
    assert "第3.0版" not in text and "第4.0版" not in text  # never an edition number not published
    assert "DX Planner" in r8.publisher  # a compilation, not a plan the ministry published


def test_seven_focus_areas_of_2_3_in_order(r8: Edition) -> None:
    ed23 = catalog.load_edition("2.3")
    assert [a.id for a in r8.areas if a.kind == "focus"] == [a.id for a in ed23.areas if a.kind == "focus"]
    assert [a.no for a in r8.areas if a.kind == "focus"] == list(range(1, 8))
    assert [a.full_name for a in r8.areas if a.kind == "focus"] == [a.full_name for a in ed23.areas if a.kind == "focus"]
    assert r8.area("front").maps_from == ("online",)


def test_standardization_and_deadlines(r8: Edition) -> None:
    assert len(r8.standard_businesses_with_additions()) == 20
    assert {"戸籍", "戸籍の附票", "印鑑登録"} <= {b.name for b in r8.standard_businesses_with_additions()}
    # no national date of this edition is a town's deadline: 2026-09 is the start of eL-QR, the
    # 標準化 principle date has passed, 特定移行支援 deadlines are per system
    assert all(a.deadline is None for a in r8.areas)
    assert r8.step_model.tokutei_deadline_text == "概ね5年以内"


def test_kpis_are_the_towns_own_measures(r8: Edition) -> None:
    for a in r8.areas:
        assert a.kpis, a.id
        for k in a.kpis:
            assert "団体が自ら測る指標" in (k.note or ""), k.id
            assert k.unit


def test_procedures_official_names_with_seed_alias(r8: Edition) -> None:
    ed10 = catalog.load_edition("1.0")
    kaigo = r8.procedure("kaigo-04")
    assert kaigo.name.startswith("居宅") and kaigo.aliases == (ed10.procedure("kaigo-04").name,)
    assert ed10.procedure("kaigo-04").name.startswith("居住")  # 第1.0版 as the seed has it
    genkyo = r8.procedure("kosodate-10")
    assert genkyo.name == "児童手当等の現況届" and str(genkyo.not_required_from) == "2022-06-01"
    assert len(r8.online_procedures) == 26


def test_no_unconfirmed_support_measures(r8: Edition) -> None:
    # whether the 特別交付税 measures for RPA, テレワーク and 外部人材 go on after 令和7年度 is not
    # confirmed: the edition must not list them
    assert not [m for m in r8.measures if m.kind == "特別交付税"]


def test_situation_tags_choose_std_tasks(r8: Edition) -> None:
    fits = {t.id: t.fits for t in r8.area("std").starter_tasks}
    assert fits["r8-std-tokutei"] == ("std:特定移行支援",) and fits["r8-std-remaining"] == ("std:移行中",)
    assert fits["r8-std-ops"] == ()
