"""The map page's chart `map`: a GBD measure by country in fixed colour classes (bins.py; with the play button's
years), or the status of
one naloxone-access indicator by country (status hue, paler where less certain, dots for small states)."""

from __future__ import annotations

import html

import pandas as pd

from .. import bins, describe, geo, views
from ..figures import fig_access_map, fig_map
from ..i18n import t, unit_label
from .chart import Chart, gbd_caption, gbd_subtitle, localized, measure_label
from .registry import register


@register("map", page="pages/1_map.py", height=1100,
          fields=("lang", "year", "measure", "region", "layer", "access"))
def map_chart(data, state) -> Chart:
    """`map`: the deaths layer (choropleth + play) or the naloxone-access layer of the map page."""
    lang = state.lang
    if state.layer == "access":
        return access_map_chart(data, state)
    view = views.map_view(data, state.measure, state.year, lang, state.region)
    unit = unit_label(view.unit, lang)
    measure = measure_label(state.measure, lang)
    title = t("map_title_measure", lang, measure=measure, year=state.year)
    subtitle = gbd_subtitle(measure, unit, lang)
    fig = fig_map(view.values, markers=view.markers, no_data=view.no_data, history=view.history, lang=lang,
                  year=state.year, unit=unit, bins=bins.for_unit(view.unit), title=title, subtitle=subtitle,
                  region=state.region)
    shown = view.listed[["name", "value"]]
    notes = []
    if len(view.markers):
        notes.append(t("markers_note", lang, names=", ".join(view.markers["name"])))
    if view.missing:
        notes.append(t("missing_note", lang, names=", ".join(view.missing)))
    notes.append(t("boundaries_note", lang))
    table = localized(shown.sort_values("value", ascending=False).assign(year=state.year, unit=unit), lang)
    return Chart("map", title, subtitle, fig,
                 describe.describe_ranking(shown, year=state.year, unit=unit, lang=lang),
                 table, (view.source_id,), tuple(notes), caption=gbd_caption(unit, lang))


def status_parts(status, lang: str, sources: str | None = None) -> list[str]:
    """What a country's access status says, as plain-text parts: status, year, scope, confidence, why it is
    less certain, an undated statement that says otherwise, a restriction that leaves no status, an unreadable
    HRI row; with `sources` (the publishers) where given. The map's hover and the profile's status line."""
    parts = [t(f"s_{status['status']}", lang)]
    source = [t("access_sources", lang, sources=sources)] if sources is not None else []
    if status["status"] != "not_known":
        parts.append(t("access_year", lang, year=int(status["as_of"])) if pd.notna(status["as_of"])
                     else t("access_undated", lang))
        if status["status"] == "reported":  # local scale is its own status; a "no" has no scale
            parts.append(t(f"scope_{status['scope']}", lang))
        parts.append(t("confidence", lang, level=t(f"c_{status['confidence']}", lang)))
        if status["certainty"] in ("old", "undated"):  # "uncertain" is the confidence just given
            parts.append(t(f"cert_{status['certainty']}", lang))
        if pd.notna(status["beside_fact_ids"]) and status["beside_fact_ids"]:
            parts.append(t("access_beside", lang))
        parts += source
    elif status["rule"] == "restricting_only":  # no status, but a source restricts access: say so, with who
        parts += [t("access_restricting_only", lang), *source]
    if status["hri_row_not_retrievable"]:
        parts.append(t("hri_row_not_retrievable", lang))
    return parts


def access_hover(r, lang: str) -> str:
    """A country's hover lines on the access map (status_parts with its publishers), escaped."""
    return "<br>".join(html.escape(x) for x in status_parts(r, lang, sources=r["sources"]))


def access_frame(data, state) -> pd.DataFrame:
    """The access map's countries: status, certainty, legend label and hover text, with names."""
    lang = state.lang
    frame = views.access_latest(data, state.access, lang)
    frame = frame[frame["iso3"].isin(views.region_members(data, state.region))]
    frame = frame.merge(data.countries[["iso3", f"name_{lang}"]], on="iso3").rename(columns={f"name_{lang}": "name"})
    frame["firm"] = frame["certainty"].isin(["firm", "none"])
    frame["legend"] = [t(f"s_{s}", lang) if firm or s == "not_known" else t("legend_less_certain", lang,
                                                                             status=t(f"s_{s}", lang))
                       for s, firm in zip(frame["status"], frame["firm"], strict=True)]
    frame["hover"] = [access_hover(r, lang) for r in frame.to_dict("records")]
    return frame.reset_index(drop=True)


def access_map_chart(data, state) -> Chart:
    """`map` with layer=access: the status of one naloxone-access indicator by country."""
    lang = state.lang
    frame = access_frame(data, state)
    cover = geo.coverage(list(frame["iso3"]))
    shapes = frame[frame["iso3"].isin(cover["shape"])]
    stated = frame[frame["iso3"].isin(cover["marker"]) & (frame["status"] != "not_known")]
    markers = geo.markers_for(list(stated["iso3"])).merge(stated, on="iso3")
    indicator = t(f"a_{state.access}", lang)
    title, subtitle = t("access_title", lang, indicator=indicator), t("access_subtitle", lang)
    fig = fig_access_map(shapes, lang=lang, title=title, subtitle=subtitle, region=state.region, markers=markers)
    counts = frame["status"].map(lambda s: t(f"s_{s}", lang)).value_counts()
    shown = frame[(frame["status"] != "not_known") | frame["hri_row_not_retrievable"]]
    table = pd.DataFrame({
        "name": shown["name"], "status": [t(f"s_{s}", lang) for s in shown["status"]],
        "year": shown["as_of"],
        "scope": [t(f"scope_{sc}", lang) if st == "reported" else "" for sc, st in zip(shown["scope"], shown["status"],
                                                                                        strict=True)],
        "confidence": [t(f"c_{c}", lang) if isinstance(c, str) and c else "" for c in shown["confidence"]],
        "certainty": [t(f"cert_{c}", lang) for c in shown["certainty"]],
        "sources": shown["sources"], "fact_ids": shown["fact_ids"],
    }).sort_values("name")
    ids = [f for ids in frame["fact_ids"] for f in ids.split(";") if f]
    # the sources that speak for the most statuses first (the chart's first source lines and its one-line credit)
    cited = data.facts_by_id.loc[ids, "source_id"].value_counts() if ids else pd.Series(dtype=int)
    sources = tuple(sorted(cited.index, key=lambda sid: (-cited[sid], sid)))
    notes = [t("access_certainty_note", lang)]
    if state.access == "peer_distribution":
        notes.append(t("access_peer_note", lang))
    if frame["hri_row_not_retrievable"].any():
        notes.append(t("access_gap_note", lang))
    if len(markers):
        notes.append(t("markers_note", lang, names=", ".join(markers["name"])))
    notes.append(t("boundaries_note", lang))
    return Chart("map", title, subtitle, fig, describe.describe_categories(counts, indicator=indicator, lang=lang),
                 localized(table, lang), sources, tuple(notes))

