"""One chart = figure + title + subtitle + text description + the table behind it + its sources.

Pages, embeds and static exports all draw a `Chart`; `ui.chart()` renders every part of it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from . import describe, geo, views
from .figures import fig_access_map, fig_bars, fig_lines, fig_map, fig_stacked, fig_timeline
from .i18n import number, ru_or_en, t, territory_name, unit_label


@dataclass(frozen=True)
class Chart:
    chart_id: str  # stable id, used for embeds and exports (map, trends, drug-types, ...)
    title: str
    subtitle: str
    figure: go.Figure
    description: str  # generated from the data: highest, lowest, change
    table: pd.DataFrame  # exactly the plotted data, with translated column names
    source_ids: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)  # shown under the source line


def plain_table(table: pd.DataFrame) -> pd.DataFrame:
    """The table with whole-number columns (death counts, years) as integers: no trailing ".0"."""
    table = table.copy()
    for col in table.columns:
        if pd.api.types.is_float_dtype(table[col]) and table[col].dropna().apply(float.is_integer).all():
            table[col] = table[col].astype("Int64")
    return table


def chart_csv(c: Chart, sources: pd.DataFrame, lang: str = "en") -> bytes:
    """The chart's table as UTF-8 CSV with a `source` column naming each source's credit line in the chart's
    language (the GBD licence asks for the credit wherever the data is downloaded)."""
    credits = sources.set_index("source_id").loc[list(c.source_ids), ru_or_en("credit", lang)]
    table = plain_table(c.table.assign(source="; ".join(dict.fromkeys(credits))))
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


SOURCE_LINES = 3  # source lines shown under a chart; more are counted, and named in its table and CSV
SAFE_URL = re.compile(r"https?://[^\s()<>\[\]\"']+")


def link_url(url: str) -> str | None:
    """The URL to link to, only when it is a plain http(s) URL; parentheses (as in Elsevier's
    `/pii/S0955-3959(14)00008-5`) are percent-encoded, which means the same to a server and cannot close
    a markdown link."""
    encoded = url.replace("(", "%28").replace(")", "%29")
    return encoded if url and SAFE_URL.fullmatch(encoded) else None


def source_parts(data, source_id: str, lang: str = "en") -> tuple[str, str | None]:
    """A source line's words (credit, and the title when the credit does not name it) in the language, and
    its link."""
    src = data.sources_by_id.loc[source_id]
    credit = src[ru_or_en("credit", lang)]
    named = credit if src["title"] in credit else f"{credit} — {src['title']}"
    return named, link_url(src["url"])


# ---------------------------------------------------------------- builders, one per chart id

GBD_RATE_SOURCE = "ihme-gbd2019-death-rate-opioid-use"
MILESTONES = (("seed-012", "ms_sos_launch"), ("seed-013", "ms_who_guidelines"))


def gbd_subtitle(measure: str, unit: str, lang: str) -> str:
    """Measure, unit and what the figures are; a count's measure already says "deaths", so no unit repeats it."""
    if unit == t("unit_deaths", lang):
        return t("gbd_subtitle_count", lang, measure=measure)
    return t("gbd_subtitle", lang, measure=measure, unit=unit)


def _measure_label(measure: str, lang: str) -> str:
    return t(f"m_{measure}", lang)


def map_chart(data, state) -> Chart:
    """`map`: the deaths layer (choropleth + play) or the naloxone-access layer of the map page."""
    lang = state.lang
    if state.layer == "access":
        return access_map_chart(data, state)
    view = views.map_view(data, state.measure, state.year, lang, state.region)
    unit = unit_label(view.unit, lang)
    measure = _measure_label(state.measure, lang)
    title = t("map_title_measure", lang, measure=measure, year=state.year)
    subtitle = gbd_subtitle(measure, unit, lang)
    fig = fig_map(view.values, markers=view.markers, no_data=view.no_data, history=view.history, lang=lang,
                  year=state.year, unit=unit, title=title, subtitle=subtitle, region=state.region)
    shown = view.listed[["name", "value"]]
    notes = []
    if len(view.markers):
        notes.append(t("markers_note", lang, names=", ".join(view.markers["name"])))
    if view.missing:
        notes.append(t("missing_note", lang, names=", ".join(view.missing)))
    notes.append(t("boundaries_note", lang))
    table = _localized(shown.sort_values("value", ascending=False).assign(year=state.year, unit=unit), lang)
    return Chart("map", title, subtitle, fig,
                 describe.describe_ranking(shown, year=state.year, unit=unit, lang=lang),
                 table, (view.source_id,), tuple(notes))


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
    sources = tuple(sorted(data.facts_by_id.loc[ids, "source_id"].unique())) if ids else ()
    notes = [t("access_certainty_note", lang)]
    if state.access == "peer_distribution":
        notes.append(t("access_peer_note", lang))
    if frame["hri_row_not_retrievable"].any():
        notes.append(t("access_gap_note", lang))
    if len(markers):
        notes.append(t("markers_note", lang, names=", ".join(markers["name"])))
    notes.append(t("boundaries_note", lang))
    return Chart("map", title, subtitle, fig, describe.describe_categories(counts, indicator=indicator, lang=lang),
                 _localized(table, lang), sources, tuple(notes))


