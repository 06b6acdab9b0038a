"""AppTest over every page x language x representative URL states, valid and invalid.

For each run: no exception, the page's charts and chart headings, no English UI string on a Russian page,
a notice naming the key of an unusable URL value with the default view instead, and the URL rewritten to a
valid state (opening the rewritten URL again shows the same view and no notice).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from apptest import (
    COUNTRIES,
    DATA,
    HOME,
    MAP,
    SOS,
    TRENDS,
    no_error,
    run,
    run_cached,
    specs,
    texts_of,
    unescape,
    widget_values,
)

from sos_dash import views
from sos_dash.datapkg import schema
from sos_dash.datapkg.load import DATA_DIR, changelog
from sos_dash.i18n import LANGS, t, template
from sos_dash.messages import MESSAGES
from sos_dash.state import DEFAULT_PROFILE
from sos_dash.ui import NO_UNIT

pytestmark = pytest.mark.apptest
# charts and chart headings (st.subheader) of each page in its default view
LAYOUT = {HOME: (1, 1), MAP: (1, 1), TRENDS: (2, 2), COUNTRIES: (2, 2), SOS: (6, 7), DATA: (0, 0)}
NOTICE = re.compile(r"(\w+)=[“«]")  # "The link asked for year=“1850”" / "В ссылке указано year=«1850»"


# ---------------------------------------------------------------- reading a run

def notices(at) -> list[str]:
    """Keys named by the URL notices on the page."""
    return [m.group(1) for i in at.info for m in [NOTICE.search(i.value)] if m]


def widget(at, kind: str, label_key: str, lang: str = "en"):
    label = t(label_key, lang)
    return next(w for w in at.get(kind) if w.label == label)


def view(at) -> dict:
    """What a reader sees of the view: headings, widget values, chart data sizes."""
    return {"title": [x.value for x in at.title], "subheaders": [x.value for x in at.subheader],
            "widgets": widget_values(at), "charts": [len(c["data"]) for c in specs(at)]}


def assert_url_is_a_valid_state(at, page) -> None:
    """The URL after the run opens the same view again, without any notice."""
    url = dict(at.query_params)
    assert all(isinstance(v, str) for v in url.values()), f"repeated keys left in the URL: {url}"
    again = run(page, url)
    no_error(again)
    assert notices(again) == [], (url, [i.value for i in again.info])
    assert view(again) == view(at)
    assert dict(again.query_params) == url


# ---------------------------------------------------------------- visible text, for the language check

def visible_texts(at) -> list[tuple[str, str]]:
    """Every text of the run but embed codes and URLs (their parameter values are ids, scale=linear, not words)."""
    return [(x.kind, x.text) for x in texts_of(at)
            if not (x.kind == "code" and x.text.startswith(("<iframe", "/", "http")))]


def data_strings(data) -> list[str]:
    """Text that comes from the data and is shown as the source gives it (never translated)."""
    f, s, c = data.facts, data.sources, data.countries
    cols = [f["quote"], f["unit"], f["unit_ru"], f["period"], f["period_ru"], f["area"], f["area_ru"], f["value_text"],
            f["value_text_ru"], s["title"], s["credit"], s["credit_ru"], s["publisher"], s["publisher_ru"], s["url"],
            s["licence"], s["licence_ru"], c["name_en"]]
    strings = {str(x) for col in cols for x in col.dropna() if len(str(x).strip()) >= 2}
    # the data package's own files, shown as they are: file names and the changelog
    strings |= {tb.filename for tb in schema.TABLES} | {"datapackage.json", changelog(DATA_DIR)[1]}
    strings |= {" ".join(x.split()) for x in strings}
    return sorted(strings, key=len, reverse=True)


def english_fragments() -> list[tuple[str, str]]:
    """(key, literal text) of each English UI string that differs from its Russian one."""
    out = []
    for key in MESSAGES:
        en, ru = template(key, "en"), template(key, "ru")
        if en == ru:
            continue
        for part in re.split(r"\{[^}]*\}", en):
            part = part.strip(" ,.;:()[]'\"“”«»—-·\n")
            if re.search(r"[A-Za-z]{3,}", part) and part not in ru:
                out.append((key, part))
    return out


FRAGMENTS = english_fragments()


def english_in(text: str, data_texts: list[str]) -> list[tuple[str, str]]:
    text = " ".join(unescape(text).split())
    if text.startswith(">"):  # a verbatim quote
        return []
    for s in data_texts:
        if s in text:
            text = text.replace(s, " ")
    hits = []
    for key, frag in FRAGMENTS:
        if re.search(rf"(?<![A-Za-z]){re.escape(frag)}(?![A-Za-z])", text):
            hits.append((key, frag))
    return hits


@pytest.fixture(scope="module")
def data_texts(data):
    return data_strings(data)


# ---------------------------------------------------------------- every page x language x valid states

VALID = [
    (HOME, {}, {}),
    (MAP, {}, {}),
    (MAP, {"year": "2010", "measure": "deaths_opioid", "region": "europe"}, {}),
    (MAP, {"layer": "access", "access": "otc", "region": "eeca"}, {}),
    (TRENDS, {}, {}),
    (TRENDS, {"countries": "KGZ,KAZ,OWID_WRL", "measure": "deaths_opioid", "scale": "log", "country": "KGZ"}, {}),
    (COUNTRIES, {"country": "KGZ"}, {}),
    (COUNTRIES, {"country": "USA"}, {}),
    (COUNTRIES, {"country": "HKG"}, {"layout": (0, 0)}),  # Hong Kong: no GBD series
    (SOS, {}, {}),
    (DATA, {}, {}),
    (DATA, {"country": "KGZ", "topic": "sos"}, {}),
    (DATA, {"q": "naloxone"}, {}),
]


def case_id(case) -> str:
    page, params, _ = case
    return page.script.split("/")[-1] + ("?" + "&".join(f"{k}={v}" for k, v in params.items())
                                               if params else "")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", VALID, ids=case_id)
def test_page_renders_its_charts(case, lang):
    page, params, expect = case
    at = run_cached(page, {**params, "lang": lang})
    no_error(at)
    n_charts, n_headings = expect.get("layout", LAYOUT[page])
    assert len(at.get("plotly_chart")) == n_charts
    assert len(at.subheader) == n_headings, [s.value for s in at.subheader]
    assert notices(at) == []
    for c in specs(at):
        assert c["data"], "an empty figure"
    # the sidebar navigation is ours, translated, and carries the language
    links = [pl for pl in at.sidebar.get("page_link")]
    assert t("nav_home", lang) in [pl.proto.label for pl in links]
    assert all(f"lang={lang}" in pl.proto.query_string for pl in links[:-1])
    other = "ru" if lang == "en" else "en"
    assert f"lang={other}" in links[-1].proto.query_string  # the language switch


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", VALID, ids=case_id)
def test_valid_state_stays_in_the_url(case, lang):
    page, params, _ = case
    at = run_cached(page, {**params, "lang": lang})
    url = dict(at.query_params)
    assert url.get("lang") == lang
    for k, v in params.items():
        if page == COUNTRIES and k == "country" and v == DEFAULT_PROFILE:
            assert k not in url or url[k] == v  # the default may be left out of the link
        else:
            assert url.get(k) == v, (k, url)


@pytest.mark.parametrize("case", VALID, ids=case_id)
def test_russian_page_shows_no_english_ui_string(case, data_texts):
    page, params, _ = case
    at = run_cached(page, {**params, "lang": "ru"})
    no_error(at)
    leaks = []
    for kind, text in visible_texts(at):
        for key, frag in english_in(text, data_texts):
            leaks.append(f"{kind}: {frag!r} (message {key!r}) in {text[:100]!r}")
    assert leaks == []


@pytest.mark.parametrize("case", VALID, ids=case_id)
def test_english_page_is_in_english(case):
    page, params, _ = case
    at = run_cached(page, {**params, "lang": "en"})
    heads = [x.value for x in [*at.title, *at.header, *at.subheader]]
    if page == COUNTRIES:
        heads = heads[1:]  # the country's name
    for h in heads:
        assert not re.search("[А-Яа-яЁё]", h), h


def test_the_language_check_can_fail(data_texts):
    """The check above finds an English string in Russian text (so a pass means something)."""
    assert english_in("Страна: Country profiles", data_texts)
    assert english_in(t("notice_bad_param", "en", key="year", value="1", default="2019"), data_texts)
    assert english_in(t("notice_bad_param", "ru", key="year", value="1", default="2019"), data_texts) == []
    assert english_in("> a quoted sentence with Country profiles", data_texts) == []


# ---------------------------------------------------------------- invalid URL values

def default_map(at, lang="en"):
    assert widget(at, "select_slider", "year", lang).value == 2019
    assert widget(at, "selectbox", "measure", lang).value == "rate_opioid"
    assert widget(at, "selectbox", "region", lang).value == "world"
    assert widget(at, "button_group", "layer", lang).value == "deaths"
    assert at.subheader[0].value == t("map_title_measure", lang, measure=t("m_rate_opioid", lang), year=2019)


def default_trends(at, lang="en"):
    assert tuple(widget(at, "multiselect", "countries_label", lang).value) == ("KAZ", "KGZ", "TJK", "UKR",
                                                                                "OWID_WRL")
    assert widget(at, "selectbox", "measure", lang).value == "rate_opioid"
    assert widget(at, "button_group", "scale", lang).value == "linear"
    assert len(specs(at)[0]["data"]) == 5


def default_profile(at, lang="en"):
    assert at.title[0].value == {"en": "Kyrgyzstan", "ru": "Кыргызстан"}[lang]


def default_data(at, lang="en"):
    for label in ("col_country", "col_topic", "col_year", "col_source"):
        assert widget(at, "selectbox", label, lang).value == ""


def english(at):
    heads = [x.value for x in [*at.title, *at.header, *at.subheader]]
    assert heads
    assert not any(re.search("[А-Яа-яЁё]", h) for h in heads), heads
    assert at.sidebar.get("page_link")[0].proto.label == "Overview"


INVALID = [
    (MAP, {"year": "1850"}, "year", default_map),
    (MAP, {"year": "abc"}, "year", default_map),
    (MAP, {"measure": "bogus"}, "measure", default_map),
    (MAP, {"region": "mars"}, "region", default_map),
    (MAP, {"layer": "x"}, "layer", default_map),
    (MAP, {"year": "1850", "lang": "ru"}, "year", lambda at: default_map(at, "ru")),
    (MAP, {"year": "<script>alert(1)</script>"}, "year", default_map),
    (TRENDS, {"countries": "XXX,YYY"}, "countries", default_trends),
    (TRENDS, {"scale": "cubic"}, "scale", default_trends),
    (TRENDS, {"measure": "bogus", "lang": "ru"}, "measure", lambda at: default_trends(at, "ru")),
    (COUNTRIES, {"country": "ZZZ"}, "country", default_profile),
    (COUNTRIES, {"country": "OWID_WRL"}, "country", default_profile),  # an aggregate, not a country
    (COUNTRIES, {"country": "ZZZ", "lang": "ru"}, "country", lambda at: default_profile(at, "ru")),
    (DATA, {"topic": "nope"}, "topic", default_data),
    (DATA, {"country": "ZZZ"}, "country", default_data),
    (DATA, {"year": "1850"}, "year", default_data),
    (DATA, {"source": "made-up"}, "source", default_data),
    *[(page, {"lang": "de"}, "lang", english) for page in LAYOUT],
]


def invalid_id(case) -> str:
    page, params, _, _ = case
    return page.script.split("/")[-1] + "?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.parametrize("case", INVALID, ids=invalid_id)
def test_invalid_value_gives_a_notice_and_the_default_view(case):
    page, params, key, check_default = case
    at = run(page, params)
    no_error(at)
    assert notices(at) == [key], [i.value for i in at.info]
    check_default(at)
    n_charts, n_headings = LAYOUT[page]
    assert len(at.get("plotly_chart")) == n_charts


@pytest.mark.parametrize("case", INVALID, ids=invalid_id)
def test_invalid_value_is_rewritten_in_the_url(case):
    page, params, key, _ = case
    at = run(page, params)
    url = dict(at.query_params)
    assert url.get(key) != params[key], url
    assert_url_is_a_valid_state(at, page)


@pytest.mark.parametrize("case", [c for c in INVALID if c[0] in (MAP, DATA, COUNTRIES) and "lang" not in c[1]],
                         ids=invalid_id)
def test_notice_says_what_is_shown_instead(case):
    """"showing {default} instead": the default is named, never left blank."""
    page, params, key, _ = case
    at = run(page, params)
    text = unescape(next(i.value for i in at.info if NOTICE.search(i.value)))
    assert not re.search(r"showing\s+instead|показано\s*\.", text), text


def test_notice_is_in_russian_on_a_russian_page():
    at = run(MAP, {"measure": "bogus", "lang": "ru"})
    (notice,) = [i.value for i in at.info if NOTICE.search(i.value)]
    assert "measure=«bogus»" in unescape(notice)
    assert notice.startswith("В ссылке")


def test_notice_truncates_a_long_value_and_never_renders_it():
    at = run(DATA, {"q": "<b>x</b>" * 40})
    no_error(at)
    (notice,) = [i.value for i in at.info if NOTICE.search(i.value)]
    assert "<b>" not in notice  # escaped: shown as text
    shown = re.search(r"q=“(.*)”", unescape(notice)).group(1)
    assert len(shown) <= 64 and ("<b>x</b>" * 40).startswith(shown)
    assert "q" not in dict(at.query_params)


# ---------------------------------------------------------------- edge cases that are not errors

def test_trends_unknown_code_is_dropped_the_known_kept():
    at = run(TRENDS, {"countries": "XXX,KGZ"})
    no_error(at)
    assert notices(at) == ["countries"]
    assert widget(at, "multiselect", "countries_label").value == ["KGZ"]
    assert [tr["name"] for tr in specs(at)[0]["data"]] == ["Kyrgyzstan"]
    assert "XXX" not in dict(at.query_params).get("countries", "")
    assert_url_is_a_valid_state(at, TRENDS)


def test_trends_empty_countries_is_the_default_view():
    at = run(TRENDS, {"countries": ""})
    no_error(at)
    default_trends(at)
    assert dict(at.query_params)["countries"] == "KAZ,KGZ,TJK,UKR,OWID_WRL"  # the default, written out


def test_trends_drug_type_country_survives_the_url(data):
    """Comparing Kyrgyzstan and Kazakhstan with Ukraine's drug types: the link keeps Ukraine."""
    at = run(TRENDS, {"countries": "KGZ,KAZ", "country": "UKR"})
    no_error(at)
    assert at.subheader[1].value == "Deaths by drug type: Ukraine"
    url = dict(at.query_params)
    again = run(TRENDS, url)
    assert again.subheader[1].value == "Deaths by drug type: Ukraine", url


