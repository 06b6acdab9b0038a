"""A country at a glance: what its profile and its printed brief lead with. Pure: no streamlit.

- `badges`: its naloxone access, one badge per indicator (status, year, certainty), from access_status.csv;
- `key_figures`: the latest GBD opioid death rate with its year, its change since 2010 and its place among its
  UN sub-region's countries (the last two computed from GBD's figures, and labelled so);
- `fact_groups`: its programme facts, one group per indicator, statements in date order, the same figure from
  two sources shown once with both sources.

The S-O-S study's cascade of the four study countries is views.cascade_rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import views
from .datapkg import schema
from .i18n import number, t
from .text import fact_value, status_line

GBD_RATE = "rate_opioid"
GBD_RATE_SOURCE = "ihme-gbd2019-death-rate-opioid-use"
BASE_YEAR = 2010  # "its change since 2010" (issue 14): the start of the decade before GBD 2019's last year


@dataclass(frozen=True)
class Badge:
    indicator: str  # access indicator id (schema.ACCESS_INDICATORS)
    label: str  # the indicator in the language
    status: str  # status id (access_rules.STATUSES), for the badge's colour
    text: str  # the status in the language
    when: str  # "as of 2021", "undated", or "" when not known
    certainty: str  # "firm", or why it is less certain, in the language
    line: str  # everything the status says, one line (the profile's status line)
    fact_ids: tuple[str, ...]
    firm: bool = True  # drawn in the status's full colour (as on the map: firm, or no status at all), else paler


def badges(data, iso3: str, lang: str) -> list[Badge]:
    """One badge per naloxone-access indicator, in the vocabulary's order."""
    out = []
    for indicator in schema.ACCESS_INDICATORS:
        s = views.access_status_of(data, iso3, indicator)
        if s is None:
            out.append(Badge(indicator, t(f"a_{indicator}", lang), "not_known", t("s_not_known", lang), "",
                             t("cert_none", lang), t("s_not_known", lang), ()))
            continue
        known = s["status"] != "not_known"
        when = (t("access_year", lang, year=int(s["as_of"])) if pd.notna(s["as_of"]) else t("access_undated", lang)) \
            if known else ""
        ids = tuple(f for f in str(s["fact_ids"]).split(";") if f and f != "nan")
        out.append(Badge(indicator, t(f"a_{indicator}", lang), s["status"], t(f"s_{s['status']}", lang), when,
                         t(f"cert_{s['certainty']}", lang), status_line(s, lang), ids,
                         s["certainty"] in ("firm", "none")))
    return out


@dataclass(frozen=True)
class KeyFigure:
    label: str  # what the figure is, in the language
    value: str  # the figure as shown
    detail: str  # its year, or how it was computed
    source_id: str
    computed: bool  # True: computed by us from sourced figures (labelled so wherever shown)


def rate_series(data, iso3: str) -> pd.Series:
    """year -> GBD opioid death rate (per 100,000, age-standardised) of one country."""
    d = data.deaths
    rows = d[(d["iso3"] == iso3) & (d["measure"] == GBD_RATE)]
    return rows.set_index("year")["value"].sort_index()


def key_figures(data, iso3: str, lang: str) -> list[KeyFigure]:
    """The three key figures, or none for a country without GBD series."""
    series = rate_series(data, iso3)
    if series.empty:
        return []
    last = int(series.index.max())
    value = float(series[last])
    out = [KeyFigure(t("kf_rate", lang), t("kf_rate_value", lang, v=number(value, lang)),
                     t("kf_rate_detail", lang, year=last), GBD_RATE_SOURCE, False)]
    if BASE_YEAR in series.index and float(series[BASE_YEAR]) > 0:
        base = float(series[BASE_YEAR])
        change = (value - base) / base * 100
        shown = f"{'+' if change > 0 else ''}{number(round(change, 1), lang)}%"
        out.append(KeyFigure(t("kf_change", lang, year=BASE_YEAR), shown,
                             t("kf_change_detail", lang, v0=number(base, lang), y0=BASE_YEAR, v1=number(value, lang),
                               y1=last), GBD_RATE_SOURCE, True))
    rank = subregion_rank(data, iso3, last, lang)
    if rank is not None:
        place, of, subregion = rank
        out.append(KeyFigure(t("kf_rank", lang, subregion=subregion), t("kf_rank_value", lang, n=of, place=place),
                             t("kf_rank_detail", lang, year=last), GBD_RATE_SOURCE, True))
    return out


def subregion_rank(data, iso3: str, year: int, lang: str = "en") -> tuple[int, int, str] | None:
    """(place by rate, highest first; number of countries; the sub-region's name) among the GBD countries of
    the country's UN M49 sub-region in `year`; None without a sub-region or peers."""
    peers = views.subregion_peers(data, iso3)
    if not peers:
        return None
    d = data.deaths
    rows = d[d["iso3"].isin([iso3, *peers]) & (d["measure"] == GBD_RATE) & (d["year"] == year)]
    if iso3 not in set(rows["iso3"]):
        return None
    ranked = rows.sort_values(["value", "iso3"], ascending=[False, True])["iso3"].tolist()
    row = data.countries.set_index("iso3").loc[iso3]
    return ranked.index(iso3) + 1, len(ranked), str(row[f"subregion_{lang}"])


@dataclass(frozen=True)
class FactItem:
    fact_ids: tuple[str, ...]  # the same figure from one or more sources, oldest source first
    value: str  # as shown (fact_value)
    year: int | None


@dataclass(frozen=True)
class FactGroup:
    indicator: str
    label: str
    items: tuple[FactItem, ...]  # in date order, undated last


def same_figure_key(f) -> tuple:
    """Two facts state the same figure when value, text, unit and year agree (their quotes and sources differ)."""
    value = None if pd.isna(f["value"]) else float(f["value"])
    year = None if pd.isna(f["year"]) else int(f["year"])
    return value, str(f["value_text"] or ""), str(f["unit"]), year


def fact_groups(facts: pd.DataFrame, data, lang: str) -> list[FactGroup]:
    """Facts grouped by indicator (groups in the order of their first fact's year), each figure once."""
    labels = data.indicators_by_id[f"label_{lang}"]
    groups: dict[str, dict[tuple, list]] = {}
    for _, f in facts.sort_values(["year", "fact_id"], na_position="last").iterrows():
        groups.setdefault(f["indicator"], {}).setdefault(same_figure_key(f), []).append(f)
    out = []
    for indicator, figures in groups.items():
        items = tuple(FactItem(tuple(x["fact_id"] for x in same), fact_value(same[0], lang),
                               None if pd.isna(same[0]["year"]) else int(same[0]["year"]))
                      for same in figures.values())
        out.append(FactGroup(indicator, str(labels[indicator]), items))
    return out


def programme_facts(data, iso3: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A country's facts as (programme facts, S-O-S study facts), as the profile and the brief list them: every
    fact of the country once, but the naloxone-access facts that are statements behind an access badge (shown
    there); the study's own section only for the four study countries."""
    facts = views.facts_for(data, iso3)
    behind = (facts["topic"] == "access") & facts["fact_id"].isin(views.access_for(data, iso3)["fact_id"])
    facts = facts[~behind]
    study = (facts["topic"] == "sos") & bool(data.countries.set_index("iso3").loc[iso3, "sos_country"])
    return facts[~study], facts[study]
