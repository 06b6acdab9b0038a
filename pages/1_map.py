"""Map: age-standardised opioid death rate by country for a chosen year."""

import streamlit as st

from sos_dash import ui
from sos_dash.data import years
from sos_dash.figures import fig_map
from sos_dash.i18n import t, unit_label
from sos_dash.state import parse_map
from sos_dash.views import map_view

MEASURE = "rate_opioid"

page = ui.setup("pages/1_map.py", "nav_map")
lang, data = page.lang, page.data
all_years = years(data)
state, notices = parse_map(st.query_params.to_dict(), all_years)
ui.show_notices([n for n in notices if n.key != "lang"], lang)

year = st.select_slider(t("year", lang), options=all_years, value=state.year, key="year")
if year != state.year or st.query_params.get("lang") != lang:
    st.query_params.update({"lang": lang, "year": str(year)})

view = map_view(data, MEASURE, year, lang)
title = t("map_title", lang, year=year)
st.subheader(title)
st.caption(t("map_subtitle", lang))
fig = fig_map(view.values, markers=view.markers, no_data=view.no_data, lang=lang, year=year,
              unit=unit_label(view.unit, lang), title=title, subtitle=t("map_subtitle", lang))
ui.plotly(fig, key="map")
ui.source_line(data, view.source_id, lang)
if len(view.markers):
    st.caption(t("markers_note", lang, names=", ".join(view.markers["name"])))
if view.missing:
    st.caption(t("missing_note", lang, names=", ".join(view.missing)))
st.caption(t("boundaries_note", lang))
