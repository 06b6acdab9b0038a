"""The one library module that imports streamlit: page setup, navigation, caching, shared widgets."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from . import brief, country, embeds, geo, site, views, weight
from .buildcache import BuildCache
from .charts import REGISTRY, SOURCE_LINES, Chart, chart_csv
from .datapkg.load import DATA_DIR, Data, DataError, load, package_zip
from .datapkg.schema import ACCESS_INDICATORS, TABLES
from .figures import is_map, legend_html, map_height_css, sent, untitled
from .i18n import LANGS, has, lang_column, language_name, number, t
from .paths import ROOT
from .state import Notice, PageState, parse_lang, to_params
from .text import (  # noqa: F401
    BARE_VALUES,
    NO_UNIT,
    credit_text,
    fact_text,
    fact_value,
    heading_escape,
    md_escape,
    one_line,
    quote_markdown,
    source_text,
    statement_value,
    status_line,
)
from .views import access_for, access_status_of

# Our own navigation (DESIGN.md: folder mode on purpose, Streamlit's sidebar list hidden).
PAGES = [(p.script, p.nav_key) for p in site.PAGES]
EMBED_CONTENT = '[data-testid="stMainBlockContainer"]'  # what an embed's height is measured on
PLOTLY_CONFIG = {"topojsonURL": geo.TOPOJSON_URL, "displaylogo": False, "responsive": True, "showSendToCloud": False}


@dataclass(frozen=True)
class Page:
    lang: str
    data: Data
    state: object  # the page's view, read from its URL by its reader (site.Page.read)


@st.cache_resource(show_spinner=False)
def _load() -> Data | DataError:
    """Loaded once per process and shared by every session; an invalid package is cached as its error."""
    try:
        return load(DATA_DIR)
    except DataError as e:
        return e


MAX_CACHED_CHARTS = 64  # a map chart with its play frames is ~60 KB of JSON; 64 keep memory small
_CHARTS = BuildCache(MAX_CACHED_CHARTS)


def cached_chart(chart_id: str, data: Data, state) -> Chart | None:
    """A chart built once per process for the same id and the view fields it reads (charts are pure functions
    of the data, which is loaded once, and of hashable view state); least recently used are dropped, and
    sessions asking for a chart being built wait for that build (buildcache)."""
    spec = REGISTRY[chart_id]

    def build() -> Chart | None:
        built = spec.build(data, state)
        return None if built is None else dataclasses.replace(built, figure=sent(untitled(built.figure)))

    return _CHARTS.get(spec.key(state), build, owner=data)


@st.cache_resource(show_spinner=False)
def file_bytes(path: str) -> bytes:
    """A data file's bytes, read once per process (downloads)."""
    return Path(path).read_bytes()


@st.cache_resource(show_spinner=False)
def package_zip_bytes(data_dir: str) -> bytes:
    return package_zip(Path(data_dir))


def setup(script: str) -> Page:
    """Every page starts here with its `__file__`: page config, language, navigation, data (or the data's
    problems), the page's view read from its URL with a notice for each value it could not use; in embed
    mode, the embedded chart instead of the page."""
    page = site.BY_SCRIPT[Path(script).resolve().relative_to(ROOT).as_posix()]
    params = st.query_params.to_dict()
    lang, notices = parse_lang(params)
    st.set_page_config(page_title=f"{t(page.nav_key, lang)} · {t('app_title', lang)}", layout="wide")
    if not st.context.is_embedded:
        navigation(page.script, lang)
    show_notices(notices, lang)
    data = _load()
    if isinstance(data, DataError):
        st.error(t("data_error_title", lang))
        st.markdown(t("data_error_hint", lang))
        st.code("\n".join(str(p) for p in data.problems), language=None)
        st.stop()
    if st.context.is_embedded:
        embed(page, data, lang)
        st.stop()
    state, notices = page.read(data, params)
    show_view_notices(notices, lang)
    return Page(lang=lang, data=data, state=state)


