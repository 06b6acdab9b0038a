"""python -m sos_dash serve: `streamlit run app.py`, without Streamlit's one request outside the machine.

Streamlit 1.67 asks checkip.amazonaws.com for the machine's public address (over http, then https) in two
places: for the start-up banner when it runs headless without `server.address` (`make run`, the container),
and every time a websocket or request arrives from an origin it does not know, to see whether that origin
is the machine itself; a failed answer is not remembered, so it asks again each time, and the call blocks
the server's event loop for up to a second per try. The dashboard loads nothing from outside the machine
(and a hostile page could make our server call out at will), so here the lookup answers "unknown", which
is what Streamlit does when the request fails: same-origin readers, localhost and
`server.corsAllowedOrigins` are allowed exactly as before. tests/test_no_egress.py proves no request leaves.

Serving app.py, the server also warms itself up once it answers (sos_dash/warmup.py; SOS_WARM_UP=0 turns it off).
"""

from __future__ import annotations

from . import paths, warmup

ROOT = paths.ROOT


def no_external_ip() -> None:
    """Stands in for streamlit.net_util.get_external_ip: the public address is never looked up."""
    return None


def streamlit_args(script: str | None, options: list[str]) -> list[str]:
    """`streamlit run` arguments: the script (this project's app.py by default), telemetry off, then the
    caller's own options (e.g. --server.port=8501)."""
    return ["run", script or str(ROOT / "app.py"), "--browser.gatherUsageStats=false", *options]


def without_public_address_lookup() -> None:
    """From now on, in this process, Streamlit never asks the outside for the machine's public address."""
    from streamlit import net_util

    net_util.get_external_ip = no_external_ip  # read at call time by streamlit.web.bootstrap and server_util


def main(script: str | None, options: list[str]) -> None:
    """Serve until stopped (Streamlit's command line exits the process when the server ends)."""
    from streamlit.web import cli

    without_public_address_lookup()
    if warmup.wanted() and warmup.serves_app(script):
        warmup.start()  # this app's pages, once the server answers
    cli.main(args=streamlit_args(script, options), prog_name="streamlit")
