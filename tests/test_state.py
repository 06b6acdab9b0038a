"""URL query parameters <-> view state (sos_dash/state.py): parse, validate, defaults, round trips.

Each page's URL is read by its real reader, read_<page>(data, params), with the options the data gives (the
reader the page and its embeds use: site.Page.read); the property tests (test_state_properties.py) read the
same way."""

from __future__ import annotations

import pytest

from sos_dash import site, state
from sos_dash.datapkg.load import years
from sos_dash.i18n import LANGS
from sos_dash.state import (
    CountryState,
    DataState,
    MapState,
    Notice,
    TrendsState,
    parse_lang,
    parse_map,
    parse_page,
    read_country,
    read_data,
    read_map,
    read_trends,
    to_params,
)

CODES = ["OWID_WRL", "KAZ", "KGZ", "TJK", "UKR", "USA", "GBR", "DEU", "FRA", "ITA", "ESP", "POL", "RUS", "CAN",
         "MEX", "AUS"]  # GBD codes of the data
SOURCES = ["ihme-gbd2019-death-rate-opioid-use", "seed-unodc-sos-initiative"]  # source ids of the data


# ---------------------------------------------------------------- defaults

def test_empty_params_give_the_default_states_without_notices(data):
    assert read_map(data, {}) == (MapState(year=max(years(data))), [])
    trends, notices = read_trends(data, {})
    assert notices == []
    assert (trends.lang, trends.countries, trends.measure, trends.scale) == \
        ("en", state.DEFAULT_TREND_COUNTRIES, "rate_opioid", "linear")
    assert trends.country in state.SOS_COUNTRIES
    assert read_country(data, {}) == (CountryState(), [])
    assert read_data(data, {}) == (DataState(), [])
    assert parse_page({}) == (state.PageState(), [])
    assert parse_lang({}) == ("en", [])


def test_default_map_year_is_the_latest_year_of_the_data():
    s, notices = parse_map({}, [2000, 2005, 2010])
    assert s.year == 2010 and notices == []


@pytest.mark.parametrize("lang", LANGS)
def test_language_is_read_on_every_page(data, lang):
    params = {"lang": lang}
    assert read_map(data, params)[0].lang == lang
    assert read_trends(data, params)[0].lang == lang
    assert read_country(data, params)[0].lang == lang
    assert read_data(data, params)[0].lang == lang
    assert parse_lang(params) == (lang, [])


# ---------------------------------------------------------------- valid values

def test_map_reads_every_field(data):
    s, notices = read_map(data, {"lang": "ru", "year": "2010", "measure": "deaths_opioid", "region": "eeca",
                                 "layer": "access", "access": "otc"})
    assert notices == []
    assert s == MapState(lang="ru", year=2010, measure="deaths_opioid", region="eeca", layer="access", access="otc")


def test_trends_reads_codes_upper_cases_them_and_drops_duplicates(data):
    s, notices = read_trends(data, {"countries": "kgz, KAZ,kgz,OWID_WRL", "measure": "deaths_opioid",
                                    "scale": "log", "country": "UKR"})
    assert notices == []
    assert s.countries == ("KGZ", "KAZ", "OWID_WRL")
    assert (s.measure, s.scale, s.country) == ("deaths_opioid", "log", "UKR")


def test_trends_drug_type_country_defaults_to_the_first_chosen_country_not_the_world(data):
    s, _ = read_trends(data, {"countries": "OWID_WRL,USA"})
    assert s.country == "USA"


def test_profile_country_in_lower_case_is_a_fine_link(data):
    s, notices = read_country(data, {"country": "kgz"})
    assert s.country == "KGZ" and notices == []
    s, notices = read_country(data, {"country": "ukr", "lang": "ru"})
    assert (s.country, s.lang, notices) == ("UKR", "ru", [])


def test_data_page_reads_every_filter(data):
    s, notices = read_data(data, {"q": "naloxone kits", "country": "KGZ", "topic": "sos", "source": SOURCES[1],
                                  "year": "2017", "lang": "ru"})
    assert notices == []
    assert s == DataState(lang="ru", q="naloxone kits", country="KGZ", topic="sos", source=SOURCES[1], year="2017")


def test_search_text_is_kept_verbatim_it_is_not_markup(data):
    s, notices = read_data(data, {"q": "<script>alert(1)</script>"})
    assert s.q == "<script>alert(1)</script>" and notices == []


# ---------------------------------------------------------------- invalid values -> default + notice