def embed(page: site.Page, data: Data, lang: str) -> None:
    """Embed mode: one chart (`?chart=<id>`, else the page's main one) with its title, description and
    source line, and a link to the dashboard; no navigation, no other widgets."""
    raw = st.query_params.get("chart") or page.default_chart or ""
    spec = REGISTRY.get(raw)
    if spec is None:
        ids = ", ".join(f"`{c}`" for c in REGISTRY)
        st.error(t("embed_unknown_chart", lang, chart=md_escape(one_line(raw[:64])), ids=ids) if raw
                 else t("embed_no_chart_here", lang, ids=ids))
        return
    state, notices = spec.read(data, st.query_params.to_dict())
    show_view_notices(notices, lang)
    c = cached_chart(spec.chart_id, data, state)
    base = embeds.app_base(st.context.url)
    if c is None:
        st.info(t("d_no_series", lang))
    else:
        embed_body(c, data, lang)
    st.markdown(f"[{t('view_on_dashboard', lang)} ↗]({embeds.page_url(base, spec.chart_id, state)})")
    # a fixed script of ours (no data in it): tells the embedding page how tall this content is
    st.html(embeds.height_reporter(EMBED_CONTENT), unsafe_allow_javascript=True)


def carried(lang: str) -> dict[str, str]:
    """Query parameters that links between pages carry: the language and the current country."""
    out = {"lang": lang}
    country = st.query_params.get("country")
    if country and re.fullmatch(r"[A-Z]{3}", country):
        out["country"] = country
    return out


def navigation(page_path: str, lang: str) -> None:
    with st.sidebar:
        st.markdown(f"**{t('app_title', lang)}**")
        for path, key in PAGES:
            st.page_link(path, label=t(key, lang), query_params=carried(lang))
        for other in (x for x in LANGS if x != lang):
            st.page_link(page_path, label=f"{t('language', lang)}: {other.upper()}",
                         query_params={**st.query_params.to_dict(), "lang": other})


def sync_page_url(lang: str) -> None:
    """Pages whose only state is the language: a bad ?lang= is rewritten too."""
    sync_url(PageState(lang=lang))


def sync_url(state) -> None:
    """Write the page's view state to the URL (defaults left out), so every view is a link."""
    # written on every run, even when equal: after a same-page link (the language switch) the server has
    # the new parameters but the browser's address bar may still show the old ones
    st.query_params.from_dict(to_params(state))


NOTICE_LABELS = {"measure": "m_", "region": "r_", "layer": "l_", "access": "a_", "scale": "scale_", "topic": "t_"}


def notice_default(key: str, default: str, lang: str) -> str:
    """What a notice says is shown instead: a translated label, not an internal id."""
    if default in ("", "—"):
        return t("all", lang)
    prefix = NOTICE_LABELS.get(key)
    return t(prefix + default, lang) if prefix and has(prefix + default) else default


def show_view_notices(notices: list[Notice], lang: str) -> None:
    """A page's or an embed's own notices: the language's notice was shown by setup() already."""
    show_notices([n for n in notices if n.key != "lang"], lang)


def show_notices(notices: list[Notice], lang: str) -> None:
    for n in notices:
        st.info(t("notice_bad_param", lang, key=md_escape(one_line(n.key)), value=md_escape(one_line(n.value)),
                  default=md_escape(notice_default(n.key, n.default, lang))), icon="ℹ️")


def plotly(fig, key: str, selectable: bool = False) -> str | None:
    """A figure in the page (its heading is shown as page text; cached_chart drops the figure's own title).
    With selectable, a click on a country returns its ISO code. A map is as tall as its width needs (map_frame)."""
    if is_map(fig):
        with st.container(key=f"map-{key}", gap=None):
            st.html(f"<style>{map_frame_css(fig, key)}</style>")
            selected = _plotly(fig, key, selectable)
            st.html(legend_html(fig))
        return selected
    return _plotly(fig, key, selectable)


# Streamlit gives a chart a fixed height (the figure's, or 450 px) on the element and its wrappers: for a map they take
# the height that map_height_css sets on the chart element, and plotly (responsive) fills it.
MAP_FILL = ('{c} [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),'
            ' {c} [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"])'
            '{{height:auto !important;flex-basis:auto !important}}\n'
            '{c} [data-testid="stPlotlyChart"] > div, {c} .js-plotly-plot{{height:100% !important}}')


def map_frame_css(fig, key: str) -> str:
    container = f".st-key-map-{key}"
    return map_height_css(fig, container, '[data-testid="stPlotlyChart"]') + "\n" + MAP_FILL.format(c=container)


