"""Property tests of sos_dash/state.py: any query string, however hostile, parses without raising into a
state whose every field is an option the page has; each unusable value gives a notice that repeats at most
MAX_PARAM_LEN characters of it; a usable value is taken without a notice; and to_params(state) parses back
to the same state with no notice (round trip).

Each page's URL is read by its real reader, read_<page>(data, params) with the real data (as the page and its
embeds read it: site.Page.read); the oracles below name the options the data gives (its years, codes, sources,
indicators).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sos_dash import site, views
from sos_dash.datapkg import schema
from sos_dash.datapkg.load import load, years
from sos_dash.i18n import DEFAULT_LANG, LANGS
from sos_dash.state import (
    DEFAULT_PROFILE,
    DEFAULT_TREND_COUNTRIES,
    LAYERS,
    MAP_MEASURES,
    MAX_COUNTRIES,
    MAX_PARAM_LEN,
    REGIONS,
    SCALES,
    TREND_MEASURES,
    CountryState,
    DataState,
    MapState,
    Notice,
    PageState,
    TrendsState,
    parse_lang,
    read_country,
    read_data,
    read_map,
    read_page,
    read_trends,
    to_params,
)

DATA = load()
YEARS = years(DATA)  # the map's years (1990-2019)
GBD_CODES = views.gbd_codes(DATA)  # the trends page's options (World included)
PROFILE_CODES = views.profile_codes(DATA)  # the profile and data pages' countries (no aggregates)
SINGLE_CODES = [c for c in GBD_CODES if c != "OWID_WRL"]  # the trends page's drug-type country
SOURCES = list(DATA.sources["source_id"])
FACT_YEARS = sorted({str(int(y)) for y in DATA.facts["year"].dropna()})  # the data page's years
TOPICS = list(schema.TOPICS)
ACCESS = list(schema.ACCESS_INDICATORS)
INDICATORS = list(DATA.indicators["indicator"])  # the data page's indicator filter

PROPS = settings(max_examples=200, deadline=None)

# ---------------------------------------------------------------- strategies

PARAM_NAMES = ["lang", "year", "measure", "region", "layer", "access", "countries", "scale", "country", "q",
               "topic", "source", "indicator", "chart", "embed"]
OPTION_VALUES = sorted({*LANGS, *map(str, YEARS), *MAP_MEASURES, *TREND_MEASURES, *REGIONS, *LAYERS, *SCALES,
                        *ACCESS, *TOPICS, *FACT_YEARS, *GBD_CODES, *PROFILE_CODES, *SOURCES[:20], *INDICATORS[:20]})
HOSTILE = [
    "", " ", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "[x](javascript:alert(1))", "**bold**", "$$latex$$", "\u202eKGZ", "\u200b", "K\u200bGZ", "K\u0301GZ", "🙂",
    "a\x00b", "\x00", "a\nb", "\n", "\r\n", "\t", "-1", "-2010", "0", "0000", "02019", "2019.0", "2019 ", " 2019",
    "+2019", "1e3", "٢٠١٠", "２０１０", "²⁰¹⁹", "3000", "9999", "99999", "1989", "2020", "kgz", "Kgz", "owid_wrl",
    "ZZZ", "XK", "kgz,kaz", "KGZ,,KAZ", ",", " , ,", "KGZ,<b>", "ru;en", "RU", "En", "de", "ıRL", "ſwe", "%00",
    "&lt;script&gt;", "'; DROP TABLE x;--", "None", "null", "undefined", "NaN",
]


def _upper_or_lower(s: str) -> st.SearchStrategy[str]:
    return st.sampled_from([s, s.lower(), s.upper(), f" {s} ", s.capitalize()])


def _code_list() -> st.SearchStrategy[str]:
    """Comma-separated code lists: known codes in any case, unknown ones, junk, up to twice MAX_COUNTRIES."""
    item = st.one_of(st.sampled_from(GBD_CODES).flatmap(_upper_or_lower), st.sampled_from(HOSTILE),
                     st.text(max_size=4))
    sep = st.sampled_from([",", ", ", " ,", ",,"])
    return st.tuples(st.lists(item, max_size=2 * MAX_COUNTRIES + 2), sep).map(lambda t: t[1].join(t[0]))


VALUES = st.one_of(
    st.sampled_from(OPTION_VALUES),
    st.sampled_from(OPTION_VALUES).flatmap(_upper_or_lower),
    st.sampled_from(HOSTILE),
    st.text(),  # any unicode: control characters, combining marks, RTL marks, emoji
    st.integers(min_value=-10**6, max_value=10**6).map(str),
    st.integers(min_value=2020, max_value=10**12).map(str),  # far-future years
    st.tuples(st.text(min_size=1, max_size=3), st.integers(1, 5000)).map(lambda t: t[0] * t[1]),  # huge
    _code_list(),
)
KEYS = st.one_of(st.sampled_from(PARAM_NAMES), st.text(max_size=12))
PARAM_VALUES = st.one_of(VALUES, st.lists(VALUES, max_size=3))  # a list: a repeated key (the last one wins)
PARAMS = st.dictionaries(KEYS, PARAM_VALUES, max_size=8)


# ---------------------------------------------------------------- oracles

def last(params: dict, key: str) -> str | None:
    """The value a page reads for key: a repeated key's last value; an empty list is no value."""
    v = params.get(key)
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else None
    return None if v is None else str(v)


