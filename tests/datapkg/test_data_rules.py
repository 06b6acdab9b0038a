"""The rules of the data package, each tested where it would break: on a copy of data/ or data/raw in tmp_path
with one thing broken, and on the committed data for the cases the rules were written for.

The rules in words: data/raw/hri_tables/SOURCE.md (HRI rows, statements, statuses), data/raw/curation/SOURCE.md
(corrections, translations, quote languages) and sos_dash/datapkg/quotes.py (qualifiers).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import snapshot, writable_copy

from sos_dash.datapkg import build, schema, validate
from sos_dash.datapkg.quotes import normalise_quote, qualifier_before, unit_keeps
from sos_dash.datapkg.validate import Problem
from sos_dash.paths import DATA_DIR

DATA = DATA_DIR
RAW = DATA / "raw"
OUTPUTS = [t.filename for t in schema.TABLES] + ["datapackage.json"]
HRI_ROWS = "hri_tables/hri_table_rows.csv"
CORRECTIONS = "curation/corrections.csv"
TRANSLATIONS = "curation/translations_ru.csv"
HRI_GAP = ("undecodable", "row not retrievable")
DEATHS_ROWS = 3 * 30 * 7  # AFG, AGO, ALB: 30 years x 7 measures


# ---------------------------------------------------------------- helpers
def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def numbered(path: Path) -> list[tuple[int, dict]]:
    """(row, record) as the validator counts rows: the header is row 1, one row per record (a quote may
    span lines)."""
    return list(enumerate(read_csv(path), 2))


def raw_lines(path: Path) -> list[tuple[int, dict]]:
    """(line, record) as the build counts a raw row: the reader's line at the end of the record."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, r) for r in reader]


def write_table(path: Path, header: list[str], records: list[dict]) -> None:
    """A table as build.to_csv writes it (so an untouched table is written back byte for byte)."""
    path.write_text(build.to_csv(records, header), encoding="utf-8")


def change(path: Path, key: str, value: str, **cells: str) -> int:
    """Set cells of the first record whose `key` column is `value`; returns its (validator) row."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    records = rows_of(text)
    assert build.to_csv(records, header) == text, f"{path.name} is not written as build.to_csv writes it"
    row, r = next((i, r) for i, r in enumerate(records, 2) if r[key] == value)
    for column, new in cells.items():
        assert r[column] != new, "the edit must change something"
        r[column] = new
    write_table(path, header, records)
    return row


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(d: Path) -> list[str]:
    return [str(p) for p in validate.validate_dir(d)]


def raw_number(value: str) -> str:
    v = float(value)
    return str(int(v)) if v.is_integer() else value


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    """A copy of the curated package (no raw/), deaths.csv cut to three countries: still valid."""
    d = tmp_path / "data"
    d.mkdir()
    for name in OUTPUTS:
        shutil.copyfile(DATA / name, d / name)
    lines = (d / "deaths.csv").read_text(encoding="utf-8").split("\n")
    assert lines[DEATHS_ROWS].startswith("ALB,2019,") and lines[DEATHS_ROWS + 1].startswith("AND,1990,")
    (d / "deaths.csv").write_text("\n".join(lines[: DEATHS_ROWS + 1] + [""]), encoding="utf-8")
    assert problems(d) == []
    return d


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A writable copy of data/raw."""
    return writable_copy(RAW, tmp_path / "raw")


def build_problem(raw_dir: Path) -> Problem:
    with pytest.raises(build.BuildError) as e:
        build.build_tables(raw_dir)
    return e.value.problem


@pytest.fixture(scope="module")
def facts() -> dict[str, dict]:
    return {f["fact_id"]: f for f in read_csv(DATA / "facts.csv")}


@pytest.fixture(scope="module")
def statuses() -> dict[tuple[str, str], dict]:
    return {(s["iso3"], s["indicator"]): s for s in read_csv(DATA / "access_status.csv")}


@pytest.fixture(scope="module")
def statements() -> list[dict]:
    return read_csv(DATA / "access.csv")


# ---------------------------------------------------------------- 1. qualifiers stay in the unit
def test_a_unit_that_lost_almost_is_named_with_row_and_column(pkg):
    """prog-002: "almost 16,278 SOS naloxone kits". Almost 16,278 is not 16,278."""
    row, f = next((i, f) for i, f in numbered(pkg / "facts.csv") if f["fact_id"] == "prog-002")
    assert "almost 16,278" in f["quote"] and f["value"] == "16278"
    assert f["unit"] == "naloxone kits (source says 'almost')"
    assert change(pkg / "facts.csv", "fact_id", "prog-002", unit="naloxone kits") == row
    assert problems(pkg) == [f"facts.csv:{row}:unit: the quote says “almost” 16278: the unit must keep “almost”"]


