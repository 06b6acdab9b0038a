"""Map: a GBD measure or a naloxone-access layer by country, for a year and a region."""

import dataclasses

import streamlit as st

from sos_dash import ui
from sos_dash.datapkg import schema
from sos_dash.datapkg.load import years
from sos_dash.i18n import t
from sos_dash.state import LAYERS, MAP_MEASURES, REGIONS

page = ui.setup(__file__)
lang, data, state = page.lang, page.data, page.state

layer = st.segmented_control(t("layer", lang), LAYERS, default=state.layer, required=True, key=f"map-layer-{lang}",
                             format_func=lambda v: t(f"l_{v}", lang))
c2, c3 = st.columns(2)
region = c2.selectbox(t("region", lang), REGIONS, index=REGIONS.index(state.region), key=f"map-region-{lang}",
                      format_func=lambda v: t(f"r_{v}", lang))
if layer == "access":
    access = c3.selectbox(t("l_access", lang), schema.ACCESS_INDICATORS, key=f"map-access-{lang}",
                          index=schema.ACCESS_INDICATORS.index(state.access), format_func=lambda v: t(f"a_{v}", lang))
    state = dataclasses.replace(state, layer=layer, region=region, access=access)
else:
    measure = c3.selectbox(t("measure", lang), MAP_MEASURES, index=MAP_MEASURES.index(state.measure),
                           key=f"map-measure-{lang}", format_func=lambda v: t(f"m_{v}", lang))
    year = st.select_slider(t("year", lang), options=years(data), value=state.year, key=f"map-year-{lang}")
    state = dataclasses.replace(state, layer=layer, region=region, measure=measure, year=year)
ui.sync_url(state)

selected = ui.show_chart("map", data, state, selectable=True)
ui.profile_picker(data, lang, selected)
