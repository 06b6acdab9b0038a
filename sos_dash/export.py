"""python -m sos_dash export: every chart as static, self-contained files for partners' sites.

For each view of embeds.export_views() and each language: <stem>.<lang>.html (compact, as the live embed: title,
caption, chart, one-line credit, and a fold with the source lines, notes, description and data table as text;
plotly.js from the shared plotly-sos.min.js beside it, our partial build with only the trace types the exports draw
(tools/plotly-bundle/), its licence beside it; the map's topojson from world_110m.js beside it; both scripts also as
.gz, for hosts that serve precompressed files), .csv (the chart's table with its credit line), .png and .svg (kaleido
with the machine's Chromium; the source line drawn under the chart), and an index.html listing them with their embed
codes. With the pdf format (and no chart filter), briefs/ holds the one-page briefs (brief.py) of the four S-O-S
countries and of Eastern Europe and Central Asia in each language, listed in the index too. Nothing loads from another
host. HTML, CSV, JS, .gz and PDF bytes are the same on every run (no dates, no random ids).
"""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from . import brief, embeds, geo, theme, weight
from .charts import REGISTRY, SOURCE_LINES, Chart, chart_csv, credit_line, plain_table, source_parts
from .chromium import CHROMIUM, run_async
from .datapkg.load import Data
from .figures import LABEL_ROW, is_map, label_rows_above, legend_html, map_aspect, map_height_css, untitled, wrap
from .i18n import LANGS, t
from .state import SOS_COUNTRIES

ASSETS = Path(__file__).parent / "assets"
# plotly.js with only the trace types the exports draw, built by tools/plotly-bundle/ at the plotly.js version of
# the plotly Python package (a test checks both), and its licence; copied beside the pages under the same names
PLOTLY_JS = ASSETS / "plotly-sos.min.js"
PLOTLY_LICENSE = ASSETS / "plotly-sos.LICENSE.txt"
TOPO_JS = "world_110m.js"
# the shared scripts, also written gzip-compressed beside themselves (<name>.gz, the same bytes every run) for a
# host that serves precompressed files (nginx gzip_static, Caddy precompressed; docs/deploy.md)
PRECOMPRESSED = (PLOTLY_JS.name, TOPO_JS)
FORMATS = ("html", "csv", "png", "svg", "pdf")  # pdf: the briefs
BRIEFS_DIR = "briefs"
BRIEF_COUNTRIES = SOS_COUNTRIES  # and the region (brief.REGION)
IMAGE_WIDTH = 1000
IMAGE_MAP_LEGEND = 64  # px under a map image for plotly's legend: the unit and one or two rows of classes at 1000 px
# from /app/static/embed/<file> back to the app's root: the "view on the dashboard" link when the
# export is served by the app itself; pass --dashboard-url when the files are hosted elsewhere
DEFAULT_DASHBOARD_URL = "../../.."


@dataclass(frozen=True)
class Exported:
    stem: str
    lang: str
    chart: Chart
    files: tuple[str, ...]


@dataclass(frozen=True)
class ExportedBrief:
    code: str  # ISO3, or brief.REGION
    lang: str
    title: str
    file: str  # relative to the export's folder: briefs/brief-kgz.ru.pdf


# ---------------------------------------------------------------- one chart as an HTML page
STYLE = f"""
*{{box-sizing:border-box}}
body{{margin:0;padding:8px;font-family:{theme.FONT};color:{theme.TEXT};background:{theme.BACKGROUND};
font-size:15px;line-height:1.4}}
h1{{font-size:1rem;font-weight:600;margin:0 0 2px}}
.sub,.src,.note{{color:#555;font-size:.85rem;margin:2px 0}}
#chart{{width:100%;min-height:200px}}
a{{color:#1f5fa8;overflow-wrap:anywhere}}
table{{border-collapse:collapse;font-size:.85rem}}
td,th{{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left}}
details{{margin:8px 0;border:1px solid #ddd;border-radius:8px;padding:6px 12px}}
summary{{cursor:pointer;font-size:.9rem}}
.desc{{margin:6px 0}}
""".strip()

SCRIPT = """
var fig = JSON.parse(document.getElementById("spec").textContent);
Plotly.newPlot("chart", {data: fig.data, layout: fig.layout, frames: fig.frames || [],
  config: {responsive: true, displaylogo: false, showSendToCloud: false, topojsonURL: "./"}});
""".strip()


