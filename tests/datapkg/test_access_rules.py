"""The rules that decide a naloxone-access status (sos_dash/datapkg/access_rules.py), one test per rule, and the
statements the build reads from facts (sos_dash/datapkg/access_statements.py)."""

import pytest

from sos_dash.datapkg import access_statements
from sos_dash.datapkg.access_rules import Statement, certainty, decide

REF = 2026


def s(reading, year, confidence="high", fact_id="f-001", scope="unspecified", series="", began=False):
    return Statement(reading, year, confidence, fact_id, scope, series, began)


def test_the_newest_dated_statement_wins():
    st = decide([s("reported_absent", 2012, fact_id="f-001"), s("reported", 2020, fact_id="f-002")], REF)
    assert (st.status, st.as_of, st.rule, st.fact_ids) == ("reported", 2020, "newest_dated", ("f-002",))


def test_an_undated_statement_never_overrides_a_dated_one():
    st = decide([s("reported", 2018, fact_id="f-001"), s("reported_absent", None, fact_id="f-002")], REF)
    assert (st.status, st.as_of, st.fact_ids) == ("reported", 2018, ("f-001",))


def test_undated_statements_decide_only_alone_and_are_never_firm():
    st = decide([s("reported", None)], REF)
    assert (st.status, st.as_of, st.rule, st.certainty) == ("reported", None, "undated_only", "undated")


def test_recent_disagreement_is_conflicting_and_rests_on_every_statement():
    st = decide([s("no_peer_distribution", 2018, fact_id="f-001"),
                 s("reported", 2020, "medium", fact_id="f-002")], REF)
    assert (st.status, st.as_of, st.rule) == ("conflicting", 2020, "conflicting_recent")
    assert st.fact_ids == ("f-001", "f-002")
    assert st.confidence == "medium"  # the weakest of the statements in conflict


def test_disagreement_older_than_the_window_is_not_a_conflict():
    # Colombia: HRI 2020 table "x", HRI 2023 "began peer distribution": three years apart
    st = decide([s("no_peer_distribution", 2020, fact_id="f-001"), s("reported", 2023, fact_id="f-002")], REF)
    assert (st.status, st.fact_ids) == ("reported", ("f-002",))


def test_disagreement_among_undated_statements_is_a_conflict():
    assert decide([s("reported", None, fact_id="a-001"), s("reported_absent", None, fact_id="a-002")],
                  REF).status == "conflicting"


def test_a_restricting_statement_counts_for_a_conflict_but_never_gives_a_status_alone():
    st = decide([s("reported", 2020, fact_id="f-001"), s("restricting", 2019, fact_id="f-002")], REF)
    assert st.status == "conflicting"
    alone = decide([s("restricting", 2022)], REF)
    assert (alone.status, alone.rule) == ("not_known", "restricting_only")


def test_an_undated_restriction_beside_a_dated_status_does_not_change_it():
    # Kazakhstan: take-home naloxone at harm reduction sites (HRI 2020) beside "only emergency doctors" (undated)
    st = decide([s("reported", 2020, "medium", fact_id="prog-057"), s("restricting", None, fact_id="acc-099")], REF)
    assert (st.status, st.fact_ids) == ("reported", ("prog-057",))


def test_a_cut_off_table_row_gives_no_status_and_says_so():
    st = decide([], REF, row_not_retrievable=True)
    assert (st.status, st.rule, st.confidence, st.fact_ids) == ("not_known", "row_not_retrievable", "", ())
    assert decide([], REF).rule == "no_statement"


def test_a_source_saying_not_known_is_not_known_never_no():
    st = decide([s("not_known", 2020)], REF)
    assert (st.status, st.rule) == ("not_known", "source_not_known")


def test_same_year_the_more_reliable_statement_decides():
    st = decide([s("reported_local", 2020, "medium", fact_id="f-001", scope="local"),
                 s("reported", 2020, "high", fact_id="f-002", scope="national")], REF)
    assert (st.status, st.scope, st.confidence) == ("reported", "national", "high")
    assert st.fact_ids == ("f-001", "f-002")  # both say it exists


