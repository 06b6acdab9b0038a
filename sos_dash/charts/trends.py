"""The trends page's charts: `trends` (one GBD measure over 1990-2019 for chosen countries) and `drug-types`
(deaths by drug type over the years for one country)."""

from __future__ import annotations

import pandas as pd

from .. import describe, views
from ..figures import fig_lines, fig_stacked
from ..i18n import t, territory_name, unit_label
from .chart import Chart, gbd_caption, gbd_subtitle, localized, measure_label, series_table
from .registry import register

MILESTONES = (("seed-012", "ms_sos_launch"), ("seed-013", "ms_who_guidelines"))


def milestones(data, lang: str) -> pd.DataFrame:
    """Sourced events to annotate on time axes: year from the fact, label from i18n."""
    rows = [(int(views.fact(data, fid)["value"]), t(key, lang)) for fid, key in MILESTONES]
    return pd.DataFrame(rows, columns=["year", "label"])



TRENDS_PAGE = "pages/2_trends.py"


@register("trends", page=TRENDS_PAGE, height=1060, fields=("lang", "countries", "measure", "scale"))
def trends_chart(data, state) -> Chart:
    """`trends`: one GBD measure over 1990-2019 for the chosen countries."""
    lang = state.lang
    frame = views.series(data, list(state.countries), state.measure, lang)
    unit = unit_label(frame["unit"].iloc[0], lang) if len(frame) else ""
    measure = measure_label(state.measure, lang)
    title = t("trends_title", lang, measure=measure)
    subtitle = gbd_subtitle(measure, unit, lang)
    fig = fig_lines(frame, lang=lang, title=title, subtitle=subtitle, unit=unit, log=state.scale == "log",
                    milestones=milestones(data, lang))
    sources = tuple(dict.fromkeys([*frame["source_id"], "seed-unodc-sos-initiative"]))
    return Chart("trends", title, subtitle, fig, describe.describe_series(frame, unit=unit, lang=lang),
                 series_table(frame, unit, lang), sources, (t("gbd_note", lang),), caption=gbd_caption(unit, lang))


def drug_label(measure: str, lang: str) -> str:
    return t("m_deaths_opioid_short" if measure == "deaths_opioid" else f"m_{measure}", lang)


@register("drug-types", page=TRENDS_PAGE, height=840, fields=("lang", "country"))
def drug_types_chart(data, state) -> Chart:
    """`drug-types`: deaths by drug type over years for one country, stacked."""
    iso3, lang = state.country, state.lang
    name = territory_name(data, iso3, lang)
    frame = views.drug_types(data, iso3)
    frame = frame.assign(label=[drug_label(m, lang) for m in frame["measure"]])
    unit = t("unit_deaths", lang)
    title = t("drug_types_title", lang, name=name)
    subtitle = gbd_subtitle(t("m_deaths_drug_use_disorders", lang), unit, lang)
    fig = fig_stacked(frame, lang=lang, title=title, subtitle=subtitle, unit=unit)
    last = int(frame["year"].max()) if len(frame) else 2019
    latest = frame[frame["year"] == last]
    total = views.total_deaths(data, iso3, last)
    description = describe.describe_stack(latest, name=name, total=total, lang=lang) if total is not None else \
        t("d_no_series", lang)
    table = localized(frame[["label", "year", "value"]].assign(unit=unit), lang, label="col_measure")
    return Chart("drug-types", title, subtitle, fig, description, table,
                 tuple(dict.fromkeys(frame["source_id"])) or ("ihme-gbd2019-deaths-substance-disorders",),
                 (t("gbd_note", lang),))