def test_profile_country_in_lower_case_is_accepted():
    at = run(COUNTRIES, {"country": "kgz"})
    no_error(at)
    assert notices(at) == []
    assert at.title[0].value == "Kyrgyzstan"
    assert dict(at.query_params).get("country", "KGZ") == "KGZ"
    at = run(COUNTRIES, {"country": "ukr", "lang": "ru"})
    assert at.title[0].value == "Украина"
    assert dict(at.query_params)["country"] == "UKR"


def test_data_search_for_markup_is_plain_text(data):
    q = "<script>alert(1)</script>"
    at = run(DATA, {"q": q})
    no_error(at)
    assert notices(at) == []
    assert at.text_input[0].value == q
    assert dict(at.query_params)["q"] == q
    count = t("facts_count", "en", n=0, total=len(data.facts))
    assert count in [c.value for c in at.caption]
    for kind, text in visible_texts(at):
        if kind in ("markdown", "caption", "info", "title", "header"):
            assert "<script>" not in text, (kind, text)


def test_data_search_finds_facts(data):
    at = run(DATA, {"q": "Bishkek"})
    no_error(at)
    n = len(views.filter_facts(data, q="Bishkek"))
    assert n > 0
    assert t("facts_count", "en", n=n, total=len(data.facts)) in [c.value for c in at.caption]


