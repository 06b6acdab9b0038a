"""The data package as others see it: Frictionless validation, and the facts against their sources."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from frictionless import Package

from sos_dash.datapkg import schema, validate
from sos_dash.datapkg.quotes import value_in_quote
from sos_dash.paths import DATA_DIR

DATA = DATA_DIR
RAW = DATA / "raw"
SEEDS = RAW / "seeds"
SEED_FILES = {"000": "000_b05dac2fc14736ca.txt", "001": "001_b8c74f990707cad5.txt", "002": "002_a2bb0952f255825e.txt"}


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def normalise(text: str) -> str:
    return " ".join(text.split())


def report_errors(report) -> str:
    lines = [f"{task.name}:{getattr(e, 'row_number', '-')}: {e.type}: {e.message}"
             for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    return "\n".join(lines[:50])


# ---------------------------------------------------------------- frictionless
def test_frictionless_validates_the_package():
    start = time.perf_counter()
    package = Package(str(DATA / "datapackage.json"))
    report = package.validate()
    seconds = time.perf_counter() - start
    assert report.valid, report_errors(report)
    assert [t.name for t in report.tasks] == [t.name for t in schema.TABLES]
    rows = {t.name: t.stats["rows"] for t in report.tasks}
    for t in schema.TABLES:
        assert rows[t.name] == len(read_csv(DATA / t.filename)) > 0
    print(f"frictionless validated {sum(rows.values())} rows in {seconds:.1f} s")


def test_descriptor_declares_keys_licences_and_sources():
    desc = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["profile"] == "tabular-data-package"
    # GBD figures, quoted facts, and the UN M49 regions (CC BY-SA 4.0) in countries.csv
    assert {lic["name"] for lic in desc["licenses"]} == {"IHME-FCNCUA", "quoted-with-attribution", "CC-BY-SA-4.0"}
    resources = {r["name"]: r for r in desc["resources"]}
    assert list(resources) == [t.name for t in schema.TABLES]
    for t in schema.TABLES:
        s = resources[t.name]["schema"]
        assert resources[t.name]["path"] == t.filename
        assert [f["name"] for f in s["fields"]] == t.columns
        assert s["primaryKey"] == list(t.primary_key)
        fks = {(tuple(fk["fields"]), fk["reference"]["resource"]) for fk in s.get("foreignKeys", [])}
        assert fks == {(fk.fields, fk.resource) for fk in t.foreign_keys}
    assert {(fk["fields"][0], fk["reference"]["resource"]) for fk in resources["deaths"]["schema"]["foreignKeys"]} \
        == {("iso3", "countries"), ("source_id", "sources")}
    # every source with an address is listed in the package's sources; none is invented
    sources = read_csv(DATA / "sources.csv")
    assert [s.get("path", "") for s in desc["sources"]] == [s["url"] for s in sources]
    assert [s["title"] for s in desc["sources"]] == [s["title"] for s in sources]


def test_seed_sources_have_their_addresses():
    by_path = {r["raw_path"]: r for r in read_csv(RAW / "curation" / "sources.csv")}
    assert by_path["seeds/" + SEED_FILES["000"]]["url"].startswith("https://erna.redcrossredcrescent.com/")
    assert by_path["seeds/" + SEED_FILES["001"]]["url"].startswith("https://business.un.org/")
    assert by_path["seeds/" + SEED_FILES["002"]]["url"].startswith("http://www.naloxoneinfo.org/")


def test_one_source_per_address():
    sources = read_csv(DATA / "sources.csv")
    urls = [s["url"] for s in sources if s["url"]]
    assert len(urls) == len(set(urls)) > 50
    assert schema.SOURCES.field("url").unique
    # a fact citing a seed's address cites the seed's source, whatever raw file it comes from
    by_url = {s["url"]: s["source_id"] for s in sources if s["url"]}
    curated = read_csv(RAW / "curation" / "sources.csv")
    seed_ids = {r["source_id"] for r in curated if r["raw_path"].startswith("seeds/")}
    raw = read_csv(RAW / "facts" / "program_facts.csv") + read_csv(RAW / "facts" / "access_facts.csv")
    assert {by_url.get(r["url"]) for r in raw if r["url"] in by_url} & seed_ids


def test_gbd_credit_and_licence():
    for s in read_csv(DATA / "sources.csv"):
        if s["source_id"].startswith("ihme-gbd2019"):
            assert s["credit"] == "IHME, Global Burden of Disease 2019 (via Our World in Data)"
            assert s["licence"] == "IHME Free-of-Charge Non-Commercial User Agreement"


# ---------------------------------------------------------------- frictionless and our validator agree
DEATHS_ROWS = 3 * 30 * 7


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    """Copy of the package with deaths.csv cut to three countries (fast, and still valid)."""
    d = tmp_path / "data"
    d.mkdir()
    for name in [t.filename for t in schema.TABLES] + ["datapackage.json"]:
        shutil.copyfile(DATA / name, d / name)
    lines = (d / "deaths.csv").read_text(encoding="utf-8").split("\n")
    (d / "deaths.csv").write_text("\n".join(lines[: DEATHS_ROWS + 1] + [""]), encoding="utf-8")
    return d


def set_cell(d: Path, name: str, row: int, column: str, value: str) -> None:
    lines = (d / name).read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[row - 1]]))
    assert cells[header.index(column)] != value
    cells[header.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    lines[row - 1] = buf.getvalue()
    (d / name).write_text("\n".join(lines), encoding="utf-8")


def reverse_columns(d: Path, name: str) -> None:
    rows = list(csv.reader(io.StringIO((d / name).read_text(encoding="utf-8"), newline="")))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([list(reversed(r)) for r in rows])
    (d / name).write_text(buf.getvalue(), encoding="utf-8")


AGREE = [
    ("date", "sources.csv", 2, "accessed", "20261122"),
    ("required", "sources.csv", 2, "title", ""),
    ("url-pattern", "sources.csv", 3, "url", "www.example.org"),
    ("iso2-pattern", "countries.csv", 2, "iso2", "af"),
    ("boolean", "countries.csv", 3, "sos_country", "yes"),
    ("year-minimum", "deaths.csv", 2, "year", "1989"),
    ("negative", "deaths.csv", 5, "value", "-73"),
    ("not-a-number", "deaths.csv", 6, "value", "n/a"),
    ("measure-enum", "deaths.csv", 2, "measure", "deaths_heroin"),
    ("unknown-iso3", "deaths.csv", 2, "iso3", "XYZ"),
    ("unknown-source", "deaths.csv", 2, "source_id", "ihme-gbd2021"),
    ("duplicate-key", "deaths.csv", 3, "measure", "deaths_amphetamine"),
    ("topic-enum", "facts.csv", 4, "topic", "death"),
    ("fact-year-minimum", "facts.csv", 4, "year", "1899"),
    ("duplicate-fact-id", "facts.csv", 3, "fact_id", "seed-001"),
    ("fact-unknown-iso3", "facts.csv", 2, "iso3", "XYZ"),
    ("fact-unknown-indicator", "facts.csv", 4, "indicator", "drug_related_deaths"),
    ("fact-id-pattern", "facts.csv", 4, "fact_id", "hri-3"),
    ("duplicate-url", "sources.csv", 3, "url", "https://ourworldindata.org/grapher/deaths-substance-disorders"),
    ("indicator-kind-enum", "indicators.csv", 2, "kind", "words"),
    ("reading-enum", "access.csv", 43, "reading", "partial"),
    ("status-enum", "access_status.csv", 2, "status", "partial"),
    ("status-boolean", "access_status.csv", 5, "hri_row_not_retrievable", "yes"),
    ("status-unknown-iso3", "access_status.csv", 3, "iso3", "XYZ"),
    ("unknown-fact-id", "access.csv", 43, "fact_id", "acc-999"),
    ("column-order", "access.csv", None, None, None),
]


@pytest.mark.parametrize("name,row,column,value", [c[1:] for c in AGREE], ids=[c[0] for c in AGREE])
def test_validator_and_frictionless_agree(pkg, name, row, column, value):
    """The same broken package is invalid for both, at the same rows."""
    if row is None:
        reverse_columns(pkg, name)
    else:
        set_cell(pkg, name, row, column, value)
    ours = {(p.file.removesuffix(".csv"), p.row) for p in validate.validate_dir(pkg)}
    report = Package(str(pkg / "datapackage.json")).validate()
    errors = [(task.name, e) for task in report.tasks for e in task.errors]
    if row is None:  # frictionless then also reports every cell, read by position: keep the header errors
        errors = [(name, e) for name, e in errors if e.type == "incorrect-label"]
    theirs = {(name, getattr(e, "row_number", None) or 1) for name, e in errors}
    assert not report.valid and ours
    assert ours == theirs, report_errors(report)


# ---------------------------------------------------------------- facts from the seed documents
@pytest.fixture(scope="module")
def facts() -> list[dict]:
    return read_csv(DATA / "facts.csv")


@pytest.fixture(scope="module")
def seed_source() -> dict[str, str]:
    """seed key ('000', '001', '002') -> source_id."""
    by_path = {r["raw_path"]: r["source_id"] for r in read_csv(RAW / "curation" / "sources.csv")}
    return {k: by_path[f"seeds/{f}"] for k, f in SEED_FILES.items()}


# (seed, value, value_text, words in the quote, qualifier the source puts on the figure)
FIGURES = [
    ("000", "494000", None, "Over 494,000 drug-related deaths", "over"),
    ("000", "14000", None, "training of over 14,000 witnesses", "over"),
    ("000", "40000", None, "40,000 ampules of naloxone", None),
    ("000", None, "2024-10-14", "On October 14, 2024", None),
    ("001", "207400", None, "an estimated 207,400 drug-related deaths in 2014", "an estimated"),
    ("001", "43.5", None, "43.5 deaths per million people aged 15-64", None),
    ("001", "2017", None, "at the Commission on Narcotic Drugs (CND) 2017", None),
    ("001", "2014", None, "WHO (2014) guidelines", None),
    ("001", "90", None, "90% of the relevant target groups will have received training", None),
    ("001", "90", None, "90% of those trained will have been given a supply", None),
    ("001", "90", None, "90% of those who have been given a naloxone supply will be carrying", None),
    ("001", "4", None, "Four project countries", None),
    ("001", None, "ca. 2017-2019", "ca. 2017-2019", None),
    ("002", "900", None, "attracted 900 new drug using clients", None),
    ("002", "500", None, "store up to 500 vials of naloxone", "up to"),
    ("002", "25000", None, "purchase of $25,000 worth of naloxone a year", None),
    ("002", "137", None, "137 naloxone kits", None),
    ("002", "31", None, "resulting in 31 reported reversals", None),
    ("002", "800", None, "more than 800 successful overdose reversals", "more than"),
    ("002", "43.5", None, "43.5% of injecting drug users interviewed", None),
    ("002", "240", None, "from 240 to 77 Thai Baht", None),
    ("002", "77", None, "from 240 to 77 Thai Baht", None),
    ("002", "95", None, "respond to 95% of recorded overdose cases", None),
    ("002", "1", None, "about 1 person dies from a heroin overdose each day", "about"),
    ("002", "35", None, "fell by 35%", None),
    ("002", "53000", None, "more than 53,000 people have been trained", "more than"),
    ("002", "10000", None, "more than 10,000 rescues with naloxone", "more than"),
    ("002", "715", None, "715 take-home naloxone kits were issued to prisoners", None),
    ("002", None, "one third", "one third reported experiencing an overdose", None),
    ("002", "1", None, "costs as little as one dollar", "as little as"),
]


def figure_facts(facts, source_id, value, value_text, words):
    out = []
    for f in facts:
        if f["source_id"] != source_id or words not in f["quote"]:
            continue
        if value is not None and f["value"] and float(f["value"]) == float(value):
            out.append(f)
        elif value_text is not None and f["value_text"] == value_text:
            out.append(f)
    return out


@pytest.mark.parametrize("seed,value,value_text,words,qualifier", FIGURES,
                         ids=[f"{f[0]}-{f[1] or f[2]}-{f[3][:20]}" for f in FIGURES])
def test_seed_figure_is_a_fact(facts, seed_source, seed, value, value_text, words, qualifier):
    found = figure_facts(facts, seed_source[seed], value, value_text, words)
    assert len(found) == 1, f"no single fact for {value or value_text!r} with {words!r} in {SEED_FILES[seed]}"
    f = found[0]
    seed_text = normalise((SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8"))
    assert normalise(f["quote"]) in seed_text, "the quote must be verbatim from the seed"
    assert f["origin"] == "seed" and f["confidence"] == "high"
    if value is not None:
        if f["value_from_words"] == "true":
            assert not value_in_quote(f["value"], f["quote"])
        else:
            assert value_in_quote(f["value"], f["quote"])
    if qualifier:  # "Over 494,000" is not 494,000: the qualifier travels with the value
        assert qualifier in (f["unit"] + " " + f["value_text"]).lower(), f["unit"]


def test_three_distinct_90_percent_targets(facts, seed_source):
    targets = [f for f in facts if f["source_id"] == seed_source["001"] and f["value"] == "90"]
    assert len(targets) == 3
    assert len({f["indicator"] for f in targets}) == len({f["quote"] for f in targets}) == 3


def test_four_project_countries(facts, seed_source):
    (f,) = figure_facts(facts, seed_source["001"], "4", None, "Four project countries")
    assert f["value_from_words"] == "true"
    assert set(f["group_iso3"].split(";")) == {"KAZ", "KGZ", "TJK", "UKR"}


URL = re.compile(r"\(?https?://\S+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NOT_FIGURES = {"001": ["3"]}  # "3. Good health and well-being": an SDG heading, not a figure


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_number_in_a_seed_is_in_a_fact_quote(facts, seed_source, seed):
    """Catches a figure added to a seed document without a fact (the list above is by hand)."""
    text = URL.sub(" ", (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8"))
    quotes = [f["quote"] for f in facts if f["source_id"] == seed_source[seed]]
    numbers = set(NUMBER.findall(text)) - set(NOT_FIGURES.get(seed, []))
    assert numbers
    missing = [n for n in sorted(numbers)
               if not any(re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d]|[.,]\d)", q) for q in quotes)]
    assert missing == []


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_every_seed_quote_is_verbatim(facts, seed_source, seed):
    """Every fact citing a seed document (the seed sheet's, or a fact file's at the same address) quotes it
    verbatim; every fact of the seed sheet cites its seed document."""
    text = normalise((SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8"))
    seed_facts = [f for f in facts if f["source_id"] == seed_source[seed]]
    assert [f for f in seed_facts if f["origin"] == "seed"]
    for f in seed_facts:
        assert normalise(f["quote"]) in text, f["fact_id"]
    files = {r["seed_file"] for r in read_csv(SEEDS / "seed_facts.csv")}
    assert files == set(SEED_FILES.values())
    for f in facts:
        if f["origin"] == "seed":
            assert f["source_id"] in seed_source.values(), f["fact_id"]


# ---------------------------------------------------------------- facts from the two fact files
# raw rows that are no fact: they repeat a seed fact (same sentence, address and figure)
REPEATS = {"program_facts": {"prog-015", "prog-016", "prog-017", "prog-027", "prog-028", "prog-029", "prog-030"},
           "access_facts": {"acc-098"}}
PREFIX = {"program_facts": "prog", "access_facts": "acc"}


def corrected(row: dict, fact_id: str) -> dict:
    """The raw row with curation/corrections.csv applied (each correction's `received` is the raw cell)."""
    row = dict(row)
    for c in read_csv(RAW / "curation" / "corrections.csv"):
        if c["fact_id"] == fact_id:
            assert row[c["column"]] == c["received"], c
            row[c["column"]] = c["corrected"]
    return row


@pytest.mark.parametrize("origin,count,hri,facts_count", [("program_facts", 129, 0, 122),
                                                          ("access_facts", 195, 78, 116)])
def test_every_raw_fact_row_is_a_fact(facts, origin, count, hri, facts_count):
    """Every row of the fact files is a fact, as corrected, except the HRI table rows of access_facts.csv
    (read again in hri_tables/) and the rows that repeat a seed fact."""
    raw = read_csv(RAW / "facts" / f"{origin}.csv")
    assert len(raw) == count
    table_rows = {line for line, r in enumerate(raw, 2) if r["unit"].startswith("HRI table row")}
    assert len(table_rows) == hri
    repeats = {int(fid.split("-")[1]) + 1 for fid in REPEATS[origin]}
    ours = {int(f["origin_row"]): f for f in facts if f["origin"] == origin}
    assert sorted(ours) == sorted(set(range(2, count + 2)) - table_rows - repeats)
    assert len(ours) == facts_count
    sources = {s["source_id"]: s for s in read_csv(DATA / "sources.csv")}
    for line, r in enumerate(raw, 2):
        if line not in ours:
            continue
        f = ours[line]
        assert f["fact_id"] == f"{PREFIX[origin]}-{line - 1:03d}"
        r = corrected(r, f["fact_id"])
        assert f["quote"] == r["quote"], line  # unchanged, not even whitespace
        assert (f["value"] or f["value_text"]) == r["value"].strip(), line
        assert f["unit"] == r["unit"].strip(), line
        assert f["indicator"] == r["indicator"].strip()
        assert f["period"] == r["year"].strip()
        code = r["country_iso3"].strip()
        assert (f["group_iso3"] if ";" in code else f["iso3"]) == code, line
        s = sources[f["source_id"]]
        assert s["url"] == r["url"], line  # one source per address: the first row's title names it
        if not r["url"]:
            assert (s["title"], s["publisher"]) == (r["source_title"], r["publisher"]), line


def test_repeats_of_seed_facts_are_left_out(facts):
    ids = {f["fact_id"] for f in facts}
    assert not ids & (REPEATS["program_facts"] | REPEATS["access_facts"])
    by_id = {f["fact_id"]: f for f in facts}
    # the seed figure each repeated, still there under its own id
    for seed_id in ("seed-010", "seed-011", "seed-012", "seed-001", "seed-004", "seed-027"):
        assert by_id[seed_id]["origin"] == "seed"