# table column -> its heading's string key (charts' tables are shown and downloaded with translated headings)
COLUMN_LABELS = {"name": "col_country", "label": "col_indicator", "status": "col_status", "period": "period",
                 "detail": "col_value", "value": "col_value", "year": "col_year", "unit": "col_unit",
                 "scope": "col_scope", "confidence": "col_confidence", "certainty": "col_certainty",
                 "sources": "col_sources"}


def _localized(table: pd.DataFrame, lang: str, **keys: str) -> pd.DataFrame:
    """The table with translated column headings; keys overrides a column's string key."""
    labels = {**COLUMN_LABELS, **keys}
    return table.rename(columns={c: t(labels[c], lang) for c in table.columns if c in labels}).reset_index(drop=True)


def _series_table(frame: pd.DataFrame, unit: str, lang: str) -> pd.DataFrame:
    return _localized(frame[["name", "year", "value"]].assign(unit=unit), lang)


def milestones(data, lang: str) -> pd.DataFrame:
    """Sourced events to annotate on time axes: year from the fact, label from i18n."""
    rows = [(int(views.fact(data, fid)["value"]), t(key, lang)) for fid, key in MILESTONES]
    return pd.DataFrame(rows, columns=["year", "label"])


def trends_chart(data, state) -> Chart:
    """`trends`: one GBD measure over 1990-2019 for the chosen countries."""
    lang = state.lang
    frame = views.series(data, list(state.countries), state.measure, lang)
    unit = unit_label(frame["unit"].iloc[0], lang) if len(frame) else ""
    measure = _measure_label(state.measure, lang)
    title = t("trends_title", lang, measure=measure)
    subtitle = gbd_subtitle(measure, unit, lang)
    fig = fig_lines(frame, lang=lang, title=title, subtitle=subtitle, unit=unit, log=state.scale == "log",
                    milestones=milestones(data, lang))
    sources = tuple(dict.fromkeys([*frame["source_id"], "seed-unodc-sos-initiative"]))
    return Chart("trends", title, subtitle, fig, describe.describe_series(frame, unit=unit, lang=lang),
                 _series_table(frame, unit, lang), sources, (t("gbd_note", lang),))


def _drug_label(measure: str, lang: str) -> str:
    return t("m_deaths_opioid_short" if measure == "deaths_opioid" else f"m_{measure}", lang)


def drug_types_chart(data, iso3: str, lang: str) -> Chart:
    """`drug-types`: deaths by drug type over years for one country, stacked."""
    name = territory_name(data, iso3, lang)
    frame = views.drug_types(data, iso3)
    frame = frame.assign(label=[_drug_label(m, lang) for m in frame["measure"]])
    unit = t("unit_deaths", lang)
    title = t("drug_types_title", lang, name=name)
    subtitle = gbd_subtitle(t("m_deaths_drug_use_disorders", lang), unit, lang)
    fig = fig_stacked(frame, lang=lang, title=title, subtitle=subtitle, unit=unit)
    last = int(frame["year"].max()) if len(frame) else 2019
    latest = frame[frame["year"] == last]
    total = views.total_deaths(data, iso3, last)
    description = describe.describe_stack(latest, name=name, total=total, lang=lang) if total is not None else \
        t("d_no_series", lang)
    table = _localized(frame[["label", "year", "value"]].assign(unit=unit), lang, label="col_measure")
    return Chart("drug-types", title, subtitle, fig, description, table,
                 tuple(dict.fromkeys(frame["source_id"])) or ("ihme-gbd2019-deaths-substance-disorders",),
                 (t("gbd_note", lang),))