def test_a_qualifier_on_another_number_of_the_quote_asks_nothing(facts):
    """The same sentence: "14,263 people were trained and almost 16,278 kits": "almost" is not on 14,263."""
    trained, kits = facts["prog-001"], facts["prog-002"]
    assert trained["quote"] == kits["quote"]
    assert qualifier_before("14263", trained["quote"]) is None
    assert qualifier_before("16278", kits["quote"]) == "almost"
    assert "almost" not in trained["unit"]


# the facts the rule was written for, with the qualifier their quotes put on the number
KEPT = {"prog-003": "an estimated", "prog-013": "about", "prog-085": "estimated", "prog-091": "some",
        "prog-096": "estimated", "prog-099": "estimated", "prog-123": "an estimated"}


@pytest.mark.parametrize("fact_id,qualifier", KEPT.items())
def test_known_qualifiers_are_kept_in_the_unit(facts, fact_id, qualifier):
    f = facts[fact_id]
    assert f["value"] and f["value_from_words"] == "false"
    assert qualifier_before(raw_number(f["value"]), f["quote"]) == qualifier
    assert unit_keeps(qualifier, f["unit"]), f["unit"]
    assert f["unit_ru"] and f["unit_ru"] != f["unit"]


def test_every_qualified_number_keeps_its_qualifier(facts):
    """The committed facts, all of them (the validator's rule, read again here)."""
    qualified = 0
    for f in facts.values():
        if f["value"] and f["value_from_words"] == "false":
            q = qualifier_before(raw_number(f["value"]), f["quote"])
            if q:
                qualified += 1
                assert unit_keeps(q, f["unit"]), (f["fact_id"], q, f["unit"])
    assert qualified >= len(KEPT) + 2  # seed-003 "Over 494,000", prog-002 "almost 16,278" and the others


# ---------------------------------------------------------------- 2. one source per address
def test_two_sources_with_the_same_url_are_a_duplicate(pkg):
    sources = numbered(pkg / "sources.csv")
    url = sources[0][1]["url"]
    assert url and sources[1][1]["url"] != url
    row = change(pkg / "sources.csv", "source_id", sources[1][1]["source_id"], url=url)
    assert row == 3
    assert problems(pkg) == [f"sources.csv:3:url: duplicate url {url} (first in row 2)"]


def test_the_committed_sources_have_one_row_per_url():
    urls = [s["url"] for s in read_csv(DATA / "sources.csv") if s["url"]]
    assert len(urls) == len(set(urls))


# ---------------------------------------------------------------- 3. facts.indicator is a foreign key
def test_a_fact_indicator_missing_from_indicators_csv_is_a_foreign_key_problem(pkg):
    row = change(pkg / "facts.csv", "fact_id", "seed-003", indicator="drug_related_deaths")
    assert row == 4
    assert problems(pkg) == [
        "facts.csv:4:indicator: unknown indicator 'drug_related_deaths' (not in indicators.csv)"]


def test_an_indicator_dropped_from_indicators_csv_names_every_fact_using_it(pkg):
    indicator = "sos_naloxone_kits_distributed"
    users = [i for i, f in numbered(pkg / "facts.csv") if f["indicator"] == indicator]
    assert len(users) >= 2  # prog-002 and prog-011
    path = pkg / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    write_table(path, header, [r for r in rows_of(text) if r["indicator"] != indicator])
    assert problems(pkg) == [f"facts.csv:{i}:indicator: unknown indicator {indicator!r} (not in indicators.csv)"
                             for i in users]


# ---------------------------------------------------------------- 4. corrections
def test_a_correction_whose_received_is_not_the_raw_cell_stops_the_build(work):
    path = work / "raw" / CORRECTIONS
    row, c = numbered(path)[0]
    assert (c["fact_id"], c["column"], c["received"]) == ("prog-003", "unit", "people")
    edit(path, "prog-003,unit,people,", "prog-003,unit,persons,")
    before = snapshot(work)
    listing = sorted(p.name for p in work.iterdir())
    assert build.build_data(work) == [
        Problem(str(path), row, "received", "prog-003 unit is 'people' in the raw file, not 'persons'")]
    assert snapshot(work) == before  # bytes and mtimes: data/ untouched
    assert sorted(p.name for p in work.iterdir()) == listing  # no temporary folder left