def notices_by_key(notices: list[Notice]) -> dict[str, Notice]:
    keys = [n.key for n in notices]
    assert len(keys) == len(set(keys)), f"more than one notice for a key: {notices}"
    return {n.key: n for n in notices}


def check_notices(notices: list[Notice], params: dict, read: set[str]) -> dict[str, Notice]:
    """Every notice names a key the page reads and repeats at most MAX_PARAM_LEN characters of the value given
    (its start)."""
    by_key = notices_by_key(notices)
    for n in notices:
        assert isinstance(n, Notice)
        assert n.key in read, n
        raw = last(params, n.key)
        assert raw, f"a notice for an absent or empty value: {n}"
        assert len(n.value) <= MAX_PARAM_LEN, n
        assert n.value == raw[:MAX_PARAM_LEN], n
        assert isinstance(n.default, str), n  # "" or "—" where the default is no filter ("All")
    return by_key


def check_code(params: dict, by_key: dict, key: str, got, codes, default) -> None:
    """A country code: as check_choice, but a code in any case is taken, upper-cased (?country=kgz)."""
    raw = last(params, key)
    if raw and raw not in codes and raw.upper() in codes:
        assert got == raw.upper() and key not in by_key, (key, raw, got)
    else:
        check_choice(params, by_key, key, got, codes, default)


def check_choice(params: dict, by_key: dict, key: str, got, options, default, shown: str | None = None) -> None:
    """A single choice: empty or absent -> default silently; an option -> taken silently; else default + notice."""
    raw = last(params, key)
    if raw is None or raw == "":
        assert got == default and key not in by_key, (key, raw, got)
    elif raw in options:
        assert got == raw and key not in by_key, (key, raw, got)
    else:
        assert got == default, (key, raw, got)
        assert key in by_key, f"no notice for {key}={raw!r}"
        assert by_key[key].default == (str(default) if shown is None else shown)


def check_lang(params: dict, by_key: dict, lang: str) -> None:
    assert lang in LANGS
    check_choice(params, by_key, "lang", lang, LANGS, DEFAULT_LANG)


def round_trips(read, s) -> None:
    """The URL the page writes for a state opens that state again, without a notice."""
    params = to_params(s)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in params.items()), params
    assert read(DATA, params) == (s, [])


READERS = tuple(dict.fromkeys(p.read for p in site.PAGES))  # each page's reader once (two pages share read_page)


# ---------------------------------------------------------------- any params: valid state, precise notices

@PROPS
@given(params=PARAMS)
def test_page_and_lang_any_params(params):
    s, notices = read_page(DATA, params)
    assert isinstance(s, PageState)
    by_key = check_notices(notices, params, {"lang"})
    check_lang(params, by_key, s.lang)
    assert parse_lang(params) == (s.lang, notices)
    round_trips(read_page, s)


