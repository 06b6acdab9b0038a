"""The country profile's charts: `profile-trend` (the country's opioid death rate against its sub-region's
countries and the World) and `drug-types-latest` (deaths by drug type in the latest year)."""

from __future__ import annotations

import pandas as pd

from .. import describe, views
from ..datapkg import schema
from ..figures import fig_bars, fig_lines
from ..i18n import number, t, territory_name, unit_label
from .chart import GBD_RATE_SOURCE, Chart, gbd_subtitle, localized, series_table
from .registry import register
from .trends import drug_label


def in_gbd(data, iso3: str) -> bool:
    return bool(data.countries.set_index("iso3").loc[iso3, "in_gbd"])


PROFILE_PAGE = "pages/3_countries.py"


@register("profile-trend", page=PROFILE_PAGE, height=920, fields=("lang", "country"))
def profile_trend_chart(data, state) -> Chart | None:
    """`profile-trend`: a country's opioid death rate against its sub-region's countries and the World (None for
    a country without GBD series)."""
    iso3, lang = state.country, state.lang
    if not in_gbd(data, iso3):
        return None
    name = territory_name(data, iso3, lang)
    row = data.countries.set_index("iso3").loc[iso3]
    subregion = row[f"subregion_{lang}"] or "—"
    peers = views.subregion_peers(data, iso3)
    frame = views.series(data, [iso3, schema.WORLD, *peers], "rate_opioid", lang)
    unit = unit_label("deaths per 100,000 (age-standardised)", lang)
    title = t("profile_trend_title", lang, name=name, subregion=subregion)
    subtitle = gbd_subtitle(t("m_rate_opioid", lang), unit, lang)
    fig = fig_lines(frame, lang=lang, title=title, subtitle=subtitle, unit=unit, highlight=iso3,
                    muted=tuple(peers), muted_label=t("peers_label", lang, subregion=subregion))
    main = frame[frame["iso3"].isin([iso3, schema.WORLD])]
    return Chart("profile-trend", title, subtitle, fig, describe.describe_series(main, unit=unit, lang=lang),
                 series_table(frame, unit, lang), (GBD_RATE_SOURCE,),
                 (t("profile_trend_note", lang, subregion=subregion), t("gbd_note", lang)))



@register("drug-types-latest", page=PROFILE_PAGE, height=760, fields=("lang", "country"))
def drug_types_latest_chart(data, state) -> Chart | None:
    """`drug-types-latest`: deaths by drug type in the latest year, as bars (None without GBD series)."""
    iso3, lang = state.country, state.lang
    if not in_gbd(data, iso3):
        return None
    name = territory_name(data, iso3, lang)
    frame = views.drug_types(data, iso3)
    last = int(frame["year"].max()) if len(frame) else 2019
    latest = frame[frame["year"] == last]
    unit = t("unit_deaths", lang)
    bars = pd.DataFrame({"label": [drug_label(m, lang) for m in latest["measure"]],
                         "value": list(latest["value"]),
                         "text": [number(float(v), lang) for v in latest["value"]]})
    title = t("drug_types_latest_title", lang, name=name, year=last)
    subtitle = gbd_subtitle(t("m_deaths_drug_use_disorders", lang), unit, lang)
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit=unit)
    total = views.total_deaths(data, iso3, last)
    description = describe.describe_stack(latest.assign(label=bars["label"].values), name=name, total=total,
                                          lang=lang) if total is not None else t("d_no_series", lang)
    table = localized(bars[["label", "value"]].assign(year=last, unit=unit), lang, label="col_measure")
    return Chart("drug-types-latest", title, subtitle, fig, description, table,
                 ("ihme-gbd2019-deaths-substance-disorders",), (t("gbd_note", lang),))

