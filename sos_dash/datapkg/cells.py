"""Cells a spreadsheet would run as a formula: one rule, for what we read and what we write.

A cell whose text starts with "=", "+", "-", "@", a tab or a carriage return is read by Excel, LibreOffice and
Google Sheets as a formula ("CSV injection", OWASP). A curator's file may not hold one in a text column
(`formula_like`; a value column may hold a real number such as -45.3, which is a number, not a formula), the data
package's own text cells may not (the validator), and every CSV the dashboard writes for readers' spreadsheets
passes its text cells through `neutralise`, OWASP's remedy: a single quote before the cell, which spreadsheets
show as text.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a plain number, as the build reads values (build.NUMBER)


def formula_like(cell: str, *, number_allowed: bool = False) -> bool:
    """Would a spreadsheet run this cell? A plain number (-45.3) is not a formula where a number is allowed."""
    if not cell.startswith(FORMULA_START):
        return False
    return not (number_allowed and NUMBER.fullmatch(cell))


def neutralise(cell):
    """A text cell as it may go into a CSV for spreadsheets: "'" before one that starts like a formula (OWASP);
    anything else, numbers included, unchanged."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell
