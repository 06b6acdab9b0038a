"""URL query parameters <-> typed view state, for every page.

Each page's state is a frozen dataclass; `parse_<page>(params, options)` reads it from the query string
and returns (state, notices); `read_<page>(data, params)` is the same with the options the data gives: the one
reader of a page's URL (site.Page.read), shared by the page and its embeds. A value the page cannot use falls
back to its default with a Notice; nothing here raises on user input.
`to_params(state)` writes the state back to the URL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import views
from .datapkg import schema
from .datapkg.load import years as data_years
from .i18n import DEFAULT_LANG, LANGS

MAX_PARAM_LEN = 64  # how much of a rejected value a notice repeats
MAX_COUNTRIES = 12

MAP_MEASURES = ("rate_opioid", "rate_drug_use_disorders", "deaths_opioid")
TREND_MEASURES = ("rate_opioid", "rate_drug_use_disorders", "deaths_opioid", "deaths_drug_use_disorders")
REGIONS = ("world", "eeca", "europe", "asia", "africa", "americas", "oceania")
LAYERS = ("deaths", "access")
SCALES = ("linear", "log")
SOS_COUNTRIES = ("KAZ", "KGZ", "TJK", "UKR")
DEFAULT_TREND_COUNTRIES = (*SOS_COUNTRIES, schema.WORLD)
DEFAULT_PROFILE = "KGZ"


@dataclass(frozen=True)
class Notice:
    """A URL value that was not usable, and what is shown instead."""
    key: str
    value: str
    default: str


@dataclass(frozen=True)
class MapState:
    lang: str = DEFAULT_LANG
    year: int = 2019
    measure: str = "rate_opioid"
    region: str = "world"
    layer: str = "deaths"
    access: str = "take_home_naloxone"


@dataclass(frozen=True)
class TrendsState:
    lang: str = DEFAULT_LANG
    countries: tuple[str, ...] = DEFAULT_TREND_COUNTRIES
    measure: str = "rate_opioid"
    scale: str = "linear"
    country: str = "UKR"  # the one country of the drug-type view


@dataclass(frozen=True)
class CountryState:
    lang: str = DEFAULT_LANG
    country: str = DEFAULT_PROFILE


@dataclass(frozen=True)
class DataState:
    lang: str = DEFAULT_LANG
    q: str = ""
    country: str = ""
    topic: str = ""
    source: str = ""
    year: str = ""
    indicator: str = ""


@dataclass(frozen=True)
class PageState:
    lang: str = DEFAULT_LANG


class Reader:
    """Reads one page's parameters, collecting a notice for each unusable value."""

    def __init__(self, params: Mapping):
        self.params = params
        self.notices: list[Notice] = []

    def raw(self, key: str) -> str | None:
        v = self.params.get(key)
        if isinstance(v, (list, tuple)):
            v = v[-1] if v else None  # a repeated key: the last one wins, as in a browser form
        return None if v is None else str(v)

    def _reject(self, key: str, raw: str, default) -> None:
        shown = ",".join(default) if isinstance(default, tuple) else str(default)
        self.notices.append(Notice(key, raw[:MAX_PARAM_LEN], shown))

    def choice(self, key: str, options: Sequence[str], default: str) -> str:
        raw = self.raw(key)
        if raw is None or raw == "":
            return default
        if raw in options:
            return raw
        self._reject(key, raw, default)
        return default

    def code(self, key: str, codes: Sequence[str], default: str) -> str:
        """One country code, in any case (?country=kgz is a fine link); anything else: the default and a notice."""
        raw = self.raw(key)
        if raw is not None and raw not in codes and raw.upper() in codes:
            return raw.upper()
        return self.choice(key, codes, default)

    def year(self, key: str, years: Sequence[int], default: int) -> int:
        raw = self.raw(key)
        if raw is None or raw == "":
            return default
        if raw.isascii() and raw.isdigit() and len(raw) <= 4 and int(raw) in years:
            return int(raw)
        self._reject(key, raw, default)
        return default

    def codes(self, key: str, options: Sequence[str], default: tuple[str, ...]) -> tuple[str, ...]:
        """A comma-separated list of codes; unknown ones are dropped with a notice, duplicates removed."""
        raw = self.raw(key)
        if raw is None or raw == "":
            return default
        known = set(options)
        wanted = [c.strip().upper() for c in raw.split(",") if c.strip()]
        good = tuple(dict.fromkeys(c for c in wanted if c in known))[:MAX_COUNTRIES]
        bad = [c for c in wanted if c not in known]
        if not good:
            self._reject(key, raw, default)
            return default
        if bad or len(dict.fromkeys(wanted)) > MAX_COUNTRIES:
            self._reject(key, raw, good)
        return good

    def text(self, key: str, default: str = "", max_len: int = 100) -> str:
        raw = self.raw(key)
        if raw is None:
            return default
        if len(raw) > max_len or any(ord(ch) < 32 for ch in raw):
            self._reject(key, raw, default or "—")
            return default
        return raw


