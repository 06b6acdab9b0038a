"""A curator's file (.xlsx or .csv) -> its header and rows of text, each with the row a spreadsheet shows.

Rows are numbered as Excel numbers them: the header is row 1. A row whose first cell starts with "#" is a comment
(the template's explanations and its note on the examples) and a row with no cell filled is left out; neither is
a fact. A cell is read as the text the spreadsheet shows: 16278 for a number, 2026-12-03 for a date, "=A1" for a
formula (which the check refuses). A CSV may be saved by Excel as "CSV UTF-8" (with a byte-order mark) and with
semicolons (Excel's separator where the decimal sign is a comma). A file that is none of this gives one Problem.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..datapkg import updates

SHEET = "facts"  # the template's sheet of facts
ZIP = b"PK\x03\x04"
BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a curator's file: its row and column ("-" for the whole file or row), a code worded by
    update/messages (check.py), and the values the wording takes."""
    row: int | str
    column: str
    code: str
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[tuple[int, dict]]  # (the row's number in the spreadsheet, {column: text})


def problem(row, column, code, /, **values) -> Problem:
    return Problem(row, column, code, tuple((k, str(v)) for k, v in values.items()))


def cell_text(value) -> str:
    """A cell as the spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def read_rows(path: Path) -> tuple[list[list[str]] | None, Problem | None]:
    """Every row of the file as text cells (None and the problem for a file that is not a spreadsheet)."""
    data = path.read_bytes()
    if not data.strip():
        return None, problem(1, "-", "empty")
    suffix = path.suffix.lower()
    if suffix == ".xlsx" or (suffix != ".csv" and data.startswith(ZIP)):
        return _xlsx_rows(data)
    if suffix != ".csv":
        return None, problem("-", "-", "not_spreadsheet")
    text, bad = csv_text(data)
    if text is None:
        return None, bad
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)], None
    except csv.Error as e:
        return None, problem("-", "-", "unreadable_csv", detail=e)


def csv_text(data: bytes) -> tuple[str | None, Problem | None]:
    """A CSV file's text: UTF-8, with or without Excel's byte-order mark; binary data or another encoding is a
    problem on the line where it starts."""
    if b"\x00" in data:
        return None, problem(data[: data.index(b"\x00")].count(b"\n") + 1, "-", "binary")
    try:
        return data.removeprefix(BOM).decode("utf-8"), None
    except UnicodeDecodeError as e:
        return None, problem(data[: e.start].count(b"\n") + 1, "-", "not_utf8")


def _xlsx_rows(data: bytes):
    if not data.startswith(ZIP):
        return None, problem("-", "-", "not_workbook")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        return None, problem("-", "-", "not_workbook")
    try:
        if SHEET not in book.sheetnames:
            return None, problem("-", "-", "wrong_sheet", sheet=SHEET, sheets=", ".join(book.sheetnames))
        return [[cell_text(v) for v in row] for row in book[SHEET].iter_rows(values_only=True)], None
    finally:
        book.close()


def read_sheet(path: Path) -> tuple[Sheet | None, list[Problem]]:
    """The file's facts, or None and what is wrong with the file as a whole (its header included)."""
    rows, bad = read_rows(path)
    if bad is not None:
        return None, [bad]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        return None, [problem(1, "-", "empty")]
    header = [c.strip() for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    problems = [problem(1, c, "missing_column") for c in updates.FACT_COLUMNS if c not in header]
    seen: set[str] = set()
    for c in header:
        if c in seen:
            problems.append(problem(1, c, "twice_column"))
        elif c not in updates.COLUMNS:
            problems.append(problem(1, c or "-", "unknown_column"))
        seen.add(c)
    if problems:
        return None, problems
    facts = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        if any(c.strip() for c in cells[len(header):]):
            problems.append(problem(number, "-", "extra_cells", n=len(header)))
            continue
        cells = cells + [""] * (len(header) - len(cells))
        row = dict.fromkeys(updates.COLUMNS, "")
        row.update(zip(header, cells, strict=False))
        facts.append((number, row))
    if not facts and not problems:
        problems.append(problem("-", "-", "no_rows"))
    return (Sheet(header, facts) if not problems else None), problems
