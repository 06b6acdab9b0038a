"""python -m sos_dash bench: how fast and how heavy the dashboard is, measured side by side in one run.

Reported, never pass/fail (tests do not time things). In one run on this machine:
- pages: per page and language, the cold first run (a fresh AppTest; the data already loaded in the
  process, as on a server that has served one page) and the median warm rerun (Streamlit's AppTest);
- figures: the bytes of each figure spec sent to the browser;
- exports: the bytes of each static export file (HTML without the shared plotly.js, CSV), and each chart's weight
  as a static host serves it (weight.py: its HTML and every script it loads, gzip-compressed);
- time to first chart: the map page in headless Chromium against a baseline one-chart Streamlit app
  (one world choropleth from the same shipped topojson) started in the same run, as a ratio of medians;
- memory: the server's RSS after 1 and with 20 concurrent browser sessions, failures among them, and
  after they closed;
- server time per view (servertime.py): per page, readers one after another on a warmed server, the server's CPU
  per view and where a py-spy profile says it went, against Streamlit's default GC after every run.
Prints a table and writes JSON (test-artifacts/bench.json by default). This module drives the app like
a test does, so it imports streamlit.testing and Playwright.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from .. import paths, site
from ..chromium import CHROMIUM, CHROMIUM_ARGS, run_async
from ..i18n import LANGS
from ..visit import SESSION_PAGES
from . import servertime
from .local_server import Server

ROOT = paths.ROOT
PAGES = [p.script for p in site.PAGES]
BUDGETS = {"warm_ms": 100.0, "cold_ms": 1500.0, "spec_kb": 250.0, "ttfc_ratio": 1.15, "rss_mb_20": 400.0,
           "export_html_kb": 250.0, "export_weight_kb": 500.0}
CHART = ".js-plotly-plot .main-svg"
MAP = ".js-plotly-plot path.choroplethlocation"


# ---------------------------------------------------------------- server side: AppTest
def _app(page: str, params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if page != "app.py":
        at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def measure_page(page: str, runs: int, params: dict[str, str]) -> dict:
    at = _app(page, params)
    t0 = time.perf_counter()
    at.run()
    cold = (time.perf_counter() - t0) * 1000
    if at.exception:
        return {"page": page, **params, "error": str(at.exception[0].value)[:200]}
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        warm.append((time.perf_counter() - t0) * 1000)
    specs = [len(c.proto.spec.encode()) for c in at.get("plotly_chart")]
    return {"page": page, **params, "cold_ms": round(cold, 1), "warm_median_ms": round(statistics.median(warm), 1),
            "warm_runs": runs, "figures": len(specs), "spec_bytes": specs}


def measure_exports() -> dict:
    from .. import export, weight
    from ..datapkg.load import load

    with tempfile.TemporaryDirectory() as tmp:
        export.export(load(), Path(tmp), formats=("html", "csv"))
        sizes = {p.name: p.stat().st_size for p in sorted(Path(tmp).iterdir()) if p.name != export.PLOTLY_JS.name}
        charts = [p for p in sorted(Path(tmp).glob("*.html")) if p.name != "index.html"]
        weights = {w.page: w for w in map(weight.weigh, charts)}
    html = {k: v for k, v in sizes.items() if k.endswith(".html") and k != "index.html"}
    heaviest = max(weights.values(), key=lambda w: w.gzip_bytes)
    return {"files": sizes, "max_chart_html_bytes": max(html.values()), "largest_chart_html": max(html, key=html.get),
            "plotly_js_bytes": export.PLOTLY_JS.stat().st_size,
            "weight_gzip_bytes": {k: w.gzip_bytes for k, w in weights.items()},
            "heaviest": heaviest.page, "heaviest_gzip_bytes": heaviest.gzip_bytes,
            "heaviest_files": {f.name: {"bytes": f.raw_bytes, "gzip_bytes": f.gzip_bytes} for f in heaviest.files}}


# ---------------------------------------------------------------- browser side: sessions
BASELINE_APP = '''"""Baseline for the benchmark: one world choropleth, nothing else."""
import json
import plotly.graph_objects as go
import streamlit as st

values = json.loads(open("values.json", encoding="utf-8").read())
fig = go.Figure(go.Choropleth(locations=list(values), z=list(values.values()), locationmode="ISO-3"))
fig.update_geos(resolution=110, projection_type="natural earth", showframe=False)
st.plotly_chart(fig, config={"topojsonURL": "/app/static/topo/"})
'''


def _baseline_dir(tmp: Path) -> Path:
    """A folder with the baseline app, our Streamlit config and our shipped topojson (same static serving)."""
    from ..datapkg.load import load, measure_frame

    frame = measure_frame(load(), "rate_opioid", 2019)
    (tmp / "baseline.py").write_text(BASELINE_APP, encoding="utf-8")
    (tmp / "values.json").write_text(json.dumps(dict(zip(frame["iso3"], map(float, frame["value"]), strict=True))),
                                     encoding="utf-8")
    shutil.copytree(ROOT / ".streamlit", tmp / ".streamlit")
    (tmp / "static").mkdir()
    shutil.copytree(ROOT / "static" / "topo", tmp / "static" / "topo")
    return tmp


def _time_to_chart(browser, url: str, selector: str) -> float:
    """Milliseconds from navigation to the first chart drawn (its selector attached), in a fresh context
    (no cache), every request outside 127.0.0.1 refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(selector, state="attached", timeout=60_000)
    ms = (time.perf_counter() - t0) * 1000
    context.close()
    return ms