def _json(fig: go.Figure) -> str:
    """The figure as JSON that is safe inside a <script> element: every "<" written as \\u003c (valid JSON,
    and no "</script>" or "<!--" can end or change the element)."""
    return pio.to_json(fig, validate=False, pretty=False, remove_uids=True).replace("<", "\\u003c")


def _source_html(data: Data, source_id: str, lang: str) -> str:
    named, url = source_parts(data, source_id, lang)
    link = f' — <a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(url)}</a>' if url else ""
    return f'<p class="src">{html.escape(t("source", lang))}: {html.escape(named)}{link}</p>'


def _table_html(c: Chart) -> str:
    return plain_table(c.table).to_html(index=False, na_rep="", border=0, escape=True)


def _credit_html(data: Data, source_ids, lang: str) -> str:
    """The one-line source (charts.credit_line): the publisher as the link to its source."""
    words, url = credit_line(data, source_ids, lang)
    if not url:
        return f'<p class="src">{html.escape(words)}</p>'
    label, _, names = words.partition(": ")
    return (f'<p class="src">{html.escape(label)}: <a href="{html.escape(url)}" target="_blank" rel="noopener">'
            f'{html.escape(names)}</a></p>')


def chart_html(c: Chart, data: Data, lang: str, *, csv_name: str, dashboard_link: str,
               plotly_src: str = PLOTLY_JS.name) -> str:
    """A page that shows one chart as the live embed does (ui.embed_body), compact: the title once, what its figures
    are, the chart, a one-line source with its credit, and a notes and details fold with every source line, the
    notes, the description and the data table."""
    is_geo = is_map(c.figure)
    shown = untitled(c.figure)
    spec_json = _json(shown)
    scripts = f'<script src="{html.escape(plotly_src)}"></script>'
    map_css, legend = "", ""
    if is_geo:  # as tall as its width needs (as on the dashboard), its legend as text under it
        scripts += f'\n<script src="{TOPO_JS}"></script>'
        map_css, legend = "\n" + map_height_css(shown, "figure", "#chart"), legend_html(shown) + "\n"
    sources = "\n".join(_source_html(data, sid, lang) for sid in c.source_ids)
    notes = "\n".join(f'<p class="note">{html.escape(n)}</p>' for n in c.notes)
    e = html.escape
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(c.title)}</title>
<style>
{STYLE}{map_css}
</style>
{scripts}
</head>
<body>
<main>
<figure style="margin:0" aria-labelledby="title" aria-describedby="desc">
<h1 id="title">{e(c.title)}</h1>
<p class="sub">{e(c.embed_caption)}</p>
<div id="chart"></div>
{legend}<figcaption>
{_credit_html(data, c.source_ids, lang)}
<details><summary>{e(t("embed_details", lang))}</summary>
{sources}
{notes}
<p class="desc" id="desc"><strong>{e(t("chart_description", lang))}:</strong> {e(c.description)}</p>
{_table_html(c)}
<p><a href="{e(csv_name)}" download>{e(t("download_csv", lang))}</a></p>
</details>
<p><a href="{e(dashboard_link)}" target="_blank" rel="noopener">{e(t("view_on_dashboard", lang))} ↗</a></p>
</figcaption>
</figure>
</main>
<script type="application/json" id="spec">{spec_json}</script>
<script>
{SCRIPT}
</script>
{embeds.height_reporter("figure")}
</body>
</html>
"""


def topojson_script(layers=None) -> str:
    """The map's shapes as a script that hands them to plotly.js directly (plotly.js looks in
    window.PlotlyGeoAssets before it fetches): works from disk, where fetching a file is not allowed. layers: only
    these objects of the topojson (geo.drawn_layers of the exported maps), with their shapes unchanged."""
    topo = json.loads((geo.TOPO_DIR / "world_110m.json").read_text(encoding="utf-8"))
    if layers is not None:
        topo = geo.topojson_subset(topo, layers)
    return ("window.PlotlyGeoAssets=window.PlotlyGeoAssets||{topojson:{}};\n"
            f"window.PlotlyGeoAssets.topojson[\"world_110m\"]={json.dumps(topo, separators=(',', ':'))};\n")


def map_layouts(figures) -> list:
    """The geo subplots (layout.geo, geo2, ...) that the figures' map traces are drawn in."""
    return [fig.layout[trace.geo or "geo"] for fig in figures for trace in fig.data if "geo" in trace]