def _plotly(fig, key: str, selectable: bool) -> str | None:
    if not selectable:
        st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
        return None
    event = st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key, on_select="rerun",
                            selection_mode=("points",))
    points = (event.get("selection") or {}).get("points") or [] if isinstance(event, dict) else []
    location = points[0].get("location") if points else None
    return location if isinstance(location, str) and re.fullmatch(r"[A-Z]{3}", location) else None


@st.cache_resource(show_spinner=False)
def country_options(_data: Data, lang: str) -> dict[str, str]:
    """ISO code -> name in the language, for every country with GBD series (World first), sorted by name.
    Built once per process and language (the data is loaded once per process)."""
    c = _data.countries[_data.countries["in_gbd"]]
    world = c[c["is_aggregate"]]
    rest = c[~c["is_aggregate"]].sort_values(f"name_{lang}")
    return {r.iso3: r[f"name_{lang}"] for _, r in pd.concat([world, rest]).iterrows()}


@st.cache_resource(show_spinner=False)
def country_names(_data: Data, lang: str) -> dict[str, str]:
    """Every country of countries.csv (no aggregates): ISO code -> "name · its names in the other languages", by name.
    Built once per process and language."""
    c = _data.countries[~_data.countries["is_aggregate"]].sort_values(f"name_{lang}")
    others = [x for x in LANGS if x != lang]
    return {r.iso3: " · ".join(r[f"name_{x}"] for x in (lang, *others)) for _, r in c.iterrows()}


def profile_picker(data: Data, lang: str, selected: str | None = None) -> None:
    """Choose a country (by click on the map or by name, in either language) and open its profile."""
    names = country_names(data, lang)
    choice = st.selectbox(t("open_profile", lang), list(names), index=None, key=f"profile-picker-{lang}",
                          format_func=lambda c: names[c], placeholder=t("choose_country", lang))
    target = selected or choice
    if target:
        st.switch_page("pages/3_countries.py", query_params={"lang": lang, "country": target})


def source_line(data: Data, source_id: str, lang: str) -> None:
    # small text, not st.caption: a caption's 60% opacity fades its links below 4.5:1 contrast (axe)
    st.markdown(f":small[{source_text(data, source_id, lang)}]")


def show_chart(chart_id: str, data: Data, state, selectable: bool = False) -> str | None:
    """The chart of this id for this view, built once per process, with everything `chart` shows; nothing
    when the view has nothing to draw. Returns the ISO code of a clicked country when selectable."""
    c = cached_chart(chart_id, data, state)
    return None if c is None else chart(c, data, state.lang, state, selectable)


def chart(c: Chart, data: Data, lang: str, view, selectable: bool = False) -> str | None:
    """Title, subtitle, the figure, sources, notes, text description, table toggle, CSV download and the
    embed code of this view (view: the page state the chart was built from).
    Returns the ISO code of a clicked country when selectable."""
    selected = chart_body(c, data, lang, selectable)
    # popovers, not expanders: drawn with the page, the table, CSV button and embed codes delayed the first chart
    # (bench: time to first chart), and made with every view they were a third of a chart page's server time (bench:
    # server time per view): their content is made only when a reader opens one (docs/performance.md)
    with st.container(horizontal=True, gap="small"):
        if (pop := opened_popover(t("data_popover", lang), ":material/table:", popover_key("data", c.chart_id))):
            with pop:
                table_and_csv(c, data, lang)
        if (pop := opened_popover(t("embed_heading", lang), ":material/code:", popover_key("embed", c.chart_id))):
            with pop:
                embed_panel(c, data, lang, view)
    return selected


POPOVERS = ("data", "embed")  # a chart's popovers: its table and CSV, its embed codes


def popover_key(kind: str, chart_id: str) -> str:
    """The key of a chart's popover ("data": table and CSV, "embed": embed codes); set to True in the session's state,
    it opens (tests)."""
    return f"{kind}-{chart_id}"


def opened_popover(label: str, icon: str, key: str):
    """A popover button; its container when the reader has it open, else None. Opening or closing it reruns the page
    (Streamlit's on_change="rerun"), so what it holds is made and sent only while it is open."""
    pop = st.popover(label, icon=icon, key=key, on_change="rerun")
    return pop if pop.open else None


def table_and_csv(c: Chart, data: Data, lang: str) -> None:
    """The chart's data table and its CSV (with the credit line), the CSV made only when downloaded. The table as wide
    as its columns: a popover is only as wide as its content."""
    st.dataframe(c.table, hide_index=True, width="content")
    st.download_button(t("download_csv", lang), data=lambda: chart_csv(c, data.sources, lang),
                       file_name=f"{c.chart_id}.{lang}.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:", key=f"csv-{c.chart_id}")