@pytest.mark.parametrize("page,params,expected", [
    (MAP, {"year": ["1850", "2010"]}, {"year": "2010"}),
    (COUNTRIES, {"country": ["KAZ", "UKR"]}, {"country": "UKR"}),
    (TRENDS, {"scale": ["cubic", "log"]}, {"scale": "log"}),
], ids=lambda v: getattr(v, "script", None))
def test_repeated_key_last_one_wins(page, params, expected):
    at = run(page, params)
    no_error(at)
    assert notices(at) == []
    url = dict(at.query_params)
    for k, v in expected.items():
        assert url[k] == v
    assert_url_is_a_valid_state(at, page)


def test_repeated_key_with_a_bad_last_value_falls_back():
    at = run(MAP, {"year": ["2010", "1850"]})
    no_error(at)
    assert notices(at) == ["year"]
    default_map(at)


# ---------------------------------------------------------------- country profiles

def test_kyrgyzstan_profile(data):
    at = run(COUNTRIES, {"country": "KGZ"})
    no_error(at)
    assert at.title[0].value == "Kyrgyzstan"
    headers = [h.value for h in at.header]
    for key in ("profile_access_heading", "profile_facts_heading", "profile_sos_heading", "profile_gbd_heading"):
        assert t(key, "en") in headers, key
    assert len(at.get("plotly_chart")) == 2
    texts = [unescape(x) for _, x in visible_texts(at)]
    # naloxone access: each indicator, with the statuses found (reported for take-home naloxone)
    for indicator in ("take_home_naloxone", "peer_distribution", "prison_release", "otc", "registration"):
        assert any(t(f"a_{indicator}", "en") in x for x in texts), indicator
    # each indicator's current status with its year and confidence, then one expander per statement
    stated = views.access_for(data, "KGZ")
    assert len(stated) >= 3
    for indicator in ("take_home_naloxone", "peer_distribution", "registration"):
        status = views.access_status_of(data, "KGZ", indicator)
        line = next(x for x in texts if x.startswith(f"**{t(f'a_{indicator}', 'en')}**"))
        assert t(f"s_{status['status']}", "en") in line, (indicator, line)
        assert t("access_year", "en", year=int(status["as_of"])) in line or pd.isna(status["as_of"]), line
    labels = [unescape(e.label) for e in at.expander]
    for r in stated.itertuples():
        when = str(int(r.year)) if pd.notna(r.year) else t("access_undated", "en")
        assert any(x.startswith(f"{when} — {t('r_' + r.reading, 'en')}") for x in labels), r.fact_id
    # programme facts and the S-O-S study facts, each with its quote
    facts = views.facts_for(data, "KGZ")
    assert len(facts[facts["topic"] == "sos"]) > 0
    quotes = " ".join(line for x in texts for line in x.split("\n") if line.startswith(">"))
    for _, f in facts[facts["topic"] != "access"].iterrows():
        assert " ".join(f["quote"].split())[:60] in quotes, f["fact_id"]
    assert t("profile_no_facts", "en", name="Kyrgyzstan") not in [i.value for i in at.info]
    assert any("14,263" in x for x in texts)  # the S-O-S headline count, formatted


