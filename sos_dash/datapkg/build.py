"""data/raw/* -> the curated tables in data/, deterministically (same input, same bytes).

`build_tables(raw_dir)` is pure: it reads the raw files and returns each table's CSV text.
`build_data(data_dir)` writes them to a temporary folder, validates that folder, and only then
replaces the files in data/, so a broken source never destroys the last good data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from babel import Locale

from ..languages import LANGS, SOURCE_LANG, TRANSLATED, english_name
from . import access_statements, schema, updates
from .cells import NUMBER
from .quotes import normalise_quote, value_in_quote
from .validate import Problem, validate_dir

QUOTED_LICENCE = "Quoted with attribution; the publisher's terms apply to the page"
GBD_CREDIT = "IHME, Global Burden of Disease 2019 (via Our World in Data)"


class BuildError(Exception):
    """A raw file is not as expected; the problem names file, row and column."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def fail(path, row, column: str, message: str) -> BuildError:
    return BuildError(Problem(str(path), row, column, message))


# ---------------------------------------------------------------- reading raw files
def read_raw(path: Path, required: list[str], **csv_args) -> list[dict]:
    """Rows of a raw CSV as dicts of strings, each with its line number under '_row'."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise fail(path, "-", "-", "raw file is missing") from e
    except UnicodeDecodeError as e:
        raise fail(path, "-", "-", f"not UTF-8 text ({e.reason})") from e
    reader = csv.DictReader(io.StringIO(text), **csv_args)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise fail(path, 1, missing[0], "column missing")
    rows = []
    for row in reader:
        if None in row:
            raise fail(path, reader.line_num, "-", f"row has {len(reader.fieldnames) + len(row[None])} fields, "
                                                   f"the header has {len(reader.fieldnames)}")
        row = {k: (v or "") for k, v in row.items()}
        row["_row"] = reader.line_num
        rows.append(row)
    return rows


def start_year(period: str) -> str:
    m = re.match(r"^(\d{4})", period.strip())
    return m.group(1) if m else ""


def slug(text: str, words: int = 3) -> str:
    """Lower-case ASCII words of a text ("Úřad vlády" -> "urad-vlady"), the first few joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "source"


# ---------------------------------------------------------------- deaths
def build_deaths(raw: Path) -> list[dict]:
    sources = {s["raw_path"]: s["source_id"] for s in read_curated_sources(raw)}
    out = []
    for measure, (unit, filename, column) in schema.MEASURES.items():
        path = raw / "gbd2019" / filename
        source_id = sources.get(f"gbd2019/{filename}")
        if source_id is None:
            raise fail(raw / "curation" / "sources.csv", "-", "raw_path", f"no row for gbd2019/{filename}")
        for r in read_raw(path, ["Entity", "Code", "Year", column]):
            code = r["Code"].strip()
            if not (re.fullmatch(r"[A-Z]{3}", code) or code == schema.WORLD):
                continue  # aggregates and UK nations have no code
            year = r["Year"].strip()
            if not re.fullmatch(r"[0-9]{4}", year):
                raise fail(path, r["_row"], "Year", f"not a year: {year!r}")
            value = r[column].strip()
            if not NUMBER.fullmatch(value):
                raise fail(path, r["_row"], column, f"not a number: {value!r}")
            out.append({"iso3": code, "year": year, "measure": measure, "value": value,
                        "unit": unit, "source_id": source_id})
    out.sort(key=lambda d: (d["iso3"], int(d["year"]), d["measure"]))
    return out


# ---------------------------------------------------------------- sources
def read_curated_sources(raw: Path) -> list[dict]:
    return read_raw(raw / "curation" / "sources.csv",
                    ["source_id", "title", "publisher", *[f"publisher_{lang}" for lang in TRANSLATED], "url",
                     "published", "accessed", "licence", "credit", *[f"credit_{lang}" for lang in TRANSLATED],
                     "raw_path"])


def fact_source_id(title: str, publisher: str, url: str) -> str:
    """One source per address: the id depends on the URL alone where there is one."""
    key = url if url else f"{title}\n{publisher}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:6]
    return f"{slug(publisher)}-{digest}"


# ---------------------------------------------------------------- facts
PROGRAM_TOPIC_RULES = [
    (r"^sos_", "sos"),
    (r"^(naloxone_regulatory_status|naloxone_over_the_counter|thn_available_at_harm_reduction_sites|"
     r"naloxone_in_national_harm_reduction_programme|thn_programme_targets_prisoners|"
     r"community_thn_programme_exists)$", "access"),
    (r"(first_naloxone|essential_medicines)", "history"),
    (r"death", "mortality"),
    (r"^countries_with_(nsp|oat|dcr|drug_consumption)", "harm_reduction"),
    (r"^(people_used|pwid_reported|share_in_need)", "drug_use"),
]


def program_topic(indicator: str) -> str:
    for pattern, topic in PROGRAM_TOPIC_RULES:
        if re.search(pattern, indicator):
            return topic
    return "programme"


SECONDARY = re.compile(r"quot(ed by|ing)|reproduc(ed|ing)|relay(ed|ing)|citing|\bcites\b|reporting|summaris(ed|ing)|"
                       r"secondary|\bcopy\b|\(via |translat(ed|ion)|record page", re.I)


def confidence(row: dict, origin: str) -> str:
    """One rule for every source: a publisher's own page or table is high; a page quoting, citing, reporting,
    reproducing, summarising, relaying, copying or translating another publisher (or a database's record page of
    it) is medium, as its publisher or title says. (Decoded HRI table cells carry their decoding's confidence.)"""
    return "medium" if SECONDARY.search(row["publisher"] + " " + row["source_title"]) else "high"


