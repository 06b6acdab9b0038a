"""Check a data folder against the package schema and the project's rules.

`validate_dir(path)` never raises for bad files: every problem becomes a `Problem(file, row, column,
message)`, printed as `file:row:column: message`. Rows count the header as row 1, so the first data
row is row 2 (the line number, as long as no field spans lines). A problem about a whole file or a
whole row has "-" for the row or the column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import schema
from .cells import formula_like
from .quotes import qualifier_before, unit_keeps, value_in_quote

csv.field_size_limit(1_000_000)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | str
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


@dataclass
class Parsed:
    """A table read without error at file level: typed rows, each with its row number."""
    table: schema.Table
    rows: list[tuple[int, dict]]
    # Rows with a bad cell (None there): not checked further, but their keys exist for foreign keys.
    partial: list[tuple[int, dict]] = field(default_factory=list)


# ---------------------------------------------------------------- reading
def read_text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    if not path.exists():
        return None, [Problem(name, "-", "-", "file is missing")]
    if path.is_dir():
        return None, [Problem(name, "-", "-", "is a folder, not a file")]
    data = path.read_bytes()
    if not data.strip():
        expected = " (expected a header row)" if name.endswith(".csv") else ""
        return None, [Problem(name, 1, "-", f"file is empty{expected}")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, 1, "-", "UTF-16 text: save as UTF-8")]
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, [Problem(name, line, "-", "binary data (NUL byte): not a CSV text file")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(name, 1, "-", "starts with a byte-order mark: save as UTF-8 without BOM")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return None, [Problem(name, line, "-", f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})")]
    return text, []


def parse_cell(f: schema.Field, raw: str):
    """Typed value of one cell, or raise ValueError with a message for the reader."""
    if raw == "":
        if f.required:
            raise ValueError("required value is empty")
        return None
    if f.type == "string" and formula_like(raw):
        raise ValueError(f"starts with {raw[0]!r}: a spreadsheet would run the cell as a formula")
    if raw != raw.strip():
        raise ValueError("leading or trailing spaces")
    if f.type == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"not an integer: {raw!r}")
        value = int(raw)
    elif f.type == "number":
        if not re.fullmatch(r"-?\d+(\.\d+)?", raw):
            raise ValueError(f"not a number: {raw!r}")
        value = float(raw)
    elif f.type == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(f"not true/false: {raw!r}")
        value = raw == "true"
    elif f.type == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
                raise ValueError(raw)
            value = date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"not a date (YYYY-MM-DD): {raw!r}") from None
    else:
        value = raw
    if f.enum is not None and raw not in f.enum:
        raise ValueError(f"{raw!r} is not one of: {', '.join(f.enum)}")
    if f.pattern and not re.fullmatch(f.pattern.strip("^$"), raw):
        raise ValueError(f"{raw!r} does not match the pattern {f.pattern}")
    if f.minimum is not None and value < f.minimum:
        raise ValueError(f"{raw} is below the minimum {f.minimum:g}")
    if f.maximum is not None and value > f.maximum:
        raise ValueError(f"{raw} is above the maximum {f.maximum:g}")
    return value


def parse_table(table: schema.Table, text: str) -> tuple[Parsed | None, list[Problem]]:
    name = table.filename
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error as e:
        return None, [Problem(name, 1, "-", f"unreadable CSV: {e}")]
    if len(header) == 1 and len(table.columns) > 1:
        for delim, label in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if delim in header[0]:
                return None, [Problem(name, 1, "-", f"wrong delimiter: {label}-separated, expected commas")]
    problems = []
    seen = set()
    for col in header:
        if col in seen:
            problems.append(Problem(name, 1, col, "column appears twice in the header"))
        seen.add(col)
    missing = [c for c in table.columns if c not in header]
    problems += [Problem(name, 1, c, "column is missing from the header") for c in missing]
    problems += [Problem(name, 1, c or "-", "unknown column") for c in header if c not in table.columns]
    if not problems and header != table.columns:
        problems.append(Problem(name, 1, "-", f"columns are not in the schema's order: {', '.join(table.columns)}"))
    if problems:
        return None, problems

    fields = [table.field(c) for c in header]
    rows: list[tuple[int, dict]] = []
    partial: list[tuple[int, dict]] = []
    rownum = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(Problem(name, rownum + 1, "-", f"unreadable CSV: {e}"))
            break
        rownum += 1
        if not cells:
            problems.append(Problem(name, rownum, "-", "blank line"))
            continue
        if len(cells) != len(header):
            problems.append(Problem(name, rownum, "-", f"row has {len(cells)} fields, the header has {len(header)}"))
            continue
        typed, ok = {}, True
        for f, raw in zip(fields, cells, strict=True):  # lengths checked above
            try:
                typed[f.name] = parse_cell(f, raw)
            except ValueError as e:
                problems.append(Problem(name, rownum, f.name, str(e)))
                typed[f.name] = None
                ok = False
        (rows if ok else partial).append((rownum, typed))
    if rownum == 1:
        problems.append(Problem(name, "-", "-", "no data rows"))
    return Parsed(table, rows, partial), problems


# ---------------------------------------------------------------- rules across rows and tables
def check_unique(p: Parsed) -> list[Problem]:
    out = []
    keys = [p.table.primary_key] + [(f.name,) for f in p.table.fields if f.unique and (f.name,) !=
                                     p.table.primary_key]
    for key in keys:
        first: dict = {}
        for rownum, row in p.rows:
            k = tuple(row[c] for c in key)
            if None in k:
                continue
            if k in first:
                out.append(Problem(p.table.filename, rownum, key[-1],
                                   f"duplicate {'/'.join(key)} {'/'.join(map(str, k))} (first in row {first[k]})"))
            else:
                first[k] = rownum
    return out


def check_foreign_keys(parsed: dict[str, Parsed]) -> list[Problem]:
    out = []
    for p in parsed.values():
        for fk in p.table.foreign_keys:
            target = parsed.get(fk.resource)
            if target is None:
                continue
            known = {tuple(r[c] for c in fk.reference) for _, r in target.rows + target.partial}
            for rownum, row in p.rows:
                k = tuple(row[c] for c in fk.fields)
                if None in k or k in known:
                    continue
                what = "unknown ISO code" if fk.fields == ("iso3",) else f"unknown {fk.fields[0]}"
                out.append(Problem(p.table.filename, rownum, fk.fields[0],
                                   f"{what} {'/'.join(k)!r} (not in {fk.resource}.csv)"))
    return out


def check_deaths(p: Parsed) -> list[Problem]:
    out = []
    for rownum, r in p.rows:
        unit = schema.MEASURES[r["measure"]][0]
        if r["unit"] != unit:
            out.append(Problem("deaths.csv", rownum, "unit", f"{r['measure']} is measured in {unit!r}"))
        if unit == schema.RATE_UNIT and r["value"] > schema.MAX_RATE:
            out.append(Problem("deaths.csv", rownum, "value",
                               f"rate {r['value']:g} per 100,000 is above {schema.MAX_RATE:g}: not plausible"))
    return out


def check_facts(p: Parsed, countries: Parsed | None) -> list[Problem]:
    out = []
    known = {r["iso3"] for _, r in countries.rows + countries.partial} if countries else None
    for rownum, r in p.rows:
        if r["iso3"] and r["group_iso3"]:
            out.append(Problem("facts.csv", rownum, "group_iso3", "a fact has either iso3 or group_iso3, not both"))
        for code in (r["group_iso3"] or "").split(";"):
            if code and known is not None and code not in known:
                out.append(Problem("facts.csv", rownum, "group_iso3", f"unknown ISO code {code!r}"))
        has_value, has_text = r["value"] is not None, bool(r["value_text"])
        if has_value == has_text:
            out.append(Problem("facts.csv", rownum, "value",
                               "exactly one of value and value_text must be filled"))
        elif has_value and not r["value_from_words"]:
            raw = _raw_number(r["value"])
            if not value_in_quote(raw, r["quote"]):
                out.append(Problem("facts.csv", rownum, "value",
                                   f"{raw} does not appear in the quote (set value_from_words if read from words)"))
            qualifier = qualifier_before(raw, r["quote"])
            if qualifier and not unit_keeps(qualifier, r["unit"]):
                out.append(Problem("facts.csv", rownum, "unit",
                                   f"the quote says “{qualifier}” {raw}: the unit must keep “{qualifier}”"))
        elif has_text and r["value_from_words"]:
            out.append(Problem("facts.csv", rownum, "value_from_words", "set, but the value is text"))
    return out


def _raw_number(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def check_access(p: Parsed, facts: Parsed | None) -> list[Problem]:
    if facts is None:
        return []
    by_id = {r["fact_id"]: r for _, r in facts.rows}
    out = []
    for rownum, r in p.rows:
        f = by_id.get(r["fact_id"])
        if f is not None and r["iso3"] != f["iso3"] and r["iso3"] not in (f["group_iso3"] or "").split(";"):
            out.append(Problem("access.csv", rownum, "iso3",
                               f"fact {r['fact_id']} is about {f['iso3'] or f['group_iso3'] or 'no country'}"))
    return out


def check_access_status(p: Parsed, access: Parsed | None) -> list[Problem]:
    """Every status rests on statements of the same country and indicator."""
    if access is None:
        return []
    # rows with a bad cell count too: their problem is reported once, on access.csv
    stated = {(r["iso3"], r["indicator"], r["fact_id"]) for _, r in access.rows + access.partial}
    out = []
    for rownum, r in p.rows:
        for column in ("fact_ids", "beside_fact_ids"):
            for fid in (r[column] or "").split(";"):
                if fid and (r["iso3"], r["indicator"], fid) not in stated:
                    out.append(Problem("access_status.csv", rownum, column,
                                       f"{fid} is not a statement about {r['iso3']} / {r['indicator']} in access.csv"))
        if r["status"] not in ("not_known",) and not r["fact_ids"]:
            out.append(Problem("access_status.csv", rownum, "fact_ids", f"status {r['status']} rests on no statement"))
    return out


def check_descriptor(data_dir: Path) -> list[Problem]:
    name = "datapackage.json"
    text, problems = read_text(data_dir / name, name)
    if text is None:
        return problems
    try:
        desc = json.loads(text)
    except json.JSONDecodeError as e:
        return [Problem(name, e.lineno, "-", f"invalid JSON: {e.msg}")]
    if not isinstance(desc, dict):
        return [Problem(name, "-", "-", "not a data package: the top level is not a JSON object")]
    if not isinstance(desc.get("resources", []), list):
        return [Problem(name, "-", "resources", "not a list")]
    resources = {r.get("name"): r for r in desc.get("resources", []) if isinstance(r, dict)}
    out = []
    for t in schema.TABLES:
        r = resources.get(t.name)
        if r is None:
            out.append(Problem(name, "-", t.name, "resource is missing"))
            continue
        fields = r.get("schema", {}).get("fields", []) if isinstance(r.get("schema", {}), dict) else None
        if not isinstance(fields, list):
            out.append(Problem(name, "-", t.name, "schema.fields is missing or not a list"))
            continue
        names = [f.get("name") if isinstance(f, dict) else f for f in fields]
        if names != t.columns:
            out.append(Problem(name, "-", t.name, f"fields {names} differ from the schema {t.columns}"))
    return out


def validate_dir(data_dir: Path) -> list[Problem]:
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    parsed: dict[str, Parsed] = {}
    for t in schema.TABLES:
        text, file_problems = read_text(data_dir / t.filename, t.filename)
        problems += file_problems
        if text is None:
            continue
        p, table_problems = parse_table(t, text)
        problems += table_problems
        if p is not None:
            parsed[t.name] = p
            problems += check_unique(p)
    problems += check_foreign_keys(parsed)
    if "deaths" in parsed:
        problems += check_deaths(parsed["deaths"])
    if "facts" in parsed:
        problems += check_facts(parsed["facts"], parsed.get("countries"))
    if "access" in parsed:
        problems += check_access(parsed["access"], parsed.get("facts"))
    if "access_status" in parsed:
        problems += check_access_status(parsed["access_status"], parsed.get("access"))
    problems += check_descriptor(data_dir)
    return problems


def summary(data_dir: Path) -> str:
    counts = []
    for t in schema.TABLES:
        text = (Path(data_dir) / t.filename).read_text(encoding="utf-8")
        rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1  # a quote may span lines
        counts.append(f"{t.name} {max(rows, 0)}")
    return f"valid: {len(schema.TABLES)} tables ({', '.join(counts)} rows)"