def test_kyrgyzstan_profile_in_russian():
    at = run(COUNTRIES, {"country": "KGZ", "lang": "ru"})
    no_error(at)
    assert at.title[0].value == "Кыргызстан"
    assert t("profile_sos_heading", "ru") in [h.value for h in at.header]
    assert at.subheader[0].value.startswith("Смертность от опиоидов: Кыргызстан")
    spec = specs(at)[0]
    assert "Кыргызстан" in [tr["name"] for tr in spec["data"]]
    link = next(pl for pl in at.get("page_link") if pl.proto.label == t("compare_trends", "ru"))
    assert "countries=KGZ" in link.proto.query_string and "lang=ru" in link.proto.query_string
    switch = at.sidebar.get("page_link")[-1]
    assert "country=KGZ" in switch.proto.query_string and "lang=en" in switch.proto.query_string


def test_profile_years_are_not_written_as_amounts():
    """A fact whose value is a year (unit 'year') reads "2011", not "2,011" (en) or "2 011" (ru)."""
    for lang in LANGS:
        at = run(COUNTRIES, {"country": "KGZ", "lang": lang})
        shown = [unescape(m.value) for m in at.markdown]
        years = [m.group(1) for x in shown  # a card's figures, each on a line of its own
                 for m in re.finditer(r"(?m)^\*\*([\d.,\u00a0\u202f ]+)\*\* (year|год)\b", x)]
        assert years, "no fact card with a year value found on Kyrgyzstan's profile"
        assert all(re.fullmatch(r"(19|20)\d\d", y) for y in years), years


