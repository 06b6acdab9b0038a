"""S-O-S study: the cohort country by country, what happened at witnessed overdoses, the training's scores,
the 90-90-90 targets beside the counts reported, the timeline, the round table, the four countries' trends."""

import streamlit as st

from sos_dash import ui, views
from sos_dash.i18n import t
from sos_dash.state import TrendsState

# the targets as text beside the counts the sources give (no share is reported: no chart of empty bars)
TARGETS = ("seed-014", "seed-015", "seed-016")
COUNTS = (("prog-001", "h_sos_trained", None), ("prog-002", "h_sos_kits", "q_almost"))  # fact, label, qualifier

page = ui.setup(__file__)
lang, data = page.lang, page.data
ui.sync_page_url(lang)
st.title(t("nav_sos", lang))
st.markdown(t("sos_intro", lang))

st.header(t("sos_cascade_heading", lang))
for chart_id in ("sos-cascade", "sos-outcomes", "sos-knowledge", "sos-attitudes"):
    ui.show_chart(chart_id, data, page.state)

st.header(t("sos_targets_heading", lang))
st.markdown(t("sos_targets_text", lang))
cols = st.columns(len(COUNTS))
for col, (fid, key, qualifier) in zip(cols, COUNTS, strict=True):
    with col:
        ui.headline(views.fact(data, fid), t(key, lang), data, lang, qualifier)
with st.expander(t("sos_targets_heading", lang)):
    for fid in TARGETS:
        ui.quote_block(views.fact(data, fid), data, lang)

ui.show_chart("sos-timeline", data, page.state)

st.subheader(t("sos_discussion_heading", lang))
for fid in ("seed-006", "seed-007", "seed-008"):
    ui.quote_block(views.fact(data, fid), data, lang)

st.header(t("sos_trends_heading", lang))
ui.show_chart("trends", data, TrendsState(lang=lang))
