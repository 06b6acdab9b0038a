"""The one AppTest harness of the page tests: run a page of site.PAGES with URL parameters (embedded or not, at
an address), a cached run for checks that only read, and the texts of a run.

    at = run(MAP, {"year": "2010"})                   # a fresh run: the test may click, or compare two runs
    at = run_cached(MAP, {"lang": "ru"})              # one run per session for each page, params and context
    at = run(MAP, {"embed": "true"}, embedded=True)   # st.context.is_embedded, at the page's address on BASE
    at = run(TRENDS, url="https://h/dash/trends")     # st.context.url: what the page builds its links from
    texts_of(at), markdown_texts(at)                  # every text a reader sees; those rendered as markdown
    specs(at), figure(spec), widget_values(at)        # the charts' plotly JSON, what a figure shows, the inputs

Without `embedded` or `url` the run has no st.context at all (st.context.url is None: the page writes relative
links), as before the harness. Every test that runs a page carries the `apptest` mark (pytest.ini); conftest
fails a test that runs a page without it, so `-m "not apptest"` leaves every AppTest run out.

Imported as `apptest` (tests/ is on sys.path, as for conftest).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import NamedTuple

from streamlit.testing.v1 import AppTest

from sos_dash import site
from sos_dash.paths import ROOT

APP = str(ROOT / site.HOME.script)  # AppTest's main script; the other pages are switched to
BASE = "http://127.0.0.1:8501"  # the address of the runs that have one
TIMEOUT = 60


def by_slug(slug: str) -> site.Page:
    return next(p for p in site.PAGES if p.slug == slug)


# the pages the tests name (a test of every page walks site.PAGES)
HOME, MAP, TRENDS, COUNTRIES, SOS, DATA = map(by_slug, ("", "map", "trends", "countries", "sos_study", "data"))

MARKED = True  # set per test by conftest: does the running test carry the apptest mark?


# ---------------------------------------------------------------- running pages

def page_of(page: site.Page | str | None) -> site.Page:
    """A page of site.PAGES, given as itself or by its script (None: the home page)."""
    if page is None:
        return site.HOME
    return page if isinstance(page, site.Page) else site.BY_SCRIPT[page]


def address(page: site.Page | str | None) -> str:
    """The page's URL on BASE (what a browser at the page sends as st.context.url)."""
    return BASE + page_of(page).url


def run(page: site.Page | str | None = None, params: Mapping | None = None, *, embedded: bool = False,
        url: str | None = None, popovers_open: bool = True) -> AppTest:
    """A fresh AppTest of the page with these query parameters (a list or tuple: a repeated key), run once.

    embedded: st.context.is_embedded (an iframe of the page); url: st.context.url (default, when embedded:
    the page's address on BASE). Neither: no context (st.context.url is None). popovers_open: every chart's
    popovers (table and CSV, embed codes) open, as after a reader opened them (their content is made only then;
    False: the page as it first arrives)."""
    assert MARKED, "this test runs a page through AppTest: mark it @pytest.mark.apptest"
    p = page_of(page)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if popovers_open:
        from sos_dash import ui
        from sos_dash.charts import REGISTRY

        for chart_id in REGISTRY:
            for kind in ui.POPOVERS:
                at.session_state[ui.popover_key(kind, chart_id)] = True
    if p is not site.HOME:
        at.switch_page(p.script)
    if embedded or url is not None:
        at.context = {"is_embedded": embedded, "url": url or address(p)}
    for k, v in (params or {}).items():
        at.query_params[k] = list(v) if isinstance(v, (list, tuple)) else v
    at.run()
    return at


_RUNS: dict = {}