def no_facts_country(data) -> str:
    for r in data.countries[~data.countries["is_aggregate"] & data.countries["in_gbd"]].itertuples():
        if views.facts_for(data, r.iso3).empty:
            return r.iso3
    raise AssertionError("every GBD country has facts")


@pytest.mark.parametrize("lang", LANGS)
def test_profile_without_facts_says_so_and_still_shows_gbd(data, lang):
    iso3 = no_facts_country(data)
    name = data.countries.set_index("iso3").loc[iso3, f"name_{lang}"]
    at = run(COUNTRIES, {"country": iso3, "lang": lang})
    no_error(at)
    assert at.title[0].value == name
    infos = [i.value for i in at.info]
    assert t("profile_no_facts", lang, name=name) in infos
    assert len(at.get("plotly_chart")) == 2
    assert len(at.subheader) == 2
    assert t("profile_sos_heading", lang) not in [h.value for h in at.header]
    assert name in specs(at)[0]["data"][0]["name"]


def test_profile_refuses_the_world_aggregate():
    at = run(COUNTRIES, {"country": "OWID_WRL"})
    no_error(at)
    assert notices(at) == ["country"]
    assert "OWID_WRL" in unescape(next(i.value for i in at.info if NOTICE.search(i.value)))
    assert at.title[0].value != "World"
    assert "OWID_WRL" not in dict(at.query_params).values()


