"""The frames each page draws, prepared from the data (pure: no streamlit)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import geo
from .datapkg.load import Data, measure_frame
from .i18n import LANGS, lang_column, number, t, territory_name


@dataclass(frozen=True)
class MapView:
    values: pd.DataFrame  # iso3, value, name: countries drawn as shapes
    markers: pd.DataFrame  # iso3, lon, lat, value, name: too small for the shapes
    no_data: pd.DataFrame  # iso3, name: drawn shapes without a value
    missing: list[str]  # names of countries with a value but no shape at all
    history: pd.DataFrame  # iso3, year, value: every year of the drawn countries (for the play button)
    listed: pd.DataFrame  # iso3, value, name: every country with a value, drawn or not (table, description)
    unit: str
    source_id: str


def map_view(data: Data, measure: str, year: int, lang: str, region: str = "world") -> MapView:
    members = region_members(data, region)
    frame = measure_frame(data, measure, year)
    frame = frame[frame["iso3"].isin(members)]
    frame = frame.assign(name=frame[f"name_{lang}"])
    cover = geo.coverage(list(frame["iso3"]))
    values = frame[frame["iso3"].isin(cover["shape"])][["iso3", "value", "name"]].reset_index(drop=True)
    small = frame[frame["iso3"].isin(cover["marker"])][["iso3", "value", "name"]]
    markers = geo.markers_for(cover["marker"]).merge(small, on="iso3")
    drawn_without = sorted((geo.shape_ids() & members if region != "world" else geo.shape_ids()) -
                           set(frame["iso3"]))
    no_data = pd.DataFrame({"iso3": drawn_without, "name": [territory_name(data, c, lang) for c in drawn_without]})
    missing = frame[frame["iso3"].isin(cover["missing"])]["name"].tolist()
    d = data.deaths
    drawn = set(values["iso3"]) | set(markers["iso3"])
    history = d[(d["measure"] == measure) & d["iso3"].isin(drawn)][["iso3", "year", "value"]]
    units = frame["unit"].unique().tolist()
    sources = frame["source_id"].unique().tolist()
    listed = frame[["iso3", "value", "name"]].reset_index(drop=True)
    return MapView(values, markers, no_data, missing, history.reset_index(drop=True), listed,
                   units[0] if units else "", sources[0] if sources else "")


# ---------------------------------------------------------------- the countries a view can name
def gbd_codes(data: Data) -> list[str]:
    """Countries (and the World) with GBD series: the options of the trend charts."""
    return list(data.countries.loc[data.countries["in_gbd"], "iso3"])


# Lookups a page view makes several times (every chart's and export's view reads its URL against them), computed
# once per loaded package (Data is hashed by identity). The frames they return are shared: never modified in place.
@lru_cache(maxsize=8)
def profile_codes(data: Data) -> tuple[str, ...]:
    """Every country a profile can show (no aggregates)."""
    return tuple(data.countries.loc[~data.countries["is_aggregate"], "iso3"])


@lru_cache(maxsize=8)
def fact_years(data: Data) -> tuple[str, ...]:
    """The years facts are dated in, as the data page's filter writes them."""
    return tuple(sorted({str(int(y)) for y in data.facts["year"].dropna()}))


# ---------------------------------------------------------------- regions
REGION_CODES = {"europe": "150", "asia": "142", "africa": "002", "americas": "019", "oceania": "009"}


def region_members(data: Data, region: str) -> set[str]:
    """ISO codes of the countries in a region preset (World = every country, aggregates excluded)."""
    c = data.countries[~data.countries["is_aggregate"]]
    if region == "eeca":
        c = c[c["eeca"]]
    elif region in REGION_CODES:
        c = c[c["region_code"] == REGION_CODES[region]]
    return set(c["iso3"])