def embed_panel(c: Chart, data: Data, lang: str, view) -> None:
    """The embed codes of this view and language (in the chart's embed popover): the static export's page first when
    the export holds this view (lighter, no server behind it; its weight said), then the live embed and its address."""
    spec = REGISTRY[c.chart_id]
    base = embeds.app_base(st.context.url)
    stem, exact = embeds.static_stem(data, c.chart_id, view)
    name = f"{stem}.{lang}.html"
    static = embeds.STATIC_EMBED_DIR / name
    live = embeds.embed_url(base, c.chart_id, view)
    url = f"{base}/{embeds.STATIC_PATH}/{name}"
    if exact and static.is_file():
        kb = number(round(weight.weigh(static).gzip_bytes / 1024), lang)
        st.caption(t("embed_static_code", lang, kb=kb))
        st.code(embeds.iframe_code(url, c.title, spec.height), language=None, wrap_lines=True)
        st.markdown(f"[{t('embed_static', lang)} ↗]({url})")
        st.caption(t("embed_live_help", lang))
    else:
        st.caption(t("embed_help", lang))
    st.code(embeds.iframe_code(live, c.title, spec.height), language=None, wrap_lines=True)
    st.caption(t("embed_url", lang))
    st.code(live, language=None, wrap_lines=True)
    if not exact and static.is_file():
        st.markdown(f"[{t('embed_static_default', lang)} ↗]({url})  \n:gray[{t('embed_static_help', lang)}]")
        st.code(embeds.iframe_code(url, c.title, spec.height), language=None, wrap_lines=True)


def chart_body(c: Chart, data: Data, lang: str, selectable: bool = False) -> str | None:
    """What a chart on its page shows: title, subtitle, figure, sources, notes, description."""
    st.subheader(heading_escape(c.title), anchor=c.chart_id)
    st.caption(md_escape(c.subtitle))
    selected = plotly(c.figure, key=f"fig-{c.chart_id}", selectable=selectable)
    for sid in c.source_ids[:SOURCE_LINES]:
        source_line(data, sid, lang)
    if len(c.source_ids) > SOURCE_LINES:
        st.caption(t("more_sources", lang, n=len(c.source_ids) - SOURCE_LINES))
    for note in c.notes:
        st.caption(md_escape(note))
    st.markdown(f"**{t('chart_description', lang)}:** {md_escape(c.description)}")
    return selected


def embed_body(c: Chart, data: Data, lang: str) -> None:
    """An embedded chart, compact, in the static export's order (export.chart_html): the title once, what its figures
    are (Chart.embed_caption: no words of the title again), the figure, a one-line source with its credit, and the
    notes and details fold: every source line, the notes (small states, boundaries), the description, the table."""
    st.markdown(f"**{md_escape(c.title)}**")
    st.caption(md_escape(c.embed_caption))
    plotly(c.figure, key=f"fig-{c.chart_id}")
    st.markdown(f":small[{credit_text(data, c.source_ids, lang)}]")
    with st.expander(t("embed_details", lang)):
        for sid in c.source_ids:
            source_line(data, sid, lang)
        for note in c.notes:
            st.caption(md_escape(note))
        st.markdown(f"**{t('chart_description', lang)}:** {md_escape(c.description)}")
        table_and_csv(c, data, lang)


# ---------------------------------------------------------------- country profiles
# A profile's words are pure functions of the data (loaded once per process), the country and the language: built
# once per process (profile_text) and drawn on every rerun. Each element drawn costs its share of the warm rerun
# (docs/performance.md), so a card is four elements however many figures it holds.

MAX_CACHED_TEXTS = 256  # a profile's words are a few KB to ~100 KB (Kyrgyzstan, en or ru)
_TEXTS = BuildCache(MAX_CACHED_TEXTS)


def profile_text(data: Data, kind: str, iso3: str, lang: str, build):
    """build() once per process for this data, kind of text, country and language (least recently used dropped;
    sessions asking at the same time wait for one build)."""
    return _TEXTS.get((kind, iso3, lang), build, owner=data)


