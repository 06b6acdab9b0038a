"""The benchmark's server time per view (sos_dash/tools/servertime.py): samples sorted by what they were doing."""

import pytest

from sos_dash.tools import servertime
from sos_dash.tools.local_server import Server

SCRIPT = "exec_func_with_error_handling (streamlit/runtime/scriptrunner/exec_code.py:120)"
OURS = "show_chart (sos_dash/ui.py:262)"


def test_a_sample_goes_to_its_innermost_known_frame():
    assert servertime.bucket([SCRIPT, OURS, "cascade (sos_dash/views.py:205)",
                              "take (pandas/core/arrays/arrow/array.py:1300)"]) == "our code: data, texts, charts"
    assert servertime.bucket([SCRIPT, OURS, "plotly_chart (streamlit/elements/plotly_chart.py:890)",
                              "to_json (plotly/io/_json.py:180)", "encode (json/encoder.py:199)"]) \
        == "figure specs to JSON"
    assert servertime.bucket([SCRIPT, OURS, "markdown (streamlit/elements/markdown.py:100)"]) == "Streamlit elements"
    assert servertime.bucket([SCRIPT, "dataframe (streamlit/elements/arrow.py:600)",
                              "convert (streamlit/dataframe_util.py:80)"]) == "tables to Arrow"
    assert servertime.bucket(["_run_script (streamlit/runtime/scriptrunner/script_runner.py:700)",
                              "_on_script_finished (streamlit/runtime/scriptrunner/script_runner.py:1055)"]) \
        == "gc after the run"
    assert servertime.bucket(["run (threading.py:975)", "select (selectors.py:469)"]) is None  # waiting: not work
    assert servertime.bucket(["run (asyncio/events.py:80)", "something (somewhere.py:1)"]) == servertime.OTHER


def test_shares_are_percent_of_busy_samples():
    raw = "\n".join([f"{SCRIPT};{OURS} 30", f"{SCRIPT};{OURS};markdown (streamlit/elements/markdown.py:100) 10",
                     "run (threading.py:975);select (selectors.py:469) 500", "a truncated line (x.py"])
    s = servertime.shares(raw)
    assert s["samples"] == 40
    assert s["percent"] == {"Streamlit elements": 25.0, "our code: data, texts, charts": 75.0}
    assert servertime.shares("") == {"samples": 0, "percent": {}}


def test_the_table_compares_with_the_default_gc():
    row = {"page": "/map", "visits": 3, "failed": 0, "first_view_ms": 80, "second_view_ms": 70,
           "cpu_ms_per_view": 50, "profile": {"samples": 10, "percent": {"Streamlit elements": 100.0}}}
    report = {"visits": 3, "variants": {"shipped": [row], "gc after every run": [{**row, "cpu_ms_per_view": 200}]}}
    (line,) = servertime.lines(report)[2:]
    assert "/map" in line and "80/70" in line and "200 ms (4.0x)" in line and "Streamlit elements 100%" in line


@pytest.mark.browser
def test_a_page_measured_on_a_live_server():
    app = Server()  # measure_page opens the page once before it measures
    try:
        row = servertime.measure_page(app, "/map", 2, profile=servertime.py_spy() is not None)
    finally:
        app.stop()
    assert row["failed"] == 0
    assert row["first_view_ms"] > 0 and row["cpu_ms_per_view"] > 0
    prof = row["profile"]
    if "error" in prof:  # py-spy may not attach where ptrace is not allowed: then it says why
        assert prof["error"]
    else:
        assert prof["samples"] > 0
        assert 99 <= sum(prof["percent"].values()) <= 101
        assert "our code: data, texts, charts" in prof["percent"]
