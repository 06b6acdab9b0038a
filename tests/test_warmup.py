"""The server warms itself up at start: every page's first view in both languages, before readers arrive."""

import pytest

from sos_dash import paths, visit, warmup
from sos_dash.i18n import LANGS
from sos_dash.tools.local_server import Server


def test_local_base_is_the_machine_itself_unless_bound_to_one_address():
    assert warmup.local_base("", 8501, "") == "http://127.0.0.1:8501"
    assert warmup.local_base("0.0.0.0", 8501, "/") == "http://127.0.0.1:8501"
    assert warmup.local_base("10.0.0.5", 80, "dash/") == "http://10.0.0.5:80/dash"


def test_only_this_app_is_warmed(tmp_path):
    assert warmup.serves_app(None)
    assert warmup.serves_app("app.py", paths.ROOT)
    assert not warmup.serves_app("baseline.py", tmp_path)


def test_on_unless_turned_off():
    """The switch serve.main reads; the tests' servers set it to 0 (tools/local_server.Server(warm=False))."""
    assert warmup.wanted({})
    assert warmup.wanted({warmup.ENV: "1"})
    assert not warmup.wanted({warmup.ENV: "0"})


def warmed_line(server: Server) -> str:
    lines = b"".join(server.output).decode(errors="replace").splitlines()
    return next((line for line in lines if line.startswith(warmup.WARMED)), "")


@pytest.mark.browser
def test_a_served_app_warms_every_page_in_every_language_before_it_says_so():
    app = Server(warm=True)  # returns once the server said it is warm
    try:
        line = warmed_line(app)
        assert line.startswith(f"{warmup.WARMED} {len(visit.SESSION_PAGES) * len(LANGS)} views in ")
        assert "problems" not in line
    finally:
        app.stop()