@pytest.mark.parametrize("params,key,default", [
    ({"year": "1850"}, "year", "2019"),
    ({"year": "abc"}, "year", "2019"),
    ({"year": "2019.0"}, "year", "2019"),
    ({"year": "-2010"}, "year", "2019"),
    ({"year": "٢٠١٠"}, "year", "2019"),  # Arabic-Indic digits are digits to Python, not a year here
    ({"year": "02010"}, "year", "2019"),
    ({"measure": "bogus"}, "measure", "rate_opioid"),
    ({"region": "mars"}, "region", "world"),
    ({"layer": "x"}, "layer", "deaths"),
    ({"access": "heroin"}, "access", "take_home_naloxone"),
    ({"lang": "de"}, "lang", "en"),
])
def test_map_invalid_value_falls_back_with_a_notice(data, params, key, default):
    s, notices = read_map(data, params)
    assert getattr(s, key) == getattr(MapState(year=2019), key)
    assert notices == [Notice(key, params[key], default)]


@pytest.mark.parametrize("params,key", [
    ({"measure": "bogus"}, "measure"), ({"scale": "cubic"}, "scale"), ({"country": "ZZZ"}, "country"),
    ({"country": "OWID_WRL"}, "country"),  # the World has no drug-type breakdown view of its own
    ({"lang": "de"}, "lang"),
])
def test_trends_invalid_value_falls_back_with_a_notice(data, params, key):
    s, notices = read_trends(data, params)
    assert [n.key for n in notices] == [key]
    assert notices[0].value == params[key]
    default, _ = read_trends(data, {})
    assert getattr(s, key) == getattr(default, key)


def test_trends_unknown_codes_are_dropped_and_named(data):
    s, notices = read_trends(data, {"countries": "XXX,KGZ"})
    assert s.countries == ("KGZ",)
    assert notices == [Notice("countries", "XXX,KGZ", "KGZ")]


def test_trends_only_unknown_codes_fall_back_to_the_default_countries(data):
    s, notices = read_trends(data, {"countries": "XXX,YYY"})
    assert s.countries == state.DEFAULT_TREND_COUNTRIES
    assert notices == [Notice("countries", "XXX,YYY", ",".join(state.DEFAULT_TREND_COUNTRIES))]


@pytest.mark.parametrize("raw", [",", " , ,"])
def test_trends_list_of_nothing_falls_back_with_a_notice(data, raw):
    s, notices = read_trends(data, {"countries": raw})
    assert s.countries == state.DEFAULT_TREND_COUNTRIES
    assert [n.key for n in notices] == ["countries"]


def test_trends_empty_countries_is_the_default_view(data):
    s, _ = read_trends(data, {"countries": ""})
    assert s.countries == state.DEFAULT_TREND_COUNTRIES


def test_trends_more_than_twelve_countries_are_cut_with_a_notice(data):
    many = [c for c in CODES if c != "OWID_WRL"]
    assert len(many) > state.MAX_COUNTRIES
    s, notices = read_trends(data, {"countries": ",".join(many)})
    assert s.countries == tuple(many[:state.MAX_COUNTRIES])
    assert [n.key for n in notices] == ["countries"]


@pytest.mark.parametrize("params,key", [
    ({"country": "ZZZ"}, "country"), ({"country": "OWID_WRL"}, "country"), ({"country": "kg"}, "country"),
    ({"lang": "de"}, "lang"),
])
def test_profile_invalid_value_falls_back_with_a_notice(data, params, key):
    s, notices = read_country(data, params)
    assert s == CountryState()
    assert [n.key for n in notices] == [key]
    assert notices[0].value == params[key]


@pytest.mark.parametrize("params,key", [
    ({"topic": "nope"}, "topic"), ({"country": "ZZZ"}, "country"), ({"source": "made-up"}, "source"),
    ({"year": "1850"}, "year"), ({"q": "a\x00b"}, "q"), ({"q": "x" * 101}, "q"),
])
def test_data_invalid_value_falls_back_with_a_notice(data, params, key):
    s, notices = read_data(data, params)
    assert getattr(s, key) == getattr(DataState(), key)
    assert [n.key for n in notices] == [key]


def test_nothing_raises_on_odd_input(data):
    odd = {"year": "9" * 1000, "measure": "\u202e", "region": None, "layer": "", "countries": "," * 500,
           "lang": "<b>", "q": "\n", "country": "%00", "topic": "🙂"}
    for page in site.PAGES:
        s, notices = page.read(data, odd)
        assert isinstance(notices, list)
        assert s.lang == "en"


# ---------------------------------------------------------------- notices

def test_long_values_are_truncated_in_the_notice(data):
    long = "1" * 5000
    _, notices = read_map(data, {"year": long})
    assert len(notices) == 1
    assert notices[0].value == long[:state.MAX_PARAM_LEN]
    assert len(notices[0].value) <= 64

    _, notices = read_data(data, {"q": "y" * 300})
    assert notices[0].value == "y" * state.MAX_PARAM_LEN

    _, notices = read_trends(data, {"countries": "X" * 400})
    assert len(notices[0].value) == state.MAX_PARAM_LEN


def test_every_invalid_value_gets_its_own_notice(data):
    _, notices = read_map(data, {"year": "1850", "measure": "bogus", "region": "mars", "layer": "x", "lang": "de"})
    assert sorted(n.key for n in notices) == ["lang", "layer", "measure", "region", "year"]


