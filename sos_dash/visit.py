"""A reader's visit, over Streamlit's websocket as a browser makes it, without the browser.

The visit GETs the page (for the cookies it sets: serve-many's nginx routes a reader to its worker by one), opens
`/_stcore/stream` with them, asks for the page and view the way the frontend does (a `rerun_script` BackMsg with
the URL's path and query), reads every message of the run, then asks for the same view in the other language (as
the language link does). It fails when a run does not finish in time, ends in anything but success, shows an
exception, lands on the wrong page or lacks its chart. The load test (tools/loadtest.py) runs many at once; the
warm-up (warmup.py) runs one per page on a fresh server.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import site
from .i18n import DEFAULT_LANG, LANGS

SESSION_PAGES = [p.load_view for p in site.PAGES]
WITHOUT_CHART = {"data"}
SUCCESS = 0  # ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY


@dataclass
class RunResult:
    """What one script run sent to a session, reduced to what decides success."""

    finished: bool = False
    status: int | None = None
    page: str | None = None  # url_pathname of the page that ran ("" for the home page)
    page_not_found: bool = False
    exceptions: list[str] = field(default_factory=list)
    elements: int = 0
    charts: int = 0
    downloads: list[str] = field(default_factory=list)  # the download buttons' file URLs (/media/...)

    def problem(self, expected_page: str) -> str | None:
        """None when the run is what a reader of `expected_page` should get, else why not."""
        if not self.finished:
            return "the run did not finish"
        if self.status != SUCCESS:
            return f"the run ended with status {self.status}"
        if self.page_not_found:
            return "page not found"
        if self.exceptions:
            return "exception: " + self.exceptions[0][:200]
        if self.page != expected_page:
            return f"ran page {self.page!r} instead of {expected_page!r}"
        if expected_page not in WITHOUT_CHART and self.charts == 0:
            return "no chart"
        return None


def page_of(path: str) -> str:
    """The page a URL path asks for, as Streamlit names it: '/countries?x=1' -> 'countries', '/' -> ''."""
    return urlsplit(path).path.strip("/")


def rerun_message(base: str, path: str) -> bytes:
    """The BackMsg a browser sends to show `path` (e.g. '/countries?country=KAZ') of the app at `base`."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = urlsplit(path).query
    state.page_name = page_of(path)
    state.context_info.url = base + path
    state.context_info.timezone = "UTC"
    state.context_info.locale = "en-US"
    return msg.SerializeToString()


def other_language(path: str) -> str:
    """The same view in the next language of LANGS (after the last, the first): what a language link asks for."""
    parts = urlsplit(path)
    query = dict(parse_qsl(parts.query))
    lang = query.get("lang") if query.get("lang") in LANGS else DEFAULT_LANG
    query["lang"] = LANGS[(LANGS.index(lang) + 1) % len(LANGS)]
    return f"{parts.path}?{urlencode(query)}"


def read_message(result: RunResult, raw: bytes) -> RunResult:
    """Fold one ForwardMsg of a run into its result (pure apart from parsing)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = ForwardMsg()
    msg.ParseFromString(raw)
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        result.elements += 1
        which = element.WhichOneof("type")
        if which == "exception":
            result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif which == "plotly_chart":
            result.charts += 1
        elif which == "download_button" and element.download_button.url:
            result.downloads.append(element.download_button.url)
    elif kind == "navigation":
        pages = {p.page_script_hash: p.url_pathname for p in msg.navigation.app_pages}
        result.page = pages.get(msg.navigation.page_script_hash)
    elif kind == "page_not_found":
        result.page_not_found = True
    elif kind == "script_finished":
        result.finished = True
        result.status = msg.script_finished
    return result


@dataclass
class SessionResult:
    path: str
    ok: bool
    problem: str | None
    first_view_s: float | None
    second_view_s: float | None
    worker: str | None = None  # the serve-many worker the page request reached (its X-SOS-Worker header)


async def _run(ws, base: str, path: str, deadline: float) -> tuple[RunResult, float]:
    t0 = time.perf_counter()
    await ws.send(rerun_message(base, path))
    result = RunResult()
    while not result.finished:
        raw = await asyncio.wait_for(ws.recv(), timeout=max(deadline - time.monotonic(), 0.001))
        read_message(result, raw)
    return result, time.perf_counter() - t0


def page_request(url: str, timeout: float, cookie: str = "") -> tuple[str, str | None]:
    """GET the page as a browser does first: (the cookies it sets, as a Cookie header; its X-SOS-Worker)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=timeout) as r:
        r.read()
        jar = dict(c.strip().partition("=")[::2] for c in cookie.split(";") if "=" in c)
        for header in r.headers.get_all("Set-Cookie") or []:  # a new value replaces the old, as in a browser
            name, _, value = header.split(";", 1)[0].strip().partition("=")
            jar[name] = value
        return "; ".join(f"{k}={v}" for k, v in jar.items()), r.headers.get("X-SOS-Worker")


def stream_url(base: str) -> str:
    return "ws" + base.removeprefix("http") + "/_stcore/stream"


async def open_session(base: str, path: str, timeout: float, release: asyncio.Event | None = None,
                       loaded=lambda: None, *, cookie: str = "") -> SessionResult:
    """One reader: the page's HTTP request (for its cookies), then over the websocket `path`, then the same
    view in the other language; calls `loaded()` once both are in (or the session failed), then stays
    connected until `release` is set. cookie: one the reader already has (e.g. sos_route=2: serve-many's worker 2)."""
    import websockets

    url = stream_url(base)
    deadline = time.monotonic() + timeout
    times: list[float] = []
    problem: str | None = None
    signalled = False
    worker: str | None = None

    def signal() -> None:
        nonlocal signalled
        if not signalled:
            signalled = True
            loaded()

    try:
        cookie, worker = await asyncio.wait_for(asyncio.to_thread(page_request, base + path, timeout, cookie), timeout)
        # no pings from the client: browsers send none (the server's own pings are answered as a browser would)
        async with websockets.connect(url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout,
                                      ping_interval=None, additional_headers={"Cookie": cookie} if cookie else None,
                                      proxy=None) as ws:
            for view in (path, other_language(path)):
                result, seconds = await _run(ws, base, view, deadline)
                times.append(seconds)
                problem = result.problem(page_of(view))
                if problem:
                    break
            signal()
            if release is not None:
                await release.wait()  # stay connected while the others load and memory is read
                if not problem and ws.close_code is not None:
                    problem = f"the server closed the connection while the reader was on the page ({ws.close_code})"
    except TimeoutError:
        problem = f"no finished run within {timeout:g} s"
    except (OSError, websockets.WebSocketException) as e:
        problem = f"connection: {type(e).__name__}: {e}"
    finally:
        signal()
    return SessionResult(path, problem is None, problem, *(round(t, 3) for t in times), *[None] * (2 - len(times)),
                         worker=worker)
