"""build-data: data/raw/* -> the curated tables, deterministically, and never half-way."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import snapshot

from sos_dash.__main__ import main
from sos_dash.datapkg import access_rules, build, schema
from sos_dash.datapkg.validate import Problem
from sos_dash.paths import DATA_DIR, ROOT

DATA = DATA_DIR
RAW = DATA / "raw"
OUTPUTS = [t.filename for t in schema.TABLES] + ["datapackage.json"]
SOS = {"KAZ", "KGZ", "TJK", "UKR"}

GBD_COUNTS = "deaths-substance-disorders.csv"
OPIOID_DEATHS = "Deaths - Opioid use disorders - Sex: Both - Age: All Ages (Number)"
DRUG_DEATHS = "Deaths - Drug use disorders - Sex: Both - Age: All Ages (Number)"
OPIOID_RATE = "Deaths - Opioid use disorders - Sex: Both - Age: Age-standardized (Rate)"
DRUG_RATE = "Deaths - Drug use disorders - Sex: Both - Age: Age-standardized (Rate)"


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def tables() -> dict[str, str]:
    return build.build_tables(RAW)


# ---------------------------------------------------------------- determinism: a rebuild changes nothing
def test_build_tables_is_deterministic(tables):
    assert build.build_tables(RAW) == tables


def test_rebuild_equals_committed_files_byte_for_byte(tables):
    assert sorted(tables) == sorted(OUTPUTS)
    for name, text in tables.items():
        assert (DATA / name).read_bytes() == text.encode("utf-8"), f"{name}: run `python -m sos_dash build-data`"
    assert sorted(p.name for p in DATA.glob("*.[cj]s*")) == sorted(OUTPUTS)  # no stale table


def test_build_does_not_depend_on_hash_seed(tables):
    """Sets and dict orders must not leak into the output: build in two other interpreters."""
    code = ("import hashlib, pathlib, sys; from sos_dash.datapkg import build; "
            "t = build.build_tables(pathlib.Path(sys.argv[1])); "
            "print({k: hashlib.sha256(v.encode()).hexdigest() for k, v in sorted(t.items())})")
    want = str({k: hashlib.sha256(v.encode()).hexdigest() for k, v in sorted(tables.items())})
    for seed in ("1", "4242"):
        r = subprocess.run([sys.executable, "-c", code, str(RAW)], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == want


def test_build_tables_writes_nothing(tables):
    before = {p: p.stat().st_mtime_ns for p in DATA.rglob("*")}
    build.build_tables(RAW)
    assert {p: p.stat().st_mtime_ns for p in DATA.rglob("*")} == before


# ---------------------------------------------------------------- build_data into a copy
def entries(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if line.startswith(prefix))


def test_build_data_on_a_copy_changes_no_byte(work):
    committed = {name: (DATA / name).read_bytes() for name in OUTPUTS}
    listing = entries(work)
    assert build.build_data(work) == []
    first = snapshot(work)
    assert {name: b for name, (b, _) in first.items()} == committed
    assert build.build_data(work) == []  # the second run
    assert {name: b for name, (b, _) in snapshot(work).items()} == committed
    assert entries(work) == listing  # no temporary folder left behind


def test_cli_build_data(work, capsys):
    assert main(["build-data", str(work)]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"built: valid: {len(schema.TABLES)} tables (countries ") and out.out.count("\n") == 1
    assert out.err == ""


def break_gbd_value(d: Path) -> Problem:
    path = d / "raw" / "gbd2019" / GBD_COUNTS
    row = line_of(path, "Kazakhstan,KAZ,2019,")
    edit(path, "Kazakhstan,KAZ,2019,74,749,541,", "Kazakhstan,KAZ,2019,74,749,abc,")
    return Problem(str(path), row, OPIOID_DEATHS, "not a number: 'abc'")


def break_gbd_rate_empty(d: Path) -> Problem:
    path = d / "raw" / "gbd2019" / "death-rate-from-opioid-use.csv"
    edit(path, "Afghanistan,AFG,1990,0.9\n", "Afghanistan,AFG,1990,\n")
    return Problem(str(path), 2, OPIOID_RATE, "not a number: ''")


def break_gbd_column(d: Path) -> Problem:
    path = d / "raw" / "gbd2019" / "death-rates-from-drug-use-disorders.csv"
    edit(path, DRUG_RATE, DRUG_RATE.replace("(Rate)", "(Percent)"))
    return Problem(str(path), 1, DRUG_RATE, "column missing")


def break_gbd_year(d: Path) -> Problem:
    path = d / "raw" / "gbd2019" / GBD_COUNTS
    edit(path, "Afghanistan,AFG,1990,3,", "Afghanistan,AFG,19x0,3,")
    return Problem(str(path), 2, "Year", "not a year: '19x0'")


def break_gbd_extra_cell(d: Path) -> Problem:
    """An unquoted comma shifts every cell of the row: stop, do not drop the extra cell."""
    path = d / "raw" / "gbd2019" / "death-rate-from-opioid-use.csv"
    edit(path, "Afghanistan,AFG,1990,0.9\n", "Afghanistan,AFG,1990,0,9\n")
    return Problem(str(path), 2, "-", "row has 5 fields, the header has 4")


def break_gbd_missing_file(d: Path) -> Problem:
    path = d / "raw" / "gbd2019" / "death-rate-from-opioid-use.csv"
    path.unlink()
    return Problem(str(path), "-", "-", "raw file is missing")


def break_gbd_negative(d: Path) -> Problem:
    """Parses as a number, so the build writes it; the validation of the new tables stops it."""
    path = d / "raw" / "gbd2019" / GBD_COUNTS
    edit(path, "Afghanistan,AFG,1990,3,93,73,", "Afghanistan,AFG,1990,3,93,-73,")
    return Problem("deaths.csv", 5, "value", "-73 is below the minimum 0")  # AFG 1990 deaths_opioid


def break_seed_quote(d: Path) -> Problem:
    path = d / "raw" / "seeds" / "seed_facts.csv"
    edit(path, "Over 494,000 drug-related", "Over 495,000 drug-related")
    return Problem(str(path), 4, "quote", "not found verbatim in 000_b05dac2fc14736ca.txt")


def break_seed_text(d: Path) -> Problem:
    """The seed document changed under its facts."""
    edit(d / "raw" / "seeds" / "001_b8c74f990707cad5.txt", "207,400", "207,500")
    return Problem(str(d / "raw" / "seeds" / "seed_facts.csv"), 11, "quote",
                   "not found verbatim in 001_b8c74f990707cad5.txt")


def break_seed_text_missing(d: Path) -> Problem:
    (d / "raw" / "seeds" / "002_a2bb0952f255825e.txt").unlink()
    path = d / "raw" / "seeds" / "seed_facts.csv"
    return Problem(str(path), line_of(path, "002_"), "seed_file", "no such file in seeds/: 002_a2bb0952f255825e.txt")


def break_program_value(d: Path) -> Problem:
    path = d / "raw" / "facts" / "program_facts.csv"
    edit(path, ",sos_people_trained,14263,", ",sos_people_trained,14264,")
    return Problem(str(path), 2, "value",
                   "14264 is not in the quote and not listed in curation/values_from_words.csv")


def break_value_from_words(d: Path) -> Problem:
    edit(d / "raw" / "curation" / "values_from_words.csv", "0.125,one in eight", "0.125,one in nine")
    return Problem(str(d / "raw" / "facts" / "program_facts.csv"), 5, "value",
                   "0.125 is not in the quote and not listed in curation/values_from_words.csv")


def break_access_reading(d: Path) -> Problem:
    """A wording no reading rule knows (its Russian given, so that the access rules are what stops it)."""
    path = d / "raw" / "facts" / "access_facts.csv"
    edit(path, "AUT,Austria,2020,thn_programme,yes,", "AUT,Austria,2020,thn_programme,maybe,")
    with open(d / "raw" / "curation" / "translations_ru.csv", "a", encoding="utf-8") as fh:
        fh.write("value_text,maybe,может быть\n")
    return Problem(str(path), 2, "value", "no access reading rule for 'maybe' (thn_programme)")


def break_fact_indicator(d: Path) -> Problem:
    """An indicator without its row in curation/indicators.csv."""
    path = d / "raw" / "facts" / "program_facts.csv"
    edit(path, ",sos_people_trained,14263,", ",sos_people_taught,14263,")
    return Problem(str(path), 2, "indicator", "'sos_people_taught' is not in curation/indicators.csv")


def break_quote_lang(d: Path) -> Problem:
    path = d / "raw" / "curation" / "quote_lang.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert sum(line.startswith("prog-001,") for line in lines) == 1
    path.write_text("".join(line for line in lines if not line.startswith("prog-001,")), encoding="utf-8")
    return Problem(str(path), "-", "fact_id", "no language for the quote of prog-001")


def break_hri_decoding(d: Path) -> Problem:
    path = d / "raw" / "hri_tables" / "hri_table_rows.csv"
    edit(path, '"Albania 5,132-6,182[1] 0.5[2] 28.8[2] 11.5[2] 2[3,4] 6[3,4] (M,B) x x","x","no",',
         '"Albania 5,132-6,182[1] 0.5[2] 28.8[2] 11.5[2] 2[3,4] 6[3,4] (M,B) x x","x","cross",')
    return Problem(str(path), 2, "decoded_peer_distribution", "no rule for 'cross'")


def break_m49(d: Path) -> Problem:
    path = d / "raw" / "m49" / "all.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if ",KGZ," not in line), encoding="utf-8")
    return Problem(str(path), "-", "alpha-3", "no M49 row for KGZ")


def break_curated_source(d: Path) -> Problem:
    path = d / "raw" / "curation" / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.rstrip().endswith("gbd2019/" + GBD_COUNTS)),
                    encoding="utf-8")
    return Problem(str(path), "-", "raw_path", "no row for gbd2019/" + GBD_COUNTS)


BREAKAGES = [break_gbd_value, break_gbd_rate_empty, break_gbd_column, break_gbd_year, break_gbd_extra_cell,
             break_gbd_missing_file, break_gbd_negative, break_seed_quote, break_seed_text, break_seed_text_missing,
             break_program_value, break_value_from_words, break_access_reading, break_fact_indicator,
             break_quote_lang, break_hri_decoding, break_m49, break_curated_source]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.__name__.removeprefix("break_") for b in BREAKAGES])
def test_broken_raw_file_leaves_data_untouched(work, breakage):
    before = snapshot(work)
    listing = entries(work)
    expected = breakage(work)
    assert build.build_data(work) == [expected]
    assert snapshot(work) == before  # bytes and mtimes
    assert entries(work) == listing


def test_cli_build_data_broken(work, capsys):
    expected = break_gbd_value(work)
    before = snapshot(work)
    assert main(["build-data", str(work)]) == 1
    out = capsys.readouterr()
    assert out.out == f"{expected}\n"
    assert out.err == "build-data: nothing was replaced; the new tables have problems:\n"
    assert snapshot(work) == before


# ---------------------------------------------------------------- GBD values
@pytest.fixture(scope="module")
def deaths() -> dict[tuple[str, int, str], str]:
    return {(r["iso3"], int(r["year"]), r["measure"]): r["value"] for r in read_csv(DATA / "deaths.csv")}


@pytest.fixture(scope="module")
def countries() -> dict[str, dict]:
    return {r["iso3"]: r for r in read_csv(DATA / "countries.csv")}


@pytest.mark.parametrize("iso3,year,measure,value", [
    ("KAZ", 2019, "deaths_opioid", "541"),
    ("KAZ", 2019, "rate_opioid", "2.79"),
    ("KAZ", 2019, "deaths_drug_use_disorders", "749"),
    ("KAZ", 2019, "rate_drug_use_disorders", "3.87"),
    ("OWID_WRL", 2019, "deaths_drug_use_disorders", "128083"),
    ("OWID_WRL", 2019, "deaths_opioid", "88353"),
    ("OWID_WRL", 2019, "deaths_cocaine", "12779"),
    ("OWID_WRL", 2019, "deaths_amphetamine", "8964"),
    ("OWID_WRL", 2019, "deaths_other_drugs", "17986"),
    ("OWID_WRL", 2019, "rate_opioid", "1.09"),
    ("AFG", 1990, "rate_opioid", "0.9"),
])
def test_known_gbd_points(deaths, iso3, year, measure, value):
    assert deaths[(iso3, year, measure)] == value


def test_deaths_equal_the_raw_files(deaths):
    """Every coded raw row, every measure, unchanged (and nothing else)."""
    expected = {}
    for measure, (_unit, filename, column) in schema.MEASURES.items():
        for r in read_csv(RAW / "gbd2019" / filename):
            if r["Code"] and (len(r["Code"]) == 3 or r["Code"] == "OWID_WRL"):
                expected[(r["Code"], int(r["Year"]), measure)] = r[column]
    assert deaths == expected
    assert len(deaths) == 205 * 30 * 7
    # alcohol is in the raw file but is not a drug measure here
    assert not any("alcohol" in m for (_, _, m) in deaths)


def test_deaths_units_and_sources():
    sources = {r["raw_path"]: r["source_id"] for r in read_csv(RAW / "curation" / "sources.csv")}
    for r in read_csv(DATA / "deaths.csv"):
        unit, filename, _ = schema.MEASURES[r["measure"]]
        assert (r["unit"], r["source_id"]) == (unit, sources["gbd2019/" + filename])


def test_aggregates_and_uk_nations_dropped_world_kept(deaths, countries):
    uncoded = {r["Entity"] for r in read_csv(RAW / "gbd2019" / GBD_COUNTS) if not r["Code"]}
    assert {"England", "Scotland", "Wales", "Northern Ireland", "G20", "World Bank High Income",
            "European Region (WHO)"} <= uncoded
    names = {c["name_en"] for c in countries.values()}
    assert not uncoded & names
    assert {iso3 for iso3, _, _ in deaths} == {c for c, r in countries.items() if r["in_gbd"] == "true"}
    world = countries["OWID_WRL"]
    assert world["is_aggregate"] == "true" and world["in_gbd"] == "true"
    assert (world["name_en"], world["name_ru"], world["iso2"], world["region_code"]) == ("World", "Мир", "", "")
    assert [c for c, r in countries.items() if r["is_aggregate"] == "true"] == ["OWID_WRL"]
    assert countries["GBR"]["is_aggregate"] == "false" and countries["GBR"]["in_gbd"] == "true"
    assert sum(r["in_gbd"] == "true" for r in countries.values()) == 205  # 204 GBD countries + World


# ---------------------------------------------------------------- countries
def test_kyrgyzstan_russian_name(countries):
    assert countries["KGZ"]["name_ru"] == "Кыргызстан"
    assert countries["KGZ"]["name_en"] == "Kyrgyzstan"


def test_every_name_override_applied(countries):
    for o in read_csv(RAW / "curation" / "name_overrides.csv"):
        assert countries[o["iso3"]][f"name_{o['lang']}"] == o["name"], o


def test_sos_countries_flagged(countries):
    assert {c for c, r in countries.items() if r["sos_country"] == "true"} == SOS
    assert all(countries[c]["eeca"] == "true" for c in SOS)
    eeca = {r["iso3"] for r in read_csv(RAW / "curation" / "eeca.csv")}
    assert {c for c, r in countries.items() if r["eeca"] == "true"} == eeca


def test_countries_sorted_and_names_filled(countries):
    assert list(countries) == sorted(countries)
    for c, r in countries.items():
        assert r["name_en"] and r["name_ru"], c
        assert r["name_en"] != r["iso2"] and " - " not in r["name_en"], c  # no CLDR disambiguation labels


# ---------------------------------------------------------------- access
@pytest.fixture(scope="module")
def access() -> list[dict]:
    return read_csv(DATA / "access.csv")


@pytest.fixture(scope="module")
def statuses() -> list[dict]:
    return read_csv(DATA / "access_status.csv")


@pytest.fixture(scope="module")
def facts() -> dict[str, dict]:
    return {r["fact_id"]: r for r in read_csv(DATA / "facts.csv")}


def raw_rows(path: Path) -> list[tuple[int, dict]]:
    """(line, row) of a raw CSV, the line as the build counts it (the reader's line at the end of the row)."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, r) for r in reader]


HRI_READING = {"yes": "reported", "no": "no_peer_distribution", "no (uncertain)": "no_peer_distribution",
               "not known (nk)": "not_known"}


def test_an_hri_cross_is_no_peer_distribution_and_never_reported_absent(access, statuses, facts):
    """An HRI table's cross in the peer-distribution column says there is no *peer* distribution: nothing
    about naloxone in general, so never "reported absent"."""
    hri = [a for a in access if facts[a["fact_id"]]["origin"] == "hri_tables"]
    crosses = [a for a in hri if facts[a["fact_id"]]["value_text"] in ("no", "no (uncertain)")]
    assert len(crosses) > 100
    assert {a["reading"] for a in crosses} == {"no_peer_distribution"}
    assert {a["indicator"] for a in hri} == {"peer_distribution"}
    assert not [a for a in hri if a["reading"] == "reported_absent"]
    assert all(facts[a["fact_id"]]["origin"] == "hri_tables" for a in access if a["reading"] == "no_peer_distribution")
    for s in statuses:
        ids = [f for f in s["fact_ids"].split(";") if f]
        if s["status"] == "reported_absent":
            assert not [f for f in ids if facts[f]["origin"] == "hri_tables"], s
        if s["status"] == "no_peer_distribution":
            assert s["indicator"] == "peer_distribution" and ids, s
            assert all(facts[f]["origin"] == "hri_tables" for f in ids), s
    assert sum(s["status"] == "no_peer_distribution" for s in statuses) > 50


def test_every_hri_table_row_is_a_fact_or_a_marked_gap(access, statuses, facts):
    """Readable rows: one fact hri-NNN (NNN = line - 1) with the decoding as its value and confidence, and
    its statement; cut-off or missing rows: no fact, and the country's peer-distribution status says so."""
    status = {(s["iso3"], s["indicator"]): s for s in statuses}
    reading = {a["fact_id"]: a["reading"] for a in access}
    rows = raw_rows(RAW / "hri_tables" / "hri_table_rows.csv")
    assert len(rows) == 180
    readable = gaps = 0
    for line, r in rows:
        fid = f"hri-{line - 1:03d}"
        decoded = r["decoded_peer_distribution"]
        if decoded in HRI_READING:
            readable += 1
            f = facts[fid]
            assert (f["origin"], f["iso3"], f["value_text"], f["confidence"]) == \
                ("hri_tables", r["iso3"], decoded, r["confidence"]), fid
            assert f["quote"] == r["row_text_verbatim"] and f["period"] == f"{r['edition']} (HRI edition)", fid
            assert f["indicator"] == "peer_distribution" and f["quote_lang"] == "en", fid
            assert reading[fid] == HRI_READING[decoded], fid
        else:
            gaps += 1
            assert decoded in ("undecodable", "row not retrievable"), line
            assert fid not in facts
            assert status[(r["iso3"], "peer_distribution")]["hri_row_not_retrievable"] == "true", r["iso3"]
    assert (readable, gaps) == (146, 34)
    # and a country's status is marked only where one of its rows is a gap
    gap_codes = {r["iso3"] for _, r in rows if r["decoded_peer_distribution"] not in HRI_READING}
    assert {s["iso3"] for s in statuses if s["hri_row_not_retrievable"] == "true"} == gap_codes
    assert all(s["indicator"] == "peer_distribution" for s in statuses if s["hri_row_not_retrievable"] == "true")


def test_the_hri_rows_of_access_facts_are_no_facts(facts):
    rows = read_csv(RAW / "facts" / "access_facts.csv")
    table_rows = [line for line, r in enumerate(rows, 2) if r["unit"].startswith("HRI table row")]
    assert len(table_rows) == 78
    assert not {f"acc-{line - 1:03d}" for line in table_rows} & set(facts)
    assert not [f for f in facts.values() if f["unit"].startswith("HRI table row")]


def test_reported_absent_only_from_explicit_statements(access, facts):
    absent = [a for a in access if a["reading"] == "reported_absent"]
    assert absent
    for a in absent:
        f = facts[a["fact_id"]]
        assert f["origin"] not in ("hri_tables",), a
        text = f["value_text"].lower()
        # "no ...", "not yet ...", or a registration wording a person mapped (access_statements.REGISTRATION_READINGS)
        registration = ("registration problems", "not licensed nationally")
        assert text.startswith(("no", "not yet")) or (a["indicator"] == "registration" and
                                                      any(w in text for w in registration)), a


def test_access_rows_follow_their_facts(access, facts):
    assert {a["reading"] for a in access} <= set(access_rules.READINGS)
    for a in access:
        f = facts[a["fact_id"]]
        assert a["iso3"] == f["iso3"] or a["iso3"] in f["group_iso3"].split(";"), a
        assert (a["confidence"], a["period"]) == (f["confidence"], f["period"]), a
        # the year the statement speaks for: the fact's first year, or the end of the range its period gives
        assert bool(a["year"]) == bool(f["year"]), a
        if a["year"]:
            assert int(a["year"]) >= int(f["year"]) and a["year"] in a["period"], a
    # a group fact gives one statement for every country it names
    for f in facts.values():
        if f["group_iso3"] and any(a["fact_id"] == f["fact_id"] for a in access):
            named = {a["iso3"] for a in access if a["fact_id"] == f["fact_id"]}
            assert named == set(f["group_iso3"].split(";")), f["fact_id"]


def test_access_status_is_decided_from_the_statements_by_the_rules(access, statuses):
    """access_status.csv is access_rules.decide over access.csv, with the year the data was read."""
    reference = max(int(s["accessed"][:4]) for s in read_csv(DATA / "sources.csv"))
    gaps = {(r["iso3"], "peer_distribution") for _, r in raw_rows(RAW / "hri_tables" / "hri_table_rows.csv")
            if r["decoded_peer_distribution"] not in HRI_READING}
    grouped: dict[tuple[str, str], list] = {}
    for a in access:
        grouped.setdefault((a["iso3"], a["indicator"]), []).append(access_rules.Statement(
            a["reading"], int(a["year"]) if a["year"] else None, a["confidence"], a["fact_id"], a["scope"],
            a["series"], a["began"] == "true"))
    assert [(s["iso3"], s["indicator"]) for s in statuses] == sorted(set(grouped) | gaps)
    for s in statuses:
        key = (s["iso3"], s["indicator"])
        d = access_rules.decide(grouped.get(key, []), reference, row_not_retrievable=key in gaps)
        assert (s["status"], s["as_of"], s["scope"], s["confidence"], s["certainty"], s["rule"], s["fact_ids"],
                s["beside_fact_ids"]) == (d.status, "" if d.as_of is None else str(d.as_of), d.scope, d.confidence,
                                          d.certainty, d.rule, ";".join(d.fact_ids), ";".join(d.beside)), key
    assert {s["status"] for s in statuses} <= set(access_rules.STATUSES)
    assert not {"partial", "not_reported"} & {s["status"] for s in statuses}


# ---------------------------------------------------------------- only verified facts
def test_unverified_notes_are_not_a_source(facts):
    assert not list(RAW.rglob("UNVERIFIED*"))
    # every cell of the facts and access tables but the ids (a source id ends in a hash: "...-90068b")
    cells = [v for name in ("facts.csv", "access.csv", "access_status.csv") for r in read_csv(DATA / name)
             for k, v in r.items() if k not in ("fact_id", "fact_ids", "source_id")]
    assert len(cells) > 10000
    for unread in ("29085", "29,085", "29 085", "9006", "9,006"):  # UNVERIFIED.md items 4 and 6
        assert not [c for c in cells if unread in c], unread
    assert not [f for f in facts.values() if f["value"] and float(f["value"]) in (29085, 9006)]
    # Scotland's 2021/22 annual kit count is only derived in the notes: the annual series skips that year
    annual = {f["period"] for f in facts.values() if f["iso3"] == "GBR" and f["indicator"] == "thn_kits_issued"}
    assert {"2020/21", "2022/23"} <= annual and "2021/22" not in annual


def test_every_fact_comes_from_a_raw_row(facts):
    files = {"seed": ("seeds/seed_facts.csv", "quote"), "program_facts": ("facts/program_facts.csv", "quote"),
             "access_facts": ("facts/access_facts.csv", "quote"),
             "hri_tables": ("hri_tables/hri_table_rows.csv", "row_text_verbatim"),
             "hri_narrative": ("hri_tables/narrative_statements.csv", "quote_verbatim"),
             "sos_study": ("sos_study/sos_results.csv", "quote_verbatim"),
             # a second figure of a sentence we hold: the quote is the one of the fact it names
             "figures_in_quotes": ("curation/figures_in_quotes.csv", "of_fact"),
             # a curator's row (issue 16)
             "updates": ("updates/update_facts.csv", "quote")}
    assert set(files) == set(schema.ORIGINS) == set(build.ORIGIN_PATH)
    assert all(build.ORIGIN_PATH[origin] == path for origin, (path, _) in files.items())
    raw = {origin: dict(raw_rows(RAW / path)) for origin, (path, _) in files.items()}
    for f in facts.values():
        r = raw[f["origin"]][int(f["origin_row"])]
        if f["origin"] == "figures_in_quotes":
            assert facts[r["of_fact"]]["quote"] == f["quote"] and facts[r["of_fact"]]["origin"] != f["origin"]
        else:
            assert r[files[f["origin"]][1]] == f["quote"], f["fact_id"]
        assert f["fact_id"] == f"{build.PREFIX[f['origin']]}-{int(f['origin_row']) - 1:03d}"
    # every raw row is a fact but those the build leaves out, each for a written reason
    hri_access_rows = sum(r["unit"].startswith("HRI table row") for r in raw["access_facts"].values())
    repeats = 8  # prog-015, -016, -017, -027, -028, -029, -030, acc-098: a seed fact's sentence, address and figure
    hri_gaps = sum(r["decoded_peer_distribution"] in ("undecodable", "row not retrievable")
                   for r in raw["hri_tables"].values())
    narrative_repeats = sum(bool(c["duplicate_of"]) for c in read_csv(RAW / "curation" / "narrative_statements.csv"))
    assert (hri_access_rows, hri_gaps, narrative_repeats) == (78, 34, 15)
    assert len(facts) == sum(len(rows) for rows in raw.values()) - hri_access_rows - repeats - hri_gaps - \
        narrative_repeats
