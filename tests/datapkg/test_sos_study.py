"""The S-O-S study's own figures (data/raw/sos_study/, issue 14): every row of sos_results.csv a fact `sos-NNN` with
its verbatim quote, the figures read only in translations marked as such, Ukraine's two figures kept apart, no
derived number among the facts, and a row whose figure is not in its quote stopping the build.

The rules in words: data/raw/sos_study/SOURCE.md."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import snapshot

from sos_dash.datapkg import build
from sos_dash.datapkg.quotes import normalise_quote, qualifier_before, value_in_quote
from sos_dash.datapkg.validate import Problem
from sos_dash.paths import DATA_DIR

DATA = DATA_DIR
RAW = DATA / "raw"
RESULTS = "sos_study/sos_results.csv"
SOS = ("KAZ", "KGZ", "TJK", "UKR")
# the three copies of the translated abstract the naloxone-use sentence was read in (sos_results.csv notes)
PT = ("https://globalwn.org/pt-br/knowledge-share/resources/2022-03/"
      "um-estudo-coorte-prospectivo-observacional-do-uso-naloxona")
FR = ("https://issup.net/fr/knowledge-share/research/2022-03/"
      "une-etude-cohorte-prospective-observationnelle-sur-lutilisation")
IT = "https://globalrecoverynetwork.org/it/node/16850"
USED_PCT = "sos_cohort_naloxone_used_at_most_recent_witnessed_overdose_pct"
USED_N = "sos_cohort_naloxone_used_at_most_recent_witnessed_overdose_n"
FOLLOWED = "sos_cohort_followup_denominator_n"
WITNESSED_PCT = "sos_cohort_witnessed_overdose_pct"
# the Bulletin of the WHO 2022 abstract, per country: followed up, witnessed an overdose, used naloxone at the last one
CASCADE = {"KAZ": (341, 170, 152), "KGZ": (349, 113, 101), "TJK": (356, 71, 71), "UKR": (342, 125, 103)}


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def facts() -> dict[str, dict]:
    return {f["fact_id"]: f for f in read_csv(DATA / "facts.csv")}


@pytest.fixture(scope="module")
def sos(facts) -> list[dict]:
    return [f for f in facts.values() if f["origin"] == "sos_study"]


@pytest.fixture(scope="module")
def indicators() -> dict[str, dict]:
    return {r["indicator"]: r for r in read_csv(DATA / "indicators.csv")}


@pytest.fixture(scope="module")
def sources() -> dict[str, dict]:
    return {r["source_id"]: r for r in read_csv(DATA / "sources.csv")}


def one(facts, indicator: str, iso3: str) -> dict:
    found = [f for f in facts if f["indicator"] == indicator and f["iso3"] == iso3]
    assert len(found) == 1, (indicator, iso3, [f["fact_id"] for f in found])
    return found[0]


def raw_lines(path: Path) -> list[tuple[int, dict]]:
    """(line, row) of a raw CSV: the line where each row ends, as the build numbers facts."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


# ---------------------------------------------------------------- every row, verbatim
def test_every_row_of_sos_results_is_a_fact_with_its_quote(sos):
    rows = raw_lines(RAW / RESULTS)
    assert len(rows) == 41
    by_id = {f["fact_id"]: f for f in sos}
    # no row repeats a fact we held before (same sentence, figure and place): every one is a fact
    assert sorted(by_id) == [f"sos-{line - 1:03d}" for line, _ in rows]
    for line, r in rows:
        f = by_id[f"sos-{line - 1:03d}"]
        assert (f["quote"], f["origin_row"]) == (r["quote_verbatim"], str(line))
        assert f["unit"] == r["unit"] and f["period"] == r["period"]  # as received, qualifiers and all


def test_every_new_numeric_fact_has_its_value_in_its_quote(sos):
    numeric = [f for f in sos if f["value"]]
    assert len(numeric) == 39  # all but the two yes/no statements
    for f in numeric:
        assert f["value_from_words"] == "false", f["fact_id"]
        value = f["value"].removesuffix(".0") if f["value"].endswith(".0") else f["value"]
        assert value_in_quote(value, f["quote"]), (f["fact_id"], value)


