"""The S-O-S study page's charts: `sos-cascade` (the cohort country by country: followed up, witnessed an
overdose, used naloxone), `sos-outcomes` (naloxone used at the most recent witnessed overdose, per country),
`sos-knowledge` and `sos-attitudes` (training scores before and after), `sos-timeline`. Every bar is a sourced
fact; their frames come from views, their descriptions from describe. Sums across countries are not drawn:
no source gives them."""

from __future__ import annotations

import pandas as pd

from .. import describe, views
from ..figures import fig_bars, fig_grouped_bars, fig_timeline
from ..i18n import number, t, territory_name
from ..state import SOS_COUNTRIES
from .chart import Chart, localized, sources_of
from .registry import register

SOS_PAGE = "pages/4_sos_study.py"
STAGES = ("followed", "witnessed", "used")
USED_PCT = "sos_cohort_naloxone_used_at_most_recent_witnessed_overdose_pct"
OTHER_UKRAINE = "sos_trained_reporting_naloxone_use_pct"  # UNODC / UIPHP's 88.1%: another measure
OVERALL = "sos_cohort_naloxone_used_at_witnessed_overdoses_pct"


def study_notes(data, fact_ids, lang: str) -> list[str]:
    """The notes a chart of study figures carries: read in translations, and Ukraine's two figures."""
    facts = data.facts_by_id.loc[[f for f in fact_ids if f]]
    notes = []
    if (facts["quote_lang"] != "en").any() and (facts["confidence"] == "medium").any():
        notes.append(t("sos_translation_note", lang))
    other = views.study_fact(data, OTHER_UKRAINE, "UKR")
    if other is not None and "UKR" in set(facts["iso3"]):
        notes.append(t("sos_ukraine_note", lang, other=number(float(other["value"]), lang)))
    return notes


def cascade_frame(data, lang: str) -> pd.DataFrame:
    """group (country), series (stage), value, text, fact_id, share_fact_id: the four countries' cascades."""
    rows = []
    for iso3 in SOS_COUNTRIES:
        for r in views.cascade_rows(data, iso3, lang):
            rows.append({"group": territory_name(data, iso3, lang), "series": r.label, "value": r.count,
                         "text": r.value, "fact_id": r.fact_ids[0],
                         "share_fact_id": r.fact_ids[1] if len(r.fact_ids) > 1 else ""})
    return pd.DataFrame(rows, columns=["group", "series", "value", "text", "fact_id", "share_fact_id"])


@register("sos-cascade", page=SOS_PAGE, height=860, fields=("lang",))
def sos_cascade_chart(data, state) -> Chart:
    """`sos-cascade`: per country, participants followed up, those who witnessed an overdose, those who used
    naloxone at the most recent one: counts, with the shares the sources give."""
    lang = state.lang
    frame = cascade_frame(data, lang)
    title, subtitle = t("sos_cascade_title", lang), t("sos_cascade_subtitle", lang)
    unit = t("unit_participants", lang)
    fig = fig_grouped_bars(frame, lang=lang, title=title, subtitle=subtitle, unit=unit,
                           series_order=[t(f"st_{s}", lang) for s in STAGES])
    ids = [*frame["fact_id"], *frame["share_fact_id"]]
    table = localized(frame.rename(columns={"group": "name", "series": "label", "text": "detail"})
                      [["name", "label", "value", "detail", "fact_id"]], lang, label="col_measure", detail="col_shown")
    return Chart("sos-cascade", title, subtitle, fig, describe.describe_groups(frame, lang), table,
                 sources_of(data, ids), tuple(study_notes(data, ids, lang)))


@register("sos-outcomes", page=SOS_PAGE, height=700, fields=("lang",))
def sos_outcomes_chart(data, state) -> Chart:
    """`sos-outcomes`: the share of participants who witnessed an overdose and used naloxone at the most recent
    one, per country, as the study gives it (with its count)."""
    lang = state.lang
    rows = []
    for iso3 in SOS_COUNTRIES:
        f = views.study_fact(data, USED_PCT, iso3)
        if f is not None:
            rows.append({"label": territory_name(data, iso3, lang), "value": float(f["value"]),
                         "text": f"{number(float(f['value']), lang)}%", "unit": f["unit"], "period": f["period"],
                         "fact_id": f["fact_id"]})
    bars = pd.DataFrame(rows, columns=["label", "value", "text", "unit", "period", "fact_id"])
    title, subtitle = t("sos_outcomes_title", lang), t("sos_outcomes_subtitle", lang)
    fig = fig_bars(bars, lang=lang, title=title, subtitle=subtitle, unit="%", range_max=100)
    notes = study_notes(data, bars["fact_id"], lang)
    overall = views.study_fact(data, OVERALL)
    ids = list(bars["fact_id"])
    if overall is not None:
        notes.append(t("sos_overall_note", lang, share=number(float(overall["value"]), lang)))
        ids.append(overall["fact_id"])
    other = views.study_fact(data, OTHER_UKRAINE, "UKR")
    if other is not None:
        ids.append(other["fact_id"])
    return Chart("sos-outcomes", title, subtitle, fig, describe.describe_bars(bars, lang),
                 localized(bars[["label", "value", "unit", "period", "fact_id"]], lang), sources_of(data, ids),
                 tuple(notes))


