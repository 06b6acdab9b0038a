"""The one library module that imports streamlit: page setup, navigation, caching, shared widgets."""

from __future__ import annotations

import re
from dataclasses import dataclass

import streamlit as st

from . import geo
from .data import DATA_DIR, Data, DataError, load
from .i18n import LANGS, t
from .state import Notice, parse_lang

# Our own navigation (DESIGN.md: folder mode on purpose, Streamlit's sidebar list hidden).
PAGES = [("app.py", "nav_home"), ("pages/1_map.py", "nav_map")]
SAFE_URL = re.compile(r"https?://[^\s()<>\[\]]+")
PLOTLY_CONFIG = {"topojsonURL": geo.TOPOJSON_URL, "displaylogo": False, "responsive": True}


@dataclass(frozen=True)
class Page:
    lang: str
    data: Data


@st.cache_resource(show_spinner=False)
def _load() -> Data | DataError:
    """Loaded once per process and shared by every session; an invalid package is cached as its error."""
    try:
        return load(DATA_DIR)
    except DataError as e:
        return e


def setup(page_path: str, title_key: str) -> Page:
    """Every page starts here: page config, language, navigation, data (or the data's problems)."""
    params = st.query_params.to_dict()
    lang, notices = parse_lang(params)
    st.set_page_config(page_title=f"{t(title_key, lang)} · {t('app_title', lang)}", layout="wide")
    if not st.context.is_embedded:
        navigation(page_path, lang)
    show_notices(notices, lang)
    data = _load()
    if isinstance(data, DataError):
        st.error(t("data_error_title", lang))
        st.markdown(t("data_error_hint", lang))
        st.code("\n".join(str(p) for p in data.problems), language=None)
        st.stop()
    return Page(lang=lang, data=data)


def navigation(page_path: str, lang: str) -> None:
    with st.sidebar:
        st.markdown(f"**{t('app_title', lang)}**")
        for path, key in PAGES:
            st.page_link(path, label=t(key, lang), query_params={"lang": lang})
        other = [x for x in LANGS if x != lang][0]
        st.page_link(page_path, label=f"{t('language', lang)}: {other.upper()}",
                     query_params={**st.query_params.to_dict(), "lang": other})


def show_notices(notices: list[Notice], lang: str) -> None:
    for n in notices:
        st.info(t("notice_bad_param", lang, key=n.key, value=md_escape(n.value), default=n.default), icon="ℹ️")


def plotly(fig, key: str) -> None:
    """A figure in the page, whose heading the page shows as text: the figure's own title is dropped."""
    fig = fig.update_layout(title=None, margin=dict(t=10))
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def source_line(data: Data, source_id: str, lang: str) -> None:
    src = data.sources.set_index("source_id").loc[source_id]
    text = md_escape(f"{t('source', lang)}: {src['credit']}. {src['title']}")
    url = src["url"]
    if url and SAFE_URL.fullmatch(url):
        text += f" — [{md_escape(url)}]({url})"
    st.caption(text)


def md_escape(text: str) -> str:
    """Text from data shown literally: markdown and HTML characters escaped."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)
