"""Shared fixtures: the real data once per run, writable copies of data/, a freshly started Streamlit server and
Chromium for browser tests; and the check that a test running a page through AppTest carries the apptest mark.

The AppTest harness (running pages, their texts) is tests/apptest.py."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pytest

from sos_dash import site
from sos_dash.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 (tests use them)
from sos_dash.datapkg import schema
from sos_dash.paths import DATA_DIR, ROOT
from sos_dash.tools.local_server import Server

ARTIFACTS = ROOT / "test-artifacts"
DATA = DATA_DIR
OUTPUTS = [t.filename for t in schema.TABLES] + ["datapackage.json"]
OLD = 1_600_000_000_000_000_000  # 2020-09-13: an mtime no write can produce by accident


def writable_copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".build-*"))
    for p in dst.rglob("*"):
        if p.is_file():
            p.chmod(p.stat().st_mode | stat.S_IWUSR)
    return dst


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A writable copy of data/ with raw/, its built files dated in the past (for build_data)."""
    d = writable_copy(DATA, tmp_path / "data")
    for name in OUTPUTS:
        os.utime(d / name, ns=(OLD, OLD))
    return d


def snapshot(d: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every built file: equal before and after means nothing was written."""
    return {name: ((d / name).read_bytes(), (d / name).stat().st_mtime_ns) for name in OUTPUTS}


@pytest.fixture(scope="session")
def data():
    from sos_dash.datapkg.load import load
    return load()


def start_server() -> Server:
    """A fresh `streamlit run app.py` on a free port of 127.0.0.1 (waits for /_stcore/health)."""
    return Server(site.HOME.script, ROOT)


@pytest.fixture(scope="module")
def server():
    """One server for a test module."""
    srv = start_server()
    yield srv.base
    srv.stop()


@pytest.fixture
def fresh_server():
    """A server started for this test alone, so its first request is the test's."""
    srv = start_server()
    yield srv.base
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    pw = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with pw.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageWatch:
    """Records page errors, console errors and every request that leaves 127.0.0.1."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    watch = PageWatch(pg)
    yield watch
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _apptest_mark(request):
    """apptest.run refuses to run a page in a test without the apptest mark, so `-m "not apptest"` runs none."""
    harness = sys.modules.get("apptest")  # imported by the page tests only
    if harness is not None:
        harness.MARKED = request.node.get_closest_marker("apptest") is not None
    yield
    if harness is not None:
        harness.MARKED = True
