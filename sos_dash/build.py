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
from pathlib import Path

from babel import Locale

from . import schema
from .quotes import value_in_quote
from .validate import Problem, validate_dir

NUMBER = re.compile(r"-?\d+(\.\d+)?")
QUOTED_LICENCE = "Quoted with attribution; the publisher's terms apply to the page"
GBD_CREDIT = "IHME, Global Burden of Disease 2019 (via Our World in Data)"
WORLD = "OWID_WRL"


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
            if not (re.fullmatch(r"[A-Z]{3}", code) or code == WORLD):
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
                    ["source_id", "title", "publisher", "url", "published", "accessed", "licence", "credit",
                     "raw_path"])


def fact_source_id(title: str, publisher: str, url: str) -> str:
    digest = hashlib.sha1(f"{title}\n{publisher}\n{url}".encode()).hexdigest()[:6]
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


def confidence(row: dict, origin: str) -> str:
    if origin == "access_facts" and (row["unit"].startswith("HRI table row") or "inferred" in row["value"]):
        return "low"  # tick glyphs lost in the PDF copy: see ACCESS_SOURCE.md caveat 2
    secondary = re.search(r"quoted by|reproduced|citing|summarising|\(via ", row["publisher"] + " " +
                          row["source_title"])
    return "medium" if secondary else "high"


def split_countries(code: str) -> tuple[str, str]:
    code = code.strip()
    if ";" in code:
        return "", code
    return code, ""


def numeric_or_text(value: str) -> tuple[str, str]:
    value = value.strip()
    return (value, "") if NUMBER.fullmatch(value) else ("", value)


def build_facts(raw: Path) -> tuple[list[dict], list[dict]]:
    """Facts from the seed sheet and the two fact files, and the sources they cite."""
    curated = {s["raw_path"]: s for s in read_curated_sources(raw)}
    facts: list[dict] = []
    sources: dict[str, dict] = {}

    seed_path = raw / "seeds" / "seed_facts.csv"
    seed_cols = ["seed_file", "iso3", "group_iso3", "area", "period", "indicator", "topic", "value", "unit",
                 "value_from_words", "quote"]
    seed_texts: dict[str, str] = {}
    for r in read_raw(seed_path, seed_cols):
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

    words = {(w["origin"], int(w["origin_row"])): w for w in
             read_raw(raw / "curation" / "values_from_words.csv", ["origin", "origin_row", "value", "words"])}
    fact_cols = ["country_iso3", "country", "year", "indicator", "value", "unit", "quote", "source_title",
                 "publisher", "url", "accessed"]
    for origin, filename in (("program_facts", "program_facts.csv"), ("access_facts", "access_facts.csv")):
        path = raw / "facts" / filename
        for r in read_raw(path, fact_cols):
            sid = fact_source_id(r["source_title"], r["publisher"], r["url"])
            sources.setdefault(sid, {
                "source_id": sid, "title": r["source_title"], "publisher": r["publisher"], "url": r["url"],
                "published": "", "accessed": r["accessed"], "licence": QUOTED_LICENCE,
                "credit": f"{r['publisher']}, {r['source_title']}",
            })
            iso3, group = split_countries(r["country_iso3"])
            value, text = numeric_or_text(r["value"])
            from_words = False
            if value and not value_in_quote(value, r["quote"]):
                w = words.get((origin, r["_row"]))
                if w is None or w["value"] != value or w["words"] not in r["quote"]:
                    raise fail(path, r["_row"], "value", f"{value} is not in the quote and not listed in "
                                     "curation/values_from_words.csv")
                from_words = True
            topic = "access" if origin == "access_facts" else program_topic(r["indicator"])
            facts.append(_fact(origin, r["_row"], iso3, group, r["country"], r["year"], topic, r["indicator"],
                               value, text, r["unit"], from_words, confidence(r, origin), r["quote"], sid))

    src_rows = [{k: v for k, v in s.items() if k not in ("raw_path", "_row")} for s in curated.values()]
    src_rows += sorted(sources.values(), key=lambda s: s["source_id"])
    return facts, src_rows


PREFIX = {"seed": "seed", "program_facts": "prog", "access_facts": "acc"}
ORIGIN_PATH = {"seed": "seeds/seed_facts.csv", "program_facts": "facts/program_facts.csv",
               "access_facts": "facts/access_facts.csv"}


def _fact(origin, row, iso3, group, area, period, topic, indicator, value, text, unit, from_words, conf, quote,
          source_id) -> dict:
    return {
        "fact_id": f"{PREFIX[origin]}-{row - 1:03d}", "iso3": iso3.strip(), "group_iso3": group.strip(),
        "area": area.strip(), "period": period.strip(), "year": start_year(period), "topic": topic,
        "indicator": indicator.strip(), "value": value, "value_text": text, "unit": unit.strip(),
        "value_from_words": "true" if from_words else "false", "confidence": conf, "quote": quote,
        "source_id": source_id, "origin": origin, "origin_row": str(row),
    }