def profile_trend_chart(data, iso3: str, lang: str) -> Chart:
    """`profile-trend`: a country's opioid death rate against its sub-region's countries and the World."""
    name = territory_name(data, iso3, lang)
    row = data.countries.set_index("iso3").loc[iso3]
    subregion = row[f"subregion_{lang}"] or "—"
    peers = views.subregion_peers(data, iso3)
    frame = views.series(data, [iso3, "OWID_WRL", *peers], "rate_opioid", lang)
    unit = unit_label("deaths per 100,000 (age-standardised)", lang)
    title = t("profile_trend_title", lang, name=name, subregion=subregion)
    subtitle = gbd_subtitle(t("m_rate_opioid", lang), unit, lang)
    fig = fig_lines(frame, lang=lang, title=title, subtitle=subtitle, unit=unit, highlight=iso3,
                    muted=tuple(peers), muted_label=t("peers_label", lang, subregion=subregion))
    main = frame[frame["iso3"].isin([iso3, "OWID_WRL"])]
    return Chart("profile-trend", title, subtitle, fig, describe.describe_series(main, unit=unit, lang=lang),
                 _series_table(frame, unit, lang), (GBD_RATE_SOURCE,),
                 (t("profile_trend_note", lang, subregion=subregion), t("gbd_note", lang)))


def drug_types_latest_chart(data, iso3: str, lang: str) -> Chart:
    """`drug-types-latest`: deaths by drug type in the latest year, as bars."""
    name = territory_name(data, iso3, lang)
    frame = views.drug_types(data, iso3)
    last = int(frame["year"].max()) if len(frame) else 2019
    latest = frame[frame["year"] == last]
    unit = t("unit_deaths", lang)
    bars = pd.DataFrame({"label": [_drug_label(m, lang) for m in latest["measure"]],
                         "value": list(latest["value"]),
                         "text": [number(float(v), lang) for v in latest["value"]]})
    title = t("drug_types_latest_title", lang, name=name, year=last)
    subtitle = gbd_subtitle(t("m_deaths_drug_use_disorders", lang), unit, lang)
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit=unit)
    total = views.total_deaths(data, iso3, last)
    description = describe.describe_stack(latest.assign(label=bars["label"].values), name=name, total=total,
                                          lang=lang) if total is not None else t("d_no_series", lang)
    table = _localized(bars[["label", "value"]].assign(year=last, unit=unit), lang, label="col_measure")
    return Chart("drug-types-latest", title, subtitle, fig, description, table,
                 ("ihme-gbd2019-deaths-substance-disorders",), (t("gbd_note", lang),))


# ---------------------------------------------------------------- S-O-S study
def _fact_bars(data, items: list[tuple[str, str | None]], lang: str) -> pd.DataFrame:
    """Bars from facts: (label key, fact_id or None for 'not reported'). Value text keeps the unit."""
    rows = []
    for key, fid in items:
        if fid is None:
            rows.append({"label": t(key, lang), "value": None, "text": t("sos_not_reported_share", lang),
                         "unit": "", "period": "", "fact_id": ""})
            continue
        f = views.fact(data, fid)
        rows.append({"label": t(key, lang), "value": float(f["value"]),
                     "text": f"{number(float(f['value']), lang)}%", "unit": f["unit"], "period": f["period"],
                     "fact_id": fid})
    return pd.DataFrame(rows)


def _bars_table(bars: pd.DataFrame, lang: str) -> pd.DataFrame:
    return _localized(bars[["label", "value", "unit", "period", "fact_id"]], lang)


def _sources_of(data, fact_ids) -> tuple[str, ...]:
    ids = [f for f in fact_ids if f]
    return tuple(dict.fromkeys(data.facts_by_id.loc[ids, "source_id"]))


def _describe_bars(bars: pd.DataFrame, lang: str) -> str:
    return t("d_bars", lang, parts="; ".join(f"{r.label}: {r.text}" for r in bars.itertuples()))