def test_a_newer_edition_of_the_same_table_is_an_update_not_a_conflict():
    # New Zealand: HRI 2018 cross, HRI 2020 tick (medium: a lost tick)
    st = decide([s("no_peer_distribution", 2018, fact_id="hri-129", series="hri_table"),
                 s("reported", 2020, "medium", fact_id="hri-087", series="hri_table")], REF)
    assert (st.status, st.as_of, st.fact_ids) == ("reported", 2020, ("hri-087",))
    # another publisher's "no" of 2018 still conflicts with it
    other = decide([s("reported_absent", 2018, fact_id="acc-001"),
                    s("reported", 2020, "medium", fact_id="hri-087", series="hri_table")], REF)
    assert other.status == "conflicting"


def test_a_statement_that_it_began_explains_an_older_no():
    # Portugal: kits lacking in April 2019, take-home naloxone added in 2020
    st = decide([s("reported_absent", 2019, fact_id="acc-083"), s("reported", 2020, fact_id="acc-085", began=True)],
                REF)
    assert (st.status, st.as_of, st.fact_ids) == ("reported", 2020, ("acc-085",))
    # without "added", the same two statements conflict
    assert decide([s("reported_absent", 2019, fact_id="acc-083"), s("reported", 2020, fact_id="acc-085")],
                  REF).status == "conflicting"
    # and a "no" in the year it began still conflicts
    assert decide([s("reported_absent", 2020, fact_id="a-001"), s("reported", 2020, fact_id="a-002", began=True)],
                  REF).status == "conflicting"


def test_undated_statements_that_say_otherwise_are_kept_beside_a_dated_status():
    st = decide([s("reported", 2021, fact_id="prog-011"), s("restricting", None, fact_id="acc-099"),
                 s("reported", None, fact_id="acc-097")], REF)
    assert (st.status, st.fact_ids, st.beside) == ("reported", ("prog-011",), ("acc-099",))


@pytest.mark.parametrize("conf,year,expected", [("high", 2020, "firm"), ("high", 2016, "firm"),
                                                ("high", 2015, "old"), ("medium", 2024, "uncertain"),
                                                ("low", 2024, "uncertain"), ("high", None, "undated"),
                                                ("medium", 2011, "old"), ("medium", None, "undated"),
                                                ("", None, "none")])
def test_certainty(conf, year, expected):
    assert certainty(conf, year, REF) == expected


# ---------------------------------------------------------------- what a statement says
@pytest.mark.parametrize("indicator,value,origin,expected", [
    ("thn_programme", "yes", "access_facts", "reported"),
    ("thn_programme", "no (only medical services may use naloxone)", "access_facts", "reported_absent"),
    ("peer_distribution", "no", "hri_tables", "no_peer_distribution"),
    ("peer_distribution", "no (uncertain)", "hri_tables", "no_peer_distribution"),
    ("peer_distribution", "not known (nk)", "hri_tables", "not_known"),
    ("thn_programme", "pilot (2021: 16 programmes in 7 cities)", "access_facts", "reported_local"),
    ("naloxone_dispensing_restricted", "registered; may only be provided by emergency doctors", "access_facts",
     "restricting"),
    ("naloxone_not_available", "yes (practically impossible to obtain)", "access_facts", "restricting"),
    ("lay_administration_permitted", "no (non-medical staff not allowed)", "access_facts", "restricting"),
    ("naloxone_registered", "registration problems; not publicly available", "access_facts", "reported_absent"),
    ("thn_programme", "maybe", "access_facts", None),
])
def test_readings(indicator, value, origin, expected):
    assert access_statements.reading(indicator, value, origin) == expected


def fact(fact_id, indicator, value, *, iso3="", group="", area="", period="2020", origin="access_facts"):
    return {"fact_id": fact_id, "iso3": iso3, "group_iso3": group, "indicator": indicator, "value": "",
            "value_text": value, "area": area, "period": period, "year": period[:4] if period[:1].isdigit() else "",
            "confidence": "high", "origin": origin}


