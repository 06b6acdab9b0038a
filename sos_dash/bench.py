"""python -m sos_dash bench: server-side page timings and figure sizes, reported (never pass/fail).

Per page, measured in this one run with Streamlit's AppTest: the cold first run (a fresh AppTest, data
already cached in the process, as on a server that has served one page) and the warm rerun (median
of N reruns of the same AppTest). Also the bytes of each figure spec sent to the browser. Prints a
table and writes JSON. This module drives the app like a test does, so it imports streamlit.testing.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from . import embeds

ROOT = Path(__file__).resolve().parent.parent
PAGES = embeds.PAGE_SCRIPTS
BUDGET_WARM_MS = 100.0
BUDGET_COLD_MS = 1500.0
BUDGET_SPEC_KB = 250.0


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
        return {"page": page, "error": str(at.exception[0].value)[:200]}
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        warm.append((time.perf_counter() - t0) * 1000)
    specs = [len(c.proto.spec.encode()) for c in at.get("plotly_chart")]
    return {"page": page, "cold_ms": round(cold, 1), "warm_median_ms": round(statistics.median(warm), 1),
            "warm_runs": runs, "figures": len(specs), "spec_bytes": specs}


def run(runs: int = 10, out: Path | None = None, lang: str = "en") -> dict:
    _app("app.py", {"lang": lang}).run()  # load and cache the data once, as a running server has
    results = [measure_page(p, runs, {"lang": lang}) for p in PAGES]
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.machine()},
        "budgets": {"warm_ms": BUDGET_WARM_MS, "cold_ms": BUDGET_COLD_MS, "spec_kb": BUDGET_SPEC_KB},
        "pages": results,
    }
    out = out or ROOT / "test-artifacts" / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return report


def table(report: dict) -> str:
    lines = [f"{'page':<24} {'cold ms':>9} {'warm ms':>9} {'max spec KB':>12}  budgets: warm<={BUDGET_WARM_MS:g} "
             f"cold<={BUDGET_COLD_MS:g} spec<={BUDGET_SPEC_KB:g}KB"]
    for r in report["pages"]:
        if "error" in r:
            lines.append(f"{r['page']:<24} ERROR {r['error']}")
            continue
        spec = max(r["spec_bytes"], default=0) / 1024
        flags = []
        if r["warm_median_ms"] > BUDGET_WARM_MS:
            flags.append("warm over budget")
        if r["cold_ms"] > BUDGET_COLD_MS:
            flags.append("cold over budget")
        if spec > BUDGET_SPEC_KB:
            flags.append("spec over budget")
        lines.append(f"{r['page']:<24} {r['cold_ms']:>9.1f} {r['warm_median_ms']:>9.1f} {spec:>12.1f}  "
                     f"{'; '.join(flags)}")
    return "\n".join(lines)
