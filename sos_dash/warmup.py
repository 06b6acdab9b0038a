"""Warm a freshly started server: every page's first view, in every language, once, before readers arrive.

A page's first view in a language builds its charts, texts and country lists and compiles its script; each is
kept for the process (ui.cached_chart, ui.profile_text, st.cache_resource). Without this the first readers of a
new server build them: a burst of 50 readers arriving over 10 s right after a start waited a median of 2.8 s
for their first view, and 0.15 s once warm (docs/performance.md). `python -m sos_dash serve` starts it in a
thread once the server answers its health check, from the machine itself (127.0.0.1), with the visit the load test
makes (visit.py: a reader's exact path); `SOS_WARM_UP=0` turns it off (the tests' servers).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from . import paths

WARMED = "sos_dash: warmed"  # the line printed when done (tools/local_server.Server waits for it)
ENV = "SOS_WARM_UP"


def wanted(environ=os.environ) -> bool:
    return environ.get(ENV, "1") != "0"


def serves_app(script: str | None, cwd: Path | None = None) -> bool:
    """Whether `python -m sos_dash serve [script]` serves this app (its pages are the ones warmed)."""
    return script is None or ((cwd or Path.cwd()) / script).resolve() == paths.ROOT / "app.py"


def local_base(address: str, port: int, base_path: str) -> str:
    """Where the server answers from this machine: its own address if it is bound to one, else 127.0.0.1."""
    host = address if address and address not in ("0.0.0.0", "::") else "127.0.0.1"
    path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    return f"http://{host}:{port}{path}"


def wait_healthy(base: str, timeout: float = 120) -> bool:
    from .serve_many import answers

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answers(base + "/_stcore/health"):
            return True
        time.sleep(0.3)
    return False


def warmed(lines) -> int:
    """How many servers said they are warm in these output lines (bytes, as a server's output is read)."""
    return sum(line.startswith(WARMED.encode()) for line in lines)


def warm(base: str, timeout: float = 120) -> tuple[int, list[str]]:
    """Every page's first view and the same view in the other language (loadtest.SESSION_PAGES), one after
    another; (views run, problems)."""
    from .chromium import run_async
    from .visit import SESSION_PAGES, open_session

    async def run():
        return [await open_session(base, page, timeout) for page in SESSION_PAGES]

    results = run_async(run())
    return 2 * len(results), [f"{r.path}: {r.problem}" for r in results if not r.ok]


def warm_when_up() -> None:
    """Wait for the server this process runs, warm it, say so in one line."""
    from streamlit import config, runtime

    deadline = time.monotonic() + 120
    while not runtime.exists() and time.monotonic() < deadline:  # the runtime exists once the options are read
        time.sleep(0.2)
    base = local_base(config.get_option("server.address") or "", config.get_option("server.port"),
                      config.get_option("server.baseUrlPath") or "")
    if not wait_healthy(base):
        print(f"{WARMED}: no (the server did not answer at {base})", flush=True)
        return
    t0 = time.perf_counter()
    try:
        views, problems = warm(base)
    except Exception as e:  # a warm-up that fails leaves the server as it is: readers build what they open
        print(f"{WARMED}: no ({type(e).__name__}: {e})", flush=True)
        return
    print(f"{WARMED} {views} views in {time.perf_counter() - t0:.1f} s"
          + (f"; problems: {'; '.join(problems)}" if problems else ""), flush=True)


def start() -> threading.Thread:
    thread = threading.Thread(target=warm_when_up, name="sos-warm-up", daemon=True)
    thread.start()
    return thread