def split_countries(code: str) -> tuple[str, str]:
    code = code.strip()
    if ";" in code:
        return "", code
    return code, ""


def numeric_or_text(value: str) -> tuple[str, str]:
    value = value.strip()
    return (value, "") if NUMBER.fullmatch(value) else ("", value)


def read_corrections(raw: Path) -> dict[str, list[dict]]:
    """curation/corrections.csv: cells of the raw fact files as we correct them, by fact id."""
    out: dict[str, list[dict]] = {}
    for c in read_raw(raw / "curation" / "corrections.csv", ["fact_id", "column", "received", "corrected", "reason"]):
        if not c["reason"].strip():
            raise fail(raw / "curation" / "corrections.csv", c["_row"], "reason", "a correction says why")
        out.setdefault(c["fact_id"], []).append(c)
    return out


def apply_corrections(row: dict, fact_id: str, corrections: dict[str, list[dict]], raw: Path) -> dict:
    """The raw row with our corrections; a correction whose `received` is not the raw cell stops the build."""
    row = dict(row)
    for c in corrections.pop(fact_id, []):
        if c["column"] not in row:
            raise fail(raw / "curation" / "corrections.csv", c["_row"], "column", f"no column {c['column']!r}")
        if row[c["column"]] != c["received"]:
            raise fail(raw / "curation" / "corrections.csv", c["_row"], "received",
                       f"{fact_id} {c['column']} is {row[c['column']]!r} in the raw file, not {c['received']!r}")
        row[c["column"]] = c["corrected"]
    return row


def translations_path(raw: Path, lang: str) -> Path:
    """Our words in one language, by kind and English text: curation/translations_<lang>.csv."""
    return raw / "curation" / f"translations_{lang}.csv"


def read_translations(raw: Path, lang: str) -> dict[tuple[str, str], str]:
    path = translations_path(raw, lang)
    out = {}
    for r in read_raw(path, ["kind", SOURCE_LANG, lang]):
        if (r["kind"], r[SOURCE_LANG]) in out:
            raise fail(path, r["_row"], SOURCE_LANG, f"{r['kind']} {r[SOURCE_LANG]!r} is translated twice")
        if not r[lang].strip():
            raise fail(path, r["_row"], lang, "empty translation")
        out[(r["kind"], r[SOURCE_LANG])] = r[lang]
    return out


# column -> kind
WORDS = {"unit": "unit", "period": "period", "area": "area", "value_text": "value_text", "note": "note"}
ONLY_NUMBERS_OR_DATES = re.compile(r"^[\d\-–/ .,:;]*$")


def translate(facts: list[dict], raw: Path) -> None:
    """Adds unit_<lang>, period_<lang>, area_<lang>, value_text_<lang> and note_<lang> to every fact, for each
    translated language (curation/translations_<lang>.csv); a curated word without its translation stops the build,
    naming the fact's raw file, row and column (a note's: curation/fact_notes.csv). The area of a fact about one
    country, where no translation is listed, is the country's name in the language."""
    names = territory_names(raw)
    for lang in TRANSLATED:
        words = read_translations(raw, lang)
        for f in facts:
            for column, kind in WORDS.items():
                en = f[column]
                if f"{column}_{lang}" in f:
                    continue  # written with the fact (HRI statements name their countries by code)
                if not en or ONLY_NUMBERS_OR_DATES.fullmatch(en):
                    f[f"{column}_{lang}"] = en
                    continue
                ours = words.get((kind, en))
                if ours is None and column == "area":
                    ours = names.get(f["iso3"], {}).get(lang)
                if ours is None:
                    path, row, raw_column = raw_cell(f, column, raw)
                    raise fail(path, row, raw_column, f"no {english_name(lang)} for {kind} {en!r} in "
                               f"curation/{translations_path(raw, lang).name}")
                f[f"{column}_{lang}"] = ours


# our column -> the raw file's column, by origin (for messages that name a raw cell)
RAW_COLUMNS = {
    "seed": {"value_text": "value"},
    "program_facts": {"period": "year", "area": "country", "value_text": "value"},
    "access_facts": {"period": "year", "area": "country", "value_text": "value"},
    "hri_tables": {"period": "edition", "area": "country_as_printed", "value_text": "decoded_peer_distribution"},
    "sos_study": {"area": "country_iso3", "value_text": "value", "quote": "quote_verbatim"},
    "figures_in_quotes": {"area": "iso3", "quote": "of_fact", "period": "of_fact"},
    "updates": {"period": "year", "area": "country", "value_text": "value"},
}


def raw_cell(f: dict, column: str, raw: Path) -> tuple[Path, int | str, str]:
    """Where one of a fact's cells came from: (file, row, column). A HRI statement's words were written
    in curation/narrative_statements.csv, on the row that names its line; a note in curation/fact_notes.csv."""
    if column == "note":
        rows = read_raw(raw / "curation" / "fact_notes.csv", NOTE_COLUMNS)
        row = next((r["_row"] for r in rows if r["fact_id"] == f["fact_id"]), "-")
        return raw / "curation" / "fact_notes.csv", row, column
    if f["origin"] == "hri_narrative":
        rows = read_raw(raw / "curation" / "narrative_statements.csv", CURATION_NARRATIVE)
        row = next((r["_row"] for r in rows if r["row"] == f["origin_row"]), "-")
        return raw / "curation" / "narrative_statements.csv", row, column
    return raw / ORIGIN_PATH[f["origin"]], int(f["origin_row"]), RAW_COLUMNS[f["origin"]].get(column, column)


