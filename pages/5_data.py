"""Data & sources: every fact with its quote, the sources, downloads, how to cite, changelog."""

import dataclasses
from datetime import date

import streamlit as st

from sos_dash import ui, views
from sos_dash.datapkg import schema
from sos_dash.datapkg.load import DATA_DIR, changelog
from sos_dash.i18n import format_date, t

page = ui.setup(__file__)
lang, data, state = page.lang, page.data, page.state
names = ui.country_names(data, lang)
years = views.fact_years(data)
sources = list(data.sources["source_id"])
labels = dict(zip(data.indicators["indicator"], data.indicators[f"label_{lang}"], strict=True))
indicators = sorted(labels, key=lambda i: labels[i].casefold())
st.title(t("nav_data", lang))
st.markdown(t("data_intro", lang))

st.header(t("facts_heading", lang))
q = st.text_input(t("search", lang), value=state.q, key=f"data-q-{lang}", max_chars=100)
c1, c2, c3, c4 = st.columns(4)
opt = ["", *names]
country = c1.selectbox(t("col_country", lang), opt, index=opt.index(state.country), key=f"data-country-{lang}",
                       format_func=lambda c: names.get(c, t("all", lang)))
topics = ["", *schema.TOPICS]
topic = c2.selectbox(t("col_topic", lang), topics, index=topics.index(state.topic), key=f"data-topic-{lang}",
                     format_func=lambda v: t(f"t_{v}", lang) if v else t("all", lang))
year_opt = ["", *years]
year = c3.selectbox(t("col_year", lang), year_opt, index=year_opt.index(state.year), key=f"data-year-{lang}",
                    format_func=lambda v: v or t("all", lang))
src_opt = ["", *sources]
titles = dict(zip(data.sources["source_id"], data.sources[ui.lang_column("publisher", lang)], strict=True))
source = c4.selectbox(t("col_source", lang), src_opt, index=src_opt.index(state.source), key=f"data-source-{lang}",
                      format_func=lambda v: titles.get(v, t("all", lang)))
ind_opt = ["", *indicators]
indicator = st.selectbox(t("col_indicator", lang), ind_opt, index=ind_opt.index(state.indicator),
                         key=f"data-indicator-{lang}", format_func=lambda v: labels.get(v, t("all", lang)))
state = dataclasses.replace(state, q=q, country=country, topic=topic, year=year, source=source, indicator=indicator)
ui.sync_url(state)
facts = views.filter_facts(data, q=q, country=country, topic=topic, source=source, year=year, indicator=indicator)
st.caption(t("facts_count", lang, n=len(facts), total=len(data.facts)))
ui.facts_table(facts, data, lang)

st.header(t("sources_heading", lang))
ui.sources_table(data, lang)

st.header(t("downloads_heading", lang))
ui.table_downloads(lang)
st.download_button(t("download_zip", lang), data=ui.package_zip_bytes(str(DATA_DIR)), file_name="sos-naloxone-data.zip",
                   mime="application/zip", key="zip")

updated, log = changelog(DATA_DIR)
st.header(t("cite_heading", lang))
st.code(t("cite_text", lang, updated=format_date(updated, lang), today=format_date(date.today().isoformat(), lang)),
        language=None, wrap_lines=True)
st.header(t("updated_heading", lang))
with st.expander(f"{format_date(updated, lang)}"):
    st.text(log)
