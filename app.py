"""Overview (home) page: the case in one screen."""

import streamlit as st

from sos_dash import site, ui, views
from sos_dash.i18n import t
from sos_dash.state import MapState

# fact, label, the qualifier its source puts on the number ("over 494,000", "almost 16,278")
HEADLINES = [("seed-003", "h_global_deaths_2024", "q_over"), ("seed-010", "h_deaths_2014", "q_estimated"),
             ("seed-011", "h_rate_2014", None), ("prog-001", "h_sos_trained", None),
             ("prog-002", "h_sos_kits", "q_almost"), ("prog-006", "h_sos_used", None),
             ("seed-005", "h_bishkek_ampules", None)]
# prog-129 (WHO essential medicines, 1983) is left out: its stored quote stops mid-sentence
NALOXONE = ["seed-021", "seed-020", "seed-022", "prog-128"]

page = ui.setup(__file__)
lang, data = page.lang, page.data
ui.sync_page_url(lang)
st.title(t("app_title", lang))
st.markdown(t("home_lead", lang))

st.header(t("headlines_heading", lang))
cols = st.columns(3)
for i, (fid, key, qualifier) in enumerate(HEADLINES):
    with cols[i % 3]:
        ui.headline(views.fact(data, fid), t(key, lang), data, lang, qualifier)
st.caption(t("headline_note", lang))

st.header(t("what_naloxone_heading", lang))
for fid in NALOXONE:
    ui.quote_block(views.fact(data, fid), data, lang)

st.header(t("overview_map_heading", lang))
world = MapState(lang=lang)
ui.show_chart("map", data, world)

st.header(t("pages_heading", lang))
for p in site.PAGES:
    if p.link_key:
        st.page_link(p.script, label=t(p.link_key, lang), query_params=ui.carried(lang))