def read_quote_langs(raw: Path) -> dict[str, str]:
    path = raw / "curation" / "quote_lang.csv"
    return {r["fact_id"]: r["lang"] for r in read_raw(path, ["fact_id", "lang"])}


# The HRI tables and HRI/EMCDDA statements were all read in English copies (hri_tables/METHOD.md).
QUOTE_LANG_BY_ORIGIN = {"hri_tables": "en", "hri_narrative": "en"}


def quote_languages(facts: list[dict], raw: Path, read_from: dict[str, str] | None = None) -> None:
    """The language of every quote: by origin (the HRI material), else curation/quote_lang.csv; a figure read from
    a quote we hold (curation/figures_in_quotes.csv, `read_from`: its fact id -> the fact it was read from) takes
    the language of that fact's quote, which is listed before it."""
    langs = read_quote_langs(raw)
    read_from = read_from or {}
    found: dict[str, str] = {}
    for f in facts:
        if f["fact_id"] in read_from:
            f["quote_lang"] = found[read_from[f["fact_id"]]]
            continue
        lang = QUOTE_LANG_BY_ORIGIN.get(f["origin"]) or f.get("quote_lang") or langs.get(f["fact_id"])
        if not lang:
            raise fail(raw / "curation" / "quote_lang.csv", "-", "fact_id",
                       f"no language for the quote of {f['fact_id']}")
        if lang not in Locale("en").languages:
            raise fail(raw / "curation" / "quote_lang.csv", "-", "lang", f"{lang!r} is not a language code")
        f["quote_lang"] = found[f["fact_id"]] = lang


def same_sentence(a: str, b: str) -> bool:
    """The same sentence, one quote perhaps with the page's heading before it ("Research Findings: ...")."""
    a, b = normalise_quote(a), normalise_quote(b)
    return a == b or (min(len(a), len(b)) > 40 and (a in b or b in a))


def same_figure(a: dict, b: dict) -> bool:
    return (a["value"], a["value_text"]) == (b["value"], b["value_text"]) or (
        bool(a["value"]) and bool(b["value"]) and float(a["value"]) == float(b["value"]))


def drop_repeats(facts: list[dict], sources: dict[str, dict]) -> list[dict]:
    """One fact per sentence and figure: a raw file's fact that repeats a seed fact (same sentence, same
    address, same figure) is left out, so the seed figure stays findable under its own id."""
    url = {sid: s["url"] for sid, s in sources.items()}
    seeds = [f for f in facts if f["origin"] == "seed"]
    keep = []
    for f in facts:
        repeat = f["origin"] != "seed" and any(
            url[f["source_id"]] and url[f["source_id"]] == url[s["source_id"]] and
            same_sentence(f["quote"], s["quote"]) and same_figure(f, s) for s in seeds)
        if not repeat:
            keep.append(f)
    return keep


def build_facts(raw: Path) -> tuple[list[dict], list[dict]]:
    """Facts from the seed sheet, the two fact files, the HRI material, the S-O-S study's figures and the second
    figures printed in their quotes (curation/figures_in_quotes.csv), and the sources they cite (one source per
    address)."""
    curated = {s["raw_path"]: s for s in read_curated_sources(raw)}
    corrections = read_corrections(raw)
    facts: list[dict] = []
    sources: dict[str, dict] = {}
    by_url = {s["url"]: s["source_id"] for s in curated.values() if s["url"]}

    def source_for(title: str, publisher: str, url: str, accessed: str, words: dict | None = None) -> str:
        """The source at this address (or of this title and publisher); words: a new source's publisher in the
        translated languages (publisher_<lang>, a curator's update gives them)."""
        if url in by_url:
            return by_url[url]
        sid = fact_source_id(title, publisher, url)
        sources.setdefault(sid, {
            "source_id": sid, "title": title, "publisher": publisher, "url": url,
            "published": "", "accessed": accessed, "licence": QUOTED_LICENCE, "credit": f"{publisher}, {title}",
            **(words or {}),
        })
        if url:
            by_url[url] = sid
        return sid

    seed_path = raw / "seeds" / "seed_facts.csv"
    seed_cols = ["seed_file", "iso3", "group_iso3", "area", "period", "indicator", "topic", "value", "unit",
                 "value_from_words", "quote"]
    seed_texts: dict[str, str] = {}
    for r in read_raw(seed_path, seed_cols):
        r = apply_corrections(r, f"seed-{r['_row'] - 1:03d}", corrections, raw)
        src = curated.get(f"seeds/{r['seed_file']}")
        if src is None:
            raise fail(seed_path, r["_row"], "seed_file", "no source in curation/sources.csv")
        if r["seed_file"] not in seed_texts:
            if not (raw / "seeds" / r["seed_file"]).is_file():
                raise fail(seed_path, r["_row"], "seed_file", f"no such file in seeds/: {r['seed_file']}")
            seed_texts[r["seed_file"]] = " ".join((raw / "seeds" / r["seed_file"]).read_text("utf-8").split())
        if " ".join(r["quote"].split()) not in seed_texts[r["seed_file"]]:
            raise fail(seed_path, r["_row"], "quote", f"not found verbatim in {r['seed_file']}")
        value, text = numeric_or_text(r["value"])
        facts.append(_fact("seed", r["_row"], r["iso3"], r["group_iso3"], r["area"], r["period"], r["topic"],
                           r["indicator"], value, text, r["unit"], r["value_from_words"] == "true", "high",
                           r["quote"], src["source_id"]))

    words = read_values_from_words(raw)
    fact_cols = ["country_iso3", "country", "year", "indicator", "value", "unit", "quote", "source_title",
                 "publisher", "url", "accessed"]
    for origin, filename in (("program_facts", "program_facts.csv"), ("access_facts", "access_facts.csv")):
        path = raw / "facts" / filename
        for r in read_raw(path, fact_cols):
            if origin == "access_facts" and r["unit"].startswith(SUPERSEDED_UNIT):
                continue  # the HRI table rows of access_facts.csv: every one is read again in hri_tables/
            r = apply_corrections(r, f"{PREFIX[origin]}-{r['_row'] - 1:03d}", corrections, raw)
            sid = source_for(r["source_title"], r["publisher"], r["url"], r["accessed"])
            iso3, group = split_countries(r["country_iso3"])
            value, text = numeric_or_text(r["value"])
            from_words = read_from_words(value, r["quote"], origin, path, r["_row"], words)
            topic = "access" if origin == "access_facts" else program_topic(r["indicator"])
            facts.append(_fact(origin, r["_row"], iso3, group, r["country"], r["year"], topic, r["indicator"],
                               value, text, r["unit"], from_words, confidence(r, origin), r["quote"], sid))

    facts += hri_table_facts(raw, source_for)
    facts += narrative_facts(raw, source_for, facts)
    facts += sos_study_facts(raw, source_for, facts, corrections, words)
    facts += update_facts(raw, source_for, facts, set(by_url), corrections)
    if corrections:
        c = next(iter(corrections.values()))[0]
        raise fail(raw / "curation" / "corrections.csv", c["_row"], "fact_id", f"no fact {c['fact_id']} to correct")
    src_rows = [{k: v for k, v in s.items() if k not in ("raw_path", "_row")} for s in curated.values()]
    src_rows += sorted(sources.values(), key=lambda s: s["source_id"])
    facts = drop_repeats(facts, {s["source_id"]: s for s in src_rows})
    figures = figures_in_quotes(raw, facts)
    facts += [f for f, _ in figures]
    read_from = {f["fact_id"]: of["fact_id"] for f, of in figures}
    add_notes(facts, raw)
    notes_for_figures_in_quotes(figures, raw)
    quote_languages(facts, raw, read_from)
    translate(facts, raw)
    translate_sources(src_rows, raw)
    return facts, src_rows