# ---------------------------------------------------------------- access
ACCESS_MAP = {
    "thn_programme": "take_home_naloxone",
    "community_thn_programme_exists": "take_home_naloxone",
    "thn_available_at_harm_reduction_sites": "take_home_naloxone",
    "peer_distribution": "peer_distribution",
    "prison_release_naloxone": "prison_release",
    "thn_programme_targets_prisoners": "prison_release",
    "otc_or_pharmacy_without_prescription": "otc",
    "naloxone_over_the_counter": "otc",
    "naloxone_registered": "registration",
    "naloxone_regulatory_status": "registration",
}
# Registration facts are text; each wording is mapped by a person, and an unknown wording stops the build.
REGISTRATION_STATUS = [
    (r"^registered", "reported"),
    (r"available since", "reported"),
    (r"^injection only", "reported"),
    (r"not licensed nationally|temporary cohort authorisation", "partial"),
    (r"^registration problems", "reported_absent"),
]


def access_status(indicator: str, value: str, conf: str) -> str | None:
    v = value.strip()
    low = v.lower()
    if indicator == "registration":
        for pattern, status in REGISTRATION_STATUS:
            if re.search(pattern, v, flags=re.I):
                return status
        return None
    if low.startswith("yes"):
        return "reported"
    if low.startswith(("partial", "pilot", "small-scale", "available for purchase")):
        return "partial"
    if low.startswith("no"):
        # A "no" read from a table whose ticks were lost says only that nothing was reported.
        return "not_reported" if conf == "low" else "reported_absent"
    return None


def build_access(facts: list[dict], raw: Path = Path("raw")) -> list[dict]:
    out = []
    for f in facts:
        indicator = ACCESS_MAP.get(f["indicator"])
        if indicator is None or not f["iso3"]:
            continue
        text = f["value_text"] or f["value"]
        status = access_status(indicator, text, f["confidence"])
        if status is None:
            raise fail(raw / ORIGIN_PATH[f["origin"]], int(f["origin_row"]), "value",
                       f"no access status rule for {text!r}")
        out.append({"iso3": f["iso3"], "indicator": indicator, "status": status, "as_of": f["year"],
                    "period": f["period"], "detail": text, "confidence": f["confidence"], "fact_id": f["fact_id"]})
    out.sort(key=lambda a: (a["iso3"], a["indicator"], a["fact_id"]))
    return out


# ---------------------------------------------------------------- countries
def build_countries(raw: Path, deaths: list[dict], facts: list[dict]) -> list[dict]:
    m49_path = raw / "m49" / "all.csv"
    m49 = {r["alpha-3"]: r for r in read_raw(m49_path, ["alpha-2", "alpha-3", "region-code", "sub-region-code"],
                                            escapechar="\\")}
    overrides = {(o["iso3"], o["lang"]): o["name"] for o in
                 read_raw(raw / "curation" / "name_overrides.csv", ["iso3", "lang", "name"])}
    eeca = {r["iso3"] for r in read_raw(raw / "curation" / "eeca.csv", ["iso3"])}
    sos = {r["iso3"] for r in read_raw(raw / "curation" / "sos_countries.csv", ["iso3"])}
    gbd = {d["iso3"] for d in deaths}
    codes = set(gbd)
    for f in facts:
        codes.update(c for c in [f["iso3"], *f["group_iso3"].split(";")] if c)
    en, ru = Locale("en"), Locale("ru")
    out = []
    for iso3 in sorted(codes):
        if iso3 == WORLD:
            rec = {"alpha-2": "", "region-code": "", "sub-region-code": ""}
        elif iso3 in m49:
            rec = m49[iso3]
        else:
            raise fail(m49_path, "-", "alpha-3", f"no M49 row for {iso3}")
        iso2, reg, sub = rec["alpha-2"], rec["region-code"], rec["sub-region-code"]
        out.append({
            "iso3": iso3, "iso2": iso2,
            "name_en": overrides.get((iso3, "en")) or en.territories[iso2],
            "name_ru": overrides.get((iso3, "ru")) or ru.territories[iso2],
            "region_code": reg, "region_en": en.territories.get(reg, "") if reg else "",
            "region_ru": ru.territories.get(reg, "") if reg else "",
            "subregion_code": sub, "subregion_en": en.territories.get(sub, "") if sub else "",
            "subregion_ru": ru.territories.get(sub, "") if sub else "",
            "sos_country": _bool(iso3 in sos), "eeca": _bool(iso3 in eeca), "is_aggregate": _bool(iso3 == WORLD),
            "in_gbd": _bool(iso3 in gbd),
        })
    return out


def _bool(b: bool) -> str:
    return "true" if b else "false"


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
    access = build_access(facts, raw)
    countries = build_countries(raw, deaths, facts)
    rows = {"countries": countries, "sources": sources, "deaths": deaths, "facts": facts, "access": access}
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
