"""The load test's websocket client (sos_dash/tools/loadtest.py): what it sends, how it judges a run, and that it
finds a broken app broken. Nothing here is timed: the load numbers themselves are in docs/performance.md."""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from sos_dash import visit
from sos_dash.tools import loadtest


def forward(fill) -> bytes:
    msg = ForwardMsg()
    fill(msg)
    return msg.SerializeToString()


def navigation_to(page: str):
    def fill(msg):
        msg.navigation.page_script_hash = "h-" + page
        for name in ("", "map", page):
            p = msg.navigation.app_pages.add()
            p.page_script_hash, p.url_pathname = "h-" + name, name
    return fill


def run_of(*messages: bytes) -> visit.RunResult:
    result = visit.RunResult()
    for raw in messages:
        visit.read_message(result, raw)
    return result


CHART = forward(lambda m: m.delta.new_element.plotly_chart.SetInParent())
FINISHED = forward(lambda m: setattr(m, "script_finished", visit.SUCCESS))


@pytest.mark.parametrize("path, page, query", [
    ("/", "", ""),
    ("/map", "map", ""),
    ("/countries?country=KAZ&lang=ru", "countries", "country=KAZ&lang=ru"),
])
def test_rerun_message_asks_for_the_page_and_view_as_the_browser_does(path, page, query):
    msg = BackMsg()
    msg.ParseFromString(visit.rerun_message("http://127.0.0.1:8501", path))
    assert msg.WhichOneof("type") == "rerun_script"
    assert (msg.rerun_script.page_name, msg.rerun_script.query_string) == (page, query)
    assert msg.rerun_script.context_info.url == "http://127.0.0.1:8501" + path


def test_second_view_is_the_same_page_in_the_other_language():
    assert visit.other_language("/map") == "/map?lang=ru"
    assert visit.other_language("/countries?country=KAZ&lang=ru") == "/countries?country=KAZ&lang=en"
    assert visit.page_of(visit.other_language("/trends?countries=KGZ")) == "trends"


def test_a_finished_run_of_the_right_page_with_its_chart_passes():
    result = run_of(forward(navigation_to("trends")), CHART, FINISHED)
    assert (result.finished, result.page, result.charts, result.elements) == (True, "trends", 1, 1)
    assert result.problem("trends") is None


@pytest.mark.parametrize("messages, expected, reason", [
    ([CHART], "map", "did not finish"),
    ([forward(navigation_to("map")), CHART, forward(lambda m: setattr(m, "script_finished", 1))], "map",
     "status 1"),
    ([forward(navigation_to("")), CHART, FINISHED], "map", "ran page ''"),
    ([forward(lambda m: m.page_not_found.SetInParent()), forward(navigation_to("map")), CHART, FINISHED],
     "map", "page not found"),
    ([forward(navigation_to("map")), FINISHED], "map", "no chart"),
    ([forward(navigation_to("map")), CHART,
      forward(lambda m: (setattr(m.delta.new_element.exception, "type", "KeyError"),
                             setattr(m.delta.new_element.exception, "message", "'KAZ'"))), FINISHED],
     "map", "exception: KeyError: 'KAZ'"),
])
def test_a_run_fails_for_each_reason_a_reader_would_see(messages, expected, reason):
    assert reason in (run_of(*messages).problem(expected) or "")


def test_the_data_page_needs_no_chart():
    assert run_of(forward(navigation_to("data")), FINISHED).problem("data") is None


def test_metrics_are_read_from_streamlits_openmetrics_text():
    text = """# TYPE active_sessions gauge
active_sessions 12
cache_memory_bytes{cache_type="st_cache_resource",cache="sos_dash.ui._load"} 1
cache_memory_bytes{cache_type="st_cache_resource",cache="sos_dash.ui.file_bytes"} 5
cache_memory_bytes{cache_type="st_memory_media_file_storage",cache=""} 8674694
# EOF"""
    assert loadtest.parse_metrics(text) == {"active_sessions": 12, "st_cache_resource_bytes": 6,
                                            "st_memory_media_file_storage_bytes": 8674694}


def test_summary_counts_failures_with_reasons_and_memory_per_session_and_round():
    ok = {"path": "/map", "ok": True, "problem": None, "first_view_s": 1.0, "second_view_s": 0.5}
    bad = {"path": "/trends", "ok": False, "problem": "no chart", "first_view_s": 3.0, "second_view_s": None}
    rounds = [{"all_loaded_s": 4.0, "rss_open_mb": 306.0, "rss_closed_mb": 301.0, "server_open": {"active_sessions": 3},
               "server_closed": {"active_sessions": 0}, "results": [ok, ok, bad]},
              {"all_loaded_s": 3.0, "rss_open_mb": 307.0, "rss_closed_mb": 301.5, "server_open": {"active_sessions": 3},
               "server_closed": {"active_sessions": 0}, "results": [ok, ok, ok]}]
    raw = {"warmup": ok, "rss_1_mb": 300.0, "rounds": rounds, "settle_s": 10, "ramp_s": 0}
    r = loadtest.summary(raw, 3, 70.0)
    assert (r["failures"], r["problems"], r["rounds"]) == (1, ["/trends: no chart"], 2)
    assert r["per_session_mb"] == 2.0  # (306 - 300) / 3, from round 1
    assert r["first_view_s"] == {"median": 1.0, "p95": 1.0, "max": 3.0}
    assert r["second_view_s"]["max"] == 0.5
    assert [x["rss_closed_mb"] for x in r["per_round"]] == [301.0, 301.5]
    assert "results" not in r["per_round"][0]


def test_at_least_one_session():
    with pytest.raises(ValueError):
        loadtest.load_test(0)


@pytest.mark.browser
def test_sessions_load_every_page_and_the_server_forgets_them_after_closing(tmp_path):
    report = loadtest.load_test(len(visit.SESSION_PAGES), tmp_path / "load.json", timeout=120, settle_s=5)
    assert report["failures"] == 0, report["problems"]
    for rnd in report["per_round"]:
        assert rnd["server_open"]["active_sessions"] == len(visit.SESSION_PAGES)
        assert rnd["server_closed"]["active_sessions"] == 0
    assert (tmp_path / "load.json").exists()


@pytest.mark.browser
def test_a_broken_app_fails_every_session(tmp_path):
    (tmp_path / "broken.py").write_text('import streamlit as st\nst.title("x")\nraise KeyError("KAZ")\n')
    report = loadtest.load_test(2, None, timeout=60, pages=["/"], script="broken.py", cwd=tmp_path, settle_s=1,
                                rounds=1)
    assert report["failures"] == 3  # the warm-up session and both readers
    assert report["problems"] == ["/: exception: KeyError: 'KAZ'"]


def test_command_line_refuses_what_it_cannot_do(capsys):
    from sos_dash.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main(["load", "--sessions", "0"])
    assert exit_.value.code == 2
    assert main(["load", "--clients", "browser", "--ramp", "5"]) == 2
    assert "websocket clients only" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:  # only `serve` passes unknown options on (to streamlit)
        main(["validate", "--server.port=1"])
    assert exit_.value.code == 2
