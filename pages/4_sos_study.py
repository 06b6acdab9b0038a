"""S-O-S study: the 90-90-90 targets beside what was reported, the timeline, the four countries' trends."""

import streamlit as st

from sos_dash import ui, views
from sos_dash.i18n import t
from sos_dash.state import TrendsState

page = ui.setup(__file__)
lang, data = page.lang, page.data
ui.sync_page_url(lang)
st.title(t("nav_sos", lang))
st.markdown(t("sos_intro", lang))
st.header(t("sos_results_heading", lang))

for chart_id in ("sos-targets", "sos-outcomes", "sos-witnessed", "sos-timeline"):
    ui.show_chart(chart_id, data, page.state)

st.subheader(t("sos_discussion_heading", lang))
for fid in ("seed-006", "seed-007", "seed-008"):
    ui.quote_block(views.fact(data, fid), data, lang)

st.header(t("sos_trends_heading", lang))
trends = TrendsState(lang=lang)
ui.show_chart("trends", data, trends)