def read_values_from_words(raw: Path) -> dict[tuple[str, int], dict]:
    return {(w["origin"], int(w["origin_row"])): w for w in
            read_raw(raw / "curation" / "values_from_words.csv", ["origin", "origin_row", "value", "words"])}


def read_from_words(value: str, quote: str, origin: str, path: Path, row: int, words: dict) -> bool:
    """Is the numeric value given in words (curation/values_from_words.csv)? A value neither in its quote as
    digits nor listed there stops the build, naming the raw file, row and its value column."""
    if not value or value_in_quote(value, quote):
        return False
    w = words.get((origin, row))
    if w is None or w["value"] != value or w["words"] not in quote:
        raise fail(path, row, "value", f"{value} is not in the quote and not listed in curation/values_from_words.csv")
    return True


NOTE_COLUMNS = ["fact_id", "note"]


def add_notes(facts: list[dict], raw: Path) -> None:
    """curation/fact_notes.csv: our note beside a figure (read only in a translation, and which copies; a figure
    another source gives differently). A note for no fact, or an empty one, stops the build."""
    path = raw / "curation" / "fact_notes.csv"
    notes = {}
    for r in read_raw(path, NOTE_COLUMNS):
        if not r["note"].strip():
            raise fail(path, r["_row"], "note", "empty note")
        if r["fact_id"] in notes:
            raise fail(path, r["_row"], "fact_id", f"a second note for {r['fact_id']}")
        notes[r["fact_id"]] = r
    for f in facts:
        f["note"] = notes.pop(f["fact_id"], {}).get("note", "")
    if notes:
        r = next(iter(notes.values()))
        raise fail(path, r["_row"], "fact_id", f"no fact {r['fact_id']} to note")


def translate_sources(sources: list[dict], raw: Path) -> None:
    """publisher_<lang>, credit_<lang> and licence_<lang> of every source, for each translated language: the
    curated sources carry theirs; a fact file's source takes its publisher's name from translations_<lang>.csv
    (titles stay as published)."""
    for lang in TRANSLATED:
        words = read_translations(raw, lang)
        path = translations_path(raw, lang)
        for s in sources:
            for kind in ("publisher", "licence"):
                if s.get(f"{kind}_{lang}"):
                    continue
                ours = words.get((kind, s[kind]))
                if ours is None:
                    raise fail(path, "-", SOURCE_LANG, f"no {english_name(lang)} for {kind} {s[kind]!r} "
                               f"(source {s['source_id']})")
                s[f"{kind}_{lang}"] = ours
            s.setdefault(f"credit_{lang}", "")
            s[f"credit_{lang}"] = s[f"credit_{lang}"] or f"{s[f'publisher_{lang}']}, {s['title']}"


SUPERSEDED_UNIT = "HRI table row"


# ---------------------------------------------------------------- HRI tables and statements (hri_tables/)
HRI_COLUMNS = ["edition", "region", "table_title", "column_headers", "country_as_printed", "iso3", "row_text_verbatim",
               "naloxone_cell_raw", "decoded_peer_distribution", "decoded_naloxone_any", "confidence", "reason", "url",
               "accessed"]
HRI_UNIT = "HRI table cell: peer distribution of naloxone"
HRI_READABLE = {"yes", "no", "no (uncertain)", "not known (nk)"}
HRI_NOT_READABLE = {"row not retrievable", "undecodable"}


