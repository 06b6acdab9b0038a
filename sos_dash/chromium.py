"""The machine's Chromium, for everything that drives a browser: the image export (kaleido), the benchmark,
the load test's browser clients and the browser tests. Never a downloaded browser: Playwright and kaleido
drive Debian's /usr/bin/chromium with these flags."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# headless in a sandboxed machine with a closed network: no GPU, no sandbox, nothing Chromium fetches itself
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def run_async(coro):
    """asyncio.run(coro) in a thread of its own: the caller's thread may already run an event loop
    (Playwright's sync API keeps one running, e.g. in a test session that opened a browser)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