@PROPS
@given(params=PARAMS)
def test_map_any_params(params):
    s, notices = read_map(DATA, params)
    assert isinstance(s, MapState)
    assert s.year in YEARS and s.measure in MAP_MEASURES and s.region in REGIONS and s.layer in LAYERS
    assert s.access in ACCESS
    by_key = check_notices(notices, params, {"lang", "year", "measure", "region", "layer", "access"})
    check_lang(params, by_key, s.lang)
    check_choice(params, by_key, "measure", s.measure, MAP_MEASURES, MapState.measure)
    check_choice(params, by_key, "region", s.region, REGIONS, MapState.region)
    check_choice(params, by_key, "layer", s.layer, LAYERS, MapState.layer)
    check_choice(params, by_key, "access", s.access, ACCESS, MapState.access)
    # a year is 1-4 ASCII digits naming a year of the data; anything else is the latest year with a notice
    raw = last(params, "year")
    if raw is None or raw == "":
        assert s.year == max(YEARS) and "year" not in by_key
    elif re.fullmatch(r"[0-9]{1,4}", raw) and int(raw) in YEARS:
        assert s.year == int(raw) and "year" not in by_key
    else:
        assert s.year == max(YEARS) and by_key["year"].default == str(max(YEARS)), (raw, s.year)
    round_trips(read_map, s)


def code_tokens(raw: str) -> list[str]:
    """The codes a comma-separated list names: blanks skipped, spaces around a code ignored, any case."""
    return [c.strip().upper() for c in raw.split(",") if c.strip()]


@PROPS
@given(params=PARAMS)
def test_trends_any_params(params):
    s, notices = read_trends(DATA, params)
    assert isinstance(s, TrendsState)
    assert isinstance(s.countries, tuple) and 1 <= len(s.countries) <= MAX_COUNTRIES
    assert len(set(s.countries)) == len(s.countries), s.countries
    assert set(s.countries) <= set(GBD_CODES)
    assert s.measure in TREND_MEASURES and s.scale in SCALES and s.country in SINGLE_CODES
    by_key = check_notices(notices, params, {"lang", "countries", "measure", "scale", "country"})
    check_lang(params, by_key, s.lang)
    check_choice(params, by_key, "measure", s.measure, TREND_MEASURES, TrendsState.measure)
    check_choice(params, by_key, "scale", s.scale, SCALES, TrendsState.scale)
    # the drug-type country defaults to the first chosen country that is not the World
    country_default = next((c for c in s.countries if c != "OWID_WRL"), TrendsState.country)
    check_code(params, by_key, "country", s.country, SINGLE_CODES, country_default)

    raw = last(params, "countries")
    if raw is None or raw == "":
        assert s.countries == DEFAULT_TREND_COUNTRIES and "countries" not in by_key
        return round_trips(read_trends, s)
    tokens = code_tokens(raw)
    known = list(dict.fromkeys(c for c in tokens if c in GBD_CODES))
    if not known:  # nothing usable: the default countries, with a notice
        assert s.countries == DEFAULT_TREND_COUNTRIES
        assert by_key["countries"].default == ",".join(DEFAULT_TREND_COUNTRIES)
    else:  # the known ones in their order, cut at MAX_COUNTRIES; a notice if any was dropped
        assert s.countries == tuple(known[:MAX_COUNTRIES])
        dropped = any(c not in GBD_CODES for c in tokens) or len(known) > MAX_COUNTRIES
        assert ("countries" in by_key) == dropped, (raw, notices)
    round_trips(read_trends, s)


@PROPS
@given(params=PARAMS)
def test_country_any_params(params):
    s, notices = read_country(DATA, params)
    assert isinstance(s, CountryState)
    assert s.country in PROFILE_CODES
    by_key = check_notices(notices, params, {"lang", "country"})
    check_lang(params, by_key, s.lang)
    check_code(params, by_key, "country", s.country, PROFILE_CODES, DEFAULT_PROFILE)
    round_trips(read_country, s)


@PROPS
@given(params=PARAMS)
def test_data_any_params(params):
    s, notices = read_data(DATA, params)
    assert isinstance(s, DataState)
    assert s.country in ("", *PROFILE_CODES) and s.topic in ("", *TOPICS) and s.source in ("", *SOURCES)
    assert s.year in ("", *FACT_YEARS) and s.indicator in ("", *INDICATORS)
    assert len(s.q) <= 100 and not any(ord(ch) < 32 for ch in s.q)
    by_key = check_notices(notices, params, {"lang", "q", "country", "topic", "source", "year", "indicator"})
    check_lang(params, by_key, s.lang)
    check_code(params, by_key, "country", s.country, PROFILE_CODES, "")
    check_choice(params, by_key, "topic", s.topic, TOPICS, "")
    check_choice(params, by_key, "source", s.source, SOURCES, "")
    check_choice(params, by_key, "year", s.year, FACT_YEARS, "")
    check_choice(params, by_key, "indicator", s.indicator, INDICATORS, "")
    # the search text is kept verbatim (it is never markup) unless too long or with control characters
    raw = last(params, "q")
    if raw is None:
        assert s.q == "" and "q" not in by_key
    elif len(raw) <= 100 and not any(ord(ch) < 32 for ch in raw):
        assert s.q == raw and "q" not in by_key
    else:
        assert s.q == "" and by_key["q"].default == "—"
    round_trips(read_data, s)