def hri_rows(raw: Path) -> list[dict]:
    path = raw / "hri_tables" / "hri_table_rows.csv"
    rows = read_raw(path, HRI_COLUMNS)
    for r in rows:
        decoded = r["decoded_peer_distribution"]
        if decoded not in HRI_READABLE | HRI_NOT_READABLE:
            raise fail(path, r["_row"], "decoded_peer_distribution", f"no rule for {decoded!r}")
        if decoded in HRI_READABLE and r["confidence"] not in schema.CONFIDENCE:
            raise fail(path, r["_row"], "confidence",
                       f"{r['confidence']!r} is not one of {', '.join(schema.CONFIDENCE)}")
    return rows


def hri_table_facts(raw: Path, source_for) -> list[dict]:
    """One fact per readable HRI table row: the row as printed is the quote, the decoded peer-distribution
    cell the value, the decoding's confidence the fact's (a lost tick read as "yes" is never high)."""
    out = []
    for r in hri_rows(raw):
        if r["decoded_peer_distribution"] not in HRI_READABLE:
            continue
        title = f"Global State of Harm Reduction {r['edition']}, {r['region']}: {r['table_title']}"
        host = re.sub(r"^https?://([^/]+)/.*$", r"\1", r["url"])
        sid = source_for(title, f"Harm Reduction International (copy on {host})", r["url"], r["accessed"])
        out.append(_fact("hri_tables", r["_row"], r["iso3"], "", r["country_as_printed"].replace("\n", " "),
                         f"{r['edition']} (HRI edition)", "access", "peer_distribution", "",
                         r["decoded_peer_distribution"], HRI_UNIT, False, r["confidence"], r["row_text_verbatim"],
                         sid))
    return out


def hri_gaps(raw: Path) -> set[tuple[str, str]]:
    """(iso3, "peer_distribution") for every HRI table row that is cut off or in no stored copy."""
    return {(r["iso3"], "peer_distribution") for r in hri_rows(raw)
            if r["decoded_peer_distribution"] in HRI_NOT_READABLE}


NARRATIVE_COLUMNS = ["iso3_list", "edition_or_year", "indicator", "quote_verbatim", "source_title", "publisher", "url",
                     "accessed"]
NOT_NAMED = "countries not named"  # the area of a statement that names no country (its translations: curation)
CURATION_NARRATIVE = ["row", "duplicate_of", "indicator", "period", "value_text", "unit", "topic"]


def narrative_facts(raw: Path, source_for, facts: list[dict]) -> list[dict]:
    """HRI/EMCDDA statements (hri_tables/narrative_statements.csv) as facts, read by a person in
    curation/narrative_statements.csv: a statement already in the facts (same sentence) is not added again."""
    path = raw / "hri_tables" / "narrative_statements.csv"
    cpath = raw / "curation" / "narrative_statements.csv"
    reading = {c["row"]: c for c in read_raw(cpath, CURATION_NARRATIVE)}
    by_id = {f["fact_id"]: f for f in facts}
    names = territory_names(raw)
    out = []
    for r in read_raw(path, NARRATIVE_COLUMNS):
        c = reading.pop(str(r["_row"]), None)
        if c is None:
            raise fail(cpath, "-", "row", f"no reading for line {r['_row']} of hri_tables/narrative_statements.csv")
        if c["duplicate_of"]:
            same = by_id.get(c["duplicate_of"])
            if same is None or normalise_quote(r["quote_verbatim"]) not in normalise_quote(same["quote"]):
                raise fail(cpath, c["_row"], "duplicate_of", f"{c['duplicate_of']} does not hold this sentence")
            continue
        sid = source_for(r["source_title"], r["publisher"], r["url"], r["accessed"])
        iso3, group = split_countries(r["iso3_list"])
        codes = [c for c in r["iso3_list"].split(";") if c]
        area = {lang: "; ".join(names[c][lang] for c in codes) for lang in LANGS}
        fact = _fact("hri_narrative", r["_row"], iso3, group, area[SOURCE_LANG] or NOT_NAMED,
                     c["period"], c["topic"], c["indicator"], "", c["value_text"], c["unit"], False,
                     confidence(r, "hri_narrative"), r["quote_verbatim"], sid)
        if codes:  # else translate() finds NOT_NAMED's words in curation/translations_<lang>.csv
            fact.update({f"area_{lang}": area[lang] for lang in TRANSLATED})
        out.append(fact)
    if reading:
        raise fail(cpath, next(iter(reading.values()))["_row"], "row", "no such line in narrative_statements.csv")
    return out


# ---------------------------------------------------------------- the S-O-S study's own figures (sos_study/)
SOS_COLUMNS = ["country_iso3", "period", "indicator", "value", "unit", "quote_verbatim", "source_title", "publisher",
               "url", "accessed", "notes"]
SOS_CUT = re.compile(r"\s*\[\.\.\.\]$")  # where a stored excerpt stopped mid-sentence
WORLD_AREA = "World"  # the area of a figure that names no country (the initiative, the World Drug Report's)


def same_place(a: dict, b: dict) -> bool:
    return a["iso3"] == b["iso3"] and set(a["group_iso3"].split(";")) == set(b["group_iso3"].split(";"))


def repeat_of(fact: dict, held: list[dict]) -> dict | None:
    """The fact we already hold with the same sentence, figure and place (at any address: a second copy of a
    sentence adds no fact), or None."""
    return next((h for h in held if same_place(fact, h) and same_figure(fact, h) and
                 same_sentence(fact["quote"], h["quote"])), None)


