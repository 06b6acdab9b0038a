"""No request leaves the machine from the server: every HTTP(S) request the server process makes through
`requests` (what Streamlit uses) goes to a local recorder instead (HTTP_PROXY/HTTPS_PROXY), and the recorder
must stay empty. The browser side is covered by the browser tests (any request to a host other than
127.0.0.1 fails them)."""

from __future__ import annotations

import socket
import sys
import threading
import time
import urllib.request

import pytest

from sos_dash import serve, visit
from sos_dash.chromium import run_async
from sos_dash.tools.local_server import ROOT, Server

FOREIGN = "https://partner.example"


class Recorder:
    """A local listener that notes the first line of every request sent to it and closes the connection."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.seen: list[str] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                self.seen.append(conn.recv(4096).split(b"\r\n")[0].decode(errors="replace"))

    def env(self) -> dict[str, str]:
        return {"HTTP_PROXY": self.url, "HTTPS_PROXY": self.url, "NO_PROXY": "127.0.0.1,localhost"}


@pytest.fixture
def recorder():
    r = Recorder()
    yield r
    r.sock.close()


def _visit_from_elsewhere(base: str) -> None:
    """A reader of our own page, then a page of another site that opens our websocket and fetches a file."""
    import websockets

    result = run_async(visit.open_session(base, "/map", 120))
    assert result.ok, result.problem

    async def foreign_websocket():
        try:
            async with websockets.connect(base.replace("http", "ws") + "/_stcore/stream", origin=FOREIGN,
                                          subprotocols=["streamlit"]):
                pass
        except websockets.InvalidStatus:
            pass  # refused, as it should be: Streamlit's CORS protection is on

    run_async(foreign_websocket())
    request = urllib.request.Request(base + "/app/static/topo/world_110m.json", headers={"Origin": FOREIGN})
    urllib.request.urlopen(request, timeout=10).close()
    time.sleep(1)


@pytest.mark.browser
@pytest.mark.parametrize("command, leaks", [
    (None, False),  # python -m sos_dash serve app.py, as make run
    # the canary: plain Streamlit does ask checkip.amazonaws.com; if this stops, `sos_dash serve` may go
    ([sys.executable, "-m", "streamlit", "run", "app.py"], True),
])
def test_the_server_sends_nothing_outside_the_machine(command, leaks, recorder):
    server = Server("app.py", ROOT, command=command, env=recorder.env())
    try:
        _visit_from_elsewhere(server.base)
    finally:
        server.stop()
    if leaks:
        assert any("checkip.amazonaws.com" in line for line in recorder.seen), recorder.seen
    else:
        assert recorder.seen == []


def test_start_up_banner_asks_for_no_public_address(recorder, monkeypatch, capsys):
    """`make run` and the container run headless on all interfaces, where Streamlit's banner looks up the
    public address; the banner is printed in-process here (tests listen on 127.0.0.1 only)."""
    from streamlit import config, net_util
    from streamlit.web import bootstrap

    for key, value in recorder.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(net_util, "get_external_ip", net_util.get_external_ip)  # restored after the test
    monkeypatch.setattr(net_util, "_external_ip", None)
    config.set_option("server.headless", True)
    assert not config.is_manually_set("server.address")
    serve.without_public_address_lookup()
    bootstrap._print_url(False)
    assert "Local URL" in capsys.readouterr().out
    assert recorder.seen == []


def test_serve_runs_this_projects_app_with_telemetry_off():
    args = serve.streamlit_args(None, ["--server.port=8501"])
    assert args[:2] == ["run", str(ROOT / "app.py")]
    assert "--browser.gatherUsageStats=false" in args and args[-1] == "--server.port=8501"
    assert serve.streamlit_args("baseline.py", [])[1] == "baseline.py"
