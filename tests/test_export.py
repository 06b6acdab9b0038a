"""The static export (python -m sos_dash export): files, determinism, what each HTML page says as text, the CSV,
the images, the command line, the map's shapes; the partial plotly.js (the version, the pins of its build, the trace
types it holds against those every export draws); and, in Chromium, every exported page rendered from disk with the
network blocked, each trace type drawn, narrow and wide, the map's play button, and a live embed of the dashboard in
a 360 px iframe.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import mapfill
import plotly.offline
import pytest

from sos_dash import charts, embeds, export, geo
from sos_dash.__main__ import main
from sos_dash.charts import chart_csv
from sos_dash.figures import wrap
from sos_dash.i18n import LANGS, t
from sos_dash.paths import ROOT
from sos_dash.state import MapState, TrendsState

VIEWS = embeds.export_views()
FILES = [(v, lang) for v in VIEWS for lang in LANGS]
FILE_IDS = [f"{v.stem}.{lang}" for v, lang in FILES]
MAX_HTML = 250 * 1024  # a runaway page; what a reader downloads (gzip, with its scripts) is bench's weight budget
TIMEOUT = 60_000
PLOT = ".js-plotly-plot .main-svg"
SHAPES = ".js-plotly-plot path.choroplethlocation"
PLOTLY = export.PLOTLY_JS.name
# plotly.js and its licence beside the pages, and the shared scripts precompressed
SHARED = {PLOTLY, export.PLOTLY_LICENSE.name, *(f"{name}.gz" for name in export.PRECOMPRESSED)}


@pytest.fixture(scope="module")
def exported(data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export-a")
    items = export.export(data, out, formats=("html", "csv"))
    assert [(i.stem, i.lang) for i in items] == [(v.stem, lang) for v in VIEWS for lang in LANGS]
    return out


@pytest.fixture(scope="module")
def exported_again(data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export-b")
    export.export(data, out, formats=("html", "csv"))
    return out


@pytest.fixture(scope="module")
def built(data):
    """The chart of each exported view, built the way the export builds it."""
    cache: dict = {}

    def get(view, lang):
        key = (view.stem, lang)
        if key not in cache:
            cache[key] = charts.REGISTRY[view.chart_id].build(data, view.state(data, lang))
        return cache[key]

    return get


def is_map(view) -> bool:
    return view.chart_id == "map"


def trace_types(fig) -> set[str]:
    """The trace types a figure draws, in its data and in its animation frames."""
    return {tr.type for tr in fig.data} | {tr.type for frame in fig.frames for tr in frame.data}


def has_points(trace) -> bool:
    return any(len(trace[k] or ()) for k in ("x", "y", "locations", "lat") if k in trace)


@pytest.fixture(scope="module")
def exported_types(built) -> set[str]:
    """The trace types of every exported view's figure, in every language."""
    return set().union(*(trace_types(built(v, lang).figure) for v, lang in FILES))


# ---------------------------------------------------------------- files and determinism

def test_every_view_is_exported_in_both_languages(exported):
    names = {p.name for p in exported.iterdir()}
    expected = {f"{v.stem}.{lang}.{ext}" for v in VIEWS for lang in LANGS for ext in ("html", "csv")}
    assert expected <= names, sorted(expected - names)
    assert names - expected == {"index.html", "world_110m.js", *SHARED}
    for asset in (export.PLOTLY_JS, export.PLOTLY_LICENSE):
        assert (exported / asset.name).read_bytes() == asset.read_bytes()
    assert set(export.PRECOMPRESSED) == {PLOTLY, "world_110m.js"}
    for name in export.PRECOMPRESSED:  # what a host that serves precompressed files sends instead
        packed = (exported / f"{name}.gz").read_bytes()
        assert gzip.decompress(packed) == (exported / name).read_bytes(), name
        assert packed[4:8] == b"\0\0\0\0" and not packed[3] & 0x08, f"{name}.gz carries a date or a name"
    topo = (exported / "world_110m.js").read_text(encoding="utf-8")
    assert topo.startswith("window.PlotlyGeoAssets=") and '"world_110m"' in topo


