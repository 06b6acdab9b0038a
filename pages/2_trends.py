"""Trends: GBD measures over 1990-2019 for chosen countries; deaths by drug type for one country."""

import dataclasses

import streamlit as st

from sos_dash import ui
from sos_dash.charts import drug_types_chart, trends_chart
from sos_dash.i18n import t
from sos_dash.state import SCALES, TREND_MEASURES, parse_trends

page = ui.setup("pages/2_trends.py", "nav_trends")
lang, data = page.lang, page.data
codes = ui.country_options(data, lang)
state, notices = parse_trends(st.query_params.to_dict(), list(codes))
ui.show_view_notices(notices, lang)

countries = st.multiselect(t("countries_label", lang), list(codes), default=list(state.countries),
                           key=f"trends-countries-{lang}", format_func=lambda c: codes[c], max_selections=12)
c1, c2 = st.columns([2, 1])
measure = c1.selectbox(t("measure", lang), TREND_MEASURES, index=TREND_MEASURES.index(state.measure),
                       key=f"trends-measure-{lang}", format_func=lambda v: t(f"m_{v}", lang))
scale = c2.segmented_control(t("scale", lang), SCALES, default=state.scale, required=True, key=f"trends-scale-{lang}",
                             format_func=lambda v: t(f"scale_{v}", lang))
state = dataclasses.replace(state, countries=tuple(countries) or state.countries, measure=measure, scale=scale)

ui.chart(ui.cached_chart(trends_chart, data, state), data, lang, state)

single = [c for c in codes if c != "OWID_WRL"]
country = st.selectbox(t("stack_country", lang), single, index=single.index(state.country),
                       key=f"trends-country-{lang}", format_func=lambda c: codes[c])
state = dataclasses.replace(state, country=country)
ui.sync_url(state)
ui.chart(ui.cached_chart(drug_types_chart, data, country, lang), data, lang, state)
