"""Overview (home) page."""

import streamlit as st

from sos_dash import ui
from sos_dash.i18n import t

page = ui.setup("app.py", "nav_home")
st.title(t("app_title", page.lang))
st.markdown(t("home_lead", page.lang))
st.page_link("pages/1_map.py", label=t("home_map_link", page.lang), icon="🗺️", query_params={"lang": page.lang})