def test_export_is_deterministic(exported, exported_again):
    a = sorted(p.name for p in exported.iterdir())
    b = sorted(p.name for p in exported_again.iterdir())
    assert a == b
    compared = 0
    for name in a:
        if name.endswith((".html", ".csv", ".js", ".gz")):
            assert (exported / name).read_bytes() == (exported_again / name).read_bytes(), name
            compared += 1
    assert compared == len(FILES) * 2 + 3 + len(export.PRECOMPRESSED)
    assert (exported / "index.html").read_bytes() == (exported_again / "index.html").read_bytes()


def test_export_rejects_an_unknown_chart_id(data, tmp_path):
    with pytest.raises(ValueError, match="chart ids: map, trends"):
        export.export(data, tmp_path / "out", chart_ids=("map", "nope"), formats=("html",))
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- each HTML page

SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.I)
SRC = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""", re.I)


@pytest.mark.parametrize("view,lang", FILES, ids=FILE_IDS)
def test_html_says_what_the_chart_shows_and_loads_nothing_from_other_hosts(exported, data, built, view, lang):
    path = exported / f"{view.stem}.{lang}.html"
    raw = path.read_bytes()
    assert len(raw) < MAX_HTML, f"{path.name}: {len(raw)} bytes"
    page = raw.decode("utf-8")
    c = built(view, lang)
    e = html.escape
    assert f'<html lang="{lang}">' in page
    assert f"<title>{e(c.title)}</title>" in page
    assert f'<h1 id="title">{e(c.title)}</h1>' in page
    # compact, as the live embed: the title once, what the figures are (not the title again), the chart, one line of
    # source with its credit, then the notes and details fold with every source line, the notes and the table
    assert f'<p class="sub">{e(c.embed_caption)}</p>' in page
    words, url = charts.credit_line(data, c.source_ids, lang)
    label, _, names = words.partition(": ")
    credit = (f'<p class="src">{e(label)}: <a href="{e(url)}" target="_blank" rel="noopener">{e(names)}</a></p>'
              if url else f'<p class="src">{e(words)}</p>')
    before, fold = page.split(f"<details><summary>{e(t('embed_details', lang))}</summary>")
    assert before.index('<div id="chart">') < before.index(credit)
    assert before.count('<p class="src">') == 1 and '<p class="note">' not in before
    fold = fold.split("</details>")[0]
    source = t("source", lang)
    assert len(re.findall(rf'<p class="src">{source}: [^<]+', fold)) == len(c.source_ids)
    assert [html.unescape(n) for n in re.findall(r'<p class="note">([^<]*)</p>', fold)] == list(c.notes)
    assert '<p class="desc" id="desc">' in fold and "<table" in fold
    # the "view on the dashboard" link: the same view on its page, scrolled to the chart
    link = e(embeds.page_url(export.DEFAULT_DASHBOARD_URL, view.chart_id, view.state(data, lang)))
    assert f'href="{link}"' in page
    assert f'href="{view.stem}.{lang}.csv" download' in page

    # only the two scripts beside it, relative; no other host anywhere a page would load from
    tags = SCRIPT_TAG.findall(page)
    srcs = [m.group(1) for tag in tags for m in [re.search(r'src="([^"]*)"', tag)] if m]
    assert srcs == ([PLOTLY, "world_110m.js"] if is_map(view) else [PLOTLY]), srcs
    for tag in tags:
        assert "http://" not in tag and "https://" not in tag and "//" not in tag, tag
        assert "cdn" not in tag.lower(), tag
    for body in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S | re.I):
        assert "cdn" not in body.lower()
    assert "<link" not in page.lower() and "@import" not in page and "url(" not in page
    loaded = [u for u in re.findall(r"""\bsrc\s*=\s*["']([^"']*)["']""", page, re.I)]
    assert all(not re.match(r"^([a-z]+:)?//", u, re.I) for u in loaded), loaded
    # the figure is the chart's own, its title given as text above it
    spec = json.loads(re.search(r'<script type="application/json" id="spec">(.*?)</script>', page, re.S).group(1))
    assert len(spec["data"]) == len(c.figure.data)
    assert not (spec["layout"].get("title") or {}).get("text")
    assert "responsive: true" in page


@pytest.mark.parametrize("view,lang", FILES, ids=FILE_IDS)
def test_csv_is_the_charts_table(exported, data, built, view, lang):
    got = (exported / f"{view.stem}.{lang}.csv").read_bytes()
    c = built(view, lang)
    assert got == chart_csv(c, data.sources, lang)
    header = got.decode("utf-8").splitlines()[0]
    assert header.endswith(",source")
    assert len(got.decode("utf-8").splitlines()) > 1
    # the credit line in the chart's language (the GBD credit wherever GBD figures are downloaded)
    credit = data.sources_by_id.loc[c.source_ids[0], "credit_ru" if lang == "ru" else "credit"]
    assert credit in got.decode("utf-8")


def test_index_lists_every_file_with_its_embed_code(exported, built):
    page = (exported / "index.html").read_text(encoding="utf-8")
    assert "<script src" not in page
    for v, lang in FILES:
        name = f"{v.stem}.{lang}.html"
        c = built(v, lang)
        assert f'<a href="{name}">{html.escape(c.title)}</a>' in page, name
        assert f'href="{v.stem}.{lang}.csv"' in page
        code = embeds.iframe_code(name, c.title, charts.REGISTRY[v.chart_id].height)
        assert f'<code data-src="{name}">{html.escape(code)}</code>' in page, name
    for lang in LANGS:
        assert t("export_index_title", lang) in page


def test_map_html_includes_the_shapes_and_bar_charts_do_not(exported):
    assert 'src="world_110m.js"' in (exported / "map.en.html").read_text(encoding="utf-8")
    assert 'src="world_110m.js"' in (exported / "map-access-eeca.ru.html").read_text(encoding="utf-8")
    for stem in ("sos-cascade", "sos-outcomes", "drug-types-latest", "trends"):
        assert "world_110m.js" not in (exported / f"{stem}.en.html").read_text(encoding="utf-8"), stem


def test_map_shapes_hold_every_layer_the_exported_maps_draw_unchanged(exported, built):
    """world_110m.js keeps the topojson objects plotly.js reads for the exported maps (and drops the others), with
    the same arcs: each kept geometry decodes to the same points as in the shipped file."""
    topo = json.loads((geo.TOPO_DIR / "world_110m.json").read_text(encoding="utf-8"))
    script = (exported / "world_110m.js").read_text(encoding="utf-8")
    shipped = json.loads(re.search(r'\["world_110m"\]=(.*);\s*$', script, re.S).group(1))
    layouts = export.map_layouts(built(v, lang).figure for v, lang in FILES)
    assert {g.showland for g in layouts} == {True} and {g.showcoastlines for g in layouts} == {False}
    assert set(shipped["objects"]) == geo.drawn_layers(layouts) == {"countries", "land"}
    assert shipped["transform"] == topo["transform"] and len(shipped["arcs"]) < len(topo["arcs"])

    def points(t, obj):
        def arc(i):
            return t["arcs"][i] if i >= 0 else t["arcs"][~i][::-1]

        def rings(a):
            return [arc(i) for i in a] if a and isinstance(a[0], int) else [rings(x) for x in a]
        return [(g.get("id"), g["type"], rings(g.get("arcs", []))) for g in t["objects"][obj]["geometries"]]

    for obj in shipped["objects"]:
        assert points(shipped, obj) == points(topo, obj), obj


def test_drawn_layers_follow_plotly_defaults_and_flags():
    import plotly.graph_objects as go
    assert geo.drawn_layers([]) == {"countries"}
    assert geo.drawn_layers([go.layout.Geo()]) == {"countries", "coastlines"}  # plotly.js draws coastlines unless off
    assert geo.drawn_layers([go.layout.Geo(showcoastlines=False, showlakes=True, showocean=True)]) == \
        {"countries", "lakes", "ocean"}
    assert "subunits" in geo.drawn_layers([go.layout.Geo(scope="usa")])
    assert "rivers" in geo.drawn_layers([go.layout.Geo(showcoastlines=False), go.layout.Geo(showrivers=True)])


# ---------------------------------------------------------------- the partial plotly.js (tools/plotly-bundle)
BUNDLE_BUILD = ROOT / "tools" / "plotly-bundle"
PLOTLY_JS_VERSION = plotly.offline.get_plotlyjs_version()


def test_plotly_bundle_is_the_python_packages_plotly_js_built_from_pinned_packages():
    head = export.PLOTLY_JS.read_text(encoding="utf-8")[:400]
    assert f" v{PLOTLY_JS_VERSION}\n" in head and "Licensed under the MIT license" in head, head
    licence = export.PLOTLY_LICENSE.read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly" in licence
    package = json.loads((BUNDLE_BUILD / "package.json").read_text(encoding="utf-8"))
    pins = package["devDependencies"]
    assert pins["plotly.js"] == PLOTLY_JS_VERSION
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in pins.values()), pins  # exact versions, no ranges
    lock = json.loads((BUNDLE_BUILD / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert lock[""]["devDependencies"] == pins
    assert lock["node_modules/plotly.js"]["version"] == PLOTLY_JS_VERSION
    for name, entry in lock.items():
        if name:
            assert entry["integrity"].startswith("sha512-"), name
            assert entry.get("resolved", "https://registry.npmjs.org/").startswith("https://registry.npmjs.org/"), name
    assert "tools/plotly-bundle/node_modules/" in (ROOT / ".gitignore").read_text().split()


@pytest.mark.browser
def test_plotly_bundle_holds_the_trace_types_every_export_draws(browser, exported_types):
    """What the bundle registers (plotly.js's own schema of its registered traces) against what every export's
    figure draws: a type missing would leave a chart empty; one more than needed is weight nobody uses."""
    context = browser.new_context()
    try:
        w = Watch(context, allow=("about:",))
        w.page.goto("about:blank")
        w.page.add_script_tag(path=str(export.PLOTLY_JS))
        version, registered = w.page.evaluate("[Plotly.version, Object.keys(Plotly.PlotSchema.get().traces)]")
        assert version == PLOTLY_JS_VERSION
        assert exported_types >= {"scatter", "bar", "choropleth", "scattergeo"}
        assert exported_types - set(registered) == set(), "not in the bundle: rebuild tools/plotly-bundle with them"
        assert set(registered) - exported_types == set(), "drawn by no export: rebuild tools/plotly-bundle without"
        assert w.errors == [] and w.outside == []
    finally:
        context.close()


def test_dashboard_url_option_sets_the_links(data, tmp_path):
    export.export(data, tmp_path, chart_ids=("sos-cascade",), langs=("ru",), formats=("html",),
                  dashboard_url="https://dash.example.org/sub/")
    page = (tmp_path / "sos-cascade.ru.html").read_text(encoding="utf-8")
    assert 'href="https://dash.example.org/sub/sos_study?lang=ru#sos-cascade"' in page


# ---------------------------------------------------------------- the command line

def test_cli_unknown_chart_id_exits_2_and_lists_the_ids(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", "--charts", "nope", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nope" in err
    for chart_id in charts.REGISTRY:
        assert chart_id in err, chart_id
    assert not out.exists()


def test_cli_bad_format_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--formats", "gif", "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert "gif" in capsys.readouterr().err


def test_cli_writes_only_what_was_asked(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", "--out", str(out), "--charts", "sos-cascade", "drug-types-latest", "--lang", "ru",
                 "--formats", "html", "csv"]) == 0
    names = {p.name for p in out.iterdir()}
    stems = [v.stem for v in VIEWS if v.chart_id in ("sos-cascade", "drug-types-latest")]
    assert names == {f"{s}.ru.{ext}" for s in stems for ext in ("html", "csv")} | \
        {"index.html", "world_110m.js", *SHARED}
    assert str(out) in capsys.readouterr().out


# ---------------------------------------------------------------- images (kaleido drives Chromium)

@pytest.mark.browser
def test_png_and_svg_carry_title_and_source(data, tmp_path):
    items = export.export(data, tmp_path, langs=("en",), chart_ids=("map", "sos-cascade"), formats=("png", "svg"))
    stems = [v.stem for v in VIEWS if v.chart_id in ("map", "sos-cascade")]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{s}.en.{x}" for s in stems for x in ("png", "svg"))
    for item in items:
        c = item.chart
        fig = export.image_figure(c, data, "en")
        png = (tmp_path / f"{item.stem}.en.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert png[12:16] == b"IHDR"
        assert int.from_bytes(png[16:20], "big") == export.IMAGE_WIDTH == 1000
        assert int.from_bytes(png[20:24], "big") == int(fig.layout.height)
        svg = ET.parse(tmp_path / f"{item.stem}.en.svg").getroot()
        assert svg.tag.endswith("svg")
        assert svg.get("width") == "1000"
        text = [x for x in svg.itertext() if x.strip()]
        joined = " ".join(text)
        for line in wrap(html.escape(c.title), 85).split("<br>"):
            assert html.unescape(line).strip() in joined, line
        assert any(x.startswith("Source: ") for x in text), text
        if item.stem in ("map", "map-access"):
            # the world's shapes were drawn (the topojson reached plotly.js), not an empty frame
            shapes = [el for el in svg.iter() if "choroplethlocation" in (el.get("class") or "")]
            assert len(shapes) > 150, (item.stem, len(shapes))


# ---------------------------------------------------------------- in Chromium, from disk, network blocked

# Streamlit's frontend, opened at /<page>, first looks for its server under that path (a 404), then at the root
STREAMLIT_PROBE = re.compile(r"^http://127\.0\.0\.1:\d+/[a-z_]+/_stcore/(health|host-config)$")


class Watch:
    """A page with every request that is not file:// aborted and recorded, and its errors."""

    def __init__(self, context, allow=("file://",)):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.allow = allow
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("console", self._console)

    def _console(self, msg):
        url = (msg.location or {}).get("url", "")
        if msg.type != "error" or STREAMLIT_PROBE.search(url):
            return
        self.errors.append(f"console: {msg.text} ({url})")

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.allow):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