# ---------------------------------------------------------------- images
def image_figure(c: Chart, data: Data, lang: str) -> go.Figure:
    """The chart for a PNG or SVG: a header with title, subtitle and source line(s) wrapped to the image's
    width (an image that travels alone keeps its credit), and no play controls (an image cannot play)."""
    fig = go.Figure(c.figure)
    fig.frames = ()
    fig.layout.updatemenus, fig.layout.sliders, fig.layout.title = [], [], None
    title = wrap(html.escape(c.title), 85)
    small = [wrap(html.escape(c.subtitle), 150)]
    small += [wrap(html.escape(f"{t('source', lang)}: {source_parts(data, sid, lang)[0]}"), 150)
              for sid in c.source_ids[:SOURCE_LINES]]
    if len(c.source_ids) > SOURCE_LINES:
        small.append(html.escape(t("more_sources_short", lang, n=len(c.source_ids) - SOURCE_LINES)))
    title_px = 24 * (title.count("<br>") + 1)
    small_px = 16 * sum(line.count("<br>") + 1 for line in small)
    top = 12 + title_px + 6 + small_px + 16 + LABEL_ROW * label_rows_above(fig)
    margin = fig.layout.margin
    if is_map(fig):  # as tall as the map needs at the image's width, and its legend's rows under it
        height = round((IMAGE_WIDTH - 24) / map_aspect(fig)) + IMAGE_MAP_LEGEND + top
    else:
        height = int(fig.layout.height or 450) - (margin.t or 0) + top
    fig.update_layout(margin=dict(t=top, l=12, r=12), height=height, width=IMAGE_WIDTH)
    header = dict(xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="top", showarrow=False, align="left")
    fig.add_annotation(text=title, yshift=top - 12, font=dict(size=18, color=theme.TEXT), **header)
    fig.add_annotation(text="<br>".join(small), yshift=top - 12 - title_px - 6, font=dict(size=12, color="#555"),
                       **header)
    return fig


async def _render(jobs: list[tuple[go.Figure, Path, str]]) -> None:
    import kaleido

    kwargs = {"path": CHROMIUM} if Path(CHROMIUM).exists() else {}
    topojson = geo.TOPO_DIR.as_uri() + "/"
    async with kaleido.Kaleido(n=1, mathjax=False, **kwargs) as k:  # mathjax would come from a CDN
        for fig, path, fmt in jobs:
            opts = {"format": fmt, "width": IMAGE_WIDTH, "height": int(fig.layout.height), "scale": 1}
            path.write_bytes(await k.calc_fig(fig, opts=opts, topojson=topojson))


# ---------------------------------------------------------------- index
INDEX_SCRIPT = """
if (location.protocol.indexOf("http") === 0) {
  document.querySelectorAll("code[data-src]").forEach(function (el) {
    var src = new URL(el.getAttribute("data-src"), location.href).href;
    el.textContent = el.textContent.replace('src="' + el.getAttribute("data-src") + '"', 'src="' + src + '"');
  });
}
""".strip()


def briefs_html(briefs: list[ExportedBrief]) -> str:
    """The briefs' section of the index: one link per brief, in its language."""
    if not briefs:
        return ""
    e = html.escape
    heading = " · ".join(t("export_briefs_heading", lang) for lang in LANGS)
    links = "\n".join(f'<li lang="{b.lang}"><a href="{e(b.file)}">{e(b.title)}</a> · PDF · {b.lang}</li>'
                    for b in briefs)
    return f'<section id="briefs"><h2>{e(heading)}</h2>\n<ul>\n{links}\n</ul></section>'