def test_a_correction_for_a_fact_that_does_not_exist_stops_the_build(raw):
    path = raw / CORRECTIONS
    last = raw_lines(path)[-1][0]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("prog-999,unit,people,persons,No such fact: the build must say so.\n")
    assert build_problem(raw) == Problem(str(path), last + 1, "fact_id", "no fact prog-999 to correct")


def test_a_correction_of_a_column_the_raw_file_does_not_have_stops_the_build(raw):
    path = raw / CORRECTIONS
    edit(path, "prog-003,unit,people,", "prog-003,units,people,")
    assert build_problem(raw) == Problem(str(path), 2, "column", "no column 'units'")


def test_every_correction_is_applied(facts):
    """The fact holds the corrected cell (the raw column 'year' is the fact's period, 'country' its area)."""
    ours = {"year": "period", "country": "area", "url": None, "value": None}
    repeats = {"prog-015", "prog-016", "prog-017", "prog-027", "prog-028", "prog-029", "prog-030", "acc-098"}
    for c in read_csv(RAW / CORRECTIONS):
        column = ours.get(c["column"], c["column"])
        if c["fact_id"] not in facts:
            assert c["fact_id"] in repeats, c  # corrected, then left out as a repeat of a seed fact
            continue
        if column is None:
            continue  # a source's address, or a value that is value or value_text
        assert facts[c["fact_id"]][column] == c["corrected"].strip(), c


# ---------------------------------------------------------------- 5. Russian for every word we wrote
def test_a_unit_without_russian_stops_the_build_naming_the_raw_cell(raw):
    path = raw / "facts" / "program_facts.csv"
    edit(path, "2021 (published),sos_people_trained,14263,people,",
         "2021 (published),sos_people_trained,14263,people (untranslated),")
    assert build_problem(raw) == Problem(str(path), 2, "unit",
                                         "no Russian for unit 'people (untranslated)' in curation/translations_ru.csv")


def test_a_translation_removed_names_the_first_fact_that_needs_it(raw, facts):
    unit = "AUD"
    first = next(f for f in facts.values() if f["unit"] == unit)
    assert first["origin"] in ("program_facts", "access_facts")
    path = raw / TRANSLATIONS
    text = path.read_text(encoding="utf-8")
    assert text.count(f"\nunit,{unit},") == 1
    path.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith(f"unit,{unit},")),
                    encoding="utf-8")
    assert build_problem(raw) == Problem(str(raw / build.ORIGIN_PATH[first["origin"]]), int(first["origin_row"]),
                                         "unit", f"no Russian for unit {unit!r} in curation/translations_ru.csv")


