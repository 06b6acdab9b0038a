"""Embed codes and links for a chart's view: the live embed URL, the "view on the dashboard" link, the
copy-paste iframe with its height listener, and which static export holds a view.

Chart ids, their pages and how their views are read live in the chart registry (charts.REGISTRY). Pure: no
streamlit.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from . import site
from .charts import REGISTRY
from .datapkg.load import Data
from .paths import EMBED_DIR
from .state import SOS_COUNTRIES

STATIC_EMBED_DIR = EMBED_DIR  # `make export` writes it
STATIC_PATH = "app/static/embed"  # where the app serves STATIC_EMBED_DIR


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
    spec = REGISTRY[chart_id]
    return f"{base}{spec.page.url}?{urlencode(spec.params(state))}#{chart_id}"


def embed_url(base: str, chart_id: str, state) -> str:
    """The live embed of exactly this view: embed mode, the chart id, every field of the view state."""
    spec = REGISTRY[chart_id]
    return f"{base}{spec.page.url}?{urlencode({'embed': 'true', 'chart': chart_id, **spec.params(state)})}"


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
        state, _ = REGISTRY[self.chart_id].read(data, {**dict(self.params), "lang": lang})
        return state


def export_views() -> list[ExportView]:
    """Each chart's default view, plus the S-O-S region on the map and each S-O-S country's charts."""
    views = [ExportView(c, c) for c in REGISTRY]
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
    chart = REGISTRY[chart_id]
    wanted = chart.params(state)
    for v in export_views():
        if v.chart_id == chart_id and chart.params(v.state(data, state.lang)) == wanted:
            return v.stem, True
    return chart_id, False