def test_qualifiers_stay_with_their_figures(sos):
    units = {f["unit"] for f in sos}
    for kept in ("'More than 14,000'", "'more than 16,000'", "'> 14,000'", "'around 90%'", "'cerca de 90%'",
                 "'61 million'"):
        assert any(kept in u for u in units), kept
    # the validator knows the Portuguese qualifier too: the unit of the translated conclusion must keep it
    [conclusion] = [f for f in sos if "cerca de 90%" in f["quote"]]
    assert qualifier_before("90", conclusion["quote"]) == "cerca de"


# ---------------------------------------------------------------- the per-country cascade
@pytest.mark.parametrize("iso3", SOS)
def test_the_cascade_of_each_country_is_in_the_facts_with_its_quotes(facts, sos, iso3):
    followed, witnessed, used = CASCADE[iso3]
    f = one(sos, FOLLOWED, iso3)
    assert float(f["value"]) == followed and f"({witnessed}/{followed})" in f["quote"]
    f = one(sos, USED_N, iso3)
    assert float(f["value"]) == used and f"({used}/{witnessed})" in f["quote"]
    pct = one(sos, USED_PCT, iso3)
    assert f"({used}/{witnessed})" in pct["unit"] and value_in_quote(pct["value"].removesuffix(".0"), pct["quote"])
    # the witnessing share (English sentence, programme facts) carries the same count and denominator
    w = one(list(facts.values()), WITNESSED_PCT, iso3)
    assert f"({witnessed}/{followed})" in w["unit"] and f"({witnessed}/{followed})" in w["quote"]


def test_tajikistan_used_naloxone_at_every_last_witnessed_overdose(sos):
    assert float(one(sos, USED_PCT, "TJK")["value"]) == 100
    assert {float(one(sos, USED_PCT, c)["value"]) for c in ("KAZ", "KGZ")} == {89}


def test_the_studys_other_figures_are_facts(sos):
    def values(indicator: str) -> list[float]:
        return sorted(float(f["value"]) for f in sos if f["indicator"] == indicator and f["value"])

    assert values("sos_cohort_recruited_total_n") == [1646]
    assert values("sos_cohort_pre_post_questionnaires_completed_n") == [1481]
    assert values("sos_focus_group_participants_n") == [257]
    assert values("sos_summary_report_published") == [2021]
    scores = {f["indicator"]: float(f["value"]) for f in sos if re.match(r"sos_(book|ooas)_score_", f["indicator"])}
    assert scores == {
        "sos_book_score_pre_training_mean_group1_drug_use_history": 8.5,
        "sos_book_score_pre_training_mean_group2_no_drug_use_history": 6.1,
        "sos_book_score_post_training_mean_group1_drug_use_history": 10.6,
        "sos_book_score_post_training_mean_group2_no_drug_use_history": 10.9,
        "sos_ooas_score_pre_training_mean_group1_drug_use_history": 95,
        "sos_ooas_score_pre_training_mean_group2_no_drug_use_history": 91,
        "sos_ooas_score_post_training_mean_group1_drug_use_history": 105,
        "sos_ooas_score_post_training_mean_group2_no_drug_use_history": 105,
    }
    almaty = [f for f in sos if f["indicator"] == "sos_protocol_regional_meeting_held"]
    assert len(almaty) == 1 and almaty[0]["year"] == "2017" and "Almaty" in almaty[0]["quote"]


def test_a_derived_number_is_not_a_fact(facts, sos):
    """Sums across the four countries (followed up 1388, witnesses 479, users 427) and 427/479 are computed, not
    read: no fact holds them as its value, though 1388 is in the quotes."""
    assert sum(float(one(sos, FOLLOWED, c)["value"]) for c in SOS) == 1388  # the sum exists only here
    derived = {1388.0, 479.0, 427.0, 89.1}
    assert not [f["fact_id"] for f in facts.values() if f["value"] and float(f["value"]) in derived]
    assert any("1388" in f["quote"] for f in sos)