def parse_page(params: Mapping) -> tuple[PageState, list[Notice]]:
    r = Reader(params)
    return PageState(lang=r.choice("lang", LANGS, DEFAULT_LANG)), r.notices


def parse_lang(params: Mapping) -> tuple[str, list[Notice]]:
    state, notices = parse_page(params)
    return state.lang, notices


def parse_map(params: Mapping, years: Sequence[int]) -> tuple[MapState, list[Notice]]:
    r = Reader(params)
    return MapState(
        lang=r.choice("lang", LANGS, DEFAULT_LANG),
        year=r.year("year", years, max(years)),
        measure=r.choice("measure", MAP_MEASURES, MapState.measure),
        region=r.choice("region", REGIONS, MapState.region),
        layer=r.choice("layer", LAYERS, MapState.layer),
        access=r.choice("access", schema.ACCESS_INDICATORS, MapState.access),
    ), r.notices


def parse_trends(params: Mapping, codes: Sequence[str]) -> tuple[TrendsState, list[Notice]]:
    r = Reader(params)
    countries = r.codes("countries", codes, DEFAULT_TREND_COUNTRIES)
    country_default = next((c for c in countries if c != schema.WORLD), TrendsState.country)
    return TrendsState(
        lang=r.choice("lang", LANGS, DEFAULT_LANG),
        countries=countries,
        measure=r.choice("measure", TREND_MEASURES, TrendsState.measure),
        scale=r.choice("scale", SCALES, TrendsState.scale),
        country=r.code("country", [c for c in codes if c != schema.WORLD], country_default),
    ), r.notices


def parse_country(params: Mapping, codes: Sequence[str]) -> tuple[CountryState, list[Notice]]:
    r = Reader(params)
    return CountryState(lang=r.choice("lang", LANGS, DEFAULT_LANG),
                        country=r.code("country", codes, DEFAULT_PROFILE)), r.notices


def parse_data(params: Mapping, codes: Sequence[str], topics: Sequence[str], sources: Sequence[str],
               years: Sequence[str] = (), indicators: Sequence[str] = ()) -> tuple[DataState, list[Notice]]:
    r = Reader(params)
    return DataState(
        lang=r.choice("lang", LANGS, DEFAULT_LANG),
        q=r.text("q"),
        country=r.code("country", codes, ""),
        topic=r.choice("topic", topics, ""),
        source=r.choice("source", sources, ""),
        year=r.choice("year", years, ""),
        indicator=r.choice("indicator", indicators, ""),
    ), r.notices


# ---------------------------------------------------------------- one reader per page: (data, params)
def read_page(data, params: Mapping) -> tuple[PageState, list[Notice]]:
    return parse_page(params)


def read_map(data, params: Mapping) -> tuple[MapState, list[Notice]]:
    return parse_map(params, data_years(data))


def read_trends(data, params: Mapping) -> tuple[TrendsState, list[Notice]]:
    return parse_trends(params, views.gbd_codes(data))


def read_country(data, params: Mapping) -> tuple[CountryState, list[Notice]]:
    return parse_country(params, views.profile_codes(data))


def read_data(data, params: Mapping) -> tuple[DataState, list[Notice]]:
    return parse_data(params, views.profile_codes(data), schema.TOPICS, list(data.sources["source_id"]),
                      views.fact_years(data), list(data.indicators["indicator"]))


def to_params(state) -> dict[str, str]:
    """The state as query parameters: every field that has a value, so a copied link is exact even
    where a default depends on other fields (the trends page's drug-type country)."""
    out = {}
    for f in dataclasses.fields(state):
        value = getattr(state, f.name)
        text = ",".join(value) if isinstance(value, tuple) else str(value)
        if text:
            out[f.name] = text
    return out