def sos_study_facts(raw: Path, source_for, held: list[dict], corrections: dict, words: dict) -> list[dict]:
    """Every row of sos_study/sos_results.csv (one figure of the S-O-S study per row) as a fact `sos-NNN`, unless
    it repeats a fact we hold (same sentence, figure and place). Each quote must be in the excerpts the
    researcher read (excerpts_read.md, white space folded; a trailing "[...]" marks where the excerpt stopped),
    and each number in its quote, as for every fact file."""
    path = raw / "sos_study" / "sos_results.csv"
    excerpts_path = raw / "sos_study" / "excerpts_read.md"
    try:
        excerpts = " ".join(excerpts_path.read_text(encoding="utf-8").split())
    except FileNotFoundError as e:
        raise fail(excerpts_path, "-", "-", "raw file is missing") from e
    names = territory_names(raw)
    out = []
    for r in read_raw(path, SOS_COLUMNS):
        r = apply_corrections(r, f"{PREFIX['sos_study']}-{r['_row'] - 1:03d}", corrections, raw)
        quote = r["quote_verbatim"]
        if SOS_CUT.sub("", " ".join(quote.split())) not in excerpts:
            raise fail(path, r["_row"], "quote_verbatim", "not found verbatim in excerpts_read.md")
        codes = [c for c in r["country_iso3"].split(";") if c]
        value, text = numeric_or_text(r["value"])
        from_words = read_from_words(value, quote, "sos_study", path, r["_row"], words)
        iso3, group = split_countries(r["country_iso3"])
        # a code without a name stops the build in build_countries, naming the M49 file
        area = {lang: "; ".join(names.get(c, {}).get(lang, c) for c in codes) for lang in LANGS} if codes else {}
        sid = source_for(r["source_title"], r["publisher"], r["url"], r["accessed"])
        fact = _fact("sos_study", r["_row"], iso3, group, area.get(SOURCE_LANG, WORLD_AREA), r["period"],
                     program_topic(r["indicator"]), r["indicator"], value, text, r["unit"], from_words,
                     confidence(r, "sos_study"), quote, sid)
        if codes:  # else translate() finds WORLD_AREA's words in curation/translations_<lang>.csv
            fact.update({f"area_{lang}": area[lang] for lang in TRANSLATED})
        if repeat_of(fact, held) is None:
            out.append(fact)
    return out


# ---------------------------------------------------------------- a second figure of a sentence we hold
FIGURES_IN_QUOTES = "curation/figures_in_quotes.csv"
FIGURE_COLUMNS = ["of_fact", "iso3", "indicator", "value", "unit", "reason"]
ISO3 = re.compile(r"[A-Z]{3}")


def figures_in_quotes(raw: Path, facts: list[dict]) -> list[tuple[dict, dict]]:
    """curation/figures_in_quotes.csv: a second figure printed (as digits) in a sentence we already hold, e.g. the
    count 170 in prog-025's "50% (170/341) in Kazakhstan". Each row becomes a fact `fig-NNN` (NNN = the row's line
    minus 1) with the quote, source, confidence and period of the fact it was read from (`of_fact`; its quote's
    language too, in quote_languages), and the row's own place, indicator, value and unit. A row whose `of_fact` is
    no fact of the raw files, whose value is not a number printed in that quote, whose place is not a known code or
    which repeats a fact we hold (same sentence, figure and place) stops the build, naming file, row and column.
    Returns (fact, the fact it was read from) pairs."""
    path = raw / FIGURES_IN_QUOTES
    by_id = {f["fact_id"]: f for f in facts}
    names = territory_names(raw)
    out: list[tuple[dict, dict]] = []
    for r in read_raw(path, FIGURE_COLUMNS):
        of = by_id.get(r["of_fact"].strip())
        if of is None:
            raise fail(path, r["_row"], "of_fact", f"no fact {r['of_fact']!r} to read the figure from")
        value = r["value"].strip()
        if not NUMBER.fullmatch(value):
            raise fail(path, r["_row"], "value", f"not a number: {value!r}")
        if not value_in_quote(value, of["quote"]):
            raise fail(path, r["_row"], "value", f"{value} is not printed in the quote of {of['fact_id']}")
        for column in ("indicator", "unit", "reason"):
            if not r[column].strip():
                raise fail(path, r["_row"], column, "required value is empty")
        codes = [c for c in r["iso3"].strip().split(";") if c]
        for c in codes:
            if not ISO3.fullmatch(c) or c not in names:
                raise fail(path, r["_row"], "iso3", f"{c!r} is not a known ISO 3166-1 alpha-3 code")
        iso3, group = split_countries(r["iso3"])
        # a code of no M49 row (a name override alone) stops the build in build_countries, naming the M49 file
        area = {lang: "; ".join(names[c].get(lang, c) for c in codes) for lang in LANGS} if codes else {}
        fact = _fact("figures_in_quotes", r["_row"], iso3, group, area.get(SOURCE_LANG, WORLD_AREA), of["period"],
                     program_topic(r["indicator"]), r["indicator"], value, "", r["unit"], False, of["confidence"],
                     of["quote"], of["source_id"])
        if codes:  # else translate() finds WORLD_AREA's words in curation/translations_<lang>.csv
            fact.update({f"area_{lang}": area[lang] for lang in TRANSLATED})
        held = repeat_of(fact, facts + [f for f, _ in out])
        if held is not None:
            raise fail(path, r["_row"], "value", f"{held['fact_id']} already holds {value} for "
                       f"{iso3 or group or WORLD_AREA} in this sentence")
        out.append((fact, of))
    return out


