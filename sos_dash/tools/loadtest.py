"""python -m sos_dash load: a bounded load test of the app on 127.0.0.1 with websocket clients.

Each client is what a browser tab is to the server, without the browser: it opens Streamlit's websocket
(`/_stcore/stream`), asks for a page and view the way the frontend does (a `rerun_script` BackMsg with the
URL's path and query), reads every message of the run and then asks for a second view (the same page in
the other language, as the language link does). A session fails when a run does not finish within the
time limit, ends in anything but success, shows an exception, lands on the wrong page or lacks its chart,
or when the server drops it before the reader leaves. In each round all sessions stay open together; the
server's memory and its own counts (open sessions, cached bytes) are read, the sessions close, and both
are read again; later rounds show whether what the first freed is reused. Browsers are not used because
on a small machine 50 Chromium tabs take the CPU from the server they are meant to measure
(docs/performance.md); `--clients browser` still runs them (bench.load_test).

Like a browser, a client first GETs the page and sends the cookies it was given (serve-many's nginx routes a
reader to its worker by one) with the websocket handshake. `--url` aims at a server already running (its
memory read when its processes can be found); `--workers 1 2` starts serve-many with each number of workers
in turn and runs the same load against each (docs/deploy.md).
"""

from __future__ import annotations

import asyncio
import collections
import re
import statistics
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from .. import site
from ..chromium import run_async
from ..i18n import DEFAULT_LANG, LANGS
from ..paths import ROOT
from .local_server import ManyServer, Server, pids_rss_mb

# The pages a reader opens, mixed across sessions; every one but /data draws a chart.
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


def parse_metrics(text: str) -> dict:
    """Streamlit's /_stcore/metrics (OpenMetrics text) -> {"active_sessions": n, "<cache type>_bytes": n, ...};
    cache sizes are summed over the caches of a type."""
    out: dict = {}
    m = re.search(r"^active_sessions (\d+)", text, re.M)
    if m:
        out["active_sessions"] = int(m.group(1))
    for kind, value in re.findall(r'^cache_memory_bytes\{cache_type="([^"]+)"[^}]*\} (\d+)', text, re.M):
        out[f"{kind}_bytes"] = out.get(f"{kind}_bytes", 0) + int(value)
    return out


def server_metrics(base: str) -> dict:
    """The server's own count of open sessions and the bytes its caches, media files and session states hold."""
    text = ""
    for query in ("", "?families=cache_memory_bytes"):
        with urllib.request.urlopen(base + "/_stcore/metrics" + query, timeout=10) as r:
            text += r.read().decode() + "\n"
    return parse_metrics(text)


def metrics_of(app) -> dict:
    """The server's counts, summed over serve-many's workers when it has them (each read directly)."""
    total: dict = {}
    for base in getattr(app, "metric_bases", None) or [app.base]:
        for k, v in server_metrics(base).items():
            total[k] = total.get(k, 0) + v
    return total


def worker_cookies(app) -> list[str]:
    """One cookie per serve-many worker (a reader of each), or one reader without a cookie for a single server."""
    from ..serve_many import COOKIE

    bases = getattr(app, "metric_bases", None) or [app.base]
    return [f"{COOKIE}={n}" for n in range(1, len(bases) + 1)] if len(bases) > 1 else [""]


class Target:
    """A server the load test did not start (`--url`): a serve-many of this user on that port (its state file
    names the workers), or a single process listening there; its memory is None when neither is found."""

    def __init__(self, url: str):
        self.base = url.rstrip("/")
        parts = urlsplit(self.base)
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.local = parts.hostname in ("127.0.0.1", "localhost", "::1")

    def _state(self) -> dict | None:
        from .. import serve_many

        return serve_many.read_state(self.port) if self.local else None

    @property
    def metric_bases(self) -> list[str]:
        state = self._state()
        return [f"http://127.0.0.1:{w['port']}" for w in state["workers"]] if state else [self.base]

    def pids(self) -> list[int]:
        state = self._state()
        if state:
            return [w["pid"] for w in state["workers"]]
        if not self.local:
            return []
        import psutil

        try:
            found = {c.pid for c in psutil.net_connections("tcp")
                     if c.status == psutil.CONN_LISTEN and c.laddr.port == self.port and c.pid}
        except psutil.AccessDenied:
            return []
        # a proxy's memory is not the app's: only Python processes count
        return sorted(pid for pid in found if "python" in psutil.Process(pid).name().lower())

    def rss_mb(self) -> float | None:
        pids = self.pids()
        return pids_rss_mb(pids) if pids else None


