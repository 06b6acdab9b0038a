"""Trends: GBD measures over 1990-2019 for chosen countries; deaths by drug type for one country."""

import dataclasses

import streamlit as st

from sos_dash import ui
from sos_dash.datapkg import schema
from sos_dash.i18n import t
from sos_dash.state import SCALES, TREND_MEASURES

page = ui.setup(__file__)
lang, data, state = page.lang, page.data, page.state
codes = ui.country_options(data, lang)

countries = st.multiselect(t("countries_label", lang), list(codes), default=list(state.countries),
                           key=f"trends-countries-{lang}", format_func=lambda c: codes[c], max_selections=12)
c1, c2 = st.columns([2, 1])
measure = c1.selectbox(t("measure", lang), TREND_MEASURES, index=TREND_MEASURES.index(state.measure),
                       key=f"trends-measure-{lang}", format_func=lambda v: t(f"m_{v}", lang))
scale = c2.segmented_control(t("scale", lang), SCALES, default=state.scale, required=True, key=f"trends-scale-{lang}",
                             format_func=lambda v: t(f"scale_{v}", lang))
state = dataclasses.replace(state, countries=tuple(countries) or state.countries, measure=measure, scale=scale)

ui.show_chart("trends", data, state)

single = [c for c in codes if c != schema.WORLD]
country = st.selectbox(t("stack_country", lang), single, index=single.index(state.country),
                       key=f"trends-country-{lang}", format_func=lambda c: codes[c])
state = dataclasses.replace(state, country=country)
ui.sync_url(state)
ui.show_chart("drug-types", data, state)