def notes_for_figures_in_quotes(figures: list[tuple[dict, dict]], raw: Path) -> None:
    """A figure read from a quote that carries our note (read only in a translation, say) needs a note of its own
    in curation/fact_notes.csv: the build does not guess which of the note's words still hold."""
    for f, of in figures:
        if of["note"] and not f["note"]:
            raise fail(raw / "curation" / "fact_notes.csv", "-", "fact_id",
                       f"{f['fact_id']} is read from the quote of {of['fact_id']}, which has a note: it needs its own")


# ---------------------------------------------------------------- a curator's facts (raw/updates/, datapkg/updates.py)
def update_facts(raw: Path, source_for, held: list[dict], source_urls: set[str], corrections: dict) -> list[dict]:
    """Every row of updates/update_facts.csv (the curators' rows, cells as received) with our corrections
    (curation/corrections.csv) as a fact `upd-NNN`, by the rules check-update applies (updates.check_row); a row
    that breaks one, or repeats a fact we hold (same sentence, figure and place), stops the build, naming file, row
    and column."""
    path = updates.ledger_path(raw)
    rows = read_raw(path, updates.LEDGER_REQUIRED)  # a language added later: its words come from its translations
    if not rows:
        return []
    words = {lang: read_translations(raw, lang) for lang in TRANSLATED}
    indicators = {r["indicator"] for r in read_raw(raw / "curation" / "indicators.csv", ["indicator"])}
    vocabulary = updates.Vocabulary(frozenset(indicators), frozenset(territory_names(raw)), words,
                                    frozenset(source_urls), date.max)  # the day is check-update's rule
    out: list[dict] = []
    for r in rows:
        r = apply_corrections(r, f"{PREFIX['updates']}-{r['_row'] - 1:03d}", corrections, raw)
        findings = updates.check_row(r, vocabulary)
        if findings:
            raise fail(path, r["_row"], findings[0].column, findings[0].english())
        fact = update_fact(r, source_for)
        same = repeat_of(fact, held + out)
        if same is not None:
            raise fail(path, r["_row"], "quote", f"repeats {same['fact_id']} (same sentence, figure and place)")
        out.append(fact)
    return out


def update_fact(r: dict, source_for) -> dict:
    """One curator's row as a fact (its fact id from its line in updates/update_facts.csv, `_row`)."""
    publisher = {f"publisher_{lang}": r[f"publisher_{lang}"] for lang in TRANSLATED if r.get(f"publisher_{lang}")}
    sid = source_for(r["source_title"], r["publisher"], r["url"], r["accessed"], publisher)
    iso3, group = split_countries(r["country_iso3"])
    value, text = numeric_or_text(r["value"])
    indicator = updates.indicator_of(r["indicator"])
    fact = _fact("updates", r["_row"], iso3, group, r["country"], r["year"], program_topic(indicator), indicator,
                 value, text, r["unit"], False, confidence(r, "updates"), r["quote"], sid)
    fact.update(updates.fact_words(r))
    fact["quote_lang"] = r["quote_lang"]
    return fact


PREFIX = {"seed": "seed", "program_facts": "prog", "access_facts": "acc", "hri_tables": "hri",
          "hri_narrative": "nar", "sos_study": "sos", "figures_in_quotes": "fig", "updates": "upd"}
ORIGIN_PATH = {"seed": "seeds/seed_facts.csv", "program_facts": "facts/program_facts.csv",
               "access_facts": "facts/access_facts.csv", "hri_tables": "hri_tables/hri_table_rows.csv",
               "hri_narrative": "hri_tables/narrative_statements.csv", "sos_study": "sos_study/sos_results.csv",
               "figures_in_quotes": FIGURES_IN_QUOTES, "updates": "updates/update_facts.csv"}


def _fact(origin, row, iso3, group, area, period, topic, indicator, value, text, unit, from_words, conf, quote,
          source_id) -> dict:
    return {
        "fact_id": f"{PREFIX[origin]}-{row - 1:03d}", "iso3": iso3.strip(), "group_iso3": group.strip(),
        "area": area.strip(), "period": period.strip(), "year": start_year(period), "topic": topic,
        "indicator": indicator.strip(), "value": value, "value_text": text, "unit": unit.strip(),
        "value_from_words": "true" if from_words else "false", "confidence": conf, "quote": quote, "note": "",
        "source_id": source_id, "origin": origin, "origin_row": str(row),
    }


# ---------------------------------------------------------------- access
def build_access(facts: list[dict], raw: Path, reference_year: int) -> tuple[list[dict], list[dict]]:
    """access.csv (one statement per country, indicator and fact) and access_status.csv (one status per
    country and indicator, by access_rules)."""
    rows, unknown = access_statements.statements(facts)
    if unknown:
        f = unknown[0]
        raise fail(raw / ORIGIN_PATH[f["origin"]], int(f["origin_row"]), "value",
                   f"no access reading rule for {f['value_text'] or f['value']!r} ({f['indicator']})")
    return rows, access_statements.statuses(rows, hri_gaps(raw), reference_year)


def reference_year(sources: list[dict]) -> int:
    """The year the data was read (the newest access date): statuses older than ten years before it are
    drawn as less certain. From the data, so that a rebuild gives the same bytes on any day."""
    return max(int(s["accessed"][:4]) for s in sources if s["accessed"])


# ---------------------------------------------------------------- countries
def read_m49(raw: Path) -> dict[str, dict]:
    return {r["alpha-3"]: r for r in read_raw(raw / "m49" / "all.csv",
                                              ["alpha-2", "alpha-3", "region-code", "sub-region-code"],
                                              escapechar="\\")}


def read_name_overrides(raw: Path) -> dict[tuple[str, str], str]:
    return {(o["iso3"], o["lang"]): o["name"] for o in
            read_raw(raw / "curation" / "name_overrides.csv", ["iso3", "lang", "name"])}


