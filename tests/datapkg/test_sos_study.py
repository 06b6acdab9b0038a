"""The S-O-S study's own figures (data/raw/sos_study/, issue 14): every row of sos_results.csv a fact `sos-NNN` with
its verbatim quote, the figures read only in translations marked as such, Ukraine's two figures kept apart, no
derived number among the facts, and a row whose figure is not in its quote stopping the build. The cascade's
witnessed counts and the 1388 followed up, printed in sentences we held, are facts `fig-NNN` read from those
sentences (curation/figures_in_quotes.csv).

The rules in words: data/raw/sos_study/SOURCE.md and data/raw/curation/SOURCE.md."""

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
WITNESSED_N = "sos_cohort_witnessed_overdose_n"
FOLLOWED_TOTAL = "sos_cohort_followed_up_total_n"
FIGURES = "curation/figures_in_quotes.csv"
# the Bulletin of the WHO 2022 abstract's English sentence (on GlobalWN's copy), held as prog-022 to prog-025
WITNESSING = ("The percentage who reported witnessing an overdose between baseline and follow-up was 20% (71/356) in "
              "Tajikistan, 33% (113/349) in Kyrgyzstan, 37% (125/342) in Ukraine and 50% (170/341) in Kazakhstan.")
# the fact each witnessed count is read from: the percentage of the same country, in the same sentence
SHARE_FACT = {"KAZ": "prog-025", "KGZ": "prog-023", "TJK": "prog-022", "UKR": "prog-024"}
# what a figure read from a quote takes from the fact it is read from
INHERITED = ("quote", "quote_lang", "source_id", "confidence", "period", "period_ru", "year")
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
def figures(facts) -> list[dict]:
    return [f for f in facts.values() if f["origin"] == "figures_in_quotes"]


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
    """Sums across the four countries (witnesses 479, users 427) and 427/479 are computed, not read: no fact holds
    them as its value. The four countries' followed up add up to 1388 too, but 1388 is printed, "84% (1388/1646)":
    the one fact holding it is read from that sentence, not summed."""
    assert sum(float(one(sos, FOLLOWED, c)["value"]) for c in SOS) == 1388  # the sum exists only here
    derived = {479.0, 427.0, 89.1}
    assert not [f["fact_id"] for f in facts.values() if f["value"] and float(f["value"]) in derived]
    assert [f["fact_id"] for f in facts.values() if f["value"] and float(f["value"]) == 1388] == ["fig-005"]
    assert "84% (1388/1646)" in facts["fig-005"]["quote"]
    assert any("1388" in f["quote"] for f in sos)


# ---------------------------------------------------------------- figures printed in sentences we hold
@pytest.mark.parametrize("iso3", SOS)
def test_the_witnessed_count_of_each_country_is_a_fact_read_from_the_witnessing_sentence(facts, figures, iso3):
    followed, witnessed, _ = CASCADE[iso3]
    f = one(figures, WITNESSED_N, iso3)
    assert float(f["value"]) == witnessed and f["group_iso3"] == "" and f["value_from_words"] == "false"
    assert f["quote"] == facts["prog-022"]["quote"] == WITNESSING  # the one English sentence of the four shares
    assert f"({witnessed}/{followed})" in f["quote"] and f"numerator of {witnessed}/{followed};" in f["unit"]
    assert value_in_quote(str(witnessed), f["quote"])
    # read from the same country's percentage: its quote, language, source, confidence and period
    share = facts[SHARE_FACT[iso3]]
    assert (share["iso3"], share["indicator"]) == (iso3, WITNESSED_PCT)
    for column in INHERITED:
        assert f[column] == share[column], (iso3, column)
    assert (f["quote_lang"], f["confidence"], f["area"]) == ("en", "high", share["area"])
    assert "числитель" in f["unit_ru"] and f"{witnessed}/{followed}" in f["unit_ru"]
    # the whole cascade of the country is now three facts of their own
    assert float(one(sos_facts(facts), FOLLOWED, iso3)["value"]) == followed


def sos_facts(facts: dict[str, dict]) -> list[dict]:
    return [f for f in facts.values() if f["origin"] == "sos_study"]


def test_the_figures_read_from_quotes_have_stable_ids_from_their_rows(figures):
    rows = raw_lines(RAW / FIGURES)
    assert {f["fact_id"]: (f["iso3"] or f["group_iso3"], f["value"]) for f in figures} == {
        "fig-001": ("KAZ", "170"), "fig-002": ("KGZ", "113"), "fig-003": ("TJK", "71"), "fig-004": ("UKR", "125"),
        "fig-005": ("KAZ;KGZ;TJK;UKR", "1388")}
    assert [(f"fig-{line - 1:03d}", r["of_fact"]) for line, r in rows] == [
        ("fig-001", "prog-025"), ("fig-002", "prog-023"), ("fig-003", "prog-022"), ("fig-004", "prog-024"),
        ("fig-005", "prog-021")]
    assert all(r["reason"].strip() for _, r in rows)