def measure_ttfc(browser, app: Server, baseline: Server, runs: int) -> dict:
    targets = {"map_page": (app.base + "/map", MAP), "baseline": (baseline.base + "/", MAP)}
    for url, sel in targets.values():  # warm-up: first script runs, data loaded
        _time_to_chart(browser, url, sel)
    times: dict[str, list[float]] = {k: [] for k in targets}
    for _ in range(runs):  # alternated, so both see the same machine load
        for k, (url, sel) in targets.items():
            times[k].append(_time_to_chart(browser, url, sel))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"runs": runs, "map_page_ms": round(med["map_page"]), "baseline_ms": round(med["baseline"]),
            "ratio": round(med["map_page"] / med["baseline"], 2),
            "all_ms": {k: [round(x) for x in v] for k, v in times.items()}}


def measure_sessions(app: Server, sessions: int) -> dict:
    """RSS with 1 session, then with `sessions` concurrent ones (pages mixed), and after they closed."""
    import asyncio

    from playwright.async_api import async_playwright

    async def open_session(browser, path: str) -> tuple[object, bool]:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        await context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
                            else r.abort())
        page = await context.new_page()
        try:
            await page.goto(app.base + path, wait_until="commit")
            await page.wait_for_selector('[data-testid="stApp"]', timeout=120_000)
            if "/data" not in path:
                await page.wait_for_selector(CHART, state="attached", timeout=120_000)
            await page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                         timeout=120_000)
            ok = await page.locator('[data-testid="stException"]').count() == 0
        except Exception:  # noqa: BLE001 - a session that did not load counts as a failure
            ok = False
        return context, ok

    async def run() -> dict:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            idle = app.rss_mb()
            first, ok1 = await open_session(browser, "/map")
            one = app.rss_mb()
            await first.close()
            t0 = time.perf_counter()
            results = await asyncio.gather(*(open_session(browser, SESSION_PAGES[i % len(SESSION_PAGES)])
                                             for i in range(sessions)))
            load_s = time.perf_counter() - t0
            await asyncio.sleep(2)
            many = app.rss_mb()
            for context, _ in results:
                await context.close()
            await browser.close()
        await asyncio.sleep(10)  # Streamlit drops a session's state shortly after its websocket closes
        after = app.rss_mb()
        failures = sum(1 for _, ok in results if not ok) + (0 if ok1 else 1)
        return {"sessions": sessions, "rss_idle_mb": idle, "rss_1_mb": one, "rss_n_mb": many, "rss_after_mb": after,
                "per_session_mb": round((many - one) / max(sessions - 1, 1), 2), "failures": failures,
                "all_loaded_s": round(load_s, 1)}

    return run_async(run())