# A status's badge colour: the map's hue for it (theme.CATEGORICAL) in Streamlit's badge colours; "not known" grey,
# never a colour of "no" (reported_absent, no_peer_distribution).
BADGE_COLOURS = {"reported": "blue", "reported_local": "green", "reported_absent": "red",
                 "no_peer_distribution": "orange", "conflicting": "violet", "not_known": "gray"}


def badge_markdown(b: country.Badge) -> str:
    """One access indicator at a glance: its name and its status as a badge, then its year and how sure we are.
    (No icons: a screen reader reads a Material icon's name, "event icon", before the text.)"""
    out = f"**{md_escape(b.label)}** :{BADGE_COLOURS[b.status]}-badge[{md_escape(b.text)}]"
    if b.status == "not_known":  # no year and no certainty to show ("no status")
        return out
    when = f":gray-badge[{md_escape(b.when)}] " if b.when else ""
    return f"{out}  \n{when}:small[:gray[{md_escape(b.certainty)}]]"


def access_badges(data: Data, iso3: str, lang: str) -> None:
    """The country's naloxone access: one badge line per indicator (country.badges, as the printed brief says it)."""
    lines = profile_text(data, "badges", iso3, lang,
                         lambda: [badge_markdown(b) for b in country.badges(data, iso3, lang)])
    for line in lines:
        st.markdown(line)


def key_figure_markdown(k: country.KeyFigure) -> str:
    """A key figure: what it is, the figure, and its year or, for one we computed, how it was computed."""
    detail = f"*{md_escape(k.detail)}*" if k.computed else md_escape(k.detail)  # "computed from GBD's 1.28 in 2010…"
    return f"{md_escape(k.label)}  \n**{md_escape(k.value)}**  \n:small[:gray[{detail}]]"


def study_cascade(data: Data, iso3: str, lang: str) -> None:
    """A study country's S-O-S cascade (views.cascade_rows: the counts with the shares their sources give), as the
    study page and the brief show it, with each figure's quote one click away; nothing for other countries."""
    rows = profile_text(data, "cascade", iso3, lang, lambda: views.cascade_rows(data, iso3, lang))
    if not rows:
        return
    st.markdown(f"**{md_escape(t('profile_sos_heading', lang))}** · :small[{md_escape(t('sos_cascade_period', lang))}]")
    st.markdown("\n".join(f"- **{md_escape(r.value)}** {md_escape(r.label)}" for r in rows))
    ids = list(dict.fromkeys(f for r in rows for f in r.fact_ids))
    with st.expander(t("quotes_and_sources", lang, n=len(ids))):
        for fid in ids:
            quote_block(data.facts_by_id.loc[fid], data, lang)


def key_figures(data: Data, iso3: str, lang: str) -> None:
    """The three key figures (country.key_figures) side by side with their source; nothing for a country without
    GBD series."""
    def build():
        figures = country.key_figures(data, iso3, lang)
        sources = [f":small[{source_text(data, sid, lang)}]" for sid in dict.fromkeys(k.source_id for k in figures)]
        return [key_figure_markdown(k) for k in figures], sources

    cells, sources = profile_text(data, "key_figures", iso3, lang, build)
    if not cells:
        return
    for col, cell in zip(st.columns(len(cells)), cells, strict=True):
        col.markdown(cell)
    for line in sources:  # small text, not st.caption (see source_line)
        st.markdown(line)


def quote_text(f, data: Data, lang: str) -> str:
    """A fact's quote with its language and source (markdown); our note beside it where the quote alone would
    mislead (read only in a translation, a figure another source gives differently)."""
    note = f.get(lang_column("note", lang))
    note = f"  \n:small[{md_escape(note)}]" if isinstance(note, str) and note else ""
    return quote_markdown(f, data, lang) + note


def quote_block(f, data: Data, lang: str) -> None:
    st.markdown(quote_markdown(f, data, lang))


@dataclass(frozen=True)
class Card:
    """A fact group's card as drawn: its figures (markdown), the label of its fold, the quotes in it (markdown)."""
    body: str
    fold: str
    quotes: str


def profile_cards(data: Data, iso3: str, lang: str) -> tuple[tuple[Card, ...], tuple[Card, ...]]:
    """The profile's (programme, S-O-S study) cards, one per indicator, built once per process."""
    def build():
        return tuple(tuple(card(g, data, lang, country=iso3) for g in country.fact_groups(part, data, lang))
                     for part in country.programme_facts(data, iso3))

    return profile_text(data, "cards", iso3, lang, build)