def test_a_statement_about_several_cities_is_local():
    rows, _ = access_statements.statements([fact("prog-060", "thn_available_at_harm_reduction_sites",
                                                 "yes (several cities only)", iso3="RUS", area="Russia")])
    assert (rows[0]["reading"], rows[0]["scope"]) == ("reported_local", "local")


def test_added_or_onward_marks_a_statement_that_it_began():
    rows, _ = access_statements.statements([fact("acc-085", "thn_programme", "yes (added 2020)", iso3="PRT"),
                                            fact("acc-076", "thn_programme", "yes (national programme)", iso3="NOR",
                                                 period="2014 onward"),
                                            fact("acc-001", "thn_programme", "yes", iso3="AUT")])
    assert [(r["iso3"], r["began"], r["scope"]) for r in rows] == [("AUT", "false", "unspecified"),
                                                                     ("NOR", "true", "national"),
                                                                     ("PRT", "true", "unspecified")]


def test_a_group_fact_gives_one_statement_per_country():
    rows, _ = access_statements.statements([fact("nar-010", "peer_distribution_started", "yes (began in 2023)",
                                                 group="COL;MDA", period="2023", origin="hri_narrative")])
    assert [(r["iso3"], r["reading"], r["year"]) for r in rows] == [("COL", "reported", "2023"),
                                                                     ("MDA", "reported", "2023")]


def test_an_unknown_wording_is_returned_not_guessed():
    rows, unknown = access_statements.statements([fact("acc-001", "thn_programme", "perhaps", iso3="AUT")])
    assert rows == [] and unknown[0]["fact_id"] == "acc-001"


def test_statuses_mark_unreadable_hri_rows():
    out = access_statements.statuses([], {("UZB", "peer_distribution")}, REF)
    assert out == [{"iso3": "UZB", "indicator": "peer_distribution", "status": "not_known", "as_of": "",
                    "scope": "", "confidence": "", "certainty": "none", "rule": "row_not_retrievable",
                    "hri_row_not_retrievable": "true", "fact_ids": "", "beside_fact_ids": ""}]


@pytest.mark.parametrize("period,year", [("2021-2022", "2022"), ("2019-04 to 2021-09 (Manipur)", "2021"),
                                         ("2014 onward", "2014"), ("2013 (published)", "2013"),
                                         ("2015-11-05 / 2016-07-26", "2015"), ("not stated", ""),
                                         ("2020 (HRI edition)", "2020")])
def test_a_statement_speaks_for_the_end_of_its_range(period, year):
    assert access_statements.last_year(period) == year


def test_a_count_of_kits_handed_out_is_a_statement_that_they_exist():
    rows, _ = access_statements.statements([{**fact("prog-011", "sos_naloxone_kits_distributed", "",
                                                     group="KAZ;KGZ;TJK;UKR", period="2021 (published)"),
                                             "value": "16278", "origin": "program_facts"}])
    assert {(r["iso3"], r["indicator"], r["reading"], r["year"]) for r in rows} == {
        (c, "take_home_naloxone", "reported", "2021") for c in ("KAZ", "KGZ", "TJK", "UKR")}
    assert access_statements.reading("thn_pilot_kits_first_year", "137", "seed") == "reported_local"
    assert access_statements.reading("sos_naloxone_kits_distributed", "0", "seed") is None


def test_a_statements_value_is_shown_with_its_unit_and_a_year_value_not_again():
    from sos_dash.text import statement_value

    row = {"value": 16278.0, "unit": "naloxone kits (source says 'almost')", "unit_ru": "наборов налоксона",
           "value_text": "", "value_text_ru": ""}
    assert statement_value(row, "en") == "16,278 naloxone kits (source says 'almost')"
    assert statement_value(row, "ru") == "16\u00a0278 наборов налоксона"
    assert statement_value({**row, "value": 2011.0, "unit": "year"}, "en") == ""
    bare = {"value": float("nan"), "unit": "text", "unit_ru": "текст", "value_text": "yes", "value_text_ru": "да"}
    assert statement_value(bare, "ru") == ""
    cities = {**bare, "value_text": "yes (several cities only)", "value_text_ru": "да (только в нескольких городах)"}
    assert statement_value(cities, "ru") == "да (только в нескольких городах)"