# The build names the raw file's own column: program_facts.csv's period is its column "year".
def _bug(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


RAW_CELLS = [
    pytest.param("facts/program_facts.csv", "KAZ;KGZ;TJK;UKR,\"Kazakhstan; Kyrgyzstan; Tajikistan; Ukraine "
                 "(S-O-S project, combined)\",2021 (published),sos_people_trained,", "2021 (published)",
                 "2021 (posted)", 2, "year", "period", id="program-period"),
    pytest.param("seeds/seed_facts.csv", ",World,2024 (published),drug_related_deaths,", "2024 (published)",
                 "2024 (posted)", 4, "period", "period", id="seed-period"),
    pytest.param("seeds/seed_facts.csv", ",sustainability,", "sustainability", "sustainability x", 7, "value",
                 "value_text", id="seed-value-text"),
    pytest.param("facts/access_facts.csv", "AUT,Austria,2020,thn_programme,yes,", "yes,", "maybe,", 2, "value",
                 "value_text", id="access-value-text"),
]


@pytest.mark.parametrize("where,context,old,new,row,column,kind", RAW_CELLS)
def test_a_word_without_russian_names_the_raw_files_own_column(raw, where, context, old, new, row, column, kind):
    path = raw / where
    edit(path, context, context.replace(old, new, 1))
    problem = build_problem(raw)
    assert (problem.file, problem.row) == (str(path), row)
    assert problem.message.startswith(f"no Russian for {kind} ")
    assert problem.column == column
    assert column in next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


# ---------------------------------------------------------------- 6. HRI table rows
def hri_line(raw_dir: Path, iso3: str, edition: str) -> int:
    return next(line for line, r in raw_lines(raw_dir / HRI_ROWS) if (r["iso3"], r["edition"]) == (iso3, edition))


def cut_off(raw_dir: Path, iso3: str) -> None:
    """Every HRI table row of the country becomes a cut-off row (as the researcher marks one)."""
    path = raw_dir / HRI_ROWS
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    records = rows_of(text)
    hit = 0
    for r in records:
        if r["iso3"] == iso3:
            r.update(decoded_peer_distribution="undecodable", confidence="none")
            hit += 1
    assert hit
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writeheader()
    w.writerows(records)
    path.write_text(buf.getvalue(), encoding="utf-8")


def test_a_cut_off_hri_row_gives_no_fact_and_leaves_the_status_not_known_and_marked(raw, facts, statuses):
    """Albania's two HRI rows read as crosses; cut off, they give no fact and no status."""
    ids = {f"hri-{hri_line(raw, 'ALB', e) - 1:03d}" for e in ("2018", "2020")}
    assert {facts[i]["iso3"] for i in ids} == {"ALB"}
    assert statuses[("ALB", "peer_distribution")]["status"] == "no_peer_distribution"
    cut_off(raw, "ALB")
    tables = build.build_tables(raw)
    built = {f["fact_id"]: f for f in rows_of(tables["facts.csv"])}
    assert not ids & set(built)
    assert not [f for f in built.values() if f["iso3"] == "ALB" and f["origin"] == "hri_tables"]
    assert not [a for a in rows_of(tables["access.csv"]) if a["fact_id"] in ids]
    (alb,) = [s for s in rows_of(tables["access_status.csv"]) if (s["iso3"], s["indicator"]) ==
              ("ALB", "peer_distribution")]
    assert (alb["status"], alb["rule"], alb["hri_row_not_retrievable"], alb["fact_ids"], alb["as_of"]) == (
        "not_known", "row_not_retrievable", "true", "", "")


def test_the_committed_cut_off_rows_give_not_known_marked(facts, statuses):
    """Uzbekistan: its rows of both editions are cut off; Moldova 2020 is undecodable (2018 is a cross, and
    HRI says Moldova began peer distribution in 2023)."""
    rows = raw_lines(RAW / HRI_ROWS)
    uzb = [(line, r["decoded_peer_distribution"]) for line, r in rows if r["iso3"] == "UZB"]
    assert len(uzb) == 2 and all(d in HRI_GAP for _, d in uzb)
    assert not [f for f in facts.values() if f["iso3"] == "UZB" and f["origin"] == "hri_tables"]
    s = statuses[("UZB", "peer_distribution")]
    assert (s["status"], s["rule"], s["hri_row_not_retrievable"], s["fact_ids"]) == (
        "not_known", "row_not_retrievable", "true", "")

    line = next(line for line, r in rows if (r["iso3"], r["edition"]) == ("MDA", "2020"))
    assert dict(rows)[line]["decoded_peer_distribution"] == "undecodable"
    assert f"hri-{line - 1:03d}" not in facts
    mda = statuses[("MDA", "peer_distribution")]
    assert mda["hri_row_not_retrievable"] == "true"
    assert f"hri-{line - 1:03d}" not in mda["fact_ids"].split(";")
    assert mda["status"] != "not_known"  # decided by the statements that could be read


@pytest.mark.parametrize("iso3", ["ALB", "ARM", "AZE", "BLR", "KAZ"])
def test_eeca_peer_distribution_is_no_peer_distribution_from_hri_rows(facts, statuses, iso3):
    """Rows whose last cells are explicit crosses: "no peer distribution", from the HRI tables, not "not known"."""
    s = statuses[(iso3, "peer_distribution")]
    assert (s["status"], s["hri_row_not_retrievable"]) == ("no_peer_distribution", "false")
    ids = s["fact_ids"].split(";")
    assert ids and all(facts[i]["origin"] == "hri_tables" and facts[i]["iso3"] == iso3 for i in ids)
    assert all(facts[i]["value_text"] in ("no", "no (uncertain)") for i in ids)


def test_every_eurasia_row_is_a_fact_or_a_marked_gap(facts, statuses):
    seen = 0
    for line, r in raw_lines(RAW / HRI_ROWS):
        if r["region"] != "Eurasia":
            continue
        seen += 1
        fid = f"hri-{line - 1:03d}"
        if r["decoded_peer_distribution"] in HRI_GAP:
            assert fid not in facts, fid
            assert statuses[(r["iso3"], "peer_distribution")]["hri_row_not_retrievable"] == "true", r["iso3"]
        else:
            f = facts[fid]
            assert (f["origin"], f["iso3"], f["value_text"]) == ("hri_tables", r["iso3"],
                                                                r["decoded_peer_distribution"]), fid
    assert seen == 58  # 29 rows in each of the 2018 and 2020 editions


# ---------------------------------------------------------------- 7. facts
def test_every_fact_has_the_language_of_its_quote(facts):
    assert all(re.fullmatch(r"[a-z]{2,3}", f["quote_lang"]) for f in facts.values())
    assert facts["acc-074"]["quote_lang"] == "da"
    assert {f["quote_lang"] for f in facts.values() if f["origin"] in ("hri_tables", "hri_narrative")} == {"en"}


def test_a_fact_without_its_quote_language_stops_the_build(raw):
    path = raw / "curation" / "quote_lang.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("\nacc-074,da\n") == 1
    path.write_text(text.replace("\nacc-074,da\n", "\n"), encoding="utf-8")
    assert build_problem(raw) == Problem(str(path), "-", "fact_id", "no language for the quote of acc-074")


@pytest.mark.parametrize("column", ["unit", "period", "area", "value_text"])
def test_every_word_we_wrote_has_its_russian(facts, column):
    filled = [f for f in facts.values() if f[column]]
    assert filled
    for f in filled:
        ru = f[f"{column}_ru"]
        assert ru, (f["fact_id"], column)
        if re.search("[A-Za-z]", f[column]):
            assert ru != f[column], (f["fact_id"], column, ru)  # translated, not copied
    assert not [f for f in facts.values() if f[f"{column}_ru"] and not f[column]]


def test_no_two_facts_repeat_a_quote_source_and_value(facts):
    """One fact per sentence, address and figure (for each country: a sentence naming several countries is one
    fact per country in the raw files, e.g. acc-001 to acc-012; and for each indicator: sos-032 and sos-033 are the two
    groups' "105 & 105" of one sentence)."""
    seen: dict[tuple[str, ...], str] = {}
    for f in facts.values():
        key = (normalise_quote(f["quote"]), f["source_id"], f["value"] or f["value_text"], f["iso3"],
               f["group_iso3"], f["indicator"])
        assert key not in seen, (seen.get(key), f["fact_id"])
        seen[key] = f["fact_id"]


def test_a_repeat_of_a_seed_fact_is_left_out_and_the_seed_fact_kept(facts):
    assert facts["seed-010"]["origin"] == "seed"
    assert "prog-015" not in facts
    raw = dict(raw_lines(RAW / "facts" / "program_facts.csv"))[16]  # prog-015: the same sentence and figure
    assert normalise_quote(raw["quote"]) == normalise_quote(facts["seed-010"]["quote"])
    assert float(raw["value"]) == float(facts["seed-010"]["value"])


def test_a_repeat_that_differs_in_its_figure_is_kept(raw):
    """Same sentence, same address, another figure of it (the year, 2014): a fact of its own."""
    path = raw / "facts" / "program_facts.csv"
    assert dict(raw_lines(path))[16]["value"] == "207400"
    edit(path, ",207400,", ",2014,")
    built = {f["fact_id"]: f for f in rows_of(build.build_tables(raw)["facts.csv"])}
    assert built["prog-015"]["value"] == "2014"
    assert built["prog-015"]["quote"] == built["seed-010"]["quote"]


# ---------------------------------------------------------------- 8. the vocabulary
def test_drug_related_deaths_is_no_indicator_any_more(facts):
    for path in (DATA / "indicators.csv", RAW / "curation" / "indicators.csv"):
        assert "drug_related_deaths" not in {r["indicator"] for r in read_csv(path)}
    assert not [f for f in facts.values() if f["indicator"] == "drug_related_deaths"]
    assert {f["indicator"] for f in facts.values()} == {r["indicator"] for r in read_csv(DATA / "indicators.csv")}


def test_the_494000_figure_has_an_indicator_no_unodc_figure_shares(facts):
    f = facts["seed-003"]
    assert f["value"] == "494000" and "Over 494,000 drug-related deaths" in f["quote"]
    sources = {s["source_id"]: s for s in read_csv(DATA / "sources.csv")}

    def unodc(fact):
        s = sources[fact["source_id"]]
        return "UNODC" in s["publisher"] or "UNODC" in s["title"]

    unodc_indicators = {g["indicator"] for g in facts.values() if unodc(g)}
    assert "drug_related_deaths_unodc" in unodc_indicators  # seed-010: 207,400 in 2014
    assert f["indicator"] not in unodc_indicators
    assert facts["seed-010"]["indicator"] != f["indicator"]
    assert {sources[g["source_id"]]["url"] for g in facts.values() if g["indicator"] == f["indicator"]} == {
        sources[f["source_id"]]["url"]}