async def _round(app: Server, sessions: int, timeout: float, pages: list[str], settle_s: float,
                 ramp_s: float) -> dict:
    """`sessions` readers open together (arriving over ramp_s), memory read while all are open, then they
    close and memory is read again after settle_s."""
    release, all_loaded, waiting = asyncio.Event(), asyncio.Event(), [sessions]

    def loaded() -> None:
        waiting[0] -= 1
        if waiting[0] == 0:
            all_loaded.set()

    async def reader(i: int) -> SessionResult:
        await asyncio.sleep(ramp_s * i / sessions)  # arrivals spread evenly over ramp_s (0: all at once)
        return await open_session(app.base, pages[i % len(pages)], timeout, release, loaded)

    t0 = time.perf_counter()
    tasks = [asyncio.create_task(reader(i)) for i in range(sessions)]
    await all_loaded.wait()  # bounded: every session gives up after `timeout`
    load_s = time.perf_counter() - t0
    await asyncio.sleep(2)
    open_mb, during = app.rss_mb(), await asyncio.to_thread(metrics_of, app)
    release.set()
    results = await asyncio.gather(*tasks)
    await asyncio.sleep(settle_s)  # Streamlit forgets a session shortly after its websocket closes
    closed_mb, after = app.rss_mb(), await asyncio.to_thread(metrics_of, app)
    return {"all_loaded_s": round(load_s, 1), "rss_open_mb": open_mb, "rss_closed_mb": closed_mb,
            "server_open": during, "server_closed": after, "results": [asdict(r) for r in results]}


async def _load(app: Server, sessions: int, timeout: float, pages: list[str], settle_s: float, ramp_s: float,
                rounds: int) -> dict:
    # loads the data, as after a first reader: in each of serve-many's workers (its cookie names the worker)
    warmups = [await open_session(app.base, pages[0], timeout, cookie=c) for c in worker_cookies(app)]
    warmup = next((w for w in warmups if not w.ok), warmups[0])
    one = app.rss_mb()
    done = [await _round(app, sessions, timeout, pages, settle_s, ramp_s) for _ in range(rounds)]
    return {"warmup": asdict(warmup), "warmed_workers": len(warmups), "rss_1_mb": one, "rounds": done,
            "settle_s": settle_s, "ramp_s": ramp_s}


def _spread(xs: list[float]) -> dict | None:
    if not xs:
        return None
    xs = sorted(xs)
    return {"median": round(statistics.median(xs), 2), "p95": round(xs[int(0.95 * (len(xs) - 1))], 2),
            "max": round(xs[-1], 2)}


def summary(raw: dict, sessions: int, idle_mb: float) -> dict:
    """The report: failures with their reasons, view times, and per round the memory with every session
    open and after they closed (a later round that ends where the first did reuses what the first freed)."""
    results = [r for rnd in raw["rounds"] for r in rnd["results"]]
    failed = [r for r in results if not r["ok"]] + ([raw["warmup"]] if not raw["warmup"]["ok"] else [])
    first_open = raw["rounds"][0]["rss_open_mb"]
    return {"clients": "websocket", "sessions": sessions, "rounds": len(raw["rounds"]), "ramp_s": raw["ramp_s"],
            "settle_s": raw["settle_s"], "failures": len(failed),
            "problems": sorted({f"{r['path']}: {r['problem']}" for r in failed}),
            "first_view_s": _spread([r["first_view_s"] for r in results if r["first_view_s"] is not None]),
            "second_view_s": _spread([r["second_view_s"] for r in results if r["second_view_s"] is not None]),
            "rss_idle_mb": idle_mb, "rss_1_mb": raw["rss_1_mb"], "warmed_workers": raw.get("warmed_workers", 1),
            "per_session_mb": None if first_open is None or raw["rss_1_mb"] is None else
            round((first_open - raw["rss_1_mb"]) / sessions, 3),
            "per_worker": dict(sorted(collections.Counter(r["worker"] for r in results if r.get("worker")).items())),
            "per_round": [{k: v for k, v in rnd.items() if k != "results"} for rnd in raw["rounds"]]}


def load_test(sessions: int, out: Path | None = None, timeout: float = 120, pages: list[str] | None = None,
              script: str = "app.py", cwd: Path = ROOT, settle_s: float = 10, ramp_s: float = 0,
              rounds: int = 2, *, url: str | None = None, workers: int | None = None) -> dict:
    """`rounds` rounds of `sessions` concurrent websocket sessions against a fresh server on 127.0.0.1 (`script`),
    a fresh serve-many with `workers` workers, or the server already running at `url`; writes (if `out`) and
    returns the report."""
    if sessions < 1 or rounds < 1:
        raise ValueError("the load test needs at least one session and one round")
    if url and workers:
        raise ValueError("give url (a running server) or workers (a serve-many started here), not both")
    app = Target(url) if url else ManyServer(workers, cwd) if workers else Server(script, cwd)
    try:
        idle = app.rss_mb()
        raw = run_async(_load(app, sessions, timeout, pages or SESSION_PAGES, settle_s, ramp_s, rounds))
    finally:
        if not url:
            app.stop()
    target = {"url": url} if url else {"workers": workers} if workers else {}
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"), **target, **summary(raw, sessions, idle)}
    if out is not None:
        write_report(report, out)
    return report