def sos_targets_chart(data, lang: str) -> Chart:
    """`sos-targets`: the three 90% targets; no bar where no share is reported."""
    targets = [("sos_target_1", "seed-014"), ("sos_target_2", "seed-015"), ("sos_target_3", "seed-016")]
    bars = pd.DataFrame([{"label": t(k, lang), "value": None, "text": t("sos_not_reported_share", lang),
                          "unit": "percent", "period": "", "fact_id": ""} for k, _ in targets])
    title, subtitle = t("sos_targets_title", lang), t("sos_targets_subtitle", lang)
    target = float(views.fact(data, "seed-014")["value"])
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit="%", target=target,
                   target_label=t("sos_target_label", lang), range_max=100)
    trained, kits = views.fact(data, "prog-001"), views.fact(data, "prog-002")
    note = t("sos_counts_note", lang, trained=number(float(trained["value"]), lang),
             kits=number(float(kits["value"]), lang))
    table = pd.DataFrame({t("col_indicator", lang): [t(k, lang) for k, _ in targets],
                          t("sos_target_label", lang): [float(views.fact(data, f)["value"]) for _, f in targets],
                          t("col_value", lang): [t("sos_not_reported_share", lang)] * 3,
                          "fact_id": [f for _, f in targets]})
    return Chart("sos-targets", title, subtitle, fig, t("d_sos_targets", lang), table,
                 _sources_of(data, [f for _, f in targets] + ["prog-001"]), (note,))


def sos_outcomes_chart(data, lang: str) -> Chart:
    """`sos-outcomes`: naloxone use at witnessed overdoses and cohort figures, as reported."""
    bars = _fact_bars(data, [("sos_used_all", "prog-006"), ("sos_used_ukr", "prog-007"),
                             ("sos_cohort_using", "prog-008"), ("sos_followup", "prog-021")], lang)
    title, subtitle = t("sos_outcomes_title", lang), t("sos_outcomes_subtitle", lang)
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit="%", range_max=100)
    return Chart("sos-outcomes", title, subtitle, fig, _describe_bars(bars, lang), _bars_table(bars, lang),
                 _sources_of(data, bars["fact_id"]))


def sos_witnessed_chart(data, lang: str) -> Chart:
    """`sos-witnessed`: share of followed-up participants who witnessed an overdose, per country."""
    items = [("prog-022", "TJK"), ("prog-023", "KGZ"), ("prog-024", "UKR"), ("prog-025", "KAZ")]
    rows = []
    for fid, iso3 in items:
        f = views.fact(data, fid)
        rows.append({"label": territory_name(data, iso3, lang), "value": float(f["value"]),
                     "text": f"{number(float(f['value']), lang)}%", "unit": f["unit"], "period": f["period"],
                     "fact_id": fid})
    bars = pd.DataFrame(rows)
    title, subtitle = t("sos_witnessed_title", lang), t("sos_witnessed_subtitle", lang)
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit="%", range_max=100)
    return Chart("sos-witnessed", title, subtitle, fig, _describe_bars(bars, lang), _bars_table(bars, lang),
                 _sources_of(data, bars["fact_id"]))


# year of each event: the fact's parsed start year; the study's "ca. 2017-2019" is placed at its start
TIMELINE = (("ev_who_2014", "seed-013"), ("ev_launch_2017", "seed-012"), ("ev_study", "seed-018"),
            ("ev_results_2021", "prog-001"), ("ev_paper_2022", "prog-021"), ("ev_bishkek_2024", "seed-001"))


def sos_timeline_chart(data, lang: str) -> Chart:
    """`sos-timeline`: sourced events of the initiative."""
    rows = []
    for key, fid in TIMELINE:
        f = views.fact(data, fid)
        year = int(f["year"]) if pd.notna(f["year"]) else int(str(f["value_text"])[4:8])
        rows.append({"year": year, "label": t(key, lang), "period": f["period"], "fact_id": fid})
    frame = pd.DataFrame(rows)
    title, subtitle = t("sos_timeline_title", lang), t("sos_timeline_subtitle", lang)
    fig = fig_timeline(frame, lang=lang, title=title, subtitle=subtitle)
    description = t("d_timeline", lang, parts="; ".join(f"{r.year}: {r.label}" for r in frame.itertuples()))
    table = _localized(frame, lang)
    return Chart("sos-timeline", title, subtitle, fig, description, table, _sources_of(data, frame["fact_id"]))