def test_1388_followed_up_is_a_fact_read_from_prog_021s_quote(facts, figures, indicators):
    [f] = [f for f in figures if f["indicator"] == FOLLOWED_TOTAL]
    held = facts["prog-021"]
    assert (f["fact_id"], float(f["value"]), f["iso3"], f["group_iso3"]) == ("fig-005", 1388, "", "KAZ;KGZ;TJK;UKR")
    assert f["quote"] == "Overall, 84% (1388/1646) of participants were interviewed at 6-month follow-up."
    for column in INHERITED:
        assert f[column] == held[column], column
    assert "1388/1646" in f["unit"] and "1388/1646" in f["unit_ru"]
    # not HR23's "followed up 1646" (which the Bulletin of the WHO calls recruited): another measure
    assert f["indicator"] != "sos_cohort_followed_n"
    row = indicators[FOLLOWED_TOTAL]
    assert row["kind"] == "count" and "1388/1646" in row["definition_en"] and "1388/1646" in row["definition_ru"]
    assert indicators[WITNESSED_N]["label_en"] == (
        "Participants who witnessed an overdose during the six-month follow-up (count)")
    assert re.search("[а-яё]", indicators[WITNESSED_N]["label_ru"]) and indicators[WITNESSED_N]["kind"] == "count"


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
    # the sentence's facts: prog-021's 84% and the 1388 read from it (curation/figures_in_quotes.csv), no third
    assert sorted(f["fact_id"] for f in built.values()
                  if normalise_quote(f["quote"]) == normalise_quote(held["quote"])) == ["fig-005", "prog-021"]

    with open(path, "a", encoding="utf-8", newline="") as fh:  # another figure of the sentence: kept
        csv.writer(fh, lineterminator="\n").writerow([*row[:3], "1646", *row[4:]])
    with open(work / "raw" / "curation" / "quote_lang.csv", "a", encoding="utf-8") as fh:
        fh.write("sos-043,en\n")
    built = {f["fact_id"]: f for f in csv.DictReader(io.StringIO(build.build_tables(work / "raw")["facts.csv"]))}
    assert "sos-042" not in built and built["sos-043"]["value"] == "1646"


# ---------------------------------------------------------------- the build refuses a broken figures_in_quotes row
def test_a_figure_not_printed_in_its_quote_stops_the_build_with_file_row_and_column(work):
    path = work / "raw" / FIGURES
    edit(path, "prog-025,KAZ,sos_cohort_witnessed_overdose_n,170,", "prog-025,KAZ,sos_cohort_witnessed_overdose_n,171,")
    before = snapshot(work)
    assert build.build_data(work) == [Problem(str(path), 2, "value", "171 is not printed in the quote of prog-025")]
    assert snapshot(work) == before  # data/ untouched


@pytest.mark.parametrize("of_fact", ["prog-999", "prog-015", "fig-002"])
def test_a_figure_of_no_fact_stops_the_build_with_file_row_and_column(work, of_fact):
    """An unknown id, a raw row left out as a repeat of a seed fact (prog-015), or a figure itself read from a
    quote: a figure is read from a fact of the raw files."""
    path = work / "raw" / FIGURES
    edit(path, "prog-025,KAZ,", f"{of_fact},KAZ,")
    before = snapshot(work)
    assert build.build_data(work) == [
        Problem(str(path), 2, "of_fact", f"no fact {of_fact!r} to read the figure from")]
    assert snapshot(work) == before


def append_row(path: Path, row: list[str]) -> int:
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(row)
    return raw_lines(path)[-1][0]


def test_a_figure_that_repeats_a_fact_we_hold_stops_the_build(work):
    path = work / "raw" / FIGURES
    line = append_row(path, ["prog-025", "KAZ", WITNESSED_PCT, "50", "percent", "the share itself"])
    assert build.build_data(work) == [
        Problem(str(path), line, "value", "prog-025 already holds 50 for KAZ in this sentence")]


def test_a_figure_with_a_unit_without_russian_stops_the_build(work):
    path = work / "raw" / FIGURES
    line = append_row(path, ["prog-021", "KAZ;KGZ;TJK;UKR", "sos_cohort_recruited_total_n", "1646",
                             "recruits (a unit without Russian)", "the denominator"])
    [p] = build.build_data(work)
    assert (p.file, p.row, p.column) == (str(path), line, "unit")


def test_a_figure_with_an_unknown_country_stops_the_build(work):
    path = work / "raw" / FIGURES
    edit(path, "prog-025,KAZ,", "prog-025,KZK,")
    assert build.build_data(work) == [
        Problem(str(path), 2, "iso3", "'KZK' is not a known ISO 3166-1 alpha-3 code")]


def test_a_figure_read_from_a_translated_quote_takes_its_language_and_needs_its_own_note(work):
    """sos-012's French sentence (with its note: read in ISSUP's translation) gives 170 for Kazakhstan too: a figure
    read from it is medium and `fr` like sos-012, and the build wants our note beside it."""
    raw = work / "raw"
    unit = ("participants who reported witnessing an overdose between baseline and follow-up (numerator of 170/341; "
            "denominator = participants followed up)")
    line = append_row(raw / FIGURES, ["sos-012", "KAZ", WITNESSED_N, "170", unit, "the French copy's count"])
    fact_id = f"fig-{line - 1:03d}"
    assert build.build_data(work) == [
        Problem(str(raw / "curation" / "fact_notes.csv"), "-", "fact_id",
                f"{fact_id} is read from the quote of sos-012, which has a note: it needs its own")]
    note = "Read in ISSUP's French translation of the English abstract."
    append_row(raw / "curation" / "fact_notes.csv", [fact_id, note])
    append_row(raw / "curation" / "translations_ru.csv", ["note", note, "Прочитано во французском переводе."])
    built = {f["fact_id"]: f for f in csv.DictReader(io.StringIO(build.build_tables(raw)["facts.csv"]))}
    f, of = built[fact_id], built["sos-012"]
    assert (f["quote"], f["quote_lang"], f["confidence"], f["source_id"]) == (
        of["quote"], "fr", "medium", of["source_id"])
    assert f["note"] == note and built["fig-001"]["quote_lang"] == "en"