def fact_cards(cards: tuple[Card, ...]) -> None:
    """The cards side by side where the screen is wide enough for two (one after another on a phone)."""
    with st.container(horizontal=True, gap="small"):
        for c in cards:
            fact_group_card(c)


CARD_WIDTH = 400  # px: two cards side by side in the page's wide layout, one on a phone (never wider than it)


def fact_group_card(c: Card) -> None:
    """One card: its figures, then every source's quote one click away (four elements)."""
    with st.container(border=True, width=CARD_WIDTH):
        st.markdown(c.body)
        with st.expander(c.fold):
            st.markdown(c.quotes)


def card(group: country.FactGroup, data: Data, lang: str, *, country: str | None = None) -> Card:
    """One indicator's figures in date order, each value once with its unit, period and confidence (and how many
    sources give it); folded, each source's quote and source line (under its figure's value when there are several)."""
    facts = data.facts_by_id
    lines, quotes = [f"**{md_escape(group.label)}**"], []
    for item in group.items:
        same = [facts.loc[i] for i in item.fact_ids]
        value, meta = fact_line(item, same, lang, country)
        lines.append(f"{value}  \n{meta}")
        if len(group.items) > 1:
            quotes.append(value)
        quotes += [quote_text(f, data, lang) for f in same]
    n = sum(len(item.fact_ids) for item in group.items)
    return Card("\n\n".join(lines), t("quote_and_source", lang) if n == 1 else t("quotes_and_sources", lang, n=n),
                "\n\n".join(quotes))


def fact_line(item: country.FactItem, same: list, lang: str, country: str | None) -> tuple[str, str]:
    """A figure on its card: its value and unit; then its period, the area of a group's figure, whether it was read
    from words, its confidence, and how many sources give it."""
    f = same[0]
    meta = [f"{t('period', lang)}: {fact_text(f, 'period', lang)}"]
    if country is not None and f["iso3"] != country:
        meta.append(t("group_fact", lang, area=fact_text(f, "area", lang)))
    if any(x["value_from_words"] for x in same):
        meta.append(t("value_from_words", lang))
    levels = dict.fromkeys(t(f"c_{x['confidence']}", lang) for x in same)
    meta.append(t("confidence", lang, level=" / ".join(levels)))
    if len(same) > 1:
        meta.append(t("n_sources", lang, n=len(same)))
    unit = "" if f["unit"] in NO_UNIT else fact_text(f, "unit", lang)
    return f"**{md_escape(item.value)}** {md_escape(unit)}", f":gray[{md_escape(' · '.join(meta))}]"


def access_statements(data: Data, iso3: str, lang: str) -> None:
    """Below the badges, folded: each indicator's status line with its year, scope and confidence, then every
    statement behind it in date order (undated last), each with its quote one click away."""
    indicators = profile_text(data, "statements", iso3, lang, lambda: statement_texts(data, iso3, lang))
    n = sum(len(said) for _, said in indicators)
    if not n:
        return
    with st.expander(t("profile_statements", lang, n=n), icon=":material/format_quote:"):
        for line, said in indicators:
            st.markdown(line)
            for label, quote in said:
                with st.expander(label):
                    st.markdown(quote)


def brief_button(data: Data, iso3: str, lang: str) -> None:
    """"Country brief (PDF)": the one-page brief (brief.py) with this profile's link, drawn only when a reader asks for
    it (Streamlit calls the function on the click, in its own thread) and then kept, once per process for each
    country, language and address."""
    link = brief.profile_link(embeds.app_base(st.context.url), iso3, lang)
    st.download_button(t(brief.BUTTON_KEY, lang), file_name=brief.file_name(iso3, lang), mime="application/pdf",
                       data=lambda: profile_text(data, f"brief {link}", iso3, lang,
                                                 lambda: brief.country_brief(data, iso3, lang, link=link)),
                       on_click="ignore", icon=":material/picture_as_pdf:", key=f"brief-{iso3}-{lang}")