@pytest.mark.parametrize("lang", LANGS)
def test_citation_reads_cleanly(lang):
    at = run(DATA, {"lang": lang})
    no_error(at)
    (cite,) = [c.value for c in at.code]
    assert "IHME, Global Burden of Disease 2019 (via Our World in Data)" in cite
    assert ".." not in cite.replace("...", ""), cite  # "25 нояб. 2026 г.. Дата обращения"


# ---------------------------------------------------------------- our words in Russian, quotes as published
def test_russian_profile_shows_our_words_in_russian_and_names_the_quote_language(data):
    """Units, periods and text values we wrote are Russian on a Russian page; quotes stay as published and
    say which language they are in."""
    at = run(COUNTRIES, {"country": "KGZ", "lang": "ru"})
    no_error(at)
    shown = " ".join(unescape(m.value).replace("\\", "") for m in at.markdown)
    facts = views.facts_for(data, "KGZ")
    cards = facts[(facts["topic"] != "access") & (facts["unit"] != facts["unit_ru"]) & ~facts["unit"].isin(NO_UNIT)]
    assert len(cards) >= 3
    for f in cards.itertuples():
        assert f.unit_ru in shown, f.fact_id
        assert f"** {f.unit}" not in shown, f.fact_id  # the English unit is not what the card says
    assert t("quote_in", "ru", language="английский") in shown
    # a Ukrainian quote says so in Russian
    at = run(COUNTRIES, {"country": "UKR", "lang": "ru"})
    assert t("quote_in", "ru", language="украинский") in " ".join(unescape(m.value) for m in at.markdown)


def test_data_page_shows_indicator_labels_never_ids(data):
    at = run(DATA, {"lang": "ru", "country": "KGZ"})
    no_error(at)
    table = at.dataframe[0].value
    column = table[t("col_indicator", "ru")]
    labels = set(data.indicators["label_ru"])
    assert set(column) <= labels and not set(column) & set(data.indicators["indicator"])
    # the indicator filter lists labels and narrows the table
    at = run(DATA, {"lang": "en", "indicator": "peer_distribution"})
    table = at.dataframe[0].value
    assert set(table[t("col_indicator", "en")]) == {data.indicators_by_id.loc["peer_distribution", "label_en"]}
    box = next(s for s in at.selectbox if s.label == t("col_indicator", "en"))
    assert box.value == "peer_distribution"
    assert data.indicators_by_id.loc["peer_distribution", "label_en"] in box.options


def test_a_bad_indicator_in_the_url_falls_back_with_a_notice():
    at = run(DATA, {"indicator": "<b>nope</b>"})
    no_error(at)
    assert any("indicator" in i.value for i in at.info)