@PROPS
@given(params=PARAMS)
def test_unknown_keys_change_nothing(params):
    """Keys no page reads are ignored: the same state and notices as without them."""
    read = {"lang", "year", "measure", "region", "layer", "access", "countries", "scale", "country", "q",
            "topic", "source", "indicator"}
    known = {k: v for k, v in params.items() if k in read}
    for reader in READERS:
        assert reader(DATA, params) == reader(DATA, known)


@PROPS
@given(params=PARAMS, extra=st.lists(VALUES, min_size=1, max_size=3))
def test_a_repeated_key_reads_its_last_value(params, extra):
    """?k=a&k=b is read as ?k=b, on every page and for every key."""
    for key in ("lang", "year", "measure", "countries", "country", "q"):
        repeated = {**params, key: [*extra, "tail-value"]}
        single = {**params, key: "tail-value"}
        for reader in READERS:
            assert reader(DATA, repeated) == reader(DATA, single)


# ---------------------------------------------------------------- every valid state round-trips

MAP_STATES = st.builds(MapState, lang=st.sampled_from(LANGS), year=st.sampled_from(YEARS),
                       measure=st.sampled_from(MAP_MEASURES), region=st.sampled_from(REGIONS),
                       layer=st.sampled_from(LAYERS), access=st.sampled_from(ACCESS))
TRENDS_STATES = st.builds(
    TrendsState, lang=st.sampled_from(LANGS),
    countries=st.lists(st.sampled_from(GBD_CODES), min_size=1, max_size=MAX_COUNTRIES, unique=True).map(tuple),
    measure=st.sampled_from(TREND_MEASURES), scale=st.sampled_from(SCALES), country=st.sampled_from(SINGLE_CODES))
COUNTRY_STATES = st.builds(CountryState, lang=st.sampled_from(LANGS), country=st.sampled_from(PROFILE_CODES))
SEARCH = st.text(st.characters(min_codepoint=32, exclude_categories=("Cs",)), max_size=100)
DATA_STATES = st.builds(
    DataState, lang=st.sampled_from(LANGS), q=st.one_of(SEARCH, st.sampled_from(HOSTILE).filter(
        lambda x: not any(ord(ch) < 32 for ch in x))),
    country=st.sampled_from(["", *PROFILE_CODES]), topic=st.sampled_from(["", *TOPICS]),
    source=st.sampled_from(["", *SOURCES]), year=st.sampled_from(["", *FACT_YEARS]),
    indicator=st.sampled_from(["", *INDICATORS]))


@PROPS
@given(s=MAP_STATES)
def test_map_state_round_trip(s):
    round_trips(read_map, s)


@PROPS
@given(s=TRENDS_STATES)
def test_trends_state_round_trip(s):
    round_trips(read_trends, s)


@PROPS
@given(s=COUNTRY_STATES)
def test_country_state_round_trip(s):
    round_trips(read_country, s)


@PROPS
@given(s=DATA_STATES)
def test_data_state_round_trip(s):
    round_trips(read_data, s)


@PROPS
@given(s=st.builds(PageState, lang=st.sampled_from(LANGS)))
def test_page_state_round_trip(s):
    round_trips(read_page, s)


@PROPS
@given(s=st.one_of(MAP_STATES, TRENDS_STATES, COUNTRY_STATES, DATA_STATES), params=PARAMS)
def test_a_valid_link_with_junk_added_still_opens_its_view(s, params):
    """A valid link with unknown keys appended opens the same view, without a notice."""
    read = {MapState: read_map, TrendsState: read_trends, CountryState: read_country, DataState: read_data}[type(s)]
    junk = {k: v for k, v in params.items() if k not in PARAM_NAMES}
    assert read(DATA, {**junk, **to_params(s)}) == (s, [])