def write_report(report: dict | list, out: Path) -> None:
    import json

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def _per_worker(r: dict, prefix: str = "") -> str:
    return ", ".join(f"{prefix}{k}: {v}" for k, v in r.get("per_worker", {}).items())


def _mb(x: float | None) -> str:
    return "not measured" if x is None else f"{x} MB"


def report_lines(r: dict) -> str:
    arriving = f"arriving over {r['ramp_s']:g} s" if r["ramp_s"] else "arriving at once"
    each = f" in each of {r['warmed_workers']} workers" if r.get("warmed_workers", 1) > 1 else ""
    against = (f" against {r['url']}" if r.get("url") else f" against serve-many --workers {r['workers']}"
               if r.get("workers") else "")
    lines = [f"{r['rounds']} rounds of {r['sessions']} concurrent {r['clients']} sessions ({arriving}){against}: "
             f"{r['failures']} failed",
             f"first view s: {r['first_view_s']}; second view (other language) s: {r['second_view_s']}",
             f"server RSS: idle {_mb(r['rss_idle_mb'])}, after 1 session{each} {_mb(r['rss_1_mb'])} "
             f"({r['per_session_mb']} MB per session in round 1)"]
    if r.get("per_worker"):
        lines.append("sessions per worker (all rounds): " + _per_worker(r, "worker "))
    for i, rnd in enumerate(r["per_round"], 1):
        lines.append(f"round {i}: all loaded in {rnd['all_loaded_s']} s; RSS {_mb(rnd['rss_open_mb'])} open, "
                     f"{_mb(rnd['rss_closed_mb'])} {r['settle_s']:g} s after closing; server open: "
                     f"{_kv(rnd['server_open'])}; closed: {_kv(rnd['server_closed'])}")
    lines += [f"  failed: {p}" for p in r["problems"]]
    return "\n".join(lines)


def _kv(metrics: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(metrics.items()))


# the rows of the side-by-side comparison: (label, how to read it from a report)
COMPARED = [
    ("sessions failed", lambda r: r["failures"]),
    ("first view median s", lambda r: (r["first_view_s"] or {}).get("median")),
    ("first view p95 s", lambda r: (r["first_view_s"] or {}).get("p95")),
    ("first view max s", lambda r: (r["first_view_s"] or {}).get("max")),
    ("second view median s", lambda r: (r["second_view_s"] or {}).get("median")),
    ("second view p95 s", lambda r: (r["second_view_s"] or {}).get("p95")),
    ("round 1: all loaded s", lambda r: r["per_round"][0]["all_loaded_s"]),
    ("RSS idle MB (workers)", lambda r: r["rss_idle_mb"]),
    ("RSS after 1 session per worker MB", lambda r: r["rss_1_mb"]),
    ("round 1: RSS open MB", lambda r: r["per_round"][0]["rss_open_mb"]),
    ("round 1: RSS closed MB", lambda r: r["per_round"][0]["rss_closed_mb"]),
    ("sessions per worker (all rounds)", lambda r: _per_worker(r) or None),
]


def side_by_side(reports: list[dict]) -> str:
    """Reports of the same load against serve-many with different numbers of workers, one column each."""
    heads = [f"{r['workers']} worker{'s' if r['workers'] != 1 else ''}" for r in reports]
    rows = [(label, [("-" if (v := get(r)) is None else str(v)) for r in reports]) for label, get in COMPARED]
    first = max(len(label) for label, _ in rows)
    widths = [max(len(h), *(len(vals[i]) for _, vals in rows)) for i, h in enumerate(heads)]
    r0 = reports[0]
    arriving = f"arriving over {r0['ramp_s']:g} s" if r0["ramp_s"] else "arriving at once"
    lines = [f"{r0['rounds']} rounds of {r0['sessions']} websocket sessions ({arriving}) against serve-many:",
             "  ".join([" " * first, *(h.rjust(w) for h, w in zip(heads, widths, strict=True))])]
    lines += ["  ".join([label.ljust(first), *(v.rjust(w) for v, w in zip(vals, widths, strict=True))])
              for label, vals in rows]
    lines += [f"  failed ({r['workers']} workers): {p}" for r in reports for p in r["problems"]]
    return "\n".join(lines)
