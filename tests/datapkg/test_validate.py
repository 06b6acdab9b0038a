"""The validator: `python -m sos_dash validate [DATA_DIR]`.

Each test copies the curated tables (not raw/) to a temporary folder, breaks one thing and asserts
the exact problem lines `file:row:column: message`. Row numbers count the header as row 1.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sos_dash.__main__ import main
from sos_dash.datapkg import schema, validate
from sos_dash.datapkg.quotes import value_in_quote
from sos_dash.paths import DATA_DIR, ROOT

DATA = DATA_DIR
TABLES = [t.filename for t in schema.TABLES]
FILES = TABLES + ["datapackage.json"]


# ---------------------------------------------------------------- helpers
DEATHS_ROWS = 3 * 30 * 7  # AFG, AGO, ALB: 30 years x 7 measures


@pytest.fixture
def full_pkg(tmp_path: Path) -> Path:
    """A copy of the curated package (tables + datapackage.json, no raw/)."""
    d = tmp_path / "data"
    d.mkdir()
    for name in FILES:
        shutil.copyfile(DATA / name, d / name)
    return d


@pytest.fixture
def pkg(full_pkg: Path) -> Path:
    """The copy with deaths.csv cut to its first three countries, so that a validation takes ~30 ms
    instead of ~300 ms. Still a valid package: no table refers to rows of deaths.csv."""
    lines = read_lines(full_pkg, "deaths.csv")
    assert lines[DEATHS_ROWS].startswith("ALB,2019,") and lines[DEATHS_ROWS + 1].startswith("AND,1990,")
    write_lines(full_pkg, "deaths.csv", lines[: DEATHS_ROWS + 1] + [""])
    return full_pkg


def problems(d: Path) -> list[str]:
    return [str(p) for p in validate.validate_dir(d)]


def read_lines(d: Path, name: str) -> list[str]:
    return (d / name).read_text(encoding="utf-8").split("\n")


def write_lines(d: Path, name: str, lines: list[str]) -> None:
    (d / name).write_text("\n".join(lines), encoding="utf-8")


def csv_line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()


def get_cell(d: Path, name: str, row: int, column: str) -> str:
    lines = read_lines(d, name)
    header = next(csv.reader([lines[0]]))
    return next(csv.reader([lines[row - 1]]))[header.index(column)]


def set_cell(d: Path, name: str, row: int, column: str, value: str) -> None:
    """Replace one cell; every other line of the file stays byte-identical."""
    lines = read_lines(d, name)
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[row - 1]]))
    assert cells[header.index(column)] != value, "the edit must change something"
    cells[header.index(column)] = value
    lines[row - 1] = csv_line(cells)
    write_lines(d, name, lines)


def rewrite_csv(d: Path, name: str, fn) -> None:
    """Parse a whole table, let fn change the list of rows (header first), write it back."""
    rows = list(csv.reader(io.StringIO((d / name).read_text(encoding="utf-8"), newline="")))
    rows = fn(rows)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (d / name).write_text(buf.getvalue(), encoding="utf-8")


# Anchors: the rows the tests break. If a rebuild moves them, these fail first and say why.
ANCHORS = [
    ("deaths.csv", 2, {"iso3": "AFG", "year": "1990", "measure": "deaths_amphetamine", "unit": "deaths"}),
    ("deaths.csv", 3, {"iso3": "AFG", "year": "1990", "measure": "deaths_cocaine"}),
    ("deaths.csv", 5, {"iso3": "AFG", "year": "1990", "measure": "deaths_opioid"}),
    ("deaths.csv", 8, {"iso3": "AFG", "year": "1990", "measure": "rate_opioid"}),
    ("countries.csv", 2, {"iso3": "AFG", "iso2": "AF"}),
    ("sources.csv", 2, {"source_id": "ihme-gbd2019-deaths-substance-disorders"}),
    ("facts.csv", 2, {"fact_id": "seed-001", "iso3": "KGZ", "value": "", "value_text": "2024-10-14",
                      "value_from_words": "false"}),
    ("facts.csv", 3, {"fact_id": "seed-002", "iso3": "", "group_iso3": "AUS;KGZ;UZB;KAZ"}),
    ("facts.csv", 4, {"fact_id": "seed-003", "value": "494000", "value_text": "", "year": "2024",
                      "unit": "deaths (source: 'over 494,000')"}),
    ("facts.csv", 11, {"fact_id": "seed-010", "value": "207400", "unit": "deaths (source: 'an estimated')"}),
    ("facts.csv", 12, {"fact_id": "seed-011", "value": "43.5"}),
    ("indicators.csv", 2, {"indicator": "advocacy_police_notification_policy", "kind": "text"}),
]


# The access rows the tests break, found by what they are (access.csv and access_status.csv are re-sorted
# whenever a statement is added, so their rows move; what each pick must be is checked below).
def _records(name: str) -> list[tuple[int, dict]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(enumerate(csv.DictReader(fh), 2))


_ACCESS, _STATUS = _records("access.csv"), _records("access_status.csv")
_FACTS = {f["fact_id"]: f for _, f in _records("facts.csv")}
_STATED = {(a["iso3"], a["indicator"], a["fact_id"]) for _, a in _ACCESS}


def _rests_on(s: dict) -> list[str]:
    return [f for f in (s["fact_ids"] + ";" + s.get("beside_fact_ids", "")).split(";") if f]


_RESTING = {(s["iso3"], s["indicator"], f) for _, s in _STATUS for f in _rests_on(s)}
# A: a dated statement of a fact about its one country, that no status rests on: breaking it is one problem
A_ROW, A = next((i, a) for i, a in _ACCESS if (a["iso3"], a["indicator"], a["fact_id"]) not in _RESTING
                and a["year"] and a["fact_id"].startswith("acc-") and _FACTS[a["fact_id"]]["iso3"] == a["iso3"])
# S: the first status resting on statements, on R first (a statement of a fact about one country)
S_ROW, S = next((i, s) for i, s in _STATUS if s["fact_ids"] and s["status"] != "conflicting"
                and _FACTS[s["fact_ids"].split(";")[0]]["iso3"] == s["iso3"])
S_FACT = S["fact_ids"].split(";")[0]
R_ROW = next(i for i, a in _ACCESS if (a["iso3"], a["indicator"], a["fact_id"]) == (S["iso3"], S["indicator"], S_FACT))
# O: a statement of another country, no statement of S's
O_FACT = next(a["fact_id"] for _, a in _ACCESS if a["iso3"] != S["iso3"] and
              (S["iso3"], S["indicator"], a["fact_id"]) not in _STATED)
# T: a status of a country with statements on another indicator too (X)
T_ROW, T, X_FACT = next((i, s, a["fact_id"]) for i, s in _STATUS if s["fact_ids"] for _, a in _ACCESS
                        if a["iso3"] == s["iso3"] and a["indicator"] != s["indicator"]
                        and (s["iso3"], s["indicator"], a["fact_id"]) not in _STATED)
# G: a not-known status that rests on nothing: an HRI row that could not be read
G_ROW, G = next((i, s) for i, s in _STATUS if s["status"] == "not_known" and not s["fact_ids"]
                and s["hri_row_not_retrievable"] == "true")
# P: a statement of a group fact (several countries in one sentence) that status Q rests on; OUT: a country
# the fact does not name
P_ROW, P = next((i, a) for i, a in _ACCESS if _FACTS[a["fact_id"]]["group_iso3"] and
                (a["iso3"], a["indicator"], a["fact_id"]) in _RESTING)
P_GROUP = _FACTS[P["fact_id"]]["group_iso3"]
Q_ROW = next(i for i, s in _STATUS if (s["iso3"], s["indicator"]) == (P["iso3"], P["indicator"]))
OUT = next(c["iso3"] for _, c in _records("countries.csv") if c["iso3"] not in P_GROUP.split(";")
           and (c["iso3"], P["indicator"], P["fact_id"]) not in _STATED)
A_OTHER = next(c["iso3"] for _, c in _records("countries.csv") if c["iso3"] != A["iso3"])


def test_the_access_rows_the_tests_break_are_what_they_are():
    assert A_ROW > 2 and S_ROW >= 2 and R_ROW >= 2
    assert S["status"] in ("reported", "reported_local", "reported_absent", "no_peer_distribution")
    assert _ACCESS[R_ROW - 2][1]["fact_id"] == S_FACT and _FACTS[A["fact_id"]]["iso3"] == A["iso3"]
    assert (A["iso3"], A["indicator"], A["fact_id"]) not in _RESTING
    assert P["iso3"] in P_GROUP.split(";") and OUT not in P_GROUP.split(";")
    assert A_OTHER != A["iso3"] and G["status"] == "not_known"
    assert P["fact_id"] in _STATUS[Q_ROW - 2][1]["fact_ids"].split(";")
    # the line-based helpers and the validator count the same rows in these two files (no cell spans lines)
    for name, records in (("access.csv", _ACCESS), ("access_status.csv", _STATUS)):
        assert len(read_lines(DATA, name)) == len(records) + 2, name
        for row in (2, len(records) + 1):
            assert get_cell(DATA, name, row, "iso3") == records[row - 2][1]["iso3"]


@pytest.mark.parametrize("name,row,cells", ANCHORS)
def test_anchor_rows(name, row, cells):
    for column, value in cells.items():
        assert get_cell(DATA, name, row, column) == value, (name, row, column)


# ---------------------------------------------------------------- the good package
def test_curated_data_is_valid():
    assert problems(DATA) == []


def test_trimmed_copy_is_valid(pkg):
    assert problems(pkg) == []


def test_problem_format():
    p = validate.Problem("deaths.csv", 12, "value", "not a number: 'x'")
    assert str(p) == "deaths.csv:12:value: not a number: 'x'"
    assert str(validate.Problem("deaths.csv", "-", "-", "file is missing")) == "deaths.csv:-:-: file is missing"


# ---------------------------------------------------------------- one broken cell
STATUSES = "reported, reported_local, reported_absent, no_peer_distribution, conflicting, not_known"
MEASURES = ("deaths_drug_use_disorders, deaths_opioid, deaths_cocaine, deaths_amphetamine, deaths_other_drugs, "
            "rate_opioid, rate_drug_use_disorders")
CELL_CASES = [
    # types
    ("year-not-integer", "deaths.csv", 2, "year", "19x0", ["deaths.csv:2:year: not an integer: '19x0'"]),
    ("year-decimal", "deaths.csv", 2, "year", "1990.0", ["deaths.csv:2:year: not an integer: '1990.0'"]),
    ("value-not-number", "deaths.csv", 2, "value", "abc", ["deaths.csv:2:value: not a number: 'abc'"]),
    ("value-exponent", "deaths.csv", 2, "value", "2e3", ["deaths.csv:2:value: not a number: '2e3'"]),
    ("value-decimal-comma", "deaths.csv", 2, "value", "2,5", ["deaths.csv:2:value: not a number: '2,5'"]),
    ("boolean", "countries.csv", 2, "sos_country", "yes", ["countries.csv:2:sos_country: not true/false: 'yes'"]),
    ("boolean-case", "countries.csv", 2, "eeca", "False", ["countries.csv:2:eeca: not true/false: 'False'"]),
    ("date-dotted", "sources.csv", 2, "accessed", "22.11.2026",
     ["sources.csv:2:accessed: not a date (YYYY-MM-DD): '22.11.2026'"]),
    ("date-impossible", "sources.csv", 2, "accessed", "2026-02-30",
     ["sources.csv:2:accessed: not a date (YYYY-MM-DD): '2026-02-30'"]),
    # Python 3.11's date.fromisoformat accepts these; the datapackage (and frictionless) does not.
    ("date-basic-format", "sources.csv", 2, "accessed", "20261122",
     ["sources.csv:2:accessed: not a date (YYYY-MM-DD): '20261122'"]),
    ("date-week-format", "sources.csv", 2, "accessed", "2026-W47-7",
     ["sources.csv:2:accessed: not a date (YYYY-MM-DD): '2026-W47-7'"]),
    ("fact-year-not-integer", "facts.csv", 4, "year", "2024a", ["facts.csv:4:year: not an integer: '2024a'"]),
    ("access-year-not-integer", "access.csv", A_ROW, "year", f"{A['year']}.5",
     [f"access.csv:{A_ROW}:year: not an integer: '{A['year']}.5'"]),
    ("access-began-boolean", "access.csv", A_ROW, "began", "no",
     [f"access.csv:{A_ROW}:began: not true/false: 'no'"]),
    ("status-as-of-not-integer", "access_status.csv", S_ROW, "as_of", "2020.5",
     [f"access_status.csv:{S_ROW}:as_of: not an integer: '2020.5'"]),
    ("status-gap-boolean", "access_status.csv", G_ROW, "hri_row_not_retrievable", "yes",
     [f"access_status.csv:{G_ROW}:hri_row_not_retrievable: not true/false: 'yes'"]),
    # ranges
    ("year-below", "deaths.csv", 2, "year", "1989", ["deaths.csv:2:year: 1989 is below the minimum 1990"]),
    ("year-above", "deaths.csv", 2, "year", "2020", ["deaths.csv:2:year: 2020 is above the maximum 2019"]),
    ("fact-year-below", "facts.csv", 4, "year", "1899", ["facts.csv:4:year: 1899 is below the minimum 1900"]),
    ("fact-year-above", "facts.csv", 4, "year", "2101", ["facts.csv:4:year: 2101 is above the maximum 2100"]),
    ("negative-deaths", "deaths.csv", 2, "value", "-2", ["deaths.csv:2:value: -2 is below the minimum 0"]),
    ("negative-rate", "deaths.csv", 8, "value", "-0.9", ["deaths.csv:8:value: -0.9 is below the minimum 0"]),
    ("origin-row-below", "facts.csv", 4, "origin_row", "1", ["facts.csv:4:origin_row: 1 is below the minimum 2"]),
    ("rate-above-max", "deaths.csv", 8, "value", "1000.5",
     ["deaths.csv:8:value: rate 1000.5 per 100,000 is above 1000: not plausible"]),
    ("rate-at-max-is-fine", "deaths.csv", 8, "value", "1000", []),
    ("big-count-is-fine", "deaths.csv", 2, "value", "5000", []),
    # units and enums
    ("unit-count-as-rate", "deaths.csv", 2, "unit", "deaths per 100,000 (age-standardised)",
     ["deaths.csv:2:unit: deaths_amphetamine is measured in 'deaths'"]),
    ("unit-rate-as-count", "deaths.csv", 8, "unit", "deaths",
     ["deaths.csv:8:unit: rate_opioid is measured in 'deaths per 100,000 (age-standardised)'"]),
    ("unit-enum", "deaths.csv", 2, "unit", "people",
     ["deaths.csv:2:unit: 'people' is not one of: deaths, deaths per 100,000 (age-standardised)"]),
    ("measure-enum", "deaths.csv", 2, "measure", "deaths_heroin",
     [f"deaths.csv:2:measure: 'deaths_heroin' is not one of: {MEASURES}"]),
    ("topic-enum", "facts.csv", 4, "topic", "death",
     ["facts.csv:4:topic: 'death' is not one of: sos, access, programme, mortality, drug_use, harm_reduction, "
      "naloxone, history"]),
    ("confidence-enum", "facts.csv", 4, "confidence", "certain",
     ["facts.csv:4:confidence: 'certain' is not one of: high, medium, low"]),
    ("origin-enum", "facts.csv", 4, "origin", "memory",
     ["facts.csv:4:origin: 'memory' is not one of: seed, program_facts, access_facts, hri_tables, hri_narrative, "
      "sos_study, figures_in_quotes, updates"]),
    ("indicator-kind-enum", "indicators.csv", 2, "kind", "words",
     ["indicators.csv:2:kind: 'words' is not one of: count, percent, rate, score, money, date, year, yes_no, text, "
      "status"]),
    # the old statuses are gone
    ("status-partial-is-gone", "access_status.csv", S_ROW, "status", "partial",
     [f"access_status.csv:{S_ROW}:status: 'partial' is not one of: {STATUSES}"]),
    ("status-not-reported-is-gone", "access_status.csv", S_ROW, "status", "not_reported",
     [f"access_status.csv:{S_ROW}:status: 'not_reported' is not one of: {STATUSES}"]),
    # a status is never "restricting" (restrictions are evidence beside it); a statement is never "conflicting"
    ("status-is-never-restricting", "access_status.csv", S_ROW, "status", "restricting",
     [f"access_status.csv:{S_ROW}:status: 'restricting' is not one of: {STATUSES}"]),
    ("reading-is-never-conflicting", "access.csv", A_ROW, "reading", "conflicting",
     [f"access.csv:{A_ROW}:reading: 'conflicting' is not one of: reported, reported_local, reported_absent, "
      "no_peer_distribution, restricting, not_known"]),
    ("certainty-enum", "access_status.csv", S_ROW, "certainty", "sure",
     [f"access_status.csv:{S_ROW}:certainty: 'sure' is not one of: firm, uncertain, old, undated, none"]),
    ("rule-enum", "access_status.csv", S_ROW, "rule", "majority",
     [f"access_status.csv:{S_ROW}:rule: 'majority' is not one of: newest_dated, undated_only, conflicting_recent, "
      "no_statement, source_not_known, restricting_only, row_not_retrievable"]),
    ("access-indicator-enum", "access.csv", A_ROW, "indicator", "naloxone",
     [f"access.csv:{A_ROW}:indicator: 'naloxone' is not one of: take_home_naloxone, peer_distribution, "
      "prison_release, otc, registration"]),
    # patterns
    ("iso3-lowercase", "access.csv", A_ROW, "iso3", A["iso3"].lower(),
     [f"access.csv:{A_ROW}:iso3: '{A['iso3'].lower()}' does not match the pattern ^([A-Z]{{3}}|OWID_WRL)$"]),
    ("status-fact-ids-comma-joined", "access_status.csv", S_ROW, "fact_ids", f"{S_FACT},{S_FACT}",
     [f"access_status.csv:{S_ROW}:fact_ids: '{S_FACT},{S_FACT}' does not match the pattern "
      "^[a-z]+-\\d{3}(;[a-z]+-\\d{3})*$"]),
    ("iso3-four-letters", "deaths.csv", 2, "iso3", "AFGH",
     ["deaths.csv:2:iso3: 'AFGH' does not match the pattern ^([A-Z]{3}|OWID_WRL)$"]),
    ("iso3-numeric", "facts.csv", 2, "iso3", "417",
     ["facts.csv:2:iso3: '417' does not match the pattern ^([A-Z]{3}|OWID_WRL)$"]),
    # A bad cell in countries.csv is one problem, not one per row that refers to the country.
    ("iso2-lowercase", "countries.csv", 2, "iso2", "af",
     ["countries.csv:2:iso2: 'af' does not match the pattern ^[A-Z]{2}$"]),
    ("region-code-pattern", "countries.csv", 2, "region_code", "142a",
     ["countries.csv:2:region_code: '142a' does not match the pattern ^\\d{3}$"]),
    ("url-pattern", "sources.csv", 2, "url", "ourworldindata.org/grapher/deaths-substance-disorders",
     ["sources.csv:2:url: 'ourworldindata.org/grapher/deaths-substance-disorders' does not match the pattern "
      "^https?://\\S+$"]),
    ("fact-id-pattern", "facts.csv", 4, "fact_id", "seed-3",
     ["facts.csv:4:fact_id: 'seed-3' does not match the pattern ^(seed|prog|acc|hri|nar|sos|fig|upd)-\\d{3}$"]),
    ("indicator-pattern", "facts.csv", 4, "indicator", "Drug deaths",
     ["facts.csv:4:indicator: 'Drug deaths' does not match the pattern ^[a-z0-9_]+$"]),
    ("group-single-code", "facts.csv", 3, "group_iso3", "AUS",
     ["facts.csv:3:group_iso3: 'AUS' does not match the pattern ^[A-Z]{3}(;[A-Z]{3})+$"]),
    ("group-comma-joined", "facts.csv", 3, "group_iso3", "AUS,KGZ",
     ["facts.csv:3:group_iso3: 'AUS,KGZ' does not match the pattern ^[A-Z]{3}(;[A-Z]{3})+$"]),
    # required and spaces
    ("required-title", "sources.csv", 2, "title", "", ["sources.csv:2:title: required value is empty"]),
    ("required-value", "deaths.csv", 2, "value", "", ["deaths.csv:2:value: required value is empty"]),
    ("required-name-ru", "countries.csv", 2, "name_ru", "", ["countries.csv:2:name_ru: required value is empty"]),
    ("required-quote", "facts.csv", 4, "quote", "", ["facts.csv:4:quote: required value is empty"]),
    ("required-fact-id", "access.csv", A_ROW, "fact_id", "", [f"access.csv:{A_ROW}:fact_id: required value is empty"]),
    ("required-certainty", "access_status.csv", S_ROW, "certainty", "",
     [f"access_status.csv:{S_ROW}:certainty: required value is empty"]),
    ("required-unit-ru", "facts.csv", 4, "unit_ru", "", ["facts.csv:4:unit_ru: required value is empty"]),
    ("required-quote-lang", "facts.csv", 4, "quote_lang", "", ["facts.csv:4:quote_lang: required value is empty"]),
    ("quote-lang-pattern", "facts.csv", 4, "quote_lang", "English",
     ["facts.csv:4:quote_lang: 'English' does not match the pattern ^[a-z]{2,3}$"]),
    ("leading-space", "access.csv", A_ROW, "period", " " + A["period"],
     [f"access.csv:{A_ROW}:period: leading or trailing spaces"]),
    ("trailing-space-code", "deaths.csv", 2, "iso3", "AFG ", ["deaths.csv:2:iso3: leading or trailing spaces"]),
    ("blank-required", "deaths.csv", 2, "measure", " ", ["deaths.csv:2:measure: leading or trailing spaces"]),
    # keys
    ("unknown-iso3-deaths", "deaths.csv", 2, "iso3", "XYZ",
     ["deaths.csv:2:iso3: unknown ISO code 'XYZ' (not in countries.csv)"]),
    ("unknown-iso3-facts", "facts.csv", 2, "iso3", "XYZ",
     ["facts.csv:2:iso3: unknown ISO code 'XYZ' (not in countries.csv)"]),
    # R is the statement status S rests on: moved to another country, the status rests on nothing
    ("unknown-iso3-access", "access.csv", R_ROW, "iso3", "XYZ",
     [f"access.csv:{R_ROW}:iso3: unknown ISO code 'XYZ' (not in countries.csv)",
      f"access.csv:{R_ROW}:iso3: fact {S_FACT} is about {S['iso3']}",
      f"access_status.csv:{S_ROW}:fact_ids: {S_FACT} is not a statement about {S['iso3']} / {S['indicator']} in "
      "access.csv"]),
    ("unknown-iso3-status", "access_status.csv", S_ROW, "iso3", "XYZ",
     [f"access_status.csv:{S_ROW}:iso3: unknown ISO code 'XYZ' (not in countries.csv)"] +
     [f"access_status.csv:{S_ROW}:fact_ids: {f} is not a statement about XYZ / {S['indicator']} in access.csv"
      for f in S["fact_ids"].split(";")]),
    ("unknown-source-deaths", "deaths.csv", 2, "source_id", "ihme-gbd2021",
     ["deaths.csv:2:source_id: unknown source_id 'ihme-gbd2021' (not in sources.csv)"]),
    ("unknown-source-facts", "facts.csv", 4, "source_id", "who-2014",
     ["facts.csv:4:source_id: unknown source_id 'who-2014' (not in sources.csv)"]),
    ("unknown-fact-id", "access.csv", A_ROW, "fact_id", "acc-999",
     [f"access.csv:{A_ROW}:fact_id: unknown fact_id 'acc-999' (not in facts.csv)"]),
    ("unknown-indicator", "facts.csv", 4, "indicator", "drug_related_deaths",
     ["facts.csv:4:indicator: unknown indicator 'drug_related_deaths' (not in indicators.csv)"]),
    ("access-country-differs-from-fact", "access.csv", A_ROW, "iso3", A_OTHER,
     [f"access.csv:{A_ROW}:iso3: fact {A['fact_id']} is about {A['iso3']}"]),
    # a group fact gives a statement for each country it names, and for no other
    ("access-country-not-in-group-fact", "access.csv", P_ROW, "iso3", OUT,
     [f"access.csv:{P_ROW}:iso3: fact {P['fact_id']} is about {P_GROUP}",
      f"access_status.csv:{Q_ROW}:fact_ids: {P['fact_id']} is not a statement about {P['iso3']} / {P['indicator']} "
      "in access.csv"]),
    # access_status: every status rests on statements of its own country and indicator
    ("status-rests-on-another-country", "access_status.csv", S_ROW, "fact_ids", O_FACT,
     [f"access_status.csv:{S_ROW}:fact_ids: {O_FACT} is not a statement about {S['iso3']} / {S['indicator']} in "
      "access.csv"]),
    ("status-rests-on-another-indicator", "access_status.csv", T_ROW, "fact_ids", f"{T['fact_ids']};{X_FACT}",
     [f"access_status.csv:{T_ROW}:fact_ids: {X_FACT} is not a statement about {T['iso3']} / {T['indicator']} in "
      "access.csv"]),
    ("status-rests-on-no-statement", "access_status.csv", S_ROW, "fact_ids", "",
     [f"access_status.csv:{S_ROW}:fact_ids: status {S['status']} rests on no statement"]),
    ("not-known-gap-becomes-absent", "access_status.csv", G_ROW, "status", "reported_absent",
     [f"access_status.csv:{G_ROW}:fact_ids: status reported_absent rests on no statement"]),
    ("not-known-needs-no-statement", "access_status.csv", S_ROW, "status", "not_known", []),
    ("duplicate-deaths-key", "deaths.csv", 3, "measure", "deaths_amphetamine",
     ["deaths.csv:3:measure: duplicate iso3/year/measure AFG/1990/deaths_amphetamine (first in row 2)"]),
    ("duplicate-fact-id", "facts.csv", 3, "fact_id", "seed-001",
     ["facts.csv:3:fact_id: duplicate fact_id seed-001 (first in row 2)"]),
    ("duplicate-source-id", "sources.csv", 3, "source_id", "ihme-gbd2019-deaths-substance-disorders",
     ["sources.csv:3:source_id: duplicate source_id ihme-gbd2019-deaths-substance-disorders (first in row 2)"]
     + [f"deaths.csv:{r}:source_id: unknown source_id 'ihme-gbd2019-death-rates-drug-use-disorders' "
        "(not in sources.csv)" for r in range(7, DEATHS_ROWS + 2, 7)]),
    # facts rules
    ("value-not-in-quote", "facts.csv", 4, "value", "495000",
     ["facts.csv:4:value: 495000 does not appear in the quote (set value_from_words if read from words)"]),
    ("decimal-not-in-quote", "facts.csv", 12, "value", "43.6",
     ["facts.csv:12:value: 43.6 does not appear in the quote (set value_from_words if read from words)"]),
    ("value-part-of-bigger-number", "facts.csv", 4, "value", "494",
     ["facts.csv:4:value: 494 does not appear in the quote (set value_from_words if read from words)"]),
    ("value-from-words-on-text", "facts.csv", 2, "value_from_words", "true",
     ["facts.csv:2:value_from_words: set, but the value is text"]),
    ("value-and-text-both-empty", "facts.csv", 4, "value", "",
     ["facts.csv:4:value: exactly one of value and value_text must be filled"]),
    ("value-and-text-both-set", "facts.csv", 2, "value", "2024",
     ["facts.csv:2:value: exactly one of value and value_text must be filled"]),
    ("value-from-words-excuses-quote", "facts.csv", 4, "value_from_words", "true", []),
    # the qualifier a quote puts on its number stays in the unit ("Over 494,000" is not 494,000)
    ("qualifier-lost", "facts.csv", 4, "unit", "deaths",
     ["facts.csv:4:unit: the quote says “over” 494000: the unit must keep “over”"]),
    ("qualifier-an-estimated-lost", "facts.csv", 11, "unit", "deaths",
     ["facts.csv:11:unit: the quote says “an estimated” 207400: the unit must keep “an estimated”"]),
    ("qualifier-kept-in-other-words", "facts.csv", 4, "unit", "deaths (over)", []),
    ("iso3-and-group", "facts.csv", 3, "iso3", "KGZ",
     ["facts.csv:3:group_iso3: a fact has either iso3 or group_iso3, not both"]),
    ("group-unknown-code", "facts.csv", 3, "group_iso3", "AUS;KGZ;UZB;XYZ",
     ["facts.csv:3:group_iso3: unknown ISO code 'XYZ'"]),
]


@pytest.mark.parametrize("name,row,column,value,expected", [c[1:] for c in CELL_CASES],
                         ids=[c[0] for c in CELL_CASES])
def test_broken_cell(pkg, name, row, column, value, expected):
    set_cell(pkg, name, row, column, value)
    assert problems(pkg) == expected


def test_two_problems_in_one_row_and_two_files(pkg):
    set_cell(pkg, "deaths.csv", 2, "year", "19x0")
    set_cell(pkg, "deaths.csv", 2, "value", "-1")
    set_cell(pkg, "access_status.csv", 3, "status", "yes")
    assert problems(pkg) == [
        "deaths.csv:2:year: not an integer: '19x0'",
        "deaths.csv:2:value: -1 is below the minimum 0",
        f"access_status.csv:3:status: 'yes' is not one of: {STATUSES}",
    ]


def test_a_bad_cell_in_a_stated_access_row_is_one_problem(pkg):
    set_cell(pkg, "access.csv", R_ROW, "period", " " + get_cell(pkg, "access.csv", R_ROW, "period"))
    assert problems(pkg) == [f"access.csv:{R_ROW}:period: leading or trailing spaces"]


# ---------------------------------------------------------------- whole files
@pytest.mark.parametrize("name", FILES)
def test_missing_file(pkg, name):
    (pkg / name).unlink()
    assert problems(pkg) == [f"{name}:-:-: file is missing"]


def test_folder_instead_of_file(pkg):
    (pkg / "access.csv").unlink()
    (pkg / "access.csv").mkdir()
    assert problems(pkg) == ["access.csv:-:-: is a folder, not a file"]


@pytest.mark.parametrize("content", [b"", b"\n", b"  \r\n\n"], ids=["zero-bytes", "newline", "whitespace"])
def test_empty_csv(pkg, content):
    (pkg / "sources.csv").write_bytes(content)
    assert problems(pkg) == ["sources.csv:1:-: file is empty (expected a header row)"]


def test_empty_datapackage_json(pkg):
    (pkg / "datapackage.json").write_bytes(b"")
    assert problems(pkg) == ["datapackage.json:1:-: file is empty"]


def test_header_only(pkg):
    write_lines(pkg, "access_status.csv", read_lines(pkg, "access_status.csv")[:1] + [""])
    assert problems(pkg) == ["access_status.csv:-:-: no data rows"]


def test_header_only_access_leaves_every_status_without_its_statements(pkg):
    write_lines(pkg, "access.csv", read_lines(pkg, "access.csv")[:1] + [""])
    got = problems(pkg)
    assert got[0] == "access.csv:-:-: no data rows"
    assert got[1:] == [f"access_status.csv:{i}:{column}: {f} is not a statement about {s['iso3']} / {s['indicator']} "
                       "in access.csv" for i, s in _STATUS for column in ("fact_ids", "beside_fact_ids")
                       for f in s[column].split(";") if f]


def test_binary_file(pkg):
    data = (pkg / "access.csv").read_bytes().split(b"\n")
    data[2] = data[2][:10] + b"\x00\x00\x01\x02" + data[2][10:]  # row 3
    (pkg / "access.csv").write_bytes(b"\n".join(data))
    assert problems(pkg) == ["access.csv:3:-: binary data (NUL byte): not a CSV text file"]


def test_png_file(pkg):
    (pkg / "countries.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert problems(pkg) == ["countries.csv:3:-: binary data (NUL byte): not a CSV text file"]  # after 2 \\n


def test_not_utf8(pkg):
    data = (pkg / "sources.csv").read_bytes()
    data = data.replace(b"S-O-S Round Table in Bishkek", "S-O-S Round Table in Bi\u0161kek".encode("cp1250"))
    offset = data.index(b"\x9a")
    assert data[:offset].count(b"\n") == 4  # row 5
    (pkg / "sources.csv").write_bytes(data)
    assert problems(pkg) == [f"sources.csv:5:-: not UTF-8 text (byte 0x9a at offset {offset})"]


def test_latin1_deaths(full_pkg):
    """A bad byte deep in a big file names its row."""
    pkg = full_pkg
    lines = (pkg / "deaths.csv").read_bytes().split(b"\n")
    lines[40000] = lines[40000].replace(b",deaths", b",d\xe9aths", 1)
    (pkg / "deaths.csv").write_bytes(b"\n".join(lines))
    offset = b"\n".join(lines).index(b"\xe9")
    assert problems(pkg) == [f"deaths.csv:40001:-: not UTF-8 text (byte 0xe9 at offset {offset})"]


def test_byte_order_mark(pkg):
    (pkg / "countries.csv").write_bytes(b"\xef\xbb\xbf" + (pkg / "countries.csv").read_bytes())
    assert problems(pkg) == ["countries.csv:1:-: starts with a byte-order mark: save as UTF-8 without BOM"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le"])
def test_utf16(pkg, encoding):
    text = (pkg / "sources.csv").read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding != "utf-16":  # the -le/-be codecs write no BOM: add it as Excel does
        data = ("\ufeff".encode(encoding)) + data
    (pkg / "sources.csv").write_bytes(data)
    assert problems(pkg) == ["sources.csv:1:-: UTF-16 text: save as UTF-8"]


@pytest.mark.parametrize("delimiter,label", [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")])
def test_wrong_delimiter(pkg, delimiter, label):
    rows = list(csv.reader(io.StringIO((pkg / "access.csv").read_text(encoding="utf-8"), newline="")))
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    (pkg / "access.csv").write_text(buf.getvalue(), encoding="utf-8")
    assert problems(pkg) == [f"access.csv:1:-: wrong delimiter: {label}-separated, expected commas"]


def test_missing_column(pkg):
    def drop_period(rows):
        i = rows[0].index("period")
        return [r[:i] + r[i + 1:] for r in rows]
    rewrite_csv(pkg, "access.csv", drop_period)
    assert problems(pkg) == ["access.csv:1:period: column is missing from the header"]


def test_missing_column_in_header_only(pkg):
    lines = read_lines(pkg, "deaths.csv")
    assert lines[0] == "iso3,year,measure,value,unit,source_id"
    lines[0] = "iso3,year,measure,value,source_id"
    write_lines(pkg, "deaths.csv", lines)
    assert problems(pkg) == ["deaths.csv:1:unit: column is missing from the header"]


def test_unknown_column(pkg):
    rewrite_csv(pkg, "access.csv", lambda rows: [rows[0] + ["notes"]] + [r + [""] for r in rows[1:]])
    assert problems(pkg) == ["access.csv:1:notes: unknown column"]


def test_unnamed_column(pkg):
    rewrite_csv(pkg, "access.csv", lambda rows: [r + [""] for r in rows])
    assert problems(pkg) == ["access.csv:1:-: unknown column"]


def test_column_name_with_space(pkg):
    rewrite_csv(pkg, "access.csv", lambda rows: [[" iso3"] + rows[0][1:]] + rows[1:])
    assert problems(pkg) == ["access.csv:1:iso3: column is missing from the header",
                             "access.csv:1: iso3: unknown column"]


def test_duplicated_header_column(pkg):
    def rename(rows):
        rows[0][rows[0].index("scope")] = "period"
        return rows
    rewrite_csv(pkg, "access.csv", rename)
    assert problems(pkg) == ["access.csv:1:period: column appears twice in the header",
                             "access.csv:1:scope: column is missing from the header"]


def test_columns_in_another_order(pkg):
    """The datapackage fixes the order of the fields (frictionless checks labels by position)."""
    rewrite_csv(pkg, "access.csv", lambda rows: [list(reversed(r)) for r in rows])
    assert problems(pkg) == ["access.csv:1:-: columns are not in the schema's order: "
                             + ", ".join(schema.ACCESS.columns)]
    assert schema.ACCESS.columns[:5] == ["iso3", "indicator", "reading", "year", "period"]


def test_row_with_too_many_fields(pkg):
    lines = read_lines(pkg, "access.csv")
    lines[A_ROW - 1] += ",extra"  # no status rests on it
    write_lines(pkg, "access.csv", lines)
    n = len(schema.ACCESS.columns)
    assert problems(pkg) == [f"access.csv:{A_ROW}:-: row has {n + 1} fields, the header has {n}"]


def test_row_with_too_few_fields(pkg):
    lines = read_lines(pkg, "deaths.csv")
    lines[9] = lines[9].rsplit(",", 1)[0]
    write_lines(pkg, "deaths.csv", lines)
    assert problems(pkg) == ["deaths.csv:10:-: row has 5 fields, the header has 6"]


def test_blank_line_counts_as_a_row(pkg):
    lines = read_lines(pkg, "access.csv")
    lines.insert(A_ROW - 3, "")  # becomes row A_ROW - 2; the row after it is row A_ROW - 1, as in an editor
    lines[A_ROW] = lines[A_ROW].replace("acc-", "acc-9", 1)  # row A_ROW + 1 (A_ROW before): 4-digit fact id
    write_lines(pkg, "access.csv", lines)
    fact_id = get_cell(pkg, "access.csv", A_ROW + 1, "fact_id")
    assert fact_id == A["fact_id"].replace("acc-", "acc-9")
    assert problems(pkg) == [f"access.csv:{A_ROW - 2}:-: blank line",
                             f"access.csv:{A_ROW + 1}:fact_id: unknown fact_id {fact_id!r} (not in facts.csv)"]


def test_crlf_line_endings_are_fine(pkg):
    (pkg / "facts.csv").write_bytes((pkg / "facts.csv").read_bytes().replace(b"\n", b"\r\n"))
    assert problems(pkg) == []


def test_duplicate_country_row(pkg):
    lines = read_lines(pkg, "countries.csv")
    assert lines[-1] == ""
    lines.insert(-1, lines[1])
    write_lines(pkg, "countries.csv", lines)
    row = len(lines) - 1
    assert problems(pkg) == [f"countries.csv:{row}:iso3: duplicate iso3 AFG (first in row 2)"]


def test_duplicate_access_row(pkg):
    lines = read_lines(pkg, "access.csv")
    lines.insert(-1, lines[1])
    write_lines(pkg, "access.csv", lines)
    first = _ACCESS[0][1]
    row = len(lines) - 1
    assert problems(pkg) == [
        f"access.csv:{row}:fact_id: duplicate iso3/indicator/fact_id {first['iso3']}/{first['indicator']}/"
        f"{first['fact_id']} (first in row 2)"]


def test_duplicate_status_row(pkg):
    lines = read_lines(pkg, "access_status.csv")
    lines.insert(-1, lines[1])
    write_lines(pkg, "access_status.csv", lines)
    row = len(lines) - 1
    assert problems(pkg) == [
        f"access_status.csv:{row}:indicator: duplicate iso3/indicator {_STATUS[0][1]['iso3']}/"
        f"{_STATUS[0][1]['indicator']} (first in row 2)"]


def test_unknown_country_in_many_rows(full_pkg):
    """A country dropped from countries.csv: every row that uses it is named."""
    pkg = full_pkg
    lines = read_lines(pkg, "countries.csv")
    kgz = next(i for i, line in enumerate(lines) if line.startswith("KGZ,"))
    del lines[kgz]
    write_lines(pkg, "countries.csv", lines)
    got = problems(pkg)
    assert got and all("'KGZ'" in p for p in got)
    assert sum(p.startswith("deaths.csv:") for p in got) == 30 * 7
    assert "facts.csv:2:iso3: unknown ISO code 'KGZ' (not in countries.csv)" in got
    assert "facts.csv:3:group_iso3: unknown ISO code 'KGZ'" in got


# ---------------------------------------------------------------- datapackage.json
def test_datapackage_invalid_json(pkg):
    lines = read_lines(pkg, "datapackage.json")
    assert lines[1] == '  "name": "sos-naloxone-dashboard",'
    lines[1] = lines[1].rstrip(",")
    write_lines(pkg, "datapackage.json", lines)
    assert problems(pkg) == ["datapackage.json:3:-: invalid JSON: Expecting ',' delimiter"]


def test_datapackage_truncated(pkg):
    text = (pkg / "datapackage.json").read_text(encoding="utf-8")
    (pkg / "datapackage.json").write_text(text[:200], encoding="utf-8")
    line = text[:200].count("\n") + 1
    assert problems(pkg) == [f"datapackage.json:{line}:-: invalid JSON: Unterminated string starting at"]


def edit_descriptor(pkg: Path, fn) -> None:
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    desc = fn(desc)
    (pkg / "datapackage.json").write_text(json.dumps(desc, indent=2), encoding="utf-8")


def test_datapackage_missing_resource(pkg):
    def drop(desc):
        desc["resources"] = [r for r in desc["resources"] if r["name"] != "access"]
        return desc
    edit_descriptor(pkg, drop)
    assert problems(pkg) == ["datapackage.json:-:access: resource is missing"]


def test_datapackage_field_renamed(pkg):
    def rename(desc):
        deaths = next(r for r in desc["resources"] if r["name"] == "deaths")
        deaths["schema"]["fields"][4]["name"] = "units"
        return desc
    edit_descriptor(pkg, rename)
    assert problems(pkg) == [
        "datapackage.json:-:deaths: fields ['iso3', 'year', 'measure', 'value', 'units', 'source_id'] differ from "
        "the schema ['iso3', 'year', 'measure', 'value', 'unit', 'source_id']"]


@pytest.mark.parametrize("desc,expected", [
    ([], ["datapackage.json:-:-: not a data package: the top level is not a JSON object"]),
    ("text", ["datapackage.json:-:-: not a data package: the top level is not a JSON object"]),
    ({"resources": 5}, ["datapackage.json:-:resources: not a list"]),
    ({"resources": {"countries": {}}}, ["datapackage.json:-:resources: not a list"]),
    ({}, [f"datapackage.json:-:{t.name}: resource is missing" for t in schema.TABLES]),
    ("schema-list", ["datapackage.json:-:countries: schema.fields is missing or not a list"]),
    ("fields-strings", ["datapackage.json:-:countries: fields ['iso3'] differ from the schema ['iso3', 'iso2', "
                        "'name_en', 'name_ru', 'region_code', 'region_en', 'region_ru', 'subregion_code', "
                        "'subregion_en', 'subregion_ru', 'sos_country', 'eeca', 'is_aggregate', 'in_gbd']"]),
], ids=["list", "string", "resources-number", "resources-object", "no-resources", "schema-list", "fields-strings"])
def test_datapackage_wrong_shape(pkg, desc, expected):
    """Valid JSON that is not a data package: problems, never a traceback."""
    def change(real):
        if desc == "schema-list":
            real["resources"][0]["schema"] = []
            return real
        if desc == "fields-strings":
            real["resources"][0]["schema"]["fields"] = ["iso3"]
            return real
        return desc
    edit_descriptor(pkg, change)
    assert problems(pkg) == expected


# ---------------------------------------------------------------- the command line
def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sos_dash", "validate", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})


def table_rows(d: Path, name: str) -> int:
    with open(d / name, encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def test_cli_valid_default_dir():
    r = run_cli()
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr == ""
    counts = ", ".join(f"{n.removesuffix('.csv')} {table_rows(DATA, n)}" for n in TABLES)
    assert r.stdout == f"valid: {len(TABLES)} tables ({counts} rows)\n"
    shape = ", ".join(rf"{t.name} \d{{5}}" if t.name == "deaths" else rf"{t.name} [1-9]\d*" for t in schema.TABLES)
    assert re.fullmatch(rf"valid: {len(TABLES)} tables \({shape} rows\)\n", r.stdout)


def test_cli_valid_copy(full_pkg):
    r = run_cli(str(full_pkg))
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == run_cli(str(DATA)).stdout
    assert len(r.stdout.splitlines()) == 1


def test_cli_broken(pkg):
    set_cell(pkg, "deaths.csv", 2, "year", "19x0")
    set_cell(pkg, "facts.csv", 3, "group_iso3", "AUS;KGZ;UZB;XYZ")
    r = run_cli(str(pkg))
    assert r.returncode == 1
    assert r.stdout == ("deaths.csv:2:year: not an integer: '19x0'\n"
                        "facts.csv:3:group_iso3: unknown ISO code 'XYZ'\n")
    assert "Traceback" not in r.stderr and r.stderr == ""


def test_cli_missing_folder(tmp_path):
    r = run_cli(str(tmp_path / "nowhere"))
    assert r.returncode == 1
    assert r.stdout.splitlines() == [f"{n}:-:-: file is missing" for n in FILES]
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("breakage,expected", [
    ("nul", "access.csv:2:-: binary data (NUL byte): not a CSV text file\n"),
    ("json-list", "datapackage.json:-:-: not a data package: the top level is not a JSON object\n"),
    ("json-syntax", "datapackage.json:1:-: invalid JSON: Expecting value\n"),
], ids=["nul", "json-list", "json-syntax"])
def test_cli_broken_files(pkg, breakage, expected):
    if breakage == "nul":
        (pkg / "access.csv").write_bytes((pkg / "access.csv").read_bytes().replace(b"AFG", b"A\x00G", 1))
    elif breakage == "json-list":
        (pkg / "datapackage.json").write_text("[1, 2]\n", encoding="utf-8")
    else:
        (pkg / "datapackage.json").write_text("resources: []\n", encoding="utf-8")
    r = run_cli(str(pkg))
    assert (r.returncode, r.stdout) == (1, expected)
    assert "Traceback" not in r.stderr


def test_main_in_process(pkg, capsys):
    assert main(["validate", str(pkg)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"valid: {len(TABLES)} tables (") and out.out.count("\n") == 1
    set_cell(pkg, "access.csv", A_ROW, "fact_id", "acc-999")
    assert main(["validate", str(pkg)]) == 1
    out = capsys.readouterr()
    assert out.out == f"access.csv:{A_ROW}:fact_id: unknown fact_id 'acc-999' (not in facts.csv)\n"
    assert out.err == ""


# ---------------------------------------------------------------- quotes.value_in_quote
@pytest.mark.parametrize("value,quote", [
    ("14263", "14,263 people were trained"),
    ("14263", "14 263 people"),
    ("14263", "14\u00a0263 people"),
    ("14263", "14\u202f263 people"),
    ("14263", "14\u2009263 people"),
    ("14263", "14263 people"),
    ("57800000", "an estimated 57.8 million people"),
    ("1500000000", "1.5 billion"),
    ("88.1", "88.1% of witnessed overdoses"),
    ("88.1", "88,1 % des cas"),
    ("9662", "9.662 vials"),
    ("43.5", "43.5 deaths per million"),
    ("494000", "Over 494,000 drug-related deaths"),
    ("90", "90% of those trained"),
    ("77", "from 240 to 77 Thai Baht"),
    ("25000", "the purchase of $25,000 worth"),
    ("2017", "(CND) 2017."),
    ("5", "ends with 5."),
    ("0.125", "0.125 of people"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_value_in_quote(value, quote):
    assert value_in_quote(value, quote)


@pytest.mark.parametrize("value,quote", [
    ("14", "14,263 people"),
    ("263", "14,263 people"),
    ("90", "in 1990"),
    ("14263", "142,63"),
    ("14263", "14,2630"),
    ("43.5", "143.5"),
    ("43.5", "43.55"),
    ("1", "1.5 million"),
    ("1000", "1,000,000"),
    ("2014", "20145"),
    ("0.125", "one in eight"),
    ("4", "Four project countries"),
    ("1", "as little as one dollar"),
    ("494000", "494 people"),
    ("abc", "abc"),
    ("nan", "nan"),
    ("", "anything"),
])
def test_value_not_in_quote(value, quote):
    assert not value_in_quote(value, quote)
