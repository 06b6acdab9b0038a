"""CSV injection (OWASP): cells a spreadsheet would run as a formula, in what the dashboard writes and reads.

Every CSV the dashboard writes for readers' spreadsheets is a chart's CSV (the page's download and the static
export's file are both charts.chart_csv): its text cells starting with = + - @ tab or carriage return get a single
quote before them. The data package's own CSVs are served as they are (they are the data, validated by Frictionless):
the validator refuses such a text cell in them instead, so they hold none."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from sos_dash.charts.chart import Chart, chart_csv
from sos_dash.datapkg import schema
from sos_dash.datapkg.cells import formula_like, neutralise
from sos_dash.datapkg.validate import parse_cell

HOSTILE = ["=HYPERLINK(\"http://evil.example/\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_formula_like_cell_gets_a_single_quote(cell):
    assert neutralise(cell) == "'" + cell and formula_like(cell)


@pytest.mark.parametrize("cell", ["14 263", "Kyrgyzstan", "", "a=b", "'=quoted already"])
def test_other_cells_are_left_alone(cell):
    assert neutralise(cell) == cell and not formula_like(cell)


def test_numbers_are_numbers_not_formulas():
    assert neutralise(-45.3) == -45.3 and neutralise(7) == 7
    assert formula_like("-45.3") and not formula_like("-45.3", number_allowed=True)
    assert formula_like("-45.3+1", number_allowed=True)


def test_a_charts_csv_neutralises_hostile_text_cells_and_keeps_numbers(data):
    # (a carriage return inside a cell is not quoted by pandas with lineterminator="\n": the data has none, the
    # validator refusing a cell that starts or ends with white space; see the report of issue 16)
    hostile = [h for h in HOSTILE if "\r" not in h]
    table = pd.DataFrame({"Country": hostile, "Value": [-45.3, 1.0, 2.0, 3.0, 4.0], "=Head": ["x"] * 5})
    c = Chart("fixture", "t", "s", None, "d", table, tuple(data.sources["source_id"][:1]))
    rows = list(csv.reader(io.StringIO(chart_csv(c, data.sources).decode("utf-8"), newline="")))
    assert rows[0][:3] == ["Country", "Value", "'=Head"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in hostile]
    assert rows[1][1] == "-45.3"  # a number, written as one


@pytest.mark.parametrize("cell", HOSTILE)
def test_the_validator_refuses_a_formula_like_text_cell_in_the_package(cell):
    with pytest.raises(ValueError, match="formula"):
        parse_cell(schema.FACTS.field("quote"), cell)


def test_the_package_holds_no_formula_like_text_cell(data):
    for t in schema.TABLES:
        frame = getattr(data, t.name)
        text = [f.name for f in t.fields if f.type == "string"]
        hits = [(t.name, c, v) for c in text for v in frame[c].dropna() if formula_like(str(v))]
        assert hits == []