# ---------------------------------------------------------------- naloxone access
def access_latest(data: Data, indicator: str, lang: str = "en") -> pd.DataFrame:
    """Per country, its status for one access indicator (access_status.csv, decided by access_rules): iso3,
    status, as_of, scope, confidence, certainty, rule, hri_row_not_retrievable, fact_ids, sources (the
    publishers of the statements behind it, in the language). A country without a row is 'not_known'."""
    a = data.access_status[data.access_status["indicator"] == indicator].drop(columns="indicator")
    countries = data.countries[~data.countries["is_aggregate"]][["iso3"]]
    out = countries.merge(a, on="iso3", how="left")
    out["status"] = out["status"].fillna("not_known")
    out["certainty"] = out["certainty"].fillna("none")
    out["rule"] = out["rule"].fillna("no_statement")
    out["hri_row_not_retrievable"] = out["hri_row_not_retrievable"].fillna(False)
    out["fact_ids"] = out["fact_ids"].fillna("")
    out["beside_fact_ids"] = out["beside_fact_ids"].fillna("")
    publisher = data.sources_by_id[lang_column("publisher", lang)]
    source_of = data.facts_by_id["source_id"]
    out["sources"] = [", ".join(dict.fromkeys(publisher[source_of[f]] for f in ids.split(";") if f))
                      for ids in out["fact_ids"]]
    return out.reset_index(drop=True)


def access_status_of(data: Data, iso3: str, indicator: str) -> pd.Series | None:
    s = data.access_status
    row = s[(s["iso3"] == iso3) & (s["indicator"] == indicator)]
    return row.iloc[0] if len(row) else None


@lru_cache(maxsize=512)
def access_for(data: Data, iso3: str) -> pd.DataFrame:
    """Every access statement about one country, per indicator oldest first (undated last), with its fact's
    quote and source."""
    a = data.access[data.access["iso3"] == iso3]
    words = [lang_column(c, lang) for c in ("unit", "value_text") for lang in LANGS]
    f = data.facts[["fact_id", "quote", "source_id", "value", *words, "quote_lang"]]
    return a.merge(f, on="fact_id").sort_values(["indicator", "year", "fact_id"],
                                                 na_position="last").reset_index(drop=True)


# ---------------------------------------------------------------- time series
def series(data: Data, codes: list[str], measure: str, lang: str) -> pd.DataFrame:
    """iso3, name, year, value, unit, source_id for the given countries, in the given order."""
    d = data.deaths[(data.deaths["measure"] == measure) & (data.deaths["iso3"].isin(codes))]
    d = d.merge(data.countries[["iso3", f"name_{lang}"]], on="iso3").rename(columns={f"name_{lang}": "name"})
    order = {c: i for i, c in enumerate(codes)}
    d = d.assign(_o=d["iso3"].map(order)).sort_values(["_o", "year"]).drop(columns="_o")
    return d[["iso3", "name", "year", "value", "unit", "source_id"]].reset_index(drop=True)


DRUG_TYPES = ("deaths_opioid", "deaths_cocaine", "deaths_amphetamine", "deaths_other_drugs")


def drug_types(data: Data, iso3: str) -> pd.DataFrame:
    """year, measure, value of deaths by drug type for one country (the four parts of all drug use
    disorders that GBD reports; GBD counts no cannabis deaths)."""
    d = data.deaths[(data.deaths["iso3"] == iso3) & (data.deaths["measure"].isin(DRUG_TYPES))]
    order = {m: i for i, m in enumerate(DRUG_TYPES)}
    d = d.assign(_o=d["measure"].map(order)).sort_values(["_o", "year"]).drop(columns="_o")
    return d[["year", "measure", "value", "source_id"]].reset_index(drop=True)


def total_deaths(data: Data, iso3: str, year: int) -> float | None:
    d = data.deaths
    v = d[(d["iso3"] == iso3) & (d["year"] == year) & (d["measure"] == "deaths_drug_use_disorders")]["value"]
    return float(v.iloc[0]) if len(v) else None


def subregion_peers(data: Data, iso3: str) -> list[str]:
    """The other GBD countries of the country's UN M49 sub-region."""
    c = data.countries
    row = c[c["iso3"] == iso3]
    if row.empty or not row.iloc[0]["subregion_code"]:
        return []
    same = c[(c["subregion_code"] == row.iloc[0]["subregion_code"]) & c["in_gbd"] & (c["iso3"] != iso3)]
    return sorted(same["iso3"])


# ---------------------------------------------------------------- facts
def facts_for(data: Data, iso3: str) -> pd.DataFrame:
    """Facts about one country, including group facts that name it (e.g. the four S-O-S countries)."""
    f = data.facts
    in_group = f["group_iso3"].fillna("").str.split(";").apply(lambda codes: iso3 in codes)
    return f[(f["iso3"] == iso3) | in_group].sort_values(["topic", "year", "fact_id"],
                                                          na_position="last").reset_index(drop=True)


def fact(data: Data, fact_id: str) -> pd.Series:
    return data.facts_by_id.loc[fact_id]