def test_notice_default_is_what_is_shown_instead(data):
    _, notices = read_country(data, {"country": "ZZZ"})
    assert notices == [Notice("country", "ZZZ", state.DEFAULT_PROFILE)]


# ---------------------------------------------------------------- repeated keys: the last one wins

def test_repeated_key_last_one_wins(data):
    s, notices = read_map(data, {"year": ["1850", "2010"]})
    assert s.year == 2010 and notices == []
    s, notices = read_map(data, {"year": ["2010", "1850"]})
    assert s.year == 2019
    assert notices == [Notice("year", "1850", "2019")]
    s, _ = read_country(data, {"country": ["UKR", "KAZ"]})
    assert s.country == "KAZ"
    s, _ = read_trends(data, {"countries": ("KAZ", "USA,GBR")})
    assert s.countries == ("USA", "GBR")
    assert parse_lang({"lang": ["ru", "en"]}) == ("en", [])
    assert parse_lang({"lang": ["en", "ru"]}) == ("ru", [])


def test_empty_list_is_no_value(data):
    assert read_map(data, {"year": []}) == (MapState(year=2019), [])


# ---------------------------------------------------------------- to_params and round trips

def test_to_params_writes_every_field_with_a_value():
    """Links are exact: every field is written (a default may depend on other fields), empty ones are not."""
    assert to_params(MapState()) == {"lang": "en", "year": "2019", "measure": "rate_opioid", "region": "world",
                                     "layer": "deaths", "access": "take_home_naloxone"}
    assert to_params(CountryState(lang="ru")) == {"lang": "ru", "country": "KGZ"}
    assert to_params(DataState()) == {"lang": "en"}
    assert to_params(MapState(year=2010, region="eeca"))["region"] == "eeca"
    assert to_params(TrendsState(countries=("KGZ", "KAZ")))["countries"] == "KGZ,KAZ"


def test_to_params_values_are_strings():
    for s in (MapState(year=2001, layer="access", access="otc"), TrendsState(countries=("USA",), scale="log"),
              DataState(q="kits", year="2017")):
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in to_params(s).items())


MAP_STATES = [
    MapState(), MapState(lang="ru"), MapState(year=1990), MapState(year=2010, measure="deaths_opioid", region="europe"),
    MapState(lang="ru", layer="access", access="otc", region="eeca"),
    MapState(layer="access", access="registration", region="oceania", year=2005),
]
TRENDS_STATES = [
    TrendsState(countries=state.DEFAULT_TREND_COUNTRIES, country="KAZ"),
    TrendsState(lang="ru", countries=("KGZ", "KAZ"), country="KGZ"),
    TrendsState(countries=("USA", "OWID_WRL"), measure="deaths_opioid", scale="log", country="USA"),
    TrendsState(countries=("KGZ", "KAZ"), country="UKR"),  # drug types of a country not in the comparison
    TrendsState(countries=("USA", "GBR"), country="KGZ"),
    TrendsState(countries=("KGZ",), country="KGZ", measure="rate_drug_use_disorders"),
]
COUNTRY_STATES = [CountryState(), CountryState(lang="ru", country="UKR"), CountryState(country="HKG")]
DATA_STATES = [DataState(), DataState(q="<script>alert(1)</script>", lang="ru"),
               DataState(country="KGZ", topic="sos", source=SOURCES[0], year="2021"),
               DataState(q="kits, 90% & more")]


@pytest.mark.parametrize("s", MAP_STATES, ids=lambda s: ",".join(f"{k}={v}" for k, v in to_params(s).items()))
def test_map_round_trip(data, s):
    assert read_map(data, to_params(s)) == (s, [])


@pytest.mark.parametrize("s", TRENDS_STATES, ids=lambda s: ",".join(f"{k}={v}" for k, v in to_params(s).items()))
def test_trends_round_trip(data, s):
    assert read_trends(data, to_params(s)) == (s, [])


@pytest.mark.parametrize("s", COUNTRY_STATES, ids=lambda s: ",".join(f"{k}={v}" for k, v in to_params(s).items()))
def test_profile_round_trip(data, s):
    assert read_country(data, to_params(s)) == (s, [])


@pytest.mark.parametrize("s", DATA_STATES, ids=lambda s: ",".join(f"{k}={v}" for k, v in to_params(s).items()))
def test_data_round_trip(data, s):
    assert read_data(data, to_params(s)) == (s, [])


def test_parse_then_write_normalises_a_link(data):
    """A link with odd spelling comes out in its one canonical form, and that form parses the same."""
    s, _ = read_trends(data, {"countries": "kgz,kaz,KGZ", "lang": "ru", "scale": "linear"})
    params = to_params(s)
    assert params["countries"] == "KGZ,KAZ"
    assert params["scale"] == "linear"
    assert read_trends(data, params)[0] == s
