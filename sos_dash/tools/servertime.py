"""Where a page view's server time goes (python -m sos_dash bench; docs/performance.md, "Server time per view").

For each page, on a warmed server on 127.0.0.1 with nothing else asking: `visits` readers one after another
(each the page, then the same view in the other language: visit.py), timed by the client (view time), with the
server's CPU time per view (psutil) and a py-spy profile of the server during the visits, its samples sorted
into what the time was spent on (BUCKETS). Run against the app as shipped and, side by side in the same run,
against the same app with Streamlit's default full garbage collection after every script run (the setting
.streamlit/config.toml turns off), so the table says what that setting buys on this machine.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from ..chromium import run_async
from ..visit import SESSION_PAGES, open_session
from .local_server import Server

# What a sample was doing, by the innermost frame that matches a rule (frames are "function (path:line)").
BUCKETS: list[tuple[str, re.Pattern]] = [
    ("gc after the run", re.compile(r"^_on_script_finished \(.*streamlit/runtime/scriptrunner/")),
    ("figure specs to JSON", re.compile(r"plotly/io/_json|_plotly_utils/|\(.*plotly/basedatatypes\.py")),
    ("tables to Arrow", re.compile(r"pyarrow/|streamlit/dataframe_util\.py|streamlit/elements/arrow\.py")),
    ("messages: protobuf, sending", re.compile(r"google/protobuf|/protobuf/|starlette|tornado/|websocket|"
                                               r"forward_msg|app_session\.py|runtime/runtime\.py")),
    ("Streamlit elements", re.compile(r"streamlit/(elements|delta_generator|cursor|navigation)")),
    ("our code: data, texts, charts", re.compile(r"sos_dash/|/pages/\d|/app\.py")),
    ("script runner", re.compile(r"streamlit/runtime/scriptrunner|streamlit/runtime/(pages_manager|state)")),
]
OTHER = "other (event loop, Streamlit runtime)"
IDLE = re.compile(r"^(select|poll|epoll|wait|_worker|run_forever|_run_once) \(")


def bucket(frames: list[str]) -> str | None:
    """The bucket of one sample (frames root first); None for a thread waiting on I/O or a lock."""
    if not frames or IDLE.match(frames[-1]):
        return None
    for frame in reversed(frames):
        for name, pattern in BUCKETS:
            if pattern.search(frame):
                return name
    return OTHER


def shares(raw: str) -> dict:
    """py-spy's raw output ("frame;frame;... count" per line) -> busy samples and the percent of them per bucket."""
    counts: Counter = Counter()
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        b = bucket(stack.split(";"))
        if b:
            counts[b] += int(n)
    busy = sum(counts.values())
    order = [name for name, _ in BUCKETS] + [OTHER]
    return {"samples": busy, "percent": {k: round(100 * counts[k] / busy, 1) for k in order if counts[k]}
            if busy else {}}


def py_spy() -> str | None:
    found = Path(sys.executable).with_name("py-spy")
    return str(found) if found.exists() else shutil.which("py-spy")


def _cpu_s(pid: int) -> float:
    import psutil

    p = psutil.Process(pid)
    return sum(sum(q.cpu_times()[:2]) for q in [p, *p.children(recursive=True)])


def measure_page(app: Server, page: str, visits: int, profile: bool) -> dict:
    """`visits` readers of `page` one after another: median view times (ms), server CPU ms per view, and where
    the server's samples went (py-spy) or why there is no profile."""
    async def read(n: int) -> list:
        return [await open_session(app.base, page, 120) for _ in range(n)]

    run_async(read(1))  # the page's charts built (the warm-up does this for every page's first view)
    spy, out = None, Path(tempfile.mkstemp(suffix=".txt")[1])
    binary = py_spy() if profile else None
    if binary:
        spy = subprocess.Popen([binary, "record", "--format", "raw", "--rate", "250", "--nonblocking",
                                "--output", str(out), "--pid", str(app.proc.pid)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1.0)  # py-spy attaches
    cpu0 = _cpu_s(app.proc.pid)
    results = run_async(read(visits))
    cpu = _cpu_s(app.proc.pid) - cpu0
    row = {"page": page, "visits": visits, "failed": sum(not r.ok for r in results),
           "first_view_ms": round(1000 * statistics.median(r.first_view_s or 0 for r in results)),
           "second_view_ms": round(1000 * statistics.median(r.second_view_s or 0 for r in results)),
           "cpu_ms_per_view": round(1000 * cpu / (2 * visits))}
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        try:
            _, err = spy.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
            err = b"py-spy did not stop"
        raw = out.read_text(errors="replace") if out.exists() else ""
        row["profile"] = shares(raw) if raw.strip() else {"error": err.decode(errors="replace").strip()[-300:]}
    else:
        row["profile"] = {"error": "py-spy not installed" if profile else "not asked for"}
    out.unlink(missing_ok=True)
    return row


def measure(visits: int = 10, pages: list[str] | None = None) -> dict:
    """Every page against the app as shipped (profiled), then against the same app with Streamlit's default
    garbage collection after each run (not profiled), in the same run; the second's CPU per view over the first's."""
    variants = {"shipped": {}, "gc after every run": {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}}
    out: dict = {"visits": visits, "variants": {}}
    for name, env in variants.items():
        app = Server(warm=True, env=env)
        try:
            out["variants"][name] = [measure_page(app, p, visits, profile=name == "shipped")
                                     for p in pages or SESSION_PAGES]
        finally:
            app.stop()
    return out


def lines(report: dict) -> list[str]:
    """The table bench prints: per page the views and CPU as shipped, with the default GC, and the profile."""
    shipped = report["variants"]["shipped"]
    with_gc = {r["page"]: r for r in report["variants"].get("gc after every run", [])}
    out = [f"server time per view ({report['visits']} readers one after another, each two views; warmed server):",
           f"  {'page':<24} {'view ms 1st/2nd':>16} {'CPU ms/view':>12} {'with GC after runs':>19}  where the CPU went"]
    for r in shipped:
        gc = with_gc.get(r["page"])
        gc_text = f"{gc['cpu_ms_per_view']} ms ({gc['cpu_ms_per_view'] / max(r['cpu_ms_per_view'], 1):.1f}x)" \
            if gc else "-"
        prof = r["profile"]
        where = "; ".join(f"{k} {v:g}%" for k, v in prof.get("percent", {}).items()) or prof.get("error", "")
        out.append(f"  {r['page']:<24} {r['first_view_ms']:>7}/{r['second_view_ms']:<8} {r['cpu_ms_per_view']:>12} "
                   f"{gc_text:>19}  {where}" + (f" ({r['failed']} failed)" if r["failed"] else ""))
    return out


if __name__ == "__main__":  # python -m sos_dash.tools.servertime: the table alone
    report = measure(int(os.environ.get("VISITS", "10")))
    print("\n".join(lines(report)))