PLOT_WIDTH = "() => document.querySelector('.js-plotly-plot').getBoundingClientRect().width"
SCROLL_WIDTH = "() => document.documentElement.scrollWidth"
SCREENSHOTS = {("map", "en"), ("sos-cascade", "ru")}
# what plotly.js draws for each trace type: a shape, a bar, a line or a marker
DRAWN = {"choropleth": "path.choroplethlocation", "scattergeo": ".trace.scattergeo path",
         "bar": ".trace.bars path", "scatter": ".trace.scatter path"}


@pytest.mark.browser
@pytest.mark.parametrize("view,lang", FILES, ids=FILE_IDS)
def test_exported_html_renders_offline_and_fits_a_phone(browser, exported, built, artifacts, view, lang):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        w = Watch(context)
        pg = w.page
        pg.goto((exported / f"{view.stem}.{lang}.html").as_uri())
        pg.wait_for_selector(PLOT, state="attached", timeout=TIMEOUT)
        if is_map(view):
            pg.wait_for_selector(SHAPES, state="attached", timeout=TIMEOUT)  # the shapes came from world_110m.js
            assert pg.locator(SHAPES).count() > 10
        drawn = pg.locator(".js-plotly-plot .trace, .js-plotly-plot .choroplethlocation").count()
        assert drawn > 0, "an empty frame"
        for kind in {tr.type for tr in built(view, lang).figure.data if has_points(tr)}:
            assert pg.locator(DRAWN[kind]).count() > 0, f"no {kind} drawn"
        assert pg.locator("h1").inner_text() == pg.title()
        # narrow: the chart fits, nothing scrolls sideways
        assert 200 < pg.evaluate(PLOT_WIDTH) <= 360
        assert pg.evaluate(SCROLL_WIDTH) <= 361, "the page scrolls sideways at 360 px"
        if is_map(view):  # the map fills its chart: no empty bands above or below it, a small country hoverable
            m = mapfill.fill(pg)
            assert m["fill"] >= mapfill.MIN_FILL and m["width_share"] >= mapfill.MIN_WIDTH, m
            assert mapfill.KGZ[lang] in mapfill.hover_text(pg, "KGZ")
        if (view.stem, lang) in SCREENSHOTS:
            pg.screenshot(path=artifacts / f"export_{view.stem}.{lang}_360.png", full_page=True)
        # and follows its container when it grows
        pg.set_viewport_size({"width": 1000, "height": 800})
        pg.wait_for_function(f"({PLOT_WIDTH})() > 900", timeout=10_000)
        if is_map(view):  # wide: filled, and not taller than the screen
            m = mapfill.fill(pg)
            assert m["fill"] >= mapfill.MIN_FILL and m["height"] <= 800, m
        if (view.stem, lang) in SCREENSHOTS:
            pg.screenshot(path=artifacts / f"export_{view.stem}.{lang}_1000.png", full_page=True)
        assert w.errors == []
        assert w.outside == []
    finally:
        context.close()