def territory_names(raw: Path) -> dict[str, dict[str, str]]:
    """iso3 -> {lang: name} in the languages that name it: the reviewed overrides, else Babel's CLDR name of the
    M49 alpha-2."""
    m49, overrides = read_m49(raw), read_name_overrides(raw)
    locales = {lang: Locale(lang) for lang in LANGS}
    out = {}
    for iso3 in set(m49) | {c for c, _ in overrides}:
        iso2 = m49[iso3]["alpha-2"] if iso3 in m49 else ""
        names = {lang: overrides.get((iso3, lang)) or loc.territories.get(iso2, "") for lang, loc in locales.items()}
        out[iso3] = {lang: name for lang, name in names.items() if name}
    return out


def build_countries(raw: Path, deaths: list[dict], facts: list[dict]) -> list[dict]:
    m49_path = raw / "m49" / "all.csv"
    m49 = read_m49(raw)
    overrides = read_name_overrides(raw)
    eeca = {r["iso3"] for r in read_raw(raw / "curation" / "eeca.csv", ["iso3"])}
    sos = {r["iso3"] for r in read_raw(raw / "curation" / "sos_countries.csv", ["iso3"])}
    gbd = {d["iso3"] for d in deaths}
    codes = set(gbd)
    for f in facts:
        codes.update(c for c in [f["iso3"], *f["group_iso3"].split(";")] if c)
    locales = {lang: Locale(lang) for lang in LANGS}
    out = []
    for iso3 in sorted(codes):
        if iso3 == schema.WORLD:
            rec = {"alpha-2": "", "region-code": "", "sub-region-code": ""}
        elif iso3 in m49:
            rec = m49[iso3]
        elif all((iso3, lang) in overrides for lang in LANGS):
            rec = {"alpha-2": "", "region-code": "", "sub-region-code": ""}  # Kosovo: no ISO or M49 code
        else:
            raise fail(m49_path, "-", "alpha-3", f"no M49 row for {iso3}")
        iso2, reg, sub = rec["alpha-2"], rec["region-code"], rec["sub-region-code"]
        row = {"iso3": iso3, "iso2": iso2, "region_code": reg, "subregion_code": sub}
        for lang, loc in locales.items():
            row[f"name_{lang}"] = overrides.get((iso3, lang)) or (loc.territories.get(iso2) if iso2 else None)
            if not row[f"name_{lang}"]:  # the World, Kosovo: no ISO code for Babel to name
                raise fail(raw / "curation" / "name_overrides.csv", "-", "name",
                           f"no {english_name(lang)} name for {iso3} (Babel has none: add a row iso3,{lang},name)")
            row[f"region_{lang}"] = loc.territories.get(reg, "") if reg else ""
            row[f"subregion_{lang}"] = loc.territories.get(sub, "") if sub else ""
        out.append({
            **row,
            "sos_country": _bool(iso3 in sos), "eeca": _bool(iso3 in eeca), "is_aggregate": _bool(iso3 == schema.WORLD),
            "in_gbd": _bool(iso3 in gbd),
        })
    return out


def _bool(b: bool) -> str:
    return "true" if b else "false"


# ---------------------------------------------------------------- the vocabulary
INDICATOR_COLUMNS = ["indicator", *[f"label_{lang}" for lang in LANGS], *[f"definition_{lang}" for lang in LANGS],
                     "kind"]


def build_indicators(raw: Path, facts: list[dict]) -> list[dict]:
    """curation/indicators.csv: every indicator a fact uses, with its labels and definitions in English and
    Russian and the kind of value it holds; an indicator without its row stops the build."""
    path = raw / "curation" / "indicators.csv"
    rows = read_raw(path, INDICATOR_COLUMNS)
    known = {r["indicator"] for r in rows}
    for f in facts:
        if f["indicator"] not in known:
            raise fail(raw / ORIGIN_PATH[f["origin"]], int(f["origin_row"]), "indicator",
                       f"{f['indicator']!r} is not in curation/indicators.csv")
    used = {f["indicator"] for f in facts}
    return sorted(({k: r[k] for k in INDICATOR_COLUMNS} for r in rows if r["indicator"] in used),
                  key=lambda r: r["indicator"])


# ---------------------------------------------------------------- assembling
def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def build_tables(raw: Path) -> dict[str, str]:
    """Every curated file's text, keyed by file name. Pure: reads raw/, writes nothing."""
    deaths = build_deaths(raw)
    facts, sources = build_facts(raw)
    access, status = build_access(facts, raw, reference_year(sources))
    countries = build_countries(raw, deaths, facts)
    indicators = build_indicators(raw, facts)
    rows = {"countries": countries, "sources": sources, "deaths": deaths, "facts": facts, "access": access,
            "access_status": status, "indicators": indicators}
    out = {t.filename: to_csv(rows[t.name], t.columns) for t in schema.TABLES}
    out["datapackage.json"] = json.dumps(schema.descriptor(sources), indent=2, ensure_ascii=False) + "\n"
    return out


def build_data(data_dir: Path) -> list[Problem]:
    """Rebuild data/ from data/raw/. Returns problems; on any, data/ is left untouched."""
    data_dir = Path(data_dir)
    try:
        tables = build_tables(data_dir / "raw")
    except BuildError as e:
        return [e.problem]
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=data_dir))
    try:
        for name, text in tables.items():
            (tmp / name).write_text(text, encoding="utf-8")
        problems = validate_dir(tmp)
        if problems:
            return problems
        for name in tables:
            os.replace(tmp / name, data_dir / name)
        return []
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