def fact_events(data: Data, fact_ids: list[str]) -> pd.DataFrame:
    """year, period, fact_id of dated events, in the order given: the fact's year, or for an undated range
    ("ca. 2017-2019") the start year its value text names."""
    rows = []
    for fid in fact_ids:
        f = fact(data, fid)
        year = int(f["year"]) if pd.notna(f["year"]) else int(str(f["value_text"])[4:8])
        rows.append({"year": year, "period": f["period"], "fact_id": fid})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the S-O-S study
CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}


def study_fact(data: Data, indicator: str, iso3: str = "") -> pd.Series | None:
    """The one fact of an indicator for a country ("" for the four countries together): the most confident,
    then the first by id; None if there is none."""
    f = data.facts
    rows = f[(f["indicator"] == indicator) & (f["iso3"].fillna("") == iso3)]
    if rows.empty:
        return None
    rows = rows.assign(_c=rows["confidence"].map(CONFIDENCE_ORDER)).sort_values(["_c", "fact_id"])
    return rows.iloc[0].drop("_c")


# the study's cascade, stage by stage: its count's indicator, and the share the source gives with it
CASCADE = (("followed", "sos_cohort_followup_denominator_n", None),
           ("witnessed", "sos_cohort_witnessed_overdose_n", "sos_cohort_witnessed_overdose_pct"),
           ("used", "sos_cohort_naloxone_used_at_most_recent_witnessed_overdose_n",
            "sos_cohort_naloxone_used_at_most_recent_witnessed_overdose_pct"))


def cascade(data: Data, iso3: str) -> pd.DataFrame:
    """A study country's cascade: stage, value, fact_id, share (the percentage the source gives beside the count,
    or None), share_fact_id; only the stages with a sourced count. Empty for other countries."""
    rows = []
    for stage, count, share in CASCADE:
        n = study_fact(data, count, iso3)
        if n is None:
            continue
        pct = study_fact(data, share, iso3) if share else None
        rows.append({"stage": stage, "value": float(n["value"]), "fact_id": n["fact_id"],
                     "share": None if pct is None else float(pct["value"]),
                     "share_fact_id": "" if pct is None else pct["fact_id"]})
    return pd.DataFrame(rows, columns=["stage", "value", "fact_id", "share", "share_fact_id"])


@dataclass(frozen=True)
class CascadeRow:
    stage: str  # views.CASCADE's stage id
    label: str  # what is counted, in the language
    value: str  # the count, with the share the source gives beside it: "103 (82%)"
    fact_ids: tuple[str, ...]  # the count's fact, and the share's
    count: float  # the count itself (the study page's bar)


def cascade_rows(data, iso3: str, lang: str) -> list[CascadeRow]:
    """The S-O-S study's cascade in one country, as the profile, the brief and the study page show it; [] for a
    country outside the study."""
    rows = []
    for r in cascade(data, iso3).itertuples():
        n = number(r.value, lang)
        text = n if pd.isna(r.share) else t("sos_share_of", lang, n=n, share=number(r.share, lang))
        rows.append(CascadeRow(r.stage, t(f"st_{r.stage}", lang), text,
                               tuple(f for f in (r.fact_id, r.share_fact_id) if f), r.value))
    return rows


def filter_facts(data: Data, *, q: str = "", country: str = "", topic: str = "", source: str = "",
                 year: str = "", indicator: str = "") -> pd.DataFrame:
    """Facts matching every given filter; q searches quote, indicator (id and labels), area and unit in both
    languages (case-insensitive)."""
    f = data.facts
    if country:
        in_group = f["group_iso3"].fillna("").str.split(";").apply(lambda codes: country in codes)
        f = f[(f["iso3"] == country) | in_group]
    if topic:
        f = f[f["topic"] == topic]
    if source:
        f = f[f["source_id"] == source]
    if year:
        f = f[f["year"].astype("string") == year]
    if indicator:
        f = f[f["indicator"] == indicator]
    if q and len(f):
        needle = q.casefold()
        labels = data.indicators_by_id
        parts = [f["quote"], f["indicator"], *(f["indicator"].map(labels[f"label_{lang}"]) for lang in LANGS),
                 *(f[lang_column(c, lang)] for c in ("area", "unit") for lang in LANGS)]
        hay = pd.concat(parts, axis=1).agg(" ".join, axis=1).str.casefold()
        f = f[hay.str.contains(needle, regex=False)]
    return f.reset_index(drop=True)
