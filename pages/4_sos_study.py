"""S-O-S study: the 90-90-90 targets beside what was reported, the timeline, the four countries' trends."""

import streamlit as st

from sos_dash import charts, ui, views
from sos_dash.i18n import t
from sos_dash.state import PageState, TrendsState

page = ui.setup("pages/4_sos_study.py", "nav_sos")
lang, data = page.lang, page.data
ui.sync_page_url(lang)
st.title(t("nav_sos", lang))
st.markdown(t("sos_intro", lang))
st.header(t("sos_results_heading", lang))

for builder in (charts.sos_targets_chart, charts.sos_outcomes_chart, charts.sos_witnessed_chart,
                charts.sos_timeline_chart):
    ui.chart(ui.cached_chart(builder, data, lang), data, lang, PageState(lang=lang))

st.subheader(t("sos_discussion_heading", lang))
for fid in ("seed-006", "seed-007", "seed-008"):
    ui.quote_block(views.fact(data, fid), data, lang)

st.header(t("sos_trends_heading", lang))
trends = TrendsState(lang=lang)
ui.chart(ui.cached_chart(charts.trends_chart, data, trends), data, lang, trends)
