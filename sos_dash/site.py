"""The pages of the dashboard, once: script, URL slug, navigation and overview-link labels, the chart an
embed of the page shows when its URL names none, and the view a reader of the load test opens.

Navigation, overview links, embeds, the load test, the benchmark and the tests take pages from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    script: str  # the file Streamlit runs, relative to the project root
    slug: str  # its URL path ("" for the overview): Streamlit's name for pages/N_slug.py
    nav_key: str  # i18n key of its label in our navigation
    link_key: str | None  # i18n key of its link on the overview (None: the overview itself)
    default_chart: str | None  # the chart an embed of the page shows without ?chart= (None: no chart)
    load_view: str  # the URL a reader of the load test opens

    @property
    def url(self) -> str:
        return f"/{self.slug}"


PAGES: tuple[Page, ...] = (
    Page("app.py", "", "nav_home", None, "map", "/"),
    Page("pages/1_map.py", "map", "nav_map", "p_map", "map", "/map"),
    Page("pages/2_trends.py", "trends", "nav_trends", "p_trends", "trends", "/trends"),
    Page("pages/3_countries.py", "countries", "nav_countries", "p_countries", "profile-trend",
         "/countries?country=KAZ"),
    Page("pages/4_sos_study.py", "sos_study", "nav_sos", "p_sos", "sos-targets", "/sos_study"),
    Page("pages/5_data.py", "data", "nav_data", "p_data", None, "/data"),
)
BY_SCRIPT = {p.script: p for p in PAGES}
HOME = PAGES[0]
