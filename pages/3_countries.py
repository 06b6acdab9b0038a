"""Country profiles: naloxone access, programme facts, GBD trends and, for S-O-S countries, study results."""

import dataclasses

import streamlit as st

from sos_dash import ui, views
from sos_dash.datapkg import schema
from sos_dash.i18n import t

page = ui.setup(__file__)
lang, data, state = page.lang, page.data, page.state
codes = ui.country_names(data, lang)

country = st.selectbox(t("profile_find", lang), list(codes), index=list(codes).index(state.country),
                       key=f"profile-country-{lang}", format_func=lambda c: codes[c])
state = dataclasses.replace(state, country=country)
ui.sync_url(state)
row = data.countries.set_index("iso3").loc[country]
name = row[f"name_{lang}"]
st.title(ui.heading_escape(name))
st.page_link("pages/2_trends.py", label=t("compare_trends", lang), icon=":material/show_chart:",
             query_params={"lang": lang, "countries": f"{country},{schema.WORLD}", "country": country})

st.header(t("profile_access_heading", lang))
if views.access_for(data, country).empty:
    st.info(t("profile_access_none", lang, name=ui.md_escape(name)))
ui.access_statuses(data, country, lang)

facts = views.facts_for(data, country)
st.header(t("profile_facts_heading", lang))
programme = facts[(facts["topic"] != "sos") & (facts["topic"] != "access")]
if programme.empty:
    st.info(t("profile_no_facts", lang, name=ui.md_escape(name)))
for _, f in programme.iterrows():
    ui.fact_card(f, data, lang, country=country)

if row["sos_country"]:
    st.header(t("profile_sos_heading", lang))
    for _, f in facts[facts["topic"] == "sos"].iterrows():
        ui.fact_card(f, data, lang, country=country)

st.header(t("profile_gbd_heading", lang))
if row["in_gbd"]:
    ui.show_chart("profile-trend", data, state)
    ui.show_chart("drug-types-latest", data, state)
else:
    st.info(t("d_no_series", lang))
