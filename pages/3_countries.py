"""Country profiles, leading with the answer: naloxone access as badges and three key figures on the first screen,
the statements behind each status folded below them, the GBD trend, programme facts as one card per indicator,
deaths by drug type and, for the S-O-S countries, the study's results. The one-page brief (PDF) follows
the first screen's answer."""

import dataclasses

import streamlit as st

from sos_dash import ui
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

# the first screen: is naloxone available, since when, how sure are we; the death rate, its change, its place
st.header(t("profile_access_heading", lang))
ui.access_badges(data, country, lang)
if ui.access_for(data, country).empty:
    st.info(t("profile_access_none", lang, name=ui.md_escape(name)))
ui.access_statements(data, country, lang)
ui.key_figures(data, country, lang)
ui.study_cascade(data, country, lang)  # the four S-O-S study countries: followed up, witnessed, used naloxone
ui.brief_button(data, country, lang)  # the answer on one page to hand over, right under it

programme, study = ui.profile_cards(data, country, lang)
st.header(t("profile_gbd_heading", lang))
if row["in_gbd"]:
    ui.show_chart("profile-trend", data, state)
else:
    st.info(t("d_no_series", lang))

st.header(t("profile_facts_heading", lang))
if not programme:
    st.info(t("profile_no_facts", lang, name=ui.md_escape(name)))
ui.fact_cards(programme)

if row["in_gbd"]:
    ui.show_chart("drug-types-latest", data, state)

if row["sos_country"]:
    st.header(t("profile_sos_heading", lang))
    ui.fact_cards(study)
