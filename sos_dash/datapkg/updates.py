"""A curator's facts (issue 16): the columns of an update file, the rules each row must pass, and the rows as facts.

A curator fills in data/templates/facts_template.xlsx (or .csv): the columns of facts/program_facts.csv, the
language of the quote, and the Russian of the words they write (`country_ru`, `year_ru`, `unit_ru`, `value_ru`,
`publisher_ru`; needed only where curation/translations_ru.csv does not have the word yet). `apply-update` keeps the
file as received in raw/updates/received/ and appends its rows, cells as received, to raw/updates/update_facts.csv
with the file's name and the row they were on (`received_file`, `received_row`; the header is row 1). The build reads
that file as the origin "updates": fact `upd-NNN` is its line NNN + 1, like every other raw fact file.

`check_row` returns `Finding`s: the column, a code and its values, in no language; sos_dash/update/check.py words
them in the curator's language with a hint, the build (which runs the same rules on every row, so a hand-edited
file cannot slip through) in English. The rules are the package's own: parse_cell (dates, URL, year range),
value_in_quote and qualifier_before (quotes.py), the access reading rules, the known ISO codes, the vocabulary,
the translations; a repeat of a fact we hold is build.repeat_of.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel import Locale

from ..languages import TRANSLATED
from . import access_statements, schema
from .cells import NUMBER, formula_like
from .quotes import qualifier_before, unit_keeps, value_in_quote
from .validate import parse_cell

# the curator's columns: program_facts.csv's, the quote's language, then our words in each translated language
FACT_COLUMNS = ["country_iso3", "country", "year", "indicator", "value", "unit", "quote", "source_title", "publisher",
                "url", "accessed", "quote_lang"]
# a curator's column -> the kind of word it is in curation/translations_<lang>.csv
WORDS = {"country": "area", "year": "period", "unit": "unit", "value": "value_text", "publisher": "publisher"}
WORD_COLUMNS = [f"{c}_{lang}" for lang in TRANSLATED for c in WORDS]
COLUMNS = FACT_COLUMNS + WORD_COLUMNS
REQUIRED = ["country", "year", "indicator", "value", "unit", "quote", "source_title", "publisher", "accessed",
            "quote_lang"]
NUMBER_COLUMNS = {"value"}  # where a cell may be a number such as -45.3 (not a formula)

LEDGER = "updates/update_facts.csv"  # under data/raw/
RECEIVED_COLUMNS = ["received_file", "received_row"]
LEDGER_COLUMNS = COLUMNS + RECEIVED_COLUMNS
LEDGER_REQUIRED = FACT_COLUMNS + RECEIVED_COLUMNS  # the words' columns are optional (a language added later)
RECEIVED = "updates/received"  # the curators' files, kept as received, named <date>-<their name>
ISO3 = re.compile(r"[A-Z]{3}")
# the dropdown's item: "English label / Russian label [indicator_id]"; a bare id is read as well
DROPDOWN_ID = re.compile(r"\[([a-z0-9_]+)\]\s*$")
ONLY_NUMBERS_OR_DATES = re.compile(r"^[\d\-–/ .,:;]*$")  # words that need no translation (build.translate's rule)


@dataclass(frozen=True)
class Finding:
    column: str
    code: str
    values: dict = field(default_factory=dict)

    def english(self) -> str:
        """The build's wording (it names file, row and column itself): the code and its values."""
        values = ", ".join(f"{k}={v!r}" for k, v in self.values.items())
        return f"update rule {self.code}" + (f" ({values})" if values else "") + \
            " (python -m sos_dash check-update explains)"


@dataclass(frozen=True)
class Vocabulary:
    """What a row is checked against: the indicators, the known country codes, our words in each translated
    language, the addresses of the sources we hold, and the day (an access date may not be later)."""
    indicators: frozenset[str]
    codes: frozenset[str]
    words: dict[str, dict[tuple[str, str], str]]
    source_urls: frozenset[str]
    today: date


def indicator_of(cell: str) -> str:
    """The indicator id in a cell: the one in brackets at the end of a dropdown item, else the cell itself."""
    m = DROPDOWN_ID.search(cell)
    return m.group(1) if m else cell.strip()


def dropdown_item(indicator: str, label_en: str, label_ru: str) -> str:
    return f"{label_en} / {label_ru} [{indicator}]"


def is_language(code: str) -> bool:
    """An ISO 639 code Babel knows (en, ru, uk, pt...)."""
    return bool(re.fullmatch(schema.FACTS.field("quote_lang").pattern.strip("^$"), code)) and \
        code in Locale("en").languages


def codes_of(cell: str) -> list[str]:
    return [c for c in cell.strip().split(";") if c]