@pytest.mark.browser
def test_exported_map_plays_its_years(browser, exported):
    """The play button animates the map through its frames: the countries' colours change, with no error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        w = Watch(context)
        pg = w.page
        pg.goto((exported / "map.en.html").as_uri())
        pg.wait_for_selector(SHAPES, state="attached", timeout=TIMEOUT)
        fills = f"() => [...document.querySelectorAll('{SHAPES}')].map(p => getComputedStyle(p).fill).join()"
        before = pg.evaluate(fills)
        pg.locator(".updatemenu-button").first.click()
        pg.wait_for_function(f"({fills})() !== {json.dumps(before)}", timeout=TIMEOUT)
        assert w.errors == [] and w.outside == []
    finally:
        context.close()


@pytest.mark.browser
def test_browser_reads_the_iframe_src_as_the_embed_url(browser):
    """In an attribute, "&region=" is no character reference: the browser's iframe src is the embed URL."""
    src = embeds.embed_url("http://embed.invalid", "map", MapState(lang="ru", region="eeca", layer="access"))
    assert "&region=" in src
    context = browser.new_context()
    try:
        w = Watch(context, allow=("file://", "about:"))
        w.page.set_content(embeds.iframe_code(src, "Карта <b>x</b>", 820))
        assert w.page.evaluate("document.querySelector('iframe').getAttribute('src')") == src
        assert w.page.evaluate("document.querySelector('iframe').title") == "Карта <b>x</b>"
        assert w.page.evaluate("document.querySelector('iframe').width") == "100%"
    finally:
        context.close()


