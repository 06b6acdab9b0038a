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
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..chromium import run_async
from ..paths import ROOT
from ..visit import SESSION_PAGES, SessionResult, open_session
from .local_server import ManyServer, Server, pids_rss_mb


# The pages a reader opens, mixed across sessions; every one but /data draws a chart.
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
            "per_round": [{**{k: v for k, v in rnd.items() if k != "results"}, **views_by_page(rnd["results"])}
                          for rnd in raw["rounds"]]}


def views_by_page(results: list[dict]) -> dict:
    """A round's view times: all sessions, and per page asked for (the second view is the same page in the other
    language)."""
    def spread(rows: list[dict]) -> dict:
        return {view: _spread([r[view] for r in rows if r[view] is not None])
                for view in ("first_view_s", "second_view_s")}

    pages = dict.fromkeys(r["path"] for r in results)
    return {**spread(results), "by_page": {p: spread([r for r in results if r["path"] == p]) for p in pages}}


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
    # servers started here are warmed before the first reader, as `make run` and serve-many serve them
    app = Target(url) if url else ManyServer(workers, cwd, warm=True) if workers else Server(script, cwd, warm=True)
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
        lines.append(f"round {i}: first view s {rnd['first_view_s']}, second {rnd['second_view_s']}")
        lines += [f"  {page}: first {v['first_view_s']}, second {v['second_view_s']}"
                  for page, v in rnd["by_page"].items()]
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
