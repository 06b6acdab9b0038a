"""The pages of the dashboard, once: script, URL slug, navigation and overview-link labels, how its view is
read from a URL, the chart an embed of the page shows when its URL names none, and the view a reader of the
load test opens.

Navigation, overview links, the page itself and its embeds (one reader: they cannot read a link differently),
the load test, the benchmark and the tests take pages from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import state


@dataclass(frozen=True)
class Page:
    script: str  # the file Streamlit runs, relative to the project root
    slug: str  # its URL path ("" for the overview): Streamlit's name for pages/N_slug.py
    nav_key: str  # i18n key of its label in our navigation
    link_key: str | None  # i18n key of its link on the overview (None: the overview itself)
    default_chart: str | None  # the chart an embed of the page shows without ?chart= (None: no chart)
    load_view: str  # the URL a reader of the load test opens
    state_type: type  # the page's view state (state.py)
    read: Callable[[Any, Mapping], tuple[Any, list[state.Notice]]]  # (data, URL parameters) -> (view, notices)

    @property
    def url(self) -> str:
        return f"/{self.slug}"


PAGES: tuple[Page, ...] = (
    Page("app.py", "", "nav_home", None, "map", "/", state.PageState, state.read_page),
    Page("pages/1_map.py", "map", "nav_map", "p_map", "map", "/map", state.MapState, state.read_map),
    Page("pages/2_trends.py", "trends", "nav_trends", "p_trends", "trends", "/trends", state.TrendsState,
         state.read_trends),
    Page("pages/3_countries.py", "countries", "nav_countries", "p_countries", "profile-trend",
         "/countries?country=KAZ", state.CountryState, state.read_country),
    Page("pages/4_sos_study.py", "sos_study", "nav_sos", "p_sos", "sos-cascade", "/sos_study", state.PageState,
         state.read_page),
    Page("pages/5_data.py", "data", "nav_data", "p_data", None, "/data", state.DataState, state.read_data),
)
BY_SCRIPT = {p.script: p for p in PAGES}
HOME = PAGES[0]
