"""The benchmark's exports section (sos_dash/tools/bench.py): each chart's weight as served, from weight.py, and its
verdict against the budget. Nothing here is timed: the numbers themselves are in docs/performance.md."""

from __future__ import annotations

import pytest

from sos_dash import export, weight
from sos_dash.tools import bench


@pytest.fixture(scope="module")
def exports() -> dict:
    return bench.measure_exports()


def report(exports: dict) -> dict:
    page = {"page": "app.py", "lang": "en", "cold_ms": 900.0, "warm_median_ms": 50.0, "warm_runs": 1, "figures": 1,
            "spec_bytes": [1000]}
    return {"budgets": bench.BUDGETS, "pages": [page], "exports": exports}


def test_every_chart_is_weighed_with_what_it_loads(exports):
    weights = exports["weight_gzip_bytes"]
    charts = {name for name in exports["files"] if name.endswith(".html") and name != "index.html"}
    assert set(weights) == charts
    heaviest = exports["heaviest"]
    assert exports["heaviest_gzip_bytes"] == weights[heaviest] == max(weights.values())
    assert heaviest.startswith("map")  # a map loads the shapes too
    assert set(exports["heaviest_files"]) == {heaviest, export.PLOTLY_JS.name, export.TOPO_JS}
    plotly_gz = exports["heaviest_files"][export.PLOTLY_JS.name]["gzip_bytes"]
    assert plotly_gz == weight.weigh_file(export.PLOTLY_JS).gzip_bytes
    assert all(w > plotly_gz for w in weights.values())  # every chart loads plotly.js


def test_the_weight_has_its_budget_and_verdict(exports):
    r = report(exports)
    line = next(v for v in bench.verdicts(r) if v[0].startswith("heaviest export served"))
    kb = exports["heaviest_gzip_bytes"] / 1024
    assert line[1].startswith(f"{kb:.0f} KB (map")
    assert line[2] == f"<= {bench.BUDGETS['export_weight_kb']:g} KB"
    assert line[3] is (kb <= bench.BUDGETS["export_weight_kb"])
    over = {**r, "budgets": {**bench.BUDGETS, "export_weight_kb": kb - 1}}
    assert next(v for v in bench.verdicts(over) if v[0].startswith("heaviest export served"))[3] is False
    assert f"heaviest {exports['heaviest']}" in bench.table(r)
