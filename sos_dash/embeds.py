"""Every chart by its stable id: which page shows it, how its view is read from a URL, its embed code.

Live embeds (`/<page>?embed=true&chart=<id>&lang=..&<view params>`), the "Embed" panel under each
chart and the static exports all go through CHARTS, so a chart id means the same view everywhere.
Pure: no streamlit.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from . import charts, site
from .charts import Chart
from .datapkg.load import Data, years
from .paths import EMBED_DIR
from .state import (
    CountryState,
    MapState,
    Notice,
    PageState,
    TrendsState,
    parse_country,
    parse_map,
    parse_page,
    parse_trends,
    to_params,
)

STATIC_EMBED_DIR = EMBED_DIR  # `make export` writes it
STATIC_PATH = "app/static/embed"  # where the app serves STATIC_EMBED_DIR


def gbd_codes(data: Data) -> list[str]:
    """Countries (and the World) with GBD series: the options of the trend charts."""
    return list(data.countries.loc[data.countries["in_gbd"], "iso3"])


def profile_codes(data: Data) -> list[str]:
    """Every country a profile can show (no aggregates)."""
    return list(data.countries.loc[~data.countries["is_aggregate"], "iso3"])


def _in_gbd(data: Data, iso3: str) -> bool:
    return bool(data.countries.set_index("iso3").loc[iso3, "in_gbd"])


# ---------------------------------------------------------------- one builder per chart id, from view state
def _map(data: Data, state: MapState) -> Chart:
    return charts.map_chart(data, state)


def _trends(data: Data, state: TrendsState) -> Chart:
    return charts.trends_chart(data, state)


def _drug_types(data: Data, state: TrendsState) -> Chart:
    return charts.drug_types_chart(data, state.country, state.lang)


def _profile_trend(data: Data, state: CountryState) -> Chart | None:
    return charts.profile_trend_chart(data, state.country, state.lang) if _in_gbd(data, state.country) else None


def _drug_types_latest(data: Data, state: CountryState) -> Chart | None:
    return charts.drug_types_latest_chart(data, state.country, state.lang) if _in_gbd(data, state.country) else None


def _sos(builder: Callable[[Data, str], Chart]) -> Callable[[Data, PageState], Chart]:
    def build(data: Data, state: PageState) -> Chart:
        return builder(data, state.lang)

    build.__qualname__ = f"sos.{builder.__name__}"  # ui.cached_chart keys on the builder's name
    return build


def _map_state(data: Data, params: Mapping) -> tuple[MapState, list[Notice]]:
    return parse_map(params, years(data))


def _trends_state(data: Data, params: Mapping) -> tuple[TrendsState, list[Notice]]:
    return parse_trends(params, gbd_codes(data))


def _country_state(data: Data, params: Mapping) -> tuple[CountryState, list[Notice]]:
    return parse_country(params, profile_codes(data))


def _page_state(data: Data, params: Mapping) -> tuple[PageState, list[Notice]]:
    return parse_page(params)


@dataclass(frozen=True)
class ChartDef:
    chart_id: str
    page: str  # the page script that shows it; its URL is url_path(page)
    height: int  # starting iframe height (px): fits everything at 700 px wide; the embed then reports its own
    parse: Callable[[Data, Mapping], tuple[object, list[Notice]]]  # URL parameters -> (view state, notices)
    build: Callable[[Data, object], Chart | None]  # view state -> chart (None: no series for that country)
    fields: tuple[str, ...] = ()  # the state fields the chart depends on (empty: all of them)

    def params(self, state) -> dict[str, str]:
        """The view's URL parameters that matter to this chart (the trends page's drug-type chart
        does not depend on the countries of the line chart above it)."""
        params = to_params(state)
        return {k: v for k, v in params.items() if k in self.fields} if self.fields else params


CHARTS: dict[str, ChartDef] = {c.chart_id: c for c in (
    ChartDef("map", "pages/1_map.py", 1100, _map_state, _map),
    ChartDef("trends", "pages/2_trends.py", 1060, _trends_state, _trends, ("lang", "countries", "measure", "scale")),
    ChartDef("drug-types", "pages/2_trends.py", 840, _trends_state, _drug_types, ("lang", "country")),
    ChartDef("profile-trend", "pages/3_countries.py", 920, _country_state, _profile_trend),
    ChartDef("drug-types-latest", "pages/3_countries.py", 760, _country_state, _drug_types_latest),
    ChartDef("sos-targets", "pages/4_sos_study.py", 720, _page_state, _sos(charts.sos_targets_chart)),
    ChartDef("sos-outcomes", "pages/4_sos_study.py", 780, _page_state, _sos(charts.sos_outcomes_chart)),
    ChartDef("sos-witnessed", "pages/4_sos_study.py", 660, _page_state, _sos(charts.sos_witnessed_chart)),
    ChartDef("sos-timeline", "pages/4_sos_study.py", 920, _page_state, _sos(charts.sos_timeline_chart)),
)}

def url_path(page: str) -> str:
    """The URL path of a page script (site.PAGES): app.py -> "", pages/1_map.py -> "map"."""
    return site.BY_SCRIPT[page].slug


def app_base(url: str | None) -> str:
    """The app's root URL (no trailing slash) from the browser's URL of any page; "" when not known
    (links are then relative to the server's root)."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last and last in {p.slug for p in site.PAGES}:
        path = path[: -len(last) - 1]
    return f"{parts.scheme}://{parts.netloc}{quote(path, safe='/%')}"  # a path cannot break out of a link


def page_url(base: str, chart_id: str, state) -> str:
    """The chart's view on its dashboard page (the "view on the dashboard" link), scrolled to the chart."""
    query = urlencode(CHARTS[chart_id].params(state))
    return f"{base}/{url_path(CHARTS[chart_id].page)}?{query}#{chart_id}"


def embed_url(base: str, chart_id: str, state) -> str:
    """The live embed of exactly this view: embed mode, the chart id, every field of the view state."""
    query = urlencode({"embed": "true", "chart": chart_id, **CHARTS[chart_id].params(state)})
    return f"{base}/{url_path(CHARTS[chart_id].page)}?{query}"


# Embeds say how tall they are (postMessage); the few lines of RESIZE_LISTENER in the embed code set the
# iframe's height from it, so nothing is cut off at 320 px and nothing is left empty at 1200 px. Where a
# site strips scripts, the iframe keeps its starting height and scrolls.
MAX_HEIGHT = 6000
RESIZE_LISTENER = (
    '<script>window.addEventListener("message",function(e){var h=e.data&&e.data.sosEmbedHeight;'
    'if(typeof h!=="number"||h<100||h>__MAX__)return;document.querySelectorAll("iframe[data-sos-embed]").forEach('
    'function(f){if(f.contentWindow===e.source)f.style.height=Math.ceil(h)+"px";});});</script>'
).replace("__MAX__", str(MAX_HEIGHT))


def height_reporter(selector: str) -> str:
    """A script for the embedded page: posts the height of `selector`'s content to the parent page."""
    return (
        "<script>(function(){if(window.parent===window)return;var last=0;"
        "function post(){var el=document.querySelector(__SELECTOR__);if(!el)return;"
        "var h=Math.ceil(el.getBoundingClientRect().bottom+window.scrollY+24);"
        "if(Math.abs(h-last)>2){last=h;window.parent.postMessage({sosEmbedHeight:h},\"*\");}}"
        "var el=document.querySelector(__SELECTOR__)||document.body;new ResizeObserver(post).observe(el);"
        "window.addEventListener(\"load\",post);"
        "setTimeout(post,500);setTimeout(post,2000);})();</script>"
    ).replace("__SELECTOR__", json.dumps(selector))


def iframe_code(src: str, title: str, height: int) -> str:
    """A copy-paste iframe: full width of its container up to 1200 px, a starting height, lazy; and the
    listener that fits its height to the content. The src is HTML-escaped ("&" as "&amp;"): browsers read
    "&region=" right either way, but tools that decode loosely would make it "®ion="."""
    return (f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="100%" '
            f'height="{height}" style="border:0;max-width:1200px" loading="lazy" data-sos-embed></iframe>\n'
            f"{RESIZE_LISTENER}")


# ---------------------------------------------------------------- the static export's views
@dataclass(frozen=True)
class ExportView:
    stem: str  # file name without ".<lang>.<ext>"
    chart_id: str
    params: tuple[tuple[str, str], ...] = ()  # view parameters besides lang

    def state(self, data: Data, lang: str):
        state, _ = CHARTS[self.chart_id].parse(data, {**dict(self.params), "lang": lang})
        return state


SOS_COUNTRIES = ("KAZ", "KGZ", "TJK", "UKR")


def export_views() -> list[ExportView]:
    """Each chart's default view, plus the S-O-S region on the map and each S-O-S country's charts."""
    views = [ExportView(c, c) for c in CHARTS]
    views += [ExportView("map-eeca", "map", (("region", "eeca"),)),
              ExportView("map-access", "map", (("layer", "access"),)),
              ExportView("map-access-eeca", "map", (("layer", "access"), ("region", "eeca")))]
    for iso3 in SOS_COUNTRIES:
        views.append(ExportView(f"drug-types-{iso3.lower()}", "drug-types", (("country", iso3),)))
        for chart_id in ("profile-trend", "drug-types-latest"):
            views.append(ExportView(f"{chart_id}-{iso3.lower()}", chart_id, (("country", iso3),)))
    return views


def static_stem(data: Data, chart_id: str, state) -> tuple[str, bool]:
    """The static export of this view if one exists (stem, True), else the chart's default one (stem, False)."""
    chart = CHARTS[chart_id]
    wanted = chart.params(state)
    for v in export_views():
        if v.chart_id == chart_id and chart.params(v.state(data, state.lang)) == wanted:
            return v.stem, True
    return chart_id, False