# ---------------------------------------------------------------- the run
def run(runs: int = 10, out: Path | None = None, langs: tuple[str, ...] = LANGS, browser: bool = True,
        sessions: int = 20, ttfc_runs: int = 15, server_visits: int = 10) -> dict:
    _app("app.py", {"lang": langs[0]}).run()  # load and cache the data once, as a running server has
    report: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.machine(), "cpus": os.cpu_count()},
        "budgets": BUDGETS,
        "pages": [measure_page(p, runs, {"lang": lang}) for lang in langs for p in PAGES],
        "exports": measure_exports(),
    }
    report["server_time"] = servertime.measure(visits=server_visits)
    if browser:
        from playwright.sync_api import sync_playwright

        app = Server("app.py", ROOT)
        with tempfile.TemporaryDirectory() as tmp:
            baseline = Server("baseline.py", _baseline_dir(Path(tmp)))
            try:
                with sync_playwright() as p:
                    b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    report["ttfc"] = measure_ttfc(b, app, baseline, ttfc_runs)
                    b.close()
            finally:
                baseline.stop()
        try:
            report["memory"] = measure_sessions(app, sessions)
        finally:
            app.stop()
    out = out or ROOT / "test-artifacts" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def verdicts(report: dict) -> list[tuple[str, str, str, bool]]:
    """(what, measured, budget, within budget) for every budget."""
    b = report["budgets"]
    pages = [r for r in report["pages"] if "error" not in r]
    warm = max(r["warm_median_ms"] for r in pages)
    cold = max(r["cold_ms"] for r in pages)
    spec = max((s for r in pages for s in r["spec_bytes"]), default=0) / 1024
    html_kb = report["exports"]["max_chart_html_bytes"] / 1024
    weight_kb = report["exports"]["heaviest_gzip_bytes"] / 1024
    out = [("slowest warm rerun (median)", f"{warm:.0f} ms", f"<= {b['warm_ms']:g} ms", warm <= b["warm_ms"]),
           ("slowest cold first run", f"{cold:.0f} ms", f"<= {b['cold_ms']:g} ms", cold <= b["cold_ms"]),
           ("largest figure spec", f"{spec:.0f} KB", f"<= {b['spec_kb']:g} KB", spec <= b["spec_kb"]),
           ("largest exported chart HTML", f"{html_kb:.0f} KB", f"< {b['export_html_kb']:g} KB",
            html_kb < b["export_html_kb"]),
           ("heaviest export served (gzip, with scripts)", f"{weight_kb:.0f} KB ({report['exports']['heaviest']})",
            f"<= {b['export_weight_kb']:g} KB", weight_kb <= b["export_weight_kb"])]
    if "ttfc" in report:
        r = report["ttfc"]
        out.append(("time to first chart, map page / baseline",
                    f"{r['ratio']:.2f} ({r['map_page_ms']} / {r['baseline_ms']} ms)", f"<= {b['ttfc_ratio']:g}",
                    r["ratio"] <= b["ttfc_ratio"]))
    if "memory" in report:
        m = report["memory"]
        out.append((f"server RSS with {m['sessions']} sessions", f"{m['rss_n_mb']:.0f} MB, {m['failures']} failed",
                    f"<= {b['rss_mb_20']:g} MB, 0 failed", m["rss_n_mb"] <= b["rss_mb_20"] and m["failures"] == 0))
    if any("error" in r for r in report["pages"]):
        out.append(("pages that raised", ", ".join(r["page"] for r in report["pages"] if "error" in r), "none", False))
    return out


def load_test(sessions: int, out: Path | None = None) -> dict:
    """A bounded load test: a fresh server on 127.0.0.1, `sessions` concurrent Chromium sessions (every
    request elsewhere refused, each waits at most 120 s), memory before, during and after; writes JSON."""
    app = Server("app.py", ROOT)
    try:
        result = {"date": datetime.now(UTC).isoformat(timespec="seconds"), **measure_sessions(app, sessions)}
    finally:
        app.stop()
    out = out or ROOT / "test-artifacts" / f"load-{sessions}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def memory_line(m: dict) -> str:
    return (f"memory: idle {m['rss_idle_mb']} MB, 1 session {m['rss_1_mb']} MB, {m['sessions']} sessions "
            f"{m['rss_n_mb']} MB ({m['per_session_mb']} MB per extra session), after closing "
            f"{m['rss_after_mb']} MB; failures {m['failures']}; all loaded in {m['all_loaded_s']} s")


def table(report: dict) -> str:
    lines = [f"{'page':<24} {'lang':<4} {'cold ms':>8} {'warm ms':>8} {'figures':>7} {'max spec KB':>11}"]
    for r in report["pages"]:
        if "error" in r:
            lines.append(f"{r['page']:<24} {r.get('lang', ''):<4} ERROR {r['error']}")
            continue
        spec = max(r["spec_bytes"], default=0) / 1024
        lines.append(f"{r['page']:<24} {r.get('lang', ''):<4} {r['cold_ms']:>8.1f} {r['warm_median_ms']:>8.1f} "
                     f"{r['figures']:>7} {spec:>11.1f}")
    e = report["exports"]
    lines.append(f"\nexports: largest chart HTML {e['largest_chart_html']} {e['max_chart_html_bytes'] / 1024:.1f} KB "
                 f"(+ shared plotly.js {e['plotly_js_bytes'] / 1024:.0f} KB)")
    parts = ", ".join(f"{name} {f['gzip_bytes'] / 1024:.1f}" for name, f in e["heaviest_files"].items())
    lightest = min(e["weight_gzip_bytes"], key=e["weight_gzip_bytes"].get)
    lines.append(f"served gzip-compressed with what it loads: heaviest {e['heaviest']} "
                 f"{e['heaviest_gzip_bytes'] / 1024:.1f} KB ({parts}); lightest {lightest} "
                 f"{e['weight_gzip_bytes'][lightest] / 1024:.1f} KB")
    if "memory" in report:
        lines.append(memory_line(report["memory"]))
    if "server_time" in report:
        lines += ["", *servertime.lines(report["server_time"])]
    lines.append("\nbudget check (reported, not pass/fail):")
    for what, measured, budget, ok in verdicts(report):
        lines.append(f"  {'ok  ' if ok else 'OVER'} {what:<44} {measured:<28} {budget}")
    return "\n".join(lines)