# the training scores: (score, group) -> (before, after) indicators; the two groups as the source names them
SCORES = {score: {group: tuple(f"sos_{score}_score_{when}_training_mean_{group}" for when in ("pre", "post"))
                  for group in ("group1_drug_use_history", "group2_no_drug_use_history")}
          for score in ("book", "ooas")}


GROUPS = ("sos_group1", "sos_group2")  # the source's groups 1 and 2, as it defines them


def score_frame(data, score: str, lang: str) -> pd.DataFrame:
    """group, series (before / after), value, text, fact_id of one training score."""
    rows = []
    for group, (pre, post) in zip(GROUPS, SCORES[score].values(), strict=True):
        for series, indicator in (("sos_before", pre), ("sos_after", post)):
            f = views.study_fact(data, indicator)
            if f is not None:
                rows.append({"group": t(group, lang), "series": t(series, lang),
                             "value": float(f["value"]), "text": number(float(f["value"]), lang),
                             "fact_id": f["fact_id"]})
    return pd.DataFrame(rows, columns=["group", "series", "value", "text", "fact_id"])


def score_chart(data, state, chart_id: str, score: str, title_key: str, subtitle_key: str) -> Chart:
    lang = state.lang
    frame = score_frame(data, score, lang)
    title, subtitle = t(title_key, lang), t(subtitle_key, lang)
    fig = fig_grouped_bars(frame, lang=lang, title=title, subtitle=subtitle, unit=t("unit_score", lang),
                           series_order=[t("sos_before", lang), t("sos_after", lang)])
    table = localized(frame.rename(columns={"group": "label", "series": "period"})
                      [["label", "period", "value", "fact_id"]], lang, label="col_measure")
    return Chart(chart_id, title, subtitle, fig, describe.describe_groups(frame, lang), table,
                 sources_of(data, frame["fact_id"]), (t("sos_scores_note", lang),))


@register("sos-knowledge", page=SOS_PAGE, height=560, fields=("lang",))
def sos_knowledge_chart(data, state) -> Chart:
    """`sos-knowledge`: mean BOOK knowledge scores before and after the training, by group."""
    return score_chart(data, state, "sos-knowledge", "book", "sos_knowledge_title", "sos_knowledge_subtitle")


@register("sos-attitudes", page=SOS_PAGE, height=560, fields=("lang",))
def sos_attitudes_chart(data, state) -> Chart:
    """`sos-attitudes`: mean OOAS attitude scores before and after the training, by group."""
    return score_chart(data, state, "sos-attitudes", "ooas", "sos_attitudes_title", "sos_attitudes_subtitle")


# year of each event: the fact's parsed start year; the study's "ca. 2017-2019" is placed at its start
TIMELINE = (("ev_who_2014", "seed-013"), ("ev_launch_2017", "seed-012"), ("ev_almaty_2017", "sos-039"),
            ("ev_study", "seed-018"), ("ev_results_2021", "prog-001"), ("ev_report_2021", "sos-041"),
            ("ev_paper_2022", "prog-021"), ("ev_bishkek_2024", "seed-001"))


@register("sos-timeline", page=SOS_PAGE, height=1040, fields=("lang",))
def sos_timeline_chart(data, state) -> Chart:
    """`sos-timeline`: sourced events of the initiative."""
    lang = state.lang
    known = [(k, f) for k, f in TIMELINE if f in data.facts_by_id.index]
    events = views.fact_events(data, [f for _, f in known])
    frame = events.assign(label=[t(k, lang) for k, _ in known])[["year", "label", "period", "fact_id"]]
    title, subtitle = t("sos_timeline_title", lang), t("sos_timeline_subtitle", lang)
    fig = fig_timeline(frame, lang=lang, title=title, subtitle=subtitle)
    return Chart("sos-timeline", title, subtitle, fig, describe.describe_timeline(frame, lang), localized(frame, lang),
                 sources_of(data, frame["fact_id"]))