# ---------------------------------------------------------------- read only in translations
def test_the_naloxone_use_sentences_read_in_translations_say_so_and_name_the_three_copies(sos, sources):
    translated = [f for f in sos if f["indicator"] in (USED_PCT, USED_N)]
    assert len(translated) == 8
    for f in translated:
        assert f["confidence"] == "medium", f["fact_id"]
        assert f["quote_lang"] == "pt", f["fact_id"]  # kept verbatim, as published in Portuguese
        assert sources[f["source_id"]]["url"] == PT
        note = f["note"]
        assert "translation" in note and all(url in note for url in (PT, FR, IT)), f["fact_id"]
        assert "перевод" in f["note_ru"] and all(url in f["note_ru"] for url in (PT, FR, IT)), f["fact_id"]


def test_the_translated_conclusion_names_the_copies_it_was_read_in(sos):
    [f] = [f for f in sos if f["indicator"] == "sos_cohort_naloxone_used_at_witnessed_overdoses_pct"
           and f["quote_lang"] != "en"]
    assert (f["confidence"], f["quote_lang"], f["value"]) == ("medium", "pt", "90")
    assert "cerca de 90%" in f["quote"] and "around 90%" in f["unit"]
    assert PT in f["note"] and IT in f["note"] and FR in f["note"] and "stops before the figure" in f["note"]


def test_every_quote_not_in_english_has_a_translation_note_or_is_a_publishers_own_text(sos):
    for f in sos:
        if f["quote_lang"] in ("pt", "fr"):  # copies of the English abstract in translation
            assert f["confidence"] == "medium" and "translation" in f["note"], f["fact_id"]
        elif f["quote_lang"] == "uk":  # UIPHP's own Ukrainian news item
            assert f["confidence"] == "high", f["fact_id"]
        else:
            assert f["quote_lang"] == "en", f["fact_id"]


def test_every_note_has_its_russian(facts):
    noted = [f for f in facts.values() if f["note"]]
    assert len(noted) >= 20
    for f in noted:
        assert f["note_ru"] and f["note_ru"] != f["note"] and re.search("[а-яё]", f["note_ru"]), f["fact_id"]
    assert not [f for f in facts.values() if f["note_ru"] and not f["note"]]


# ---------------------------------------------------------------- Ukraine: 82% and 88.1%, two measures
def test_ukraines_82_and_88_1_are_separate_facts_indicators_and_sources(facts):
    ukr = [f for f in facts.values() if f["iso3"] == "UKR" and f["value"] in ("82", "88.1")]
    cohort = [f for f in ukr if f["value"] == "82"]
    reported = [f for f in ukr if f["value"] == "88.1"]
    assert len(cohort) == 1 and len(reported) == 2  # UNODC's ITWG page (English) and UIPHP's news item (Ukrainian)
    [c] = cohort
    assert c["indicator"] == USED_PCT and "(103/125)" in c["quote"] and "(103/125)" in c["unit"]
    for r in reported:
        assert r["indicator"] != c["indicator"] and r["source_id"] != c["source_id"], r["fact_id"]
        assert "88.1" in r["quote"]
        assert "82%" in r["note"] and "88.1%" in c["note"]  # each says the other exists
    assert len({r["indicator"] for r in reported}) == 2  # worded differently: no source says they are one measure


# ---------------------------------------------------------------- the vocabulary
def test_every_new_indicator_has_english_and_russian_labels_and_definitions(sos, indicators):
    used = {f["indicator"] for f in sos}
    assert len(used) >= 25
    for ind in sorted(used):
        row = indicators[ind]
        for column in ("label_en", "label_ru", "definition_en", "definition_ru", "kind"):
            assert row[column].strip(), (ind, column)
        assert re.search("[А-Яа-яЁё]", row["label_ru"]) and re.search("[А-Яа-яЁё]", row["definition_ru"]), ind
        assert row["label_ru"] != row["label_en"], ind
    kinds = {indicators[f["indicator"]]["kind"] for f in sos if re.match(r"sos_(book|ooas)_score_", f["indicator"])}
    assert kinds == {"score"}


