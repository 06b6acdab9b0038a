"""check-update: a curator's file against every rule the data package has for a fact, one line per problem.

`check_file()` reads the file (sheet.py), checks each row by datapkg/updates.check_row (the build runs the same
rules), looks for a repeat of a fact the data holds (build.repeat_of; one of the template's examples is named as
such) or of an earlier row, and then, on a clean file, builds the update beside the data (apply.stage): a problem
only the build or the validator finds is reported too, so a clean check means apply-update will succeed.
`line()` words a problem in the curator's language: `FILE:row:column: what is wrong. Fix: what to do.`
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from ..datapkg import build, updates
from ..i18n import t
from . import apply, template
from .sheet import Problem, Sheet, problem, read_sheet

# each problem's code -> its message (update section of messages.py)
MESSAGES = {
    "empty": "upd_e_empty", "binary": "upd_e_binary", "not_utf8": "upd_e_not_utf8",
    "not_workbook": "upd_e_not_workbook", "not_spreadsheet": "upd_e_not_spreadsheet",
    "unreadable_csv": "upd_e_unreadable_csv", "wrong_sheet": "upd_e_wrong_sheet",
    "missing_column": "upd_e_missing_column", "twice_column": "upd_e_twice_column",
    "unknown_column": "upd_e_unknown_column", "extra_cells": "upd_e_extra_cells", "no_rows": "upd_e_no_rows",
    "formula": "upd_e_formula", "spaces": "upd_e_spaces", "required": "upd_e_required",
    "iso_unknown": "upd_e_iso_unknown", "indicator_unknown": "upd_e_indicator_unknown",
    "value_not_in_quote": "upd_e_value_not_in_quote", "qualifier_lost": "upd_e_qualifier_lost",
    "no_reading": "upd_e_no_reading", "bad_url": "upd_e_bad_url", "bad_date": "upd_e_bad_date",
    "future_date": "upd_e_future_date", "bad_year": "upd_e_bad_year", "bad_lang": "upd_e_bad_lang",
    "untranslated": "upd_e_untranslated", "duplicate": "upd_e_duplicate",
    "duplicate_in_file": "upd_e_duplicate_in_file", "example": "upd_e_example", "build": "upd_e_build",
}


def vocabulary(data_dir: Path, today: date) -> updates.Vocabulary:
    """What rows are checked against, from the data as they are."""
    raw = data_dir / "raw"
    indicators = {r["indicator"] for r in build.read_raw(raw / "curation" / "indicators.csv", ["indicator"])}
    words = {lang: build.read_translations(raw, lang) for lang in build.TRANSLATED}
    urls = {s["url"] for s in template.read_table(data_dir / "sources.csv") if s["url"]}
    return updates.Vocabulary(frozenset(indicators), frozenset(build.territory_names(raw)), words, frozenset(urls),
                              today)


def held_facts(data_dir: Path) -> list[dict]:
    with (data_dir / "facts.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def as_fact(row: dict) -> dict:
    """What build.repeat_of compares: place, figure, sentence."""
    iso3, group = build.split_countries(row["country_iso3"])
    value, text = build.numeric_or_text(row["value"])
    return {"iso3": iso3, "group_iso3": group, "value": value, "value_text": text, "quote": row["quote"]}


def repeats(sheet: Sheet, held: list[dict]) -> dict[int, Problem]:
    """Rows that repeat a fact we hold (the template's examples by name) or an earlier row of the file."""
    out: dict[int, Problem] = {}
    earlier: list[dict] = []
    for number, row in sheet.rows:
        fact = {**as_fact(row), "fact_id": str(number)}
        same = build.repeat_of(fact, held)
        if same is not None:
            code = "example" if same["fact_id"] in template.EXAMPLES else "duplicate"
            out[number] = problem(number, "-", code, fact_id=same["fact_id"])
        else:
            twin = build.repeat_of(fact, earlier)
            if twin is not None:
                out[number] = problem(number, "-", "duplicate_in_file", row=twin["fact_id"])
        earlier.append(fact)
    return out


def row_problems(sheet: Sheet, data_dir: Path, today: date) -> list[Problem]:
    voc = vocabulary(data_dir, today)
    again = repeats(sheet, held_facts(data_dir))
    out = []
    for number, row in sheet.rows:
        if number in again and again[number].code == "example":
            out.append(again[number])  # the rest of an example row is a held fact's: no more to say
            continue
        out += [problem(number, f.column, f.code, **f.values) for f in updates.check_row(row, voc)]
        if number in again:
            out.append(again[number])
    return out


def check_file(path: Path, data_dir: Path, today: date) -> tuple[Sheet | None, list[Problem]]:
    """The file's rows and every problem in them (none: the update would build and validate)."""
    sheet, problems = read_sheet(path)
    if sheet is None:
        return None, problems
    problems = row_problems(sheet, data_dir, today)
    if problems:
        return sheet, problems
    try:
        apply.stage(data_dir, path, sheet, today.isoformat()).discard()
    except apply.UpdateError as e:
        return sheet, e.problems
    return sheet, []


def message(p: Problem, lang: str) -> str:
    return t(MESSAGES[p.code], lang, **dict(p.values))


def line(name: str, p: Problem, lang: str) -> str:
    return f"{name}:{p.row}:{p.column}: {message(p, lang)}"