# ---------------------------------------------------------------- a live embed in a 360 px iframe



@pytest.mark.browser
def test_live_embed_fits_a_360px_iframe(server, browser, data, artifacts, tmp_path):
    src = embeds.embed_url(server, "trends", TrendsState())
    code = embeds.iframe_code(src, "t", 700)
    host = tmp_path / "host.html"
    host.write_text(f'<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">'
                    f'<div id="box" style="width:360px">{code}</div></body></html>', encoding="utf-8")
    context = browser.new_context(viewport={"width": 360, "height": 800})
    try:
        w = Watch(context, allow=("file://", "http://127.0.0.1", "data:", "blob:", "about:"))
        pg = w.page
        pg.goto(host.as_uri())
        assert pg.evaluate("document.querySelector('iframe').src") == src
        frame = pg.frame_locator("iframe")
        frame.locator(PLOT).first.wait_for(state="attached", timeout=TIMEOUT)
        frame.locator(".js-plotly-plot .trace").first.wait_for(state="attached", timeout=TIMEOUT)
        pg.wait_for_timeout(500)  # plotly's responsive relayout
        box = frame.locator(".js-plotly-plot").first.bounding_box()
        assert box is not None
        assert 200 < box["width"] <= 360, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 + 1, box
        assert frame.locator(".js-plotly-plot").count() == 1  # only this chart
        sidebar = frame.locator('[data-testid="stSidebar"]')
        assert sidebar.count() == 0 or not sidebar.first.is_visible()
        assert frame.locator('[data-testid="stSelectbox"], [data-testid="stMultiSelect"]').count() == 0
        title = charts.REGISTRY["trends"].build(data, TrendsState()).title
        frame.get_by_text(title, exact=True).first.wait_for(timeout=TIMEOUT)
        link = frame.get_by_role("link", name=re.compile("View on the dashboard"))
        assert link.count() == 1
        assert link.get_attribute("href") == embeds.page_url(server, "trends", TrendsState())
        assert frame.locator('[data-testid="stException"]').count() == 0
        # the embed code's listener fits the iframe to what the embed reports: the last line is not cut off
        pg.wait_for_function("document.querySelector('iframe').style.height !== ''", timeout=TIMEOUT)
        pg.wait_for_timeout(500)
        iframe = pg.locator("iframe").bounding_box()
        bottom = link.bounding_box()
        assert bottom["y"] + bottom["height"] <= iframe["y"] + iframe["height"], (bottom, iframe)
        # the window as tall as the iframe (a full-page screenshot leaves an iframe's lower part unpainted)
        pg.set_viewport_size({"width": 360, "height": int(iframe["y"] + iframe["height"]) + 10})
        pg.wait_for_timeout(500)
        pg.screenshot(path=artifacts / "embed_live_trends_360.png")
        assert w.errors == []
        assert w.outside == []
    finally:
        context.close()