def test_every_source_of_the_study_is_one_per_address_with_russian_words(sos, sources):
    cited = {f["source_id"] for f in sos}
    urls = [sources[s]["url"] for s in cited]
    assert all(urls) and len(urls) == len(set(urls))
    for s in cited:
        src = sources[s]
        assert src["publisher_ru"] and src["licence_ru"] != src["licence"], s
        assert src["credit_ru"] == f"{src['publisher_ru']}, {src['title']}", s  # titles stay as published


# ---------------------------------------------------------------- access
def test_the_studys_figures_decide_no_access_status(sos):
    ids = {f["fact_id"] for f in sos}
    statements = [a for a in read_csv(DATA / "access.csv") if a["fact_id"] in ids]
    # the Burnet page's "more than 16,000 THN kits" and UIPHP's 14,263 "received naloxone": undated, in agreement
    assert {(a["fact_id"], a["indicator"], a["reading"], a["year"]) for a in statements} == {
        (fid, "take_home_naloxone", "reported", "") for fid in ("sos-016", "sos-037")}
    assert {a["iso3"] for a in statements} == set(SOS)
    for s in read_csv(DATA / "access_status.csv"):
        assert not ids & set(s["fact_ids"].split(";")), s


# ---------------------------------------------------------------- the build refuses a broken row
def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(line for line, r in raw_lines(path) if needle in r["quote_verbatim"])


def test_a_figure_not_in_its_quote_stops_the_build_with_file_row_and_column(work):
    path = work / "raw" / RESULTS
    row = line_of(path, "focus group discussions with 257")
    edit(path, "KAZ;KGZ;TJK;UKR,S-O-S evaluation (dates not stated),sos_focus_group_participants_n,257,",
         "KAZ;KGZ;TJK;UKR,S-O-S evaluation (dates not stated),sos_focus_group_participants_n,275,")
    before = snapshot(work)
    assert build.build_data(work) == [
        Problem(str(path), row, "value", "275 is not in the quote and not listed in curation/values_from_words.csv")]
    assert snapshot(work) == before


def test_a_quote_not_in_the_excerpts_read_stops_the_build(work):
    path = work / "raw" / RESULTS
    row = line_of(path, "focus group discussions with 257")
    edit(path, "Data were drawn from focus group discussions with 257",
         "Data were drawn from focus groups with 257")
    assert build.build_data(work) == [
        Problem(str(path), row, "quote_verbatim", "not found verbatim in excerpts_read.md")]


def test_a_row_repeating_a_fact_we_hold_is_not_added_again(work):
    """The English sentence of prog-021 (same figure, place and address) added to sos_results.csv adds no fact; the
    same sentence with another of its figures (1646) is a fact of its own."""
    path = work / "raw" / RESULTS
    held = {f["fact_id"]: f for f in read_csv(DATA / "facts.csv")}["prog-021"]
    row = ['KAZ;KGZ;TJK;UKR', held["period"], held["indicator"], "84", held["unit"], held["quote"],
           "Dietze P et al. (abstract as listed on globalwn.org)", "World Health Organization (Bulletin of the WHO)",
           "https://globalwn.org/knowledge-share/resources/2022-03/observational-prospective-cohort-study-naloxone-use-"
           "witnessed", "2026-12-01", "test: a repeat"]
    with open(work / "raw" / "sos_study" / "excerpts_read.md", "a", encoding="utf-8") as fh:
        fh.write(f"\n> {held['quote']}\n")
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(row)
    tables = build.build_tables(work / "raw")
    built = {f["fact_id"]: f for f in csv.DictReader(io.StringIO(tables["facts.csv"]))}
    assert "sos-042" not in built and "prog-021" in built
    assert sum(normalise_quote(f["quote"]) == normalise_quote(held["quote"]) for f in built.values()) == 1

    with open(path, "a", encoding="utf-8", newline="") as fh:  # another figure of the sentence: kept
        csv.writer(fh, lineterminator="\n").writerow([*row[:3], "1646", *row[4:]])
    with open(work / "raw" / "curation" / "quote_lang.csv", "a", encoding="utf-8") as fh:
        fh.write("sos-043,en\n")
    built = {f["fact_id"]: f for f in csv.DictReader(io.StringIO(build.build_tables(work / "raw")["facts.csv"]))}
    assert "sos-042" not in built and built["sos-043"]["value"] == "1646"