def cell_findings(row: dict) -> list[Finding]:
    """Formula-like cells, spaces around a cell, required cells left empty."""
    out = []
    for column in COLUMNS:
        cell = row.get(column, "")
        if formula_like(cell, number_allowed=column in NUMBER_COLUMNS):
            out.append(Finding(column, "formula", {"start": repr(cell[0])[1:-1]}))
        elif cell != cell.strip():
            out.append(Finding(column, "spaces"))
        elif column in REQUIRED and not cell:
            out.append(Finding(column, "required"))
    return out


def check_row(row: dict, vocabulary: Vocabulary) -> list[Finding]:
    """Every rule a curator's row must pass but the repeat of a fact we hold (build.repeat_of, by the caller)."""
    out = cell_findings(row)
    bad = {f.column for f in out}

    def filled(column: str) -> str:
        return "" if column in bad else row.get(column, "")

    for code in codes_of(filled("country_iso3")):
        if not ISO3.fullmatch(code) or code not in vocabulary.codes:
            out.append(Finding("country_iso3", "iso_unknown", {"code": code}))
    indicator = indicator_of(filled("indicator"))
    if indicator and indicator not in vocabulary.indicators:
        out.append(Finding("indicator", "indicator_unknown", {"value": filled("indicator")}))
    value, quote = filled("value"), filled("quote")
    if value and quote:
        if NUMBER.fullmatch(value):
            if not value_in_quote(value, quote):
                out.append(Finding("value", "value_not_in_quote", {"value": value}))
            else:
                qualifier = qualifier_before(value, quote)
                if qualifier and "unit" not in bad and not unit_keeps(qualifier, row["unit"]):
                    out.append(Finding("unit", "qualifier_lost", {"qualifier": qualifier, "value": value}))
        elif indicator in access_statements.ACCESS_MAP and \
                access_statements.reading(indicator, value, "updates") is None:
            out.append(Finding("value", "no_reading", {"value": value}))
    out += _parsed(row, bad, vocabulary)
    if filled("quote_lang") and not is_language(filled("quote_lang")):
        out.append(Finding("quote_lang", "bad_lang", {"value": filled("quote_lang")}))
    out += _untranslated(row, bad, vocabulary)
    return out


def _parsed(row: dict, bad: set[str], vocabulary: Vocabulary) -> list[Finding]:
    """The address, the access date and the period's year, by the validator's own field rules."""
    out = []
    checks = [("url", schema.SOURCES.field("url"), row.get("url", ""), "bad_url"),
              ("accessed", schema.SOURCES.field("accessed"), row.get("accessed", ""), "bad_date"),
              ("year", schema.FACTS.field("year"), _start_year(row.get("year", "")), "bad_year")]
    for column, f, cell, code in checks:
        if column in bad or not cell:
            continue
        try:
            parsed = parse_cell(f, cell)
        except ValueError:
            out.append(Finding(column, code, {"value": row[column]}))
            continue
        if column == "accessed" and parsed > vocabulary.today:
            out.append(Finding(column, "future_date", {"value": cell}))
    return out


def _start_year(period: str) -> str:
    m = re.match(r"^(\d{4})", period.strip())
    return m.group(1) if m else ""


def _untranslated(row: dict, bad: set[str], vocabulary: Vocabulary) -> list[Finding]:
    """A word of ours without its translation: not in the row's own column and not in translations_<lang>.csv (a
    country's name comes from its code where the fact is about one country; a source we hold has its publisher's)."""
    out = []
    codes = codes_of(row.get("country_iso3", ""))
    for lang in TRANSLATED:
        for column, kind in WORDS.items():
            en = "" if column in bad else row.get(column, "")
            if not en or ONLY_NUMBERS_OR_DATES.fullmatch(en) or row.get(f"{column}_{lang}"):
                continue
            if (column == "value" and NUMBER.fullmatch(en)) or (kind, en) in vocabulary.words[lang]:
                continue
            if column == "country" and len(codes) == 1:
                continue  # the build names the area by the country's name
            if column == "publisher" and row.get("url") in vocabulary.source_urls:
                continue  # the source we hold at this address has its publisher's name
            out.append(Finding(f"{column}_{lang}", "untranslated", {"column": column, "text": en}))
    return out


def fact_words(row: dict) -> dict:
    """The fact's words in each translated language that the row gives itself."""
    fact_column = {"country": "area", "year": "period", "unit": "unit", "value": "value_text"}
    return {f"{fact_column[c]}_{lang}": row[f"{c}_{lang}"] for lang in TRANSLATED for c in fact_column
            if row.get(f"{c}_{lang}")}


def ledger_path(raw: Path) -> Path:
    return raw / LEDGER