def index_html(items: list[Exported], briefs: list[ExportedBrief] | None = None) -> str:
    """Every exported chart with its files and its embed code (made absolute when the index is served), and the
    briefs."""
    e = html.escape
    title = " · ".join(t("export_index_title", lang) for lang in LANGS)
    rows = []
    for item in items:
        lang, c = item.lang, item.chart
        name = f"{item.stem}.{lang}.html"
        code = embeds.iframe_code(name, c.title, REGISTRY[c.chart_id].height)
        files = " · ".join(f'<a href="{e(f)}">{e(f.rsplit(".", 1)[-1].upper())}</a>' for f in item.files)
        rows.append(f'<section lang="{lang}"><h2><a href="{e(name)}">{e(c.title)}</a></h2>'
                    f'<p class="sub">{e(c.subtitle)} · <code>{e(item.stem)}</code> · {lang}</p>'
                    f'<p>{e(t("export_files", lang))}: {files}</p>'
                    f'<p>{e(t("export_embed_code", lang))}:</p>'
                    f'<pre><code data-src="{e(name)}">{e(code)}</code></pre></section>')
    intro = "".join(f'<p lang="{lang}">{e(t("export_index_intro", lang))}</p>' for lang in LANGS)
    body = "\n".join([briefs_html(briefs or []), *rows]).strip()
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>
{STYLE}
body{{max-width:960px;margin:auto}}
pre{{white-space:pre-wrap;word-break:break-all;background:#f4f4f4;padding:6px;font-size:.8rem}}
h2{{font-size:1rem;margin:18px 0 2px}}
</style>
</head>
<body>
<h1>{e(title)}</h1>
{intro}
{body}
<script>
{INDEX_SCRIPT}
</script>
</body>
</html>
"""


# ---------------------------------------------------------------- briefs
def brief_base(dashboard_url: str) -> str:
    """The dashboard's address as seen from briefs/ (a relative address is one folder deeper)."""
    base = dashboard_url.rstrip("/")
    return base if "://" in base or base.startswith("/") else f"../{base}"


def export_briefs(data: Data, out: Path, *, langs: tuple[str, ...] = LANGS,
                  dashboard_url: str = DEFAULT_DASHBOARD_URL) -> list[ExportedBrief]:
    """The briefs of the four S-O-S countries and of Eastern Europe and Central Asia, in each language, into
    out/briefs/."""
    folder = out / BRIEFS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    base = brief_base(dashboard_url)
    names = data.countries.set_index("iso3")
    done = []
    for code in (*BRIEF_COUNTRIES, brief.REGION):
        for lang in langs:
            if code == brief.REGION:
                pdf = brief.region_brief(data, lang, link=brief.region_link(base, lang))
                title = f"{t('r_eeca', lang)} · {t('brief_region_subtitle', lang)}"
            else:
                pdf = brief.country_brief(data, code, lang, link=brief.profile_link(base, code, lang))
                title = f"{names.loc[code, f'name_{lang}']} · {t('brief_subtitle', lang)}"
            name = brief.file_name(code, lang)
            (folder / name).write_bytes(pdf)
            done.append(ExportedBrief(code, lang, title, f"{BRIEFS_DIR}/{name}"))
    return done


# ---------------------------------------------------------------- the whole export
def export(data: Data, out: Path, *, langs: tuple[str, ...] = LANGS, chart_ids: tuple[str, ...] = (),
           formats: tuple[str, ...] = FORMATS, dashboard_url: str = DEFAULT_DASHBOARD_URL) -> list[Exported]:
    """Write the static export to out (created if needed; files of earlier exports are overwritten,
    not deleted). chart_ids: only these charts (all when empty; then no briefs). Returns the charts written."""
    unknown = [c for c in chart_ids if c not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown chart id(s): {', '.join(unknown)}; chart ids: {', '.join(REGISTRY)}")
    out.mkdir(parents=True, exist_ok=True)
    items: list[Exported] = []
    jobs: list[tuple[go.Figure, Path, str]] = []
    base = dashboard_url.rstrip("/")
    for view in embeds.export_views():
        if chart_ids and view.chart_id not in chart_ids:
            continue
        spec = REGISTRY[view.chart_id]
        for lang in langs:
            state = view.state(data, lang)
            c = spec.build(data, state)
            stem = f"{view.stem}.{lang}"
            files = []
            if "html" in formats:
                link = embeds.page_url(base, view.chart_id, state)
                (out / f"{stem}.html").write_text(chart_html(c, data, lang, csv_name=f"{stem}.csv",
                                                             dashboard_link=link), encoding="utf-8")
                files.append(f"{stem}.html")
            if "csv" in formats:
                (out / f"{stem}.csv").write_bytes(chart_csv(c, data.sources, lang))
                files.append(f"{stem}.csv")
            for fmt in ("png", "svg"):
                if fmt in formats:
                    jobs.append((image_figure(c, data, lang), out / f"{stem}.{fmt}", fmt))
                    files.append(f"{stem}.{fmt}")
            items.append(Exported(view.stem, lang, c, tuple(files)))
    briefs = export_briefs(data, out, langs=langs, dashboard_url=dashboard_url) \
        if "pdf" in formats and not chart_ids else []
    if "html" in formats:
        for asset in (PLOTLY_JS, PLOTLY_LICENSE):
            shutil.copyfile(asset, out / asset.name)
        layers = geo.drawn_layers(map_layouts(item.chart.figure for item in items))
        (out / TOPO_JS).write_text(topojson_script(layers), encoding="utf-8")
        for name in PRECOMPRESSED:
            (out / f"{name}.gz").write_bytes(weight.gzip_bytes((out / name).read_bytes()))
        (out / "index.html").write_text(index_html(items, briefs), encoding="utf-8")
    if jobs:
        run_async(_render(jobs))
    return items