def statement_texts(data: Data, iso3: str, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per access indicator: its status line, and (label, quote) of each statement behind it."""
    rows = access_for(data, iso3)
    facts = data.facts_by_id
    out = []
    for indicator in ACCESS_INDICATORS:
        status = access_status_of(data, iso3, indicator)
        said = []
        for _, r in rows[rows["indicator"] == indicator].iterrows():
            when = str(int(r["year"])) if pd.notna(r["year"]) else t("access_undated", lang)
            label = f"{when} — {t('r_' + r['reading'], lang)}"
            value = statement_value(r, lang)
            if value:
                label += f" · {value}"
            said.append((md_escape(label), quote_text(facts.loc[r["fact_id"]], data, lang)))
        out.append((f"**{t(f'a_{indicator}', lang)}**: {md_escape(status_line(status, lang))}", said))
    return out


def facts_table(facts: pd.DataFrame, data: Data, lang: str) -> None:
    """Facts with their quotes and links; shown as text (never rendered as markup). The table of every fact is
    written once per process and language (a third of the data page's server time when written per view); a
    filter picks its rows."""
    every = profile_text(data, "facts-table", "", lang, lambda: facts_display(data, lang))
    table = every.loc[list(facts["fact_id"])].reset_index(drop=True)
    st.dataframe(table, hide_index=True, width="stretch", key="facts-table", column_config={
        t("col_url", lang): st.column_config.LinkColumn(t("col_url", lang)),
        t("col_quote", lang): st.column_config.TextColumn(t("col_quote", lang), width="large"),
    })


def facts_display(data: Data, lang: str) -> pd.DataFrame:
    """Every fact as the data page shows it, in the language: one row per fact, indexed by fact_id."""
    facts = data.facts
    src = data.sources_by_id
    names = dict(zip(data.countries["iso3"], data.countries[f"name_{lang}"], strict=True))
    labels = data.indicators_by_id[f"label_{lang}"]
    table = pd.DataFrame({
        t("col_country", lang): [names.get(f["iso3"], fact_text(f, "area", lang)) for _, f in facts.iterrows()],
        t("period", lang): [fact_text(f, "period", lang) for _, f in facts.iterrows()],
        t("col_indicator", lang): [labels[i] for i in facts["indicator"]],
        t("col_value", lang): [fact_value(f, lang) for _, f in facts.iterrows()],
        t("col_unit", lang): [fact_text(f, "unit", lang) for _, f in facts.iterrows()],
        t("col_quote", lang): facts["quote"],
        t("col_quote_lang", lang): [language_name(c, lang) for c in facts["quote_lang"]],
        t("col_source", lang): [src.loc[s, lang_column("publisher", lang)] for s in facts["source_id"]],
        t("col_url", lang): [src.loc[s, "url"] or None for s in facts["source_id"]],
        t("col_confidence", lang): [t(f"c_{c}", lang) for c in facts["confidence"]],
        "fact_id": facts["fact_id"],
    })
    return table.set_index(facts["fact_id"].to_numpy())


def sources_table(data: Data, lang: str) -> None:
    s = data.sources
    table = pd.DataFrame({
        t("col_title", lang): s["title"], t("col_publisher", lang): s[lang_column("publisher", lang)],
        t("col_url", lang): s["url"].replace("", None), t("col_licence", lang): s[lang_column("licence", lang)],
        t("col_credit", lang): s[lang_column("credit", lang)], "source_id": s["source_id"],
    })
    st.dataframe(table, hide_index=True, width="stretch", key="sources-table",
                 column_config={t("col_url", lang): st.column_config.LinkColumn(t("col_url", lang))})


def table_downloads(lang: str) -> None:
    """One download button per curated table, the files exactly as they are in data/."""
    cols = st.columns(len(TABLES))
    for col, table in zip(cols, TABLES, strict=True):
        col.download_button(table.filename, data=file_bytes(str(DATA_DIR / table.filename)), file_name=table.filename,
                            mime="text/csv", key=f"dl-{table.name}")


def headline(f, label: str, data: Data, lang: str, qualifier: str | None = None) -> None:
    """A headline figure with its source's qualifier ("over", "almost"), its quote and source one click away."""
    with st.container(border=True):
        value = fact_value(f, lang) + ("%" if str(f["unit"]).startswith("percent") else "")
        # text, not st.metric: a metric cuts long values ("over 494,000") and labels with an ellipsis
        st.markdown(f"### {md_escape(t(qualifier, lang, v=value) if qualifier else value)}")
        st.markdown(md_escape(label))
        with st.expander(t("quote_and_source", lang)):
            quote_block(f, data, lang)