def run_cached(page: site.Page | str | None = None, params: Mapping | None = None, *, embedded: bool = False,
               url: str | None = None, popovers_open: bool = True) -> AppTest:
    """run(...), once per test session for each page, parameters and context: for tests that only read the
    result (a test that clicks or sets a widget takes a fresh run)."""
    p = page_of(page)
    items = tuple(sorted((k, tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in (params or {}).items()))
    key = (p.script, items, embedded, url, popovers_open)
    if key not in _RUNS:
        _RUNS[key] = run(p, params, embedded=embedded, url=url, popovers_open=popovers_open)
    assert MARKED, "this test reads an AppTest run: mark it @pytest.mark.apptest"
    return _RUNS[key]


def no_exception(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def no_error(at: AppTest) -> AppTest:
    """No exception and no st.error."""
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    return at


# ---------------------------------------------------------------- what a run shows

def specs(at: AppTest) -> list[dict]:
    """The plotly figure of each chart on the page, as JSON."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def figure(spec: dict) -> dict:
    """What a reader sees of a figure: its traces, layout and animation frames."""
    return {"data": spec["data"], "layout": spec.get("layout"), "frames": spec.get("frames")}


WIDGET_KINDS = ("selectbox", "multiselect", "select_slider", "text_input", "button_group")


def widget_values(at: AppTest) -> dict:
    """The value of each input widget, by kind and label."""
    return {f"{kind}:{w.label}": w.value for kind in WIDGET_KINDS for w in at.get(kind)}


def unescape(text: str) -> str:
    """Markdown's backslash escapes undone: the text as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", text, flags=re.S)


class Text(NamedTuple):
    kind: str  # the element ("markdown", "expander", "plotly_chart"...), with the part for a widget ("selectbox.label")
    text: str
    markdown: bool  # Streamlit renders it as markdown (a body, a heading, a label), not as literal text


VALUE_KINDS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success", "code",
               "text", "latex")
MARKDOWN_KINDS = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")
LITERAL_KINDS = ("code", "text", "plotly_chart", "dataframe", "html")  # their labels and bodies are not markdown


def texts_of(at: AppTest) -> list[Text]:
    """Every text of the run, in page order: element bodies, expander labels, table columns, the words of each
    figure (axis and colour-bar titles, annotations, buttons, trace names, hover templates, bar labels), widget
    labels, placeholders, help, html bodies, options and metric values."""
    out: list[Text] = []

    def visit(node) -> None:
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind in VALUE_KINDS:
            out.append(Text(kind, node.value, kind in MARKDOWN_KINDS))
        elif kind == "expander":
            out.append(Text(kind, node.label, True))
        elif kind == "dataframe":
            out.extend(Text("dataframe.column", str(col), False) for col in node.value.columns)
        elif kind == "plotly_chart":
            out.extend(Text(kind, s, False) for s in figure_texts(json.loads(proto.spec)))
        elif proto is not None:
            for attr in ("label", "placeholder", "help", "body"):
                v = getattr(proto, attr, None)
                if isinstance(v, str) and v:
                    out.append(Text(f"{kind}.{attr}", v, attr != "body" and kind not in LITERAL_KINDS))
            for opt in getattr(proto, "options", []) or []:
                out.append(Text(f"{kind}.option", opt if isinstance(opt, str) else getattr(opt, "content", ""), False))
            if kind == "metric":
                out.append(Text(kind, node.value, False))
        for child in (getattr(node, "children", None) or {}).values():
            visit(child)

    visit(at._tree)
    return out


def markdown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(kind, markdown source) of every text Streamlit renders as markdown: bodies, headings, labels."""
    return [(x.kind, x.text) for x in texts_of(at) if x.markdown]


def figure_texts(spec: dict) -> list[str]:
    """The words of a plotly figure a reader sees."""
    lay = spec.get("layout", {})
    out = []
    for axis in ("xaxis", "yaxis"):
        out.append(((lay.get(axis) or {}).get("title") or {}).get("text", ""))
    out += [a.get("text", "") for a in lay.get("annotations", [])]
    out.append((((lay.get("coloraxis") or {}).get("colorbar") or {}).get("title") or {}).get("text", ""))
    out.append(((lay.get("legend") or {}).get("title") or {}).get("text", ""))
    out += [b.get("label", "") for m in lay.get("updatemenus", []) for b in m.get("buttons", [])]
    for tr in spec.get("data", []):
        out.append(tr.get("name") or "")
        out.append(re.sub(r"%\{[^}]*\}", " ", tr.get("hovertemplate") or ""))
        if tr.get("type") == "bar":
            out += [str(y) for y in tr.get("y", [])]
        if tr.get("mode") == "markers+text":
            out += [str(x) for x in tr.get("text", [])]
    return [x for x in out if x]
